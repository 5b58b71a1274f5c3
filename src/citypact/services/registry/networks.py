"""City networks (C40, CDP-ICLEI reporters, ...) and their members.

A city joins a network only with its consent: the secretariat invites and the city's editor accepts
or declines, or the city's editor asks to join and the secretariat accepts or declines. Until then
the city is not a member. Memberships loaded from published lists (`citypact data load`) are public
facts, not the city's consent: they are shown as memberships but give the secretariat no rights over
the city's non-public data until the city's editor confirms them (`confirmed_at`). Either side ends a
membership or withdraws a pending invitation or request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from citypact.domain.access import Actor, Role
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.services.paging import MAX_PAGE_SIZE, Page
from citypact.services.registry.cities import CityRef
from citypact.storage.models import City, Network, NetworkJoin, NetworkMember, utcnow


@dataclass(frozen=True)
class NetworkSummary:
    id: int
    slug: str
    name: str
    description: str
    url: str | None
    member_count: int


@dataclass(frozen=True)
class NetworkDetail:
    network: NetworkSummary
    members: Page[CityRef]  # one page of the published members, by country and name
    can_manage: bool
    confirmed: frozenset[int]  # members that confirmed (shown to the secretariat only, else empty)
    pending: list[PendingJoin]  # open invitations and requests (for the secretariat only)


MEMBERS_PER_PAGE = 100


@dataclass(frozen=True)
class PendingJoin:
    """An invitation (the city answers) or a request (the secretariat answers) not yet answered."""

    network_slug: str
    network_name: str
    city_id: int
    city_name: str
    country: str
    direction: str  # invitation, request
    created_at: dt.datetime


@dataclass(frozen=True)
class NetworkRef:
    slug: str
    name: str


@dataclass(frozen=True)
class CityNetworks:
    """A city's standing towards networks, for its staff: what waits for an answer and which listed
    memberships the city has not confirmed."""

    city_id: int
    can_answer: bool  # the actor edits the city: accepts, declines, asks, confirms and leaves
    pending: list[PendingJoin]
    unconfirmed: list[NetworkRef]  # listed memberships the city has not confirmed
    may_ask: list[NetworkRef]  # networks the city is not a member of and has nothing pending with


def list_networks(session: Session) -> list[NetworkSummary]:
    counts = (
        select(NetworkMember.network_id, func.count().label("n"))
        .group_by(NetworkMember.network_id)
        .subquery()
    )
    rows = session.execute(
        select(Network, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.network_id == Network.id)
        .order_by(Network.name)
    ).all()
    return [NetworkSummary(n.id, n.slug, n.name, n.description, n.url, count) for n, count in rows]


def network_by_slug(session: Session, slug: str) -> Network:
    """The network with this slug, or NotFound."""
    network = session.scalar(select(Network).where(Network.slug == slug))
    if network is None:
        raise NotFound("network", slug)
    return network


def get_network(
    session: Session, actor: Actor, slug: str, *, offset: int = 0, limit: int = MEMBERS_PER_PAGE
) -> NetworkDetail:
    """A network with one page of its published members (by country and name) and, for its
    secretariat, who confirmed and what waits for an answer."""
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise InvalidInput("limit", f"use a number from 1 to {MAX_PAGE_SIZE}.")
    if offset < 0:
        raise InvalidInput("offset", "use 0 or a positive number.")
    network = network_by_slug(session, slug)
    listed = (NetworkMember.network_id == network.id, City.is_published == true())
    total = session.scalar(
        select(func.count())
        .select_from(NetworkMember)
        .join(City, City.id == NetworkMember.city_id)
        .where(*listed)
    )
    members = [
        CityRef(*row)
        for row in session.execute(
            select(City.id, City.name, City.country)
            .join(NetworkMember, NetworkMember.city_id == City.id)
            .where(*listed)
            .order_by(City.country, City.name, City.id)
            .limit(limit)
            .offset(offset)
        )
    ]
    summary = NetworkSummary(
        network.id, network.slug, network.name, network.description, network.url, total or 0
    )
    manages = actor.runs_network(network.id)
    confirmed: frozenset[int] = frozenset()
    pending: list[PendingJoin] = []
    if manages:
        confirmed = frozenset(
            session.scalars(
                select(NetworkMember.city_id).where(
                    NetworkMember.network_id == network.id, NetworkMember.confirmed_at.is_not(None)
                )
            )
        )
        pending = _pending(session, NetworkJoin.network_id == network.id)
    return NetworkDetail(summary, Page(members, total or 0, offset, limit), manages, confirmed, pending)


def _pending(session: Session, condition: Any) -> list[PendingJoin]:
    rows = session.execute(
        select(NetworkJoin, Network.slug, Network.name, City.name, City.country)
        .join(Network, Network.id == NetworkJoin.network_id)
        .join(City, City.id == NetworkJoin.city_id)
        .where(condition)
        .order_by(NetworkJoin.created_at, Network.name, City.name)
    ).all()
    return [
        PendingJoin(slug, network_name, j.city_id, city_name, country, j.direction, j.created_at)
        for j, slug, network_name, city_name, country in rows
    ]


def confirmed_networks(session: Session, city_ids: Iterable[int]) -> dict[int, set[int]]:
    """City id -> the networks whose membership the city confirmed: the only ones whose
    secretariats read its non-public data."""
    found: dict[int, set[int]] = {}
    for network_id, city_id in session.execute(
        select(NetworkMember.network_id, NetworkMember.city_id).where(
            NetworkMember.city_id.in_(list(city_ids)), NetworkMember.confirmed_at.is_not(None)
        )
    ):
        found.setdefault(city_id, set()).add(network_id)
    return found


def confirmed_network_ids(session: Session, city_id: int) -> list[int]:
    """The networks whose secretariats may read this city's non-public data."""
    return sorted(confirmed_networks(session, [city_id]).get(city_id, set()))


