"""Test data of the House of Change: an idea in Heidelberg, two organisations the city confirmed
(Stadtwerke Heidelberg with its person, Neckar e.V. with its person, and one still pending), and
three reviewers. Ideas go through services.ideas like every user's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from citypact.domain.access import Role
from citypact.services import ideas
from citypact.storage.models import Organisation, User
from tests.conftest import World
from tests.factories import user

PEOPLE = ("resident", "dreamer", "realist", "critic")


@dataclass(frozen=True)
class Orgs:
    stadtwerke: int
    verein: int
    pending: int


def organisations(world: World) -> Orgs:
    """Two confirmed organisations with one person each, one pending; and the idea people."""
    with world.db.write() as session:
        made = {}
        for name, kind, status in (
            ("Stadtwerke Heidelberg", "utility", "confirmed"),
            ("Neckar e.V.", "ngo", "confirmed"),
            ("Pending GmbH", "business", "pending"),
        ):
            org = Organisation(name=name, kind=kind, city_id=world.city["Heidelberg"], status=status)
            session.add(org)
            session.flush()
            made[name] = org.id
        user(session, name="stadtwerke_person", role=Role.STAKEHOLDER, scope_id=made["Stadtwerke Heidelberg"])
        user(session, name="verein_person", role=Role.STAKEHOLDER, scope_id=made["Neckar e.V."])
        user(session, name="pending_person", role=Role.STAKEHOLDER, scope_id=made["Pending GmbH"])
        for name in PEOPLE:
            user(session, name=name)
    with world.db.read() as session:
        world.users.update({u.name: u.id for u in session.scalars(select(User))})
    return Orgs(made["Stadtwerke Heidelberg"], made["Neckar e.V."], made["Pending GmbH"])


IDEA: dict[str, Any] = {
    "title": "Solar roofs on every school",
    "action_field": "clean_energy",
    "description": "Put photovoltaics on the roofs of the city's 40 schools with a citizens' cooperative.",
    "sdg_targets": ["11.6", "7.2", "7"],
    "gpc_sectors": ["I"],
    "needs": "roof surveys, a grid connection",
    "who_could_join": "the utility, parents' associations",
}

ANSWERS: dict[str, dict[str, str]] = {
    "dreamer": {"could_become": "every school a power plant", "who_benefits": "pupils, the city's budget"},
    "realist": {"steps": "survey, tender, build", "resources_costs": "EUR 4 million", "time": "3 years"},
    "critic": {"risks": "roof statics", "must_be_true": "the roofs carry the load"},
}


def proposed_idea(world: World, *, by: str = "resident", **changes: Any) -> int:
    with world.db.write() as session:
        return ideas.propose(session, world.actor(by), world.city["Heidelberg"], **{**IDEA, **changes}).id


def idea_in_review(world: World, **changes: Any) -> int:
    idea_id = proposed_idea(world, **changes)
    with world.db.write() as session:
        ideas.move(session, world.actor("heidelberg_editor"), idea_id, "in_review")
    return idea_id


def reviewed_in_all_roles(world: World) -> int:
    idea_id = idea_in_review(world)
    for role in ("dreamer", "realist", "critic"):
        with world.db.write() as session:
            ideas.add_review(
                session, world.actor(role), idea_id, role, ANSWERS[role], show_name=role == "critic"
            )
    return idea_id
