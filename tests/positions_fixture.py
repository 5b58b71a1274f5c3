"""Test data of joint positions, made through the services like every user's.

- `munich_editor` (editor of Munich) joins the world's people, with an API token;
- Heidelberg's draft position "Heat pumps in listed buildings" to the national level (Bundestag),
  with Kyoto and Munich invited, two asks, an indicator and a reference as evidence, unsigned;
- Heidelberg's sent position "Grid fees for municipal solar" (signed by Heidelberg, sent by letter);
- c40's draft recommendation "Benchmark lessons 2026" for Heidelberg and Kyoto (confirmed members).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from citypact.domain.access import Role
from citypact.services.auth import accounts
from citypact.services.positions import drafting, evidence, sending, signing
from tests.conftest import World
from tests.factories import user
from tests.funding_match_fixture import confirm_members

DRAFT = {
    "city_id": None,  # set to Heidelberg
    "title": "Heat pumps in listed buildings",
    "text": "Listed buildings need heat pumps too; the rules stand in the way.",
    "asks": "Allow heat pumps in listed buildings\nFund the retrofit of monuments",
    "level": "national",
    "institution": "Bundestag",
}


@dataclass(frozen=True)
class PositionWorld:
    draft: int
    sent: int
    recommendation: int


def add_editor(world: World, city: str, name: str) -> None:
    with world.db.write() as session:
        uid = user(session, name=name, role=Role.CITY_EDITOR, scope_id=world.city[city])
        world.users[name] = uid
    with world.db.write() as session:
        actor = accounts.actor_for(session, world.users[name])
        assert actor is not None
        world.tokens[name] = accounts.issue_token(session, actor, "tests").token


def position_world(world: World) -> PositionWorld:
    add_editor(world, "Munich", "munich_editor")
    confirm_members(world, "Heidelberg", "Kyoto")
    hd = world.city["Heidelberg"]
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        draft = drafting.create_position(
            session, editor, {**DRAFT, "city_id": hd, "city_ids": [world.city["Kyoto"], world.city["Munich"]]}
        )
        evidence.add_evidence(session, editor, draft.id, {
            "kind": "indicator", "city_id": hd, "indicator": "basic_per_capita", "year": 2022,
            "source": "Heidelberg's inventory 2022",
        })  # fmt: skip
        evidence.add_evidence(session, editor, draft.id, {
            "kind": "reference", "reference": "Survey of monument offices, 2025: 7 of 9 refused.",
            "source": "Deutscher Städtetag",
        })  # fmt: skip
        sent = drafting.create_position(session, editor, {
            "city_id": hd, "title": "Grid fees for municipal solar", "text": "Solar on schools pays twice.",
            "asks": "Waive grid fees for municipal solar", "level": "regional",
            "institution": "Landtag Baden-Württemberg",
        })  # fmt: skip
        signing.sign(session, editor, sent.id, hd)
        sending.send(session, editor, sent.id, dt.date(2026, 3, 2), "letter")
        recommendation = drafting.create_position(session, world.actor("c40_secretariat"), {
            "network": "c40", "title": "Benchmark lessons 2026", "text": "What the round showed.",
            "asks": "Publish municipal energy data", "level": "international", "institution": "UNFCCC",
            "city_ids": [hd, world.city["Kyoto"]],
        })  # fmt: skip
        ids = PositionWorld(draft.id, sent.id, recommendation.id)
    return ids