def is_city_staff(actor: Actor, city_id: int) -> bool:
    return actor.is_admin or city_id in actor.cities(Role.CITY_EDITOR, Role.CITY_VIEWER)


def city_networks(session: Session, actor: Actor, city_id: int) -> CityNetworks:
    """A city's pending invitations and requests and its unconfirmed memberships (its staff only)."""
    require(
        is_city_staff(actor, city_id), actor.is_authenticated, "Only this city's staff see its invitations."
    )
    if session.get(City, city_id) is None:
        raise NotFound("city", city_id)
    pending = _pending(session, NetworkJoin.city_id == city_id)
    memberships = dict(
        session.execute(
            select(NetworkMember.network_id, NetworkMember.confirmed_at).where(
                NetworkMember.city_id == city_id
            )
        ).all()
    )
    waiting = {p.network_slug for p in pending}
    unconfirmed, may_ask = [], []
    for network in session.scalars(select(Network).order_by(Network.name)):
        ref = NetworkRef(network.slug, network.name)
        if network.id in memberships:
            if memberships[network.id] is None and network.slug not in waiting:
                unconfirmed.append(ref)
        elif network.slug not in waiting:
            may_ask.append(ref)
    return CityNetworks(city_id, actor.can_edit_city(city_id), pending, unconfirmed, may_ask)


def pending_of_network(session: Session, actor: Actor, slug: str) -> list[PendingJoin]:
    """The network's open invitations and requests (its secretariat)."""
    network = network_by_slug(session, slug)
    require(
        actor.runs_network(network.id), actor.is_authenticated, "Only this network's secretariat sees these."
    )
    return _pending(session, NetworkJoin.network_id == network.id)


def _city(session: Session, city_id: int) -> City:
    city = session.get(City, city_id)
    if city is None:
        raise NotFound("city", city_id)
    return city


def invite(session: Session, actor: Actor, slug: str, city_id: int) -> None:
    """The secretariat invites a city (or asks a listed member to confirm); its editor answers."""
    network = network_by_slug(session, slug)
    require(
        actor.runs_network(network.id),
        actor.is_authenticated,
        "Only this network's secretariat invites cities.",
    )
    city = _city(session, city_id)
    member = session.get(NetworkMember, (network.id, city_id))
    if member is not None and member.confirmed_at is not None:
        raise Conflict(f"{city.name} is a member of {network.name} already.")
    join = session.get(NetworkJoin, (network.id, city_id))
    if join is not None:
        raise Conflict(
            f"{city.name} asked to join {network.name}; accept or decline its request."
            if join.direction == "request"
            else f"{city.name} has been invited already; it has not answered yet."
        )
    session.add(
        NetworkJoin(network_id=network.id, city_id=city_id, direction="invitation", created_by=actor.user_id)
    )
    audit.record(
        session, actor, "invite", "network", slug, city_id=city_id, network_id=network.id,
        after={"city_id": city_id, "listed": member is not None},
    )  # fmt: skip


