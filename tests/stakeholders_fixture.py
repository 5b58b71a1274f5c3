"""Test data of stakeholder organisations: registered and confirmed through the services, and deal
rows written directly (the deals part owns the services that make them) so an organisation's page
has deals, commitments and reports to show."""

from __future__ import annotations

import datetime as dt
from typing import Any

from citypact.services.stakeholders import registration
from citypact.storage.deals import CommitmentReport, Deal, DealCommitment, DealParty
from tests.conftest import World

SOLAR = {
    "name": "Stadtwerke Solar eG",
    "kind": "utility",
    "sector": "energy supply",
    "size": "medium",
    "contact_email": "info@solar.example",
    "website": "https://solar.example",
}


def registered(world: World, who: str, *, city: str = "Heidelberg", **values: Any) -> int:
    """An organisation `who` registers in `city` (pending); returns its id."""
    with world.db.write() as session:
        org = registration.register(
            session, world.actor(who), world.city[city], {**SOLAR, **values}, position="energy manager"
        )
        return org.id


def confirmed(
    world: World, who: str, *, city: str = "Heidelberg", editor: str = "heidelberg_editor", **values: Any
) -> int:
    """An organisation `who` registered and the city's `editor` confirmed; `who` speaks for it."""
    org_id = registered(world, who, city=city, **values)
    with world.db.write() as session:
        registration.decide_organisation(session, world.actor(editor), org_id, confirm=True)
    return org_id


def deal_with(
    world: World,
    org_id: int,
    *,
    city: str = "Heidelberg",
    title: str = "Solar roofs on schools",
    status: str = "implementing",
    public_parts: tuple[str, ...] = ("parties", "commitments", "kpis", "progress"),
    reports: tuple[tuple[dt.date, float], ...] = (),
) -> tuple[int, int]:
    """A deal of the city with the organisation as party and one commitment with a KPI (installed
    kWp, target 400 by 2030) and the given reports; returns (deal id, commitment id)."""
    with world.db.write() as session:
        deal = Deal(
            city_id=world.city[city],
            title=title,
            action_field="clean_energy",
            status=status,
            public_parts=list(public_parts),
            signed_on=dt.date(2026, 3, 1) if status not in ("draft", "negotiating") else None,
        )
        session.add(deal)
        session.flush()
        session.add(DealParty(deal_id=deal.id, organisation_id=None))
        party = DealParty(deal_id=deal.id, organisation_id=org_id)
        session.add(party)
        session.flush()
        commitment = DealCommitment(
            deal_id=deal.id,
            party_id=party.id,
            title="Install photovoltaics on 12 school roofs",
            kpi_name="installed peak power",
            kpi_unit="kWp",
            kpi_baseline=0.0,
            kpi_target=400.0,
            kpi_target_year=2030,
        )
        session.add(commitment)
        session.flush()
        for as_of, value in reports:
            session.add(CommitmentReport(commitment_id=commitment.id, as_of=as_of, value=value))
        return deal.id, commitment.id
