"""A small joint procurement for the bid tests: Heidelberg leads, Heidelberg and Munich buy 20 and
10 electric buses in lot 1, two suppliers' people are confirmed for their organisations.

Rows are written directly (the procurement's own services belong to another part of the code);
the bids go through services.procurement.bids like every user's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from citypact.domain.access import Role
from citypact.storage.models import Organisation, User
from citypact.storage.procurement import (
    Procurement,
    ProcurementDemand,
    ProcurementLot,
    ProcurementParticipant,
)
from tests.conftest import World
from tests.factories import user

SECRET = "test-secret-key"  # the `settings` fixture's, so pages and API open what services sealed
DUE = dt.datetime(2026, 4, 15, 12, 0, tzinfo=dt.UTC)
BEFORE = DUE - dt.timedelta(days=1)
AFTER = DUE + dt.timedelta(hours=1)


@dataclass(frozen=True)
class Tender:
    procurement_id: int
    lot_id: int
    busbau: int  # organisation ids
    elektro: int
    participants: dict[str, int]  # city name -> participant id


def tender(world: World, *, bids_due: dt.datetime = DUE, phase: str = "tender_published") -> Tender:
    with world.db.write() as session:
        known = {o.name: o for o in session.scalars(select(Organisation))}
        first = "Busbau GmbH" not in known
        busbau = known.get("Busbau GmbH") or Organisation(name="Busbau GmbH", kind="business")
        elektro = known.get("Elektro AG") or Organisation(name="Elektro AG", kind="business")
        session.add_all([busbau, elektro])
        p = Procurement(
            title="Electric buses",
            subject="12-m battery-electric buses",
            cpv="34144910-0",
            lead_city_id=world.city["Heidelberg"],
            phase=phase,
            currency="EUR",
            bids_due_at=bids_due,
        )
        session.add(p)
        session.flush()
        lot = ProcurementLot(procurement_id=p.id, number=1, title="Buses", unit="bus")
        session.add(lot)
        participants = {}
        for name, quantity, estimate in (("Heidelberg", 20.0, 1_300_000_000), ("Munich", 10.0, 700_000_000)):
            member = ProcurementParticipant(
                procurement_id=p.id,
                city_id=world.city[name],
                status="joined",
                invited_on=dt.date(2026, 1, 5),
                joined_on=dt.date(2026, 1, 6),
            )
            session.add(member)
            session.flush()
            participants[name] = member.id
            session.add(
                ProcurementDemand(
                    lot_id=lot.id,
                    participant_id=member.id,
                    quantity=quantity,
                    delivery_from=2027,
                    delivery_to=2028,
                    standalone_estimate_minor=estimate,
                )
            )
        session.flush()
        if first:
            user(session, name="busbau_seller", role=Role.STAKEHOLDER, scope_id=busbau.id)
            user(session, name="elektro_seller", role=Role.STAKEHOLDER, scope_id=elektro.id)
        made = Tender(p.id, lot.id, busbau.id, elektro.id, participants)
    with world.db.read() as session:
        world.users.update({u.name: u.id for u in session.scalars(select(User))})
    return made


# Hand-checkable bids: 30 buses, 12 years, no energy (tonnes only declared), money in EUR.
DIESEL: dict[str, Any] = {
    "price": 9_000_000,
    "lifetime_years": 12,
    "quantity": 30,
    "maintenance_per_year": 300_000,
    "embodied_t_co2e": 3_000,
    "ladder_level": 2,
}
ELECTRIC: dict[str, Any] = {
    "price": 15_000_000,
    "lifetime_years": 12,
    "quantity": 30,
    "maintenance_per_year": 150_000,
    "embodied_t_co2e": 1_200,
    "ladder_level": 5,
}
