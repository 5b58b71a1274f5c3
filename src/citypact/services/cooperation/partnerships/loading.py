"""A partnership loaded with the actor's standing in it, and the checks every step shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.partnerships import (
    MemberState,
    PartnershipError,
    Standing,
    Status,
    publicly_visible,
    standing,
)
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.services.registry.networks import confirmed_networks
from citypact.storage.models import City, utcnow
from citypact.storage.partnerships import Partnership, PartnershipMember

MAX_MEMBERS: Final = 30
TEXT_MAX: Final = 20_000


def today_utc() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


@contextmanager
def rules() -> Iterator[None]:
    """Turn a broken domain rule into the service's InvalidInput, with the same field."""
    try:
        yield
    except PartnershipError as error:
        raise InvalidInput(error.field, error.message) from None


@dataclass
class Loaded:
    """A partnership with its members and the actor's standing in it."""

    partnership: Partnership
    members: list[PartnershipMember]
    who: Standing

    def member(self, city_id: int) -> PartnershipMember | None:
        return next((m for m in self.members if m.city_id == city_id), None)

    def states(self) -> list[MemberState]:
        return [
            MemberState(m.city_id, m.role, m.accepted_on is not None, m.signed_on is not None)
            for m in self.members
        ]

    def audit_city(self) -> int | None:
        """The city an audit entry is filed under: the one the actor acts for, else the proposer."""
        return min(self.who.acts_for) if self.who.acts_for else self.partnership.proposed_by


def _network_ids(session: Session, partnership: Partnership, city_ids: Sequence[int]) -> set[int]:
    found = set().union(*confirmed_networks(session, city_ids).values())
    if partnership.network_id is not None:
        found.add(partnership.network_id)
    return found


def load(session: Session, actor: Actor, partnership_id: int) -> Loaded:
    """The partnership if the actor may read it at all; one that is not public is not found by others."""
    partnership = session.get(Partnership, partnership_id)
    if partnership is None:
        raise NotFound("partnership", partnership_id)
    members = list(
        session.scalars(
            select(PartnershipMember)
            .where(PartnershipMember.partnership_id == partnership_id)
            .order_by(PartnershipMember.id)
        )
    )
    ids = [m.city_id for m in members]
    who = standing(
        actor, [(m.city_id, m.role) for m in members], _network_ids(session, partnership, ids),
        status=partnership.status,
    )  # fmt: skip
    if not (who.reads_all or who.is_named or publicly_visible(partnership.is_public, partnership.status)):
        raise NotFound("partnership", partnership_id)
    return Loaded(partnership, members, who)


def load_for_work(session: Session, actor: Actor, partnership_id: int) -> Loaded:
    """The partnership, if the actor edits its goals, work plan, log and events, and it has not ended."""
    found = load(session, actor, partnership_id)
    require(
        found.who.works_on,
        actor.is_authenticated,
        "Only the editors of the member cities work on this partnership.",
    )
    if found.partnership.status == Status.ENDED:
        raise Conflict("This partnership has ended; it is kept as it was.")
    return found


def touch(loaded: Loaded) -> None:
    loaded.partnership.updated_at = utcnow()


def city_by_id(session: Session, field: str, city_id: Any) -> City:
    if isinstance(city_id, bool) or not isinstance(city_id, int):
        raise InvalidInput(field, "give the city's id, a whole number.")
    # Ids are 32-bit integers: a larger number cannot be one, and the databases refuse to look it up.
    city = session.get(City, city_id) if 1 <= city_id <= 2_147_483_647 else None
    if city is None:
        raise InvalidInput(field, f"no city with id {city_id}; find the id on the city's page.")
    return city
