"""A demo joint procurement, so that a fresh installation shows the process with real cities.

Heidelberg leads the purchase of battery-electric buses; Mannheim has joined, Karlsruhe is invited;
both joined cities have stated their demand, and the market dialogue has one question answered.
The figures are illustrations, labelled as such in the subject.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.services.procurement import demand, dialogue, lots, participants, procurements
from citypact.storage.models import City
from citypact.storage.procurement import Procurement

TITLE = "Battery-electric city buses for three cities (demo)"
SUBJECT = (
    "Demo data: 12 m battery-electric city buses with depot chargers, delivered 2027-2028. "
    "Quantities and budgets are illustrations, not a real tender."
)


def _city(session: Session, name: str) -> int | None:
    return session.scalar(select(City.id).where(City.name == name, City.country == "DE"))


def seed_demo_procurement(session: Session, operator: Actor, *, today: dt.date | None = None) -> int | None:
    """The demo procurement, unless it exists or Heidelberg is not in the registry; returns its id."""
    heidelberg = _city(session, "Heidelberg")
    if heidelberg is None or session.scalar(select(Procurement.id).where(Procurement.title == TITLE)):
        return None
    day = today or dt.date.today()
    due = dt.datetime.combine(day + dt.timedelta(days=90), dt.time(12), tzinfo=dt.UTC)
    others = [c for c in (_city(session, "Mannheim"), _city(session, "Karlsruhe")) if c is not None]
    p = procurements.open_procurement(
        session, operator, title=TITLE, subject=SUBJECT, cpv="34144910-0", currency="EUR",
        lead_city_id=heidelberg, participants=others, department="Transport", bids_due_at=due,
    )  # fmt: skip
    lot = lots.add_lot(
        session, operator, p.id, {"number": 1, "title": "Battery-electric buses, 12 m", "unit": "bus"}
    )
    demand.set_demand(
        session, operator, p.id, heidelberg, lot.id, quantity=10, delivery_from=2027, delivery_to=2028,
        budget_ceiling_minor=600_000_000, standalone_estimate_minor=580_000_000,
    )  # fmt: skip
    if others:
        participants.join(session, operator, p.id, others[0], "Municipal transport company")
        demand.set_demand(
            session, operator, p.id, others[0], lot.id, quantity=15, delivery_from=2027, delivery_to=2028,
            budget_ceiling_minor=880_000_000, standalone_estimate_minor=870_000_000,
        )  # fmt: skip
    procurements.move_phase(session, operator, p.id, "market_dialogue")
    question = dialogue.post(
        session, operator, p.id, kind="question", city_id=heidelberg,
        body="Can the depot chargers be offered as a separate lot?",
    )  # fmt: skip
    dialogue.post(
        session, operator, p.id, kind="answer", question_id=question.id,
        body="Not in this round: chargers come with the buses, so that one supplier answers for both.",
    )  # fmt: skip
    return p.id
