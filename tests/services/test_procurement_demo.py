"""The demo procurement: seeded once, in the market dialogue, with the lead city's demand and one
answered question (the test registry has no Mannheim or Karlsruhe, so Heidelberg buys alone)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from citypact.services.procurement.demo import TITLE, seed_demo_procurement
from citypact.storage.procurement import (
    Procurement,
    ProcurementDemand,
    ProcurementDialogue,
    ProcurementLot,
    ProcurementParticipant,
)
from tests.conftest import World


def test_the_demo_procurement_is_seeded_once(world: World) -> None:
    admin = world.actor("admin")
    with world.db.write() as session:
        first = seed_demo_procurement(session, admin, today=dt.date(2026, 12, 5))
        again = seed_demo_procurement(session, admin, today=dt.date(2026, 12, 5))
    assert first is not None and again is None
    with world.db.read() as session:
        p = session.get(Procurement, first)
        assert p is not None and p.title == TITLE and p.phase == "market_dialogue"
        assert p.bids_due_at.date() == dt.date(2027, 3, 5)  # 90 days on, at noon UTC
        lines = session.execute(
            select(ProcurementParticipant.city_id, ProcurementDemand.quantity)
            .join(ProcurementParticipant, ProcurementParticipant.id == ProcurementDemand.participant_id)
            .join(ProcurementLot, ProcurementLot.id == ProcurementDemand.lot_id)
            .where(ProcurementLot.procurement_id == first)
        ).all()
        assert [tuple(line) for line in lines] == [(world.city["Heidelberg"], 10)]
        kinds = session.scalars(
            select(ProcurementDialogue.kind).where(ProcurementDialogue.procurement_id == first)
        ).all()
        assert sorted(kinds) == ["answer", "question"]
