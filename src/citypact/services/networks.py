"""City networks (C40, CDP-ICLEI reporters, ...) and their members; secretariats manage members."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.services import audit
from citypact.services.cities import CityRef
from citypact.services.errors import Conflict, NotFound, require
from citypact.storage.models import City, Network, NetworkMember


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
    members: list[CityRef]
    can_manage: bool


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


def get_network(session: Session, actor: Actor, slug: str) -> NetworkDetail:
    network = network_by_slug(session, slug)
    members = [
        CityRef(*row)
        for row in session.execute(
            select(City.id, City.name, City.country)
            .join(NetworkMember, NetworkMember.city_id == City.id)
            .where(NetworkMember.network_id == network.id, City.is_published == true())
            .order_by(City.country, City.name)
        )
    ]
    summary = NetworkSummary(
        network.id, network.slug, network.name, network.description, network.url, len(members)
    )
    return NetworkDetail(summary, members, actor.runs_network(network.id))


def _managed_network(session: Session, actor: Actor, slug: str) -> Network:
    """The network, if the actor runs it (its secretariat or an administrator)."""
    network = network_by_slug(session, slug)
    require(
        actor.runs_network(network.id),
        actor.is_authenticated,
        "Only this network's secretariat manages its members.",
    )
    return network


def add_member(session: Session, actor: Actor, slug: str, city_id: int) -> None:
    """Enrol a city in a network: the network's secretariat or an administrator."""
    network = _managed_network(session, actor, slug)
    if session.get(City, city_id) is None:
        raise NotFound("city", city_id)
    if session.get(NetworkMember, (network.id, city_id)) is not None:
        raise Conflict(f"City {city_id} is a member of {network.name} already.")
    session.add(NetworkMember(network_id=network.id, city_id=city_id, source="secretariat"))
    audit.record(
        session,
        actor,
        "add_member",
        "network",
        slug,
        city_id=city_id,
        network_id=network.id,
        after={"city_id": city_id},
    )


def remove_member(session: Session, actor: Actor, slug: str, city_id: int) -> None:
    network = _managed_network(session, actor, slug)
    member = session.get(NetworkMember, (network.id, city_id))
    if member is None:
        raise NotFound("network member", city_id)
    session.delete(member)
    audit.record(
        session,
        actor,
        "remove_member",
        "network",
        slug,
        city_id=city_id,
        network_id=network.id,
        before={"city_id": city_id, "source": member.source},
    )
