"""Test data for Local Green Deals: organisations with confirmed people, a ready idea, and deals in
each stage (draft with parties, negotiated with commitments, signed), built for Heidelberg.

Organisations, their people and ideas are written as rows (their services belong to other parts
of the code); deals go through services.deals like every user's, so a fixture checks the rules too.
Reuse: `orgs = stakeholders(world)`, then `deal = signed_deal(world, orgs)`; `world.actor(name)`
gives the people ("stadtwerke_person", "wohnbau_person", "outsider_person").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from citypact.domain.access import Role
from citypact.services import deals
from citypact.storage.deals import CommitmentReport
from citypact.storage.ideas import Idea, IdeaSupport
from citypact.storage.models import Organisation, User
from citypact.storage.stakeholders import OrganisationPerson
from tests.conftest import World
from tests.factories import user

START = dt.date(2026, 1, 1)
END = dt.date(2030, 12, 31)
SIGNED_CITY = dt.date(2026, 3, 2)
SIGNED_ORG = dt.date(2026, 3, 5)  # the later signature: the deal's signing day

# The utility's action: PV on 40 roofs by 2030, from 5 (2025), 1200 t CO2e a year.
SOLAR: dict[str, Any] = {
    "title": "Solar panels on public roofs",
    "description": "The utility equips 40 roofs of schools and offices with PV.",
    "due_date": "2030-06-30",
    "kpi_name": "Roofs with PV",
    "kpi_unit": "roofs",
    "kpi_baseline": 5,
    "kpi_baseline_year": 2025,
    "kpi_target": 40,
    "kpi_target_year": 2030,
    "expected_reduction_t": 1200,
    "gpc_sectors": "I",
}
# The city's funding: EUR 250,000.00 for the roof survey.
FUNDING: dict[str, Any] = {
    "kind": "funding",
    "title": "Roof survey funding",
    "due_date": "2026-12-31",
    "amount": "250000.00",
    "currency": "EUR",
}


@dataclass(frozen=True)
class Orgs:
    stadtwerke: int  # utility, confirmed; "stadtwerke_person" speaks for it
    wohnbau: int  # housing company, confirmed; "wohnbau_person" speaks for it
    pending: int  # registered, not yet confirmed by the city
    outsider: int  # confirmed, of Kyoto; "outsider_person" speaks for it


@dataclass(frozen=True)
class MadeDeal:
    id: int
    city_party: int
    stadtwerke_party: int
    solar: int | None = None  # the utility's commitment
    funding: int | None = None  # the city's commitment


def stakeholders(world: World) -> Orgs:
    """Four organisations and their confirmed people (made once per test world)."""
    with world.db.write() as session:
        known = {o.name: o.id for o in session.scalars(select(Organisation))}
        if "Stadtwerke Heidelberg" in known:
            return Orgs(
                known["Stadtwerke Heidelberg"], known["Wohnbau Heidelberg"], known["Repair Café e.V."],
                known["Kyoto Green Power"],
            )  # fmt: skip
        made = {}
        for name, kind, city, status in (
            ("Stadtwerke Heidelberg", "utility", "Heidelberg", "confirmed"),
            ("Wohnbau Heidelberg", "housing", "Heidelberg", "confirmed"),
            ("Repair Café e.V.", "ngo", "Heidelberg", "pending"),
            ("Kyoto Green Power", "business", "Kyoto", "confirmed"),
        ):
            org = Organisation(name=name, kind=kind, city_id=world.city[city], status=status)
            session.add(org)
            session.flush()
            made[name] = org.id
        for person, org_name in (
            ("stadtwerke_person", "Stadtwerke Heidelberg"),
            ("wohnbau_person", "Wohnbau Heidelberg"),
            ("outsider_person", "Kyoto Green Power"),
        ):
            org_id = made[org_name]
            person_id = user(session, name=person, role=Role.STAKEHOLDER, scope_id=org_id)
            session.add(OrganisationPerson(organisation_id=org_id, user_id=person_id, status="confirmed"))
    with world.db.read() as session:
        world.users.update({u.name: u.id for u in session.scalars(select(User))})
    return Orgs(
        made["Stadtwerke Heidelberg"], made["Wohnbau Heidelberg"], made["Repair Café e.V."],
        made["Kyoto Green Power"],
    )  # fmt: skip


def ready_idea(
    world: World, supporters: list[int], *, status: str = "ready", city: str = "Heidelberg"
) -> int:
    """An idea of the city in `status`, supported by the organisations `supporters`."""
    with world.db.write() as session:
        idea = Idea(
            city_id=world.city[city], title="Solar roofs for every school", action_field="clean_energy",
            description="PV on all school roofs, run by the utility.", sdg_targets="7;7.2;13",
            gpc_sectors="I", status=status, proposed_by=world.users["plain_user"],
        )  # fmt: skip
        session.add(idea)
        session.flush()
        for org_id in supporters:
            session.add(IdeaSupport(idea_id=idea.id, organisation_id=org_id, note="we would join"))
        return idea.id


def draft_deal(world: World, orgs: Orgs, *, title: str = "Solar city deal") -> MadeDeal:
    """A draft deal of Heidelberg (2026-2030) with the utility as a party; no commitments."""
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        deal = deals.create_deal(
            session, editor, world.city["Heidelberg"],
            {"title": title, "action_field": "clean_energy", "sdg_targets": "7;13",
             "start_date": START, "end_date": END, "summary": "PV on public roofs."},
        )  # fmt: skip
        party = deals.add_party(session, editor, deal.id, orgs.stadtwerke)
        city_party = deals.get_deal(session, editor, deal.id).parties[0].id
        return MadeDeal(deal.id, city_party, party.id)


def negotiated_deal(world: World, orgs: Orgs) -> MadeDeal:
    """The draft with the utility's solar commitment (and a jobs co-benefit) and the city's funding,
    moved to negotiating."""
    made = draft_deal(world, orgs)
    with world.db.write() as session:
        solar = deals.add_commitment(
            session, world.actor("stadtwerke_person"), made.id, made.stadtwerke_party, SOLAR
        )
        deals.add_benefit(
            session, world.actor("stadtwerke_person"), solar.id,
            {"kind": "jobs", "quantity": 6, "unit": "FTE", "description": "installers"},
        )  # fmt: skip
        funding = deals.add_commitment(
            session, world.actor("heidelberg_editor"), made.id, made.city_party, FUNDING
        )
        deals.take_step(session, world.actor("heidelberg_editor"), made.id, "negotiating")
        return MadeDeal(made.id, made.city_party, made.stadtwerke_party, solar.id, funding.id)


def signed_deal(world: World, orgs: Orgs, *, report: float | None = None) -> MadeDeal:
    """The negotiated deal signed by both parties (the city 2026-03-02, the utility 2026-03-05);
    with `report`, the utility reported that KPI value as of 2027-01-01."""
    made = negotiated_deal(world, orgs)
    with world.db.write() as session:
        deals.sign(
            session, world.actor("heidelberg_editor"), made.id, made.city_party,
            "Eckart Würzner", "Lord Mayor", SIGNED_CITY,
        )  # fmt: skip
        deals.sign(
            session, world.actor("stadtwerke_person"), made.id, made.stadtwerke_party,
            "Michael Teigeler", "Managing Director", SIGNED_ORG,
        )  # fmt: skip
        if report is not None and made.solar is not None:
            session.add(
                CommitmentReport(
                    commitment_id=made.solar, as_of=dt.date(2027, 1, 1), value=report,
                    reported_by=world.users["stadtwerke_person"],
                )
            )  # fmt: skip
    return made
