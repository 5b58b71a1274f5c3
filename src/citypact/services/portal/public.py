"""The public view of a network: its published member cities (with coordinates for the map and
their progress from counted inventories and their own targets), its public partnerships, the
signed (public) Local Green Deals and the published cases of its members, and its latest
published news. Only public data, for everybody alike: an unpublished city, a private
partnership, an unsigned deal, an unpublished case or a draft post never appears.

A city's progress for the embeddable chart (`city_progress`) follows the same rule: a published
city's counted (submitted or verified) inventories and its own target.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.portal import Progress, progress
from citypact.services.deals.public import public_deal_filter
from citypact.services.errors import NotFound
from citypact.services.plans.action_plans.gap import inventory_totals, inventory_totals_of
from citypact.services.portal.news import NewsView, list_news
from citypact.services.registry.networks import network_by_slug
from citypact.storage.deals import Deal
from citypact.storage.models import CaseStudy, City, Inventory, NetworkMember
from citypact.storage.partnerships import Partnership, PartnershipMember
from citypact.storage.plans import ClimateTarget

MAX_MEMBERS: Final = 500  # members on one portal (the map and the list); the page says when cut
MAX_ITEMS: Final = 50  # partnerships, deals and cases each
NEWS_ON_PORTAL: Final = 5


@dataclass(frozen=True)
class MemberView:
    id: int
    name: str
    country: str
    lat: float
    lon: float
    basis: str  # "GPC BASIC" or "territorial"
    progress: Progress


@dataclass(frozen=True)
class ItemView:
    id: int
    title: str
    city: str | None  # the city of a deal or case; None for a partnership
    status: str | None


@dataclass(frozen=True)
class PortalView:
    slug: str
    name: str
    description: str
    url: str | None
    members: list[MemberView]
    members_total: int
    partnerships: list[ItemView]
    deals: list[ItemView]
    cases: list[ItemView]
    news: list[NewsView]
    can_write_news: bool


def _target(session: Session, city_id: int) -> tuple[int, float, int, float] | None:
    row = session.scalar(select(ClimateTarget).where(ClimateTarget.city_id == city_id))
    if row is None:
        return None
    return row.base_year, row.base_emissions_t, row.target_year, row.reduction_pct


def portal(session: Session, actor: Actor, slug: str) -> PortalView:
    """A network's public portal; the same for every reader (the public rule, nothing more)."""
    network = network_by_slug(session, slug)
    listed = (NetworkMember.network_id == network.id, City.is_published.is_(True))
    rows = session.execute(
        select(City.id, City.name, City.country, City.lat, City.lon)
        .join(NetworkMember, NetworkMember.city_id == City.id)
        .where(*listed)
        .order_by(City.country, City.name, City.id)
        .limit(MAX_MEMBERS + 1)
    ).all()
    shown = rows[:MAX_MEMBERS]
    ids_shown = [r[0] for r in shown]
    targets = {
        t.city_id: (t.base_year, t.base_emissions_t, t.target_year, t.reduction_pct)
        for t in session.scalars(select(ClimateTarget).where(ClimateTarget.city_id.in_(ids_shown)))
    }
    totals_of = inventory_totals_of(session, ids_shown)
    members = []
    for city_id, name, country, lat, lon in shown:
        basis, totals = totals_of[city_id]
        members.append(
            MemberView(city_id, name, country, lat, lon, basis, progress(totals, targets.get(city_id)))
        )
    ids = [m.id for m in members]
    names = {m.id: m.name for m in members}
    partnerships = [
        ItemView(p.id, p.title, None, p.status)
        for p in session.scalars(
            select(Partnership)
            .where(
                Partnership.is_public.is_(True),
                Partnership.id.in_(
                    select(PartnershipMember.partnership_id).where(PartnershipMember.city_id.in_(ids))
                )
                | (Partnership.network_id == network.id),
            )
            .order_by(Partnership.updated_at.desc(), Partnership.id.desc())
            .limit(MAX_ITEMS)
        )
    ]
    deals = [
        ItemView(d.id, d.title, names.get(d.city_id), d.status)
        for d in session.scalars(
            select(Deal)
            .where(Deal.city_id.in_(ids), public_deal_filter())
            .order_by(Deal.signed_on.desc(), Deal.id.desc())
            .limit(MAX_ITEMS)
        )
    ]
    cases = [
        ItemView(c.id, c.title, names.get(c.city_id), None)
        for c in session.scalars(
            select(CaseStudy)
            .where(CaseStudy.city_id.in_(ids), CaseStudy.is_published.is_(True))
            .order_by(CaseStudy.updated_at.desc(), CaseStudy.id.desc())
            .limit(MAX_ITEMS)
        )
    ]
    news = list_news(session, actor, slug, limit=NEWS_ON_PORTAL)
    return PortalView(
        network.slug, network.name, network.description, network.url, members, len(rows), partnerships,
        deals, cases, news.posts, news.can_write,
    )  # fmt: skip


@dataclass(frozen=True)
class CityProgress:
    id: int
    name: str
    country: str
    basis: str
    totals: dict[int, float]  # t CO2e per counted year
    target: tuple[int, float, int, float] | None  # base year, base t, target year, reduction %
    progress: Progress
    updated: dt.datetime | None  # the newest counted inventory's change


def city_progress(session: Session, actor: Actor, city_id: int) -> CityProgress:
    """A published city's counted emissions per year and its own target; NotFound otherwise."""
    del actor  # public data only, the same for every reader
    city = session.get(City, city_id)
    if city is None or not city.is_published:
        raise NotFound("city", city_id)
    basis, totals = inventory_totals(session, city_id)
    target = _target(session, city_id)
    updated = session.scalar(
        select(Inventory.updated_at)
        .where(Inventory.city_id == city_id, Inventory.status.in_(("submitted", "verified")))
        .order_by(Inventory.updated_at.desc())
        .limit(1)
    )
    return CityProgress(
        city.id, city.name, city.country, basis, dict(sorted(totals.items())), target,
        progress(totals, target), updated,
    )  # fmt: skip
