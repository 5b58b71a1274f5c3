"""A deal loaded with its parties and the actor's standing in it, and the checks every step shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.deals import DealError, check_open
from citypact.services.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, require
from citypact.services.registry.networks import confirmed_networks
from citypact.storage.deals import Deal, DealParty
from citypact.storage.models import utcnow

MAX_PARTIES: Final = 50
MAX_COMMITMENTS: Final = 200
MAX_BENEFITS: Final = 20  # per commitment
MAX_MILESTONES: Final = 50  # per commitment
MAX_REVIEWS: Final = 50
TEXT_MAX: Final = 20_000
MAX_ID: Final = 2_147_483_647


def today_utc() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


@contextmanager
def rules() -> Iterator[None]:
    """Turn a broken domain rule into the service's InvalidInput, with the same field."""
    try:
        yield
    except DealError as error:
        raise InvalidInput(error.field, error.message) from None


@dataclass
class Loaded:
    """A deal, its parties (the city's first), and what the actor may do with it."""

    deal: Deal
    parties: list[DealParty]
    runs: bool  # the city's editors and administrators
    speaks_for: frozenset[int]  # ids of the parties (organisations) the actor speaks for

    def party(self, party_id: int) -> DealParty:
        found = next((p for p in self.parties if p.id == party_id), None)
        if found is None:
            raise NotFound("deal party", party_id)
        return found

    @property
    def city_party(self) -> DealParty:
        return next(p for p in self.parties if p.organisation_id is None)

    def may_act_for(self, party: DealParty) -> bool:
        """The city's editors act for the city's party, an organisation's people for theirs."""
        return self.runs if party.organisation_id is None else party.id in self.speaks_for


def parties_of(session: Session, deal_id: int) -> list[DealParty]:
    rows = session.scalars(select(DealParty).where(DealParty.deal_id == deal_id).order_by(DealParty.id))
    # The city first, then the organisations in the order they joined.
    return sorted(rows, key=lambda p: (p.organisation_id is not None, p.id))


def may_read_internals(session: Session, actor: Actor, city_id: int, parties: list[DealParty]) -> bool:
    """The city's staff, the secretariats of networks it confirmed, admins, and the parties' people."""
    networks = confirmed_networks(session, [city_id]).get(city_id, set())
    if actor.can_read_city_internals(city_id, networks):
        return True
    return any(p.organisation_id is not None and actor.speaks_for(p.organisation_id) for p in parties)


def load(session: Session, actor: Actor, deal_id: int) -> Loaded:
    """The deal if the actor may read all of it; to anyone else it is not found (the public reads
    signed deals through the public views)."""
    deal = session.get(Deal, deal_id) if 1 <= deal_id <= MAX_ID else None
    if deal is None:
        raise NotFound("deal", deal_id)
    parties = parties_of(session, deal_id)
    if not may_read_internals(session, actor, deal.city_id, parties):
        if not actor.is_authenticated:
            raise NotAuthenticated()
        raise NotFound("deal", deal_id)
    return Loaded(
        deal,
        parties,
        runs=actor.can_edit_city(deal.city_id),
        speaks_for=frozenset(
            p.id for p in parties if p.organisation_id is not None and actor.speaks_for(p.organisation_id)
        ),
    )


def load_to_run(session: Session, actor: Actor, deal_id: int) -> Loaded:
    """The deal, if the actor runs it (the city's editors)."""
    found = load(session, actor, deal_id)
    require(found.runs, actor.is_authenticated, "Only the city's editors run this deal.")
    return found


def check_terms_open(loaded: Loaded) -> None:
    """Parties and commitments change only while the deal is a draft or negotiated."""
    try:
        check_open(loaded.deal.status)
    except DealError as error:
        raise Conflict(error.message) from None


def touch(loaded: Loaded) -> None:
    loaded.deal.updated_at = utcnow()


def clean_id(field: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise InvalidInput(field, "give an id, a whole number.")
    return value
