"""The public totals of inventories: submitted or verified inventories of published cities only,
one row each, with the computed GPC BASIC total where the inventory has a current result, else the
total reported elsewhere (its source named). Shared by the open data and the annual reports."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Final

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from citypact.domain.annual_report import COUNTED_INVENTORY_STATUSES
from citypact.storage.models import City, Inventory, InventoryResult

MAX_CITIES: Final = 50_000  # a filter by city ids is chunked by the database, not bounded here


@dataclass(frozen=True)
class PublicTotal:
    inventory_id: int
    city_id: int
    city: str
    country: str
    year: int
    status: str
    standard: str
    gwp: str
    population: int | None  # the inventory's, else the city's
    basic_t: float | None  # t CO2e, GPC BASIC
    scope1_t: float | None
    scope2_t: float | None
    computed: bool  # from activity data here; False: reported elsewhere
    source: str


def public_totals(session: Session, city_ids: Collection[int] | None = None) -> list[PublicTotal]:
    """Every public inventory's totals (of the given published cities), by city and year."""
    query = (
        select(
            Inventory.id,
            Inventory.city_id,
            City.name,
            City.country,
            Inventory.year,
            Inventory.status,
            Inventory.standard,
            Inventory.gwp,
            Inventory.population,
            City.population,
            Inventory.reported["basic"].as_float(),
            Inventory.reported["scope1"].as_float(),
            Inventory.reported["scope2"].as_float(),
            Inventory.reported_source,
            InventoryResult.basic,
            InventoryResult.scope1,
            InventoryResult.scope2,
        )
        .join(City, City.id == Inventory.city_id)
        .outerjoin(
            InventoryResult, and_(InventoryResult.inventory_id == Inventory.id, InventoryResult.is_current)
        )
        .where(City.is_published.is_(True), Inventory.status.in_(COUNTED_INVENTORY_STATUSES))
        .order_by(City.name, Inventory.city_id, Inventory.year)
    )
    if city_ids is not None:
        query = query.where(Inventory.city_id.in_(list(city_ids)))
    out = []
    for (
        iid, cid, name, country, year, status, standard, gwp, inv_pop, city_pop,
        r_basic, r_s1, r_s2, r_source, basic, s1, s2,
    ) in session.execute(query):  # fmt: skip
        computed = basic is not None
        out.append(
            PublicTotal(
                iid,
                cid,
                name,
                country,
                year,
                status,
                standard,
                gwp,
                inv_pop if inv_pop else city_pop,
                basic if computed else r_basic,
                s1 if computed else r_s1,
                s2 if computed else r_s2,
                computed,
                "citypact" if computed else (r_source or ""),
            )  # fmt: skip
        )
    return out
