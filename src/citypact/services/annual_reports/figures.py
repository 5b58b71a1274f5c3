"""A network's annual report computed from the data: only what the public may see goes in
(published member cities, their submitted or verified inventories, the network's public
partnerships, signed public deals, retirements of credits), since a published report is public."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.annual_report import (
    MAX_YEARS_BACK,
    PARTNERSHIP_STATUSES,
    InventoryRow,
    count_by,
    inventory_figures,
    snapshot,
)
from citypact.services.credits.open_data import PUBLIC_STATUSES as PUBLIC_PROJECT_STATUSES
from citypact.services.credits.views import load_retirements
from citypact.services.deals.public import public_deals
from citypact.services.open_data.inventories import public_totals
from citypact.storage.credits import CreditProject, CreditRetirement
from citypact.storage.deals import Deal
from citypact.storage.models import (
    City,
    Network,
    NetworkMember,
    Partnership,
    PartnershipGoal,
    PartnershipMember,
)


def member_ids(session: Session, network_id: int) -> list[int]:
    """The network's published member cities."""
    return list(
        session.scalars(
            select(NetworkMember.city_id)
            .join(City, City.id == NetworkMember.city_id)
            .where(NetworkMember.network_id == network_id, City.is_published.is_(True))
            .order_by(NetworkMember.city_id)
        )
    )


def default_base_year(session: Session, network_id: int, year: int) -> int:
    """The earliest year of a counted inventory of a member (at most MAX_YEARS_BACK before), else `year`."""
    found = [t.year for t in public_totals(session, member_ids(session, network_id)) if t.basic_t is not None]
    earliest = min((y for y in found if y <= year), default=year)
    return max(earliest, year - MAX_YEARS_BACK)


def _inventories(session: Session, members: list[int], year: int, base_year: int) -> dict[str, Any]:
    rows = [
        InventoryRow(t.city_id, t.city, t.country, t.year, t.basic_t, t.population)
        for t in public_totals(session, members)
        if t.basic_t is not None
    ]
    return dataclasses.asdict(inventory_figures(rows, len(members), year, base_year))


def _partnerships(session: Session, network_id: int, year: int) -> dict[str, Any]:
    """The network's public partnerships under way in the year (created by its end, not ended before)."""
    start = dt.date(year, 1, 1)
    found = session.scalars(
        select(Partnership)
        .where(
            Partnership.network_id == network_id,
            Partnership.is_public.is_(True),
            Partnership.created_at < dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC),
            (Partnership.ended_on.is_(None)) | (Partnership.ended_on >= start),
        )
        .order_by(Partnership.id)
    ).all()
    ids = [p.id for p in found]
    cities: dict[int, int] = dict(
        session.execute(
            select(PartnershipMember.partnership_id, func.count())
            .where(PartnershipMember.partnership_id.in_(ids))
            .group_by(PartnershipMember.partnership_id)
        ).all()
    )
    goals: dict[int, list[str]] = {}
    for pid, status in session.execute(
        select(PartnershipGoal.partnership_id, PartnershipGoal.status).where(
            PartnershipGoal.partnership_id.in_(ids)
        )
    ):
        goals.setdefault(pid, []).append(status)
    listed = [
        {
            "id": p.id,
            "title": p.title,
            "kind": p.kind,
            "status": p.status,
            "cities": cities.get(p.id, 0),
            "goals": len(goals.get(p.id, [])),
            "goals_achieved": goals.get(p.id, []).count("achieved"),
        }
        for p in found
    ]
    return {
        "count": len(listed),
        "by_status": count_by((p.status for p in found), PARTNERSHIP_STATUSES),
        "goals": sum(p["goals"] for p in listed),
        "goals_achieved": sum(p["goals_achieved"] for p in listed),
        "list": listed,
    }


def _deals(session: Session, members: set[int], year: int) -> dict[str, Any]:
    """Members' public deals signed by the end of the year; reductions as they state them (t CO2e/a)."""
    end = dt.date(year, 12, 31)
    with_deals = session.scalars(
        select(Deal.city_id)
        .where(Deal.city_id.in_(sorted(members)), Deal.signed_on <= end)
        .distinct()
        .order_by(Deal.city_id)
    ).all()
    deals = [
        d
        for city_id in with_deals
        for d in public_deals(session, city_id=city_id, today=end)
        if d.signed_on and d.signed_on <= end
    ]
    return {
        "count": len(deals),
        "signed_in_year": sum(1 for d in deals if d.signed_on and d.signed_on.year == year),
        "expected_t_per_year": sum(d.expected_t or 0.0 for d in deals),
        "list": [
            {
                "id": d.id,
                "city": d.city,
                "title": d.title,
                "status": d.status,
                "signed_on": d.signed_on.isoformat() if d.signed_on else None,
                "expected_t_per_year": d.expected_t,
            }
            for d in deals
        ],  # fmt: skip
    }


def _credits(session: Session, members: set[int], year: int) -> dict[str, Any]:
    """Credits members retired in the year (1 credit = 1 t CO2e), by use."""
    retired = load_retirements(
        session,
        CreditProject.status.in_(PUBLIC_PROJECT_STATUSES),
        CreditProject.host_city_id.in_(select(City.id).where(City.is_published.is_(True))),
        CreditRetirement.city_id.in_(sorted(members)),
        CreditRetirement.retired_at >= dt.datetime(year, 1, 1, tzinfo=dt.UTC),
        CreditRetirement.retired_at < dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC),
    )
    by_use: dict[str, int] = {}
    for r in retired:
        by_use[r.use] = by_use.get(r.use, 0) + r.block.quantity
    return {
        "retirements": len(retired),
        "retired_t": sum(r.block.quantity for r in retired),
        "by_use": dict(sorted(by_use.items())),
    }


def compute(session: Session, network: Network, year: int, base_year: int) -> dict[str, Any]:
    """The report's figures as plain JSON data (domain.annual_report.snapshot)."""
    members = member_ids(session, network.id)
    chosen = set(members)
    return snapshot(
        {
            "network": {"slug": network.slug, "name": network.name},
            "year": year,
            "base_year": base_year,
            "inventories": _inventories(session, members, year, base_year),
            "partnerships": _partnerships(session, network.id, year),
            "deals": _deals(session, chosen, year),
            "credits": _credits(session, chosen, year),
        }
    )