def request_to_join(session: Session, actor: Actor, slug: str, city_id: int) -> str:
    """The city's editor asks to join; the secretariat answers. A membership the network already
    lists (from its published list) is confirmed at once: the city's word was all it lacked.
    Returns "requested" or "confirmed"."""
    network = network_by_slug(session, slug)
    require(actor.can_edit_city(city_id), actor.is_authenticated, "Only this city's editors ask to join.")
    city = _city(session, city_id)
    member = session.get(NetworkMember, (network.id, city_id))
    if member is not None and member.confirmed_at is not None:
        raise Conflict(f"{city.name} is a member of {network.name} already.")
    join = session.get(NetworkJoin, (network.id, city_id))
    if member is not None:
        member.confirmed_at = utcnow()
        if join is not None:
            session.delete(join)
        audit.record(
            session, actor, "confirm_member", "network", slug, city_id=city_id, network_id=network.id,
            before={"confirmed": False}, after={"city_id": city_id, "confirmed": True},
        )  # fmt: skip
        return "confirmed"
    if join is not None:
        raise Conflict(
            f"{network.name} invited {city.name}; accept or decline its invitation."
            if join.direction == "invitation"
            else f"{city.name} asked to join already; the secretariat has not answered yet."
        )
    session.add(
        NetworkJoin(network_id=network.id, city_id=city_id, direction="request", created_by=actor.user_id)
    )
    audit.record(
        session, actor, "request_join", "network", slug, city_id=city_id, network_id=network.id,
        after={"city_id": city_id},
    )  # fmt: skip
    return "requested"


def _join(session: Session, network: Network, city_id: int) -> NetworkJoin:
    join = session.get(NetworkJoin, (network.id, city_id))
    if join is None:
        raise NotFound("invitation or request to join", city_id)
    return join


def accept_join(session: Session, actor: Actor, slug: str, city_id: int) -> None:
    """The side that was asked accepts: the city's editor an invitation, the secretariat a request.
    The city is then a confirmed member."""
    network = network_by_slug(session, slug)
    on_either_side = actor.runs_network(network.id) or actor.can_edit_city(city_id)
    require(on_either_side, actor.is_authenticated, "Only the city's editors or the secretariat answer.")
    join = _join(session, network, city_id)
    if join.direction == "invitation":
        require(actor.can_edit_city(city_id), True, "The invited city's editors accept its invitation.")
    else:
        require(actor.runs_network(network.id), True, "The network's secretariat accepts a city's request.")
    now = utcnow()
    member = session.get(NetworkMember, (network.id, city_id))
    if member is None:
        session.add(
            NetworkMember(
                network_id=network.id, city_id=city_id, since_year=now.year, source=join.direction,
                confirmed_at=now,
            )
        )  # fmt: skip
    else:
        member.confirmed_at = now
    session.delete(join)
    audit.record(
        session, actor, f"accept_{join.direction}", "network", slug, city_id=city_id,
        network_id=network.id, before={"pending": join.direction},
        after={"city_id": city_id, "confirmed": True},
    )  # fmt: skip


def decline_join(session: Session, actor: Actor, slug: str, city_id: int) -> None:
    """Either side closes a pending invitation or request: the asked side declines, the asking side
    withdraws. Nothing changes in the membership."""
    network = network_by_slug(session, slug)
    on_either_side = actor.runs_network(network.id) or actor.can_edit_city(city_id)
    require(on_either_side, actor.is_authenticated, "Only the city's editors or the secretariat answer.")
    join = _join(session, network, city_id)
    session.delete(join)
    audit.record(
        session, actor, f"decline_{join.direction}", "network", slug, city_id=city_id,
        network_id=network.id, before={"pending": join.direction, "city_id": city_id},
    )  # fmt: skip


def _removable(session: Session, actor: Actor, slug: str, city_id: int) -> tuple[Network, NetworkMember]:
    network = network_by_slug(session, slug)
    require(
        actor.runs_network(network.id) or actor.can_edit_city(city_id),
        actor.is_authenticated,
        "Only this network's secretariat or the city's editors end a membership.",
    )
    member = session.get(NetworkMember, (network.id, city_id))
    if member is None:
        raise NotFound("network member", city_id)
    return network, member


def membership_to_end(session: Session, actor: Actor, slug: str, city_id: int) -> tuple[str, str]:
    """The network's and the city's names of a membership the actor may end (the page that asks
    before `remove_member`)."""
    network, _ = _removable(session, actor, slug, city_id)
    city = session.get(City, city_id)
    return network.name, city.name if city else str(city_id)


def remove_member(session: Session, actor: Actor, slug: str, city_id: int) -> None:
    """End a membership: the network's secretariat, or the city's editor (the city leaves)."""
    network, member = _removable(session, actor, slug, city_id)
    session.delete(member)
    audit.record(
        session, actor, "remove_member", "network", slug, city_id=city_id, network_id=network.id,
        before={"city_id": city_id, "source": member.source, "confirmed": member.confirmed_at is not None},
    )  # fmt: skip
