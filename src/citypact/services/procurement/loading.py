"""A procurement loaded with the actor's standing in it, and the checks every use case shares.

Who may do what:
- the lead buyer's people run it (a lead city's editors, or the staff of the central purchasing body
  acting for the group), and so does the secretariat of the network that opened it and an admin;
- each participating city's editors act for their own city only (join, demand, withdraw, ask);
- the participating cities' staff and the people who run it read everything but the bids;
- the public sees a procurement once its tender is published, and only the published part.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.procurement.phases import PhaseError, published
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.storage.models import City, utcnow
from citypact.storage.procurement import Procurement, ProcurementLot, ProcurementParticipant

TEXT_MAX: Final = 20_000
MAX_PARTICIPANTS: Final = 200
MAX_LOTS: Final = 100


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def today_utc() -> dt.date:
    return now_utc().date()


def sealed_until(procurement: Procurement) -> dt.datetime | None:
    """The deadline bids are sealed until, in UTC (SQLite gives stored moments back without their
    time zone; they were stored in UTC)."""
    moment = procurement.bids_due_at
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)


@contextmanager
def rules() -> Iterator[None]:
    """Turn a broken domain rule into the service's InvalidInput, with the same field."""
    try:
        yield
    except PhaseError as error:
        raise InvalidInput(error.field, error.message) from None


@dataclass(frozen=True)
class Standing:
    """What the actor may do in one procurement."""

    runs: bool  # the lead buyer's people, the opening network's secretariat, an admin
    acts_for: frozenset[int]  # participating cities (invited or joined) whose editor the actor is
    reads_all: bool  # runs, or is staff of a participating city


@dataclass
class Loaded:
    procurement: Procurement
    participants: list[ProcurementParticipant]
    who: Standing

    def participant(self, city_id: int) -> ProcurementParticipant | None:
        return next((p for p in self.participants if p.city_id == city_id), None)

    def audit_city(self) -> int | None:
        """The city an audit entry is filed under: the lead city, else the first the actor acts for."""
        if self.procurement.lead_city_id is not None:
            return self.procurement.lead_city_id
        return min(self.who.acts_for) if self.who.acts_for else None


def runs(actor: Actor, procurement: Procurement) -> bool:
    if actor.is_admin:
        return True
    if procurement.lead_city_id is not None and actor.can_edit_city(procurement.lead_city_id):
        return True
    if procurement.lead_organisation_id is not None and (
        procurement.lead_organisation_id in stakeholder_organisations(actor)
    ):
        return True
    return procurement.network_id is not None and actor.runs_network(procurement.network_id)


def stakeholder_organisations(actor: Actor) -> set[int]:
    return actor.organisations()


def standing(actor: Actor, procurement: Procurement, participants: list[ProcurementParticipant]) -> Standing:
    active = [p.city_id for p in participants if p.status != "withdrawn"]
    acts_for = frozenset(c for c in active if actor.can_edit_city(c))
    staff = any(actor.can_read_city_internals(p.city_id) for p in participants)
    leads = runs(actor, procurement)
    return Standing(runs=leads, acts_for=acts_for, reads_all=leads or staff)


def load(session: Session, actor: Actor, procurement_id: int) -> Loaded:
    """The procurement if the actor may read it at all; an unpublished one is not found by others."""
    procurement = session.get(Procurement, procurement_id) if 1 <= procurement_id <= 2_147_483_647 else None
    if procurement is None:
        raise NotFound("procurement", procurement_id)
    participants = list(
        session.scalars(
            select(ProcurementParticipant)
            .where(ProcurementParticipant.procurement_id == procurement_id)
            .order_by(ProcurementParticipant.id)
        )
    )
    who = standing(actor, procurement, participants)
    if not (who.reads_all or published(procurement.phase)):
        raise NotFound("procurement", procurement_id)
    return Loaded(procurement, participants, who)


def check_active(loaded: Loaded) -> None:
    if loaded.procurement.status == "cancelled":
        raise Conflict("This procurement was cancelled; it is kept as it was.")


def load_to_run(session: Session, actor: Actor, procurement_id: int) -> Loaded:
    """The procurement, if the actor runs it and it is not cancelled."""
    found = load(session, actor, procurement_id)
    require(found.who.runs, actor.is_authenticated, "Only the lead buyer's people run this procurement.")
    check_active(found)
    return found


def touch(loaded: Loaded) -> None:
    loaded.procurement.updated_at = utcnow()


def lot_of(session: Session, loaded: Loaded, lot_id: Any, field: str = "lot_id") -> ProcurementLot:
    if isinstance(lot_id, bool) or not isinstance(lot_id, int):
        raise InvalidInput(field, "give the lot's id, a whole number.")
    lot = session.get(ProcurementLot, lot_id) if 1 <= lot_id <= 2_147_483_647 else None
    if lot is None or lot.procurement_id != loaded.procurement.id:
        raise InvalidInput(field, f"no lot {lot_id} in this procurement.")
    return lot


def city_by_id(session: Session, field: str, city_id: Any) -> City:
    if isinstance(city_id, bool) or not isinstance(city_id, int):
        raise InvalidInput(field, "give the city's id, a whole number.")
    city = session.get(City, city_id) if 1 <= city_id <= 2_147_483_647 else None
    if city is None:
        raise InvalidInput(field, f"no city with id {city_id}; find the id on the city's page.")
    return city
