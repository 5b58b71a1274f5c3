"""Test rows for deal progress: a signed deal of Heidelberg with a housing company and a solar
cooperative, written straight to the tables (the deals services are another part's)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from citypact.storage.deals import (
    CommitmentBenefit,
    CommitmentMilestone,
    Deal,
    DealCommitment,
    DealParty,
)
from citypact.storage.models import Membership, Organisation
from tests.conftest import World
from tests.factories import user

SIGNED = dt.date(2026, 1, 1)
ALL_PARTS = ["summary", "parties", "commitments", "kpis", "progress", "co_benefits", "reductions"]


@dataclass(frozen=True)
class DealRows:
    deal_id: int
    housing_org: int
    solar_org: int
    housing_commitment: int  # falls: kWh/m2 from 150 (2020) to 100 (2030), 400 t CO2e/a
    solar_commitment: int  # rises: kWp from 0 at the start to 800 (2030), 250 t CO2e/a
    city_commitment: int  # the city's permits, milestones only
    city_milestone: int
    solar_milestone: int


def organisation(world: World, name: str, *, city: str = "Heidelberg", member: str | None = None) -> int:
    """A confirmed organisation in `city`; with `member`, a new user of that name who speaks for it."""
    with world.db.write() as session:
        org = Organisation(name=name, kind="housing", city_id=world.city[city], status="confirmed")
        session.add(org)
        session.flush()
        if member is not None:
            uid = user(session, name=member)
            session.add(Membership(user_id=uid, role="stakeholder", organisation_id=org.id))
            world.users[member] = uid
        return org.id


def signed_deal(
    world: World,
    *,
    city: str = "Heidelberg",
    status: str = "implementing",
    public_parts: list[str] | None = None,
    title: str = "Warm homes, bright roofs",
    action_field: str = "buildings_renovation",
    sdg_targets: str = "7;7.2;11",
    plan_measure_id: int | None = None,
    members: bool = True,
) -> DealRows:
    """A deal with three parties and three commitments; the organisations' people are users named
    housing_person and solar_person (given `members`)."""
    suffix = f" {city}" if city != "Heidelberg" else ""
    housing = organisation(
        world, f"Neckar Housing{suffix}", city=city, member=("housing_person" + suffix) if members else None
    )
    solar = organisation(
        world, f"Sun Cooperative{suffix}", city=city, member=("solar_person" + suffix) if members else None
    )
    with world.db.write() as session:
        deal = Deal(
            city_id=world.city[city], title=title, summary="Renovate 2000 flats; 800 kWp on roofs.",
            action_field=action_field, sdg_targets=sdg_targets, status=status,
            start_date=SIGNED, end_date=dt.date(2030, 12, 31),
            signed_on=SIGNED if status != "draft" and status != "negotiating" else None,
            public_parts=ALL_PARTS if public_parts is None else public_parts,
        )  # fmt: skip
        session.add(deal)
        session.flush()
        parties = []
        for org, name in ((None, "Eckart Würzner"), (housing, "Anna Bauer"), (solar, "Jonas Klein")):
            party = DealParty(
                deal_id=deal.id, organisation_id=org, signatory_name=name, signatory_title="Director",
                signed_on=deal.signed_on,
            )  # fmt: skip
            session.add(party)
            session.flush()
            parties.append(party.id)
        home = DealCommitment(
            deal_id=deal.id, party_id=parties[1], kind="action", title="Renovate 2000 flats",
            kpi_name="Heat use", kpi_unit="kWh/m2", kpi_baseline=150.0, kpi_baseline_year=2020,
            kpi_target=100.0, kpi_target_year=2030, expected_reduction_t=400.0, gpc_sectors="I",
            due_date=dt.date(2030, 12, 31), plan_measure_id=plan_measure_id,
        )  # fmt: skip
        sun = DealCommitment(
            deal_id=deal.id, party_id=parties[2], kind="action", title="800 kWp on roofs",
            kpi_name="Installed PV", kpi_unit="kWp", kpi_baseline=0.0, kpi_target=800.0,
            kpi_target_year=2030, expected_reduction_t=250.0, gpc_sectors="I",
            due_date=dt.date(2029, 12, 31),
        )  # fmt: skip
        town = DealCommitment(deal_id=deal.id, party_id=parties[0], kind="permit", title="Fast roof permits")
        session.add_all([home, sun, town])
        session.flush()
        session.add(CommitmentBenefit(commitment_id=home.id, kind="jobs", quantity=12.0, unit="FTE"))
        town_stone = CommitmentMilestone(
            commitment_id=town.id, title="Permit desk", due_date=dt.date(2026, 6, 1)
        )
        sun_stone = CommitmentMilestone(
            commitment_id=sun.id, title="First 100 kWp", due_date=dt.date(2027, 1, 1)
        )
        session.add_all([town_stone, sun_stone])
        session.flush()
        return DealRows(deal.id, housing, solar, home.id, sun.id, town.id, town_stone.id, sun_stone.id)
