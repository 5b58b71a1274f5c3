"""Test data for survey rounds: the two-measure catalogue, Heidelberg and Kyoto confirmed members
of C40, and a round of C40's secretariat with every kind of question (sent or still a draft)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from citypact.domain.access import Actor
from citypact.formats.activity_template import template_csv
from citypact.services.registry import networks
from citypact.services.surveys import responses, rounds
from tests.conftest import World
from tests.factories import seed_library

DEADLINE = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=30)).isoformat()

QUESTIONS: list[dict[str, Any]] = [
    {
        "key": "has_plan",
        "kind": "choice",
        "required": True,
        "options": ["yes", "no"],
        "text": {
            "en": "Has your council adopted a climate plan?",
            "de": "Hat Ihr Rat einen Klimaplan beschlossen?",
            "ja": "議会は気候計画を採択しましたか?",
        },
    },
    {
        "key": "plan_year",
        "kind": "year",
        "required": True,
        "condition": {"key": "has_plan", "values": ["yes"]},
        "text": {"en": "In which year?", "de": "In welchem Jahr?"},
    },
    {"key": "staff", "kind": "number", "unit": "FTE", "low": 0, "text": {"en": "Climate staff"}},
    {
        "key": "topics",
        "kind": "multi",
        "options": ["energy", "mobility", "waste"],
        "text": {"en": "Priorities"},
    },
    {"key": "remarks", "kind": "text", "text": {"en": "Remarks"}},
    {
        "key": "measures",
        "kind": "matrix",
        "rows": ["led_street_lighting", "renovation_subsidy"],
        "text": {"en": "How far are these measures?"},
    },
    {"key": "inventory", "kind": "inventory", "text": {"en": "Your latest inventory"}},
]


@dataclass(frozen=True)
class Surveys:
    round_id: int
    heidelberg: int
    kyoto: int


def members(world: World) -> None:
    """The catalogue, and Heidelberg and Kyoto confirmed members of C40 (asked and accepted where
    the published list does not name them)."""
    seed_library(world)
    admin = Actor(is_admin=True, user_id=world.users["admin"])
    for city in ("Heidelberg", "Kyoto"):
        with world.db.write() as session:
            if networks.request_to_join(session, admin, "c40", world.city[city]) == "requested":
                networks.accept_join(session, admin, "c40", world.city[city])


def draft_round(world: World, title: str = "Status quo 2026") -> int:
    with world.db.write() as session:
        return rounds.create_round(
            session,
            world.actor("c40_secretariat"),
            "c40",
            {"title": title, "deadline": DEADLINE, "questions": QUESTIONS},
        ).id


def sent_round(world: World) -> Surveys:
    """A round sent to Heidelberg and Kyoto."""
    members(world)
    round_id = draft_round(world)
    cities = [world.city["Heidelberg"], world.city["Kyoto"]]
    with world.db.write() as session:
        rounds.send_round(session, world.actor("c40_secretariat"), round_id, cities, None)
    return Surveys(round_id, *cities)


def answer(
    world: World, s: Surveys, who: str, city: int, answers: dict[str, Any], submit: bool = True
) -> None:
    with world.db.write() as session:
        responses.save_answers(session, world.actor(who), s.round_id, city, answers, submit=submit)


INVENTORY_YEAR = 2024
UPLOAD_QUESTIONS: list[dict[str, Any]] = [
    {"key": "remarks", "kind": "text", "text": {"en": "Remarks"}},
    {
        "key": "inventory",
        "kind": "inventory",
        "year": INVENTORY_YEAR,
        "required": True,
        "text": {"en": "Your 2024 inventory (upload the activity file)"},
    },
]
# The activity template of 2024 with its example row: 1,250.5 MWh of natural gas burnt in homes (I.1.1).
GOOD_FILE = template_csv(INVENTORY_YEAR)
# The same and a row 3 whose amount is no number.
BAD_FILE = GOOD_FILE + b"I.1.1,Natural Gas,lots,MWh,,,Meter readings,2024,M,,,,,,,\r\n"


def upload_round(world: World) -> Surveys:
    """A round with an inventory question of 2024 (and a text question), sent to Heidelberg and Kyoto."""
    members(world)
    with world.db.write() as session:
        round_id = rounds.create_round(
            session,
            world.actor("c40_secretariat"),
            "c40",
            {"title": "Inventories 2024", "deadline": DEADLINE, "questions": UPLOAD_QUESTIONS},
        ).id
    cities = [world.city["Heidelberg"], world.city["Kyoto"]]
    with world.db.write() as session:
        rounds.send_round(session, world.actor("c40_secretariat"), round_id, cities, None)
    return Surveys(round_id, *cities)
