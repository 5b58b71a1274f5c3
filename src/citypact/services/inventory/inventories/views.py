"""What a reader sees of a city's inventories: summaries, one inventory in detail, year over year."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Final

import polars as pl
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.inventory import sector_totals
from citypact.services.errors import NotFound
from citypact.services.inventory import inventories  # _calculate through the package: tests swap it there
from citypact.services.inventory.calc import InventoryCalculation
from citypact.services.inventory.inventories.basis import (
    PUBLIC_STATUSES,
    TOTAL_FIELDS,
    _can_read_drafts,
    _can_verify,
    _incomplete,
    _readable,
    activity_frame,
)
from citypact.services.inventory.inventories.plausibility import WarningView, _warnings
from citypact.services.paging import Page, bounds
from citypact.storage.models import (
    ActivityRecord,
    City,
    Inventory,
    InventoryResult,
)


@dataclass(frozen=True)
class InventorySummary:
    id: int
    city_id: int
    city_name: str
    country: str
    year: int
    standard: str
    gwp: str
    status: str
    factor_library: str
    totals: dict[str, float] | None
    reported: dict[str, Any] | None
    reported_source: str | None
    population: int | None
    reported_gases: str | None = None  # CO2 or CO2e: what the reported totals cover
    version: int = 1  # of the inventory row (services.versions)
    other_gwp: dict[str, float] | None = None  # t CO2e of the totals under another GWP set


@dataclass(frozen=True)
class ResultView:
    id: int
    computed_at: dt.datetime
    factor_library: str
    gwp: str
    is_current: bool
    totals: dict[str, float]
    scope2_market: float | None
    by_ref: dict[str, float | None]
    by_gas: dict[str, float]
    other_gwp: dict[str, float] | None = None  # t CO2e of the totals under another GWP set


@dataclass(frozen=True)
class InventoryDetail:
    summary: InventorySummary
    rows: pl.DataFrame  # activity records with their computed emissions, in position order
    results: list[ResultView]  # newest first
    can_edit: bool
    can_verify: bool
    warnings: list[WarningView] = field(default_factory=list)  # rows: record ids
    missing_refs: list[str] = field(default_factory=list)  # of its standard, before submission
    can_acknowledge: bool = False


def _summary(inventory: Inventory, city: City, result: InventoryResult | None) -> InventorySummary:
    return InventorySummary(
        id=inventory.id,
        city_id=city.id,
        city_name=city.name,
        country=city.country,
        year=inventory.year,
        standard=inventory.standard,
        gwp=inventory.gwp,
        status=inventory.status,
        factor_library=inventory.factor_library,
        totals={f: getattr(result, f) for f in TOTAL_FIELDS} if result else None,
        reported=inventory.reported,
        reported_source=inventory.reported_source,
        population=inventory.population,
        reported_gases=inventory.reported_gases,
        version=inventory.version,
        other_gwp=(result.other_gwp or None) if result else None,
    )


def list_inventories(session: Session, actor: Actor, city_id: int) -> list[InventorySummary]:
    """A city's inventories the actor may read, oldest year first, with their current totals."""
    city = session.get(City, city_id)
    if city is None:
        raise NotFound("city", city_id)
    query = select(Inventory).where(Inventory.city_id == city_id).order_by(Inventory.year)
    if not _can_read_drafts(session, actor, city_id):
        if not city.is_published:
            raise NotFound("city", city_id)
        query = query.where(Inventory.status.in_(PUBLIC_STATUSES))
    inventories = list(session.scalars(query))
    results = {
        r.inventory_id: r
        for r in session.scalars(
            select(InventoryResult).where(
                InventoryResult.inventory_id.in_([i.id for i in inventories]), InventoryResult.is_current
            )
        )
    }
    return [_summary(i, city, results.get(i.id)) for i in inventories]


# An inventory's rows with their emissions, kept for the few inventories read last while their
# records are unchanged: loading and computing 50,000 rows takes ~0.6 s, paging through them should
# not pay it again for every page. The state is read on every call (one indexed aggregate query).
# Bounded by rows, not inventories: 50,000 rows take ~24 MB (the table, its emissions and the page rows),
# so at most ~100 MB; one inventory may hold 500,000 rows (it alone is kept while read).
_KEPT_ROWS: Final = 200_000
_kept: OrderedDict[tuple[Any, ...], tuple[pl.DataFrame, InventoryCalculation, pl.DataFrame]] = OrderedDict()
_kept_lock = threading.Lock()


def _computed(
    session: Session, inventory: Inventory, city: City
) -> tuple[pl.DataFrame, InventoryCalculation, pl.DataFrame]:
    """(activity table, calculation, rows with emissions, record ids and versions) of the inventory."""
    records = session.execute(
        select(
            func.count(ActivityRecord.id), func.max(ActivityRecord.id), func.sum(ActivityRecord.version)
        ).where(ActivityRecord.inventory_id == inventory.id)
    ).one()
    key = (
        str(session.get_bind().engine.url),
        inventory.id,
        inventory.version,
        inventory.year,
        inventory.gwp,
        inventory.factor_library,
        city.country,
        inventories._calculate,  # a test that swaps the calculation gets its own
        *records,
    )
    with _kept_lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    activities = activity_frame(session, inventory.id)
    computed = inventories._calculate(inventory, city, activities)
    versions = pl.DataFrame(
        session.execute(
            select(ActivityRecord.id, ActivityRecord.version).where(
                ActivityRecord.inventory_id == inventory.id
            )
        ).all(),
        schema={"record_id": pl.Int64, "version": pl.Int64},
        orient="row",
    )
    rows = computed.rows.rename({"row": "record_id"}).join(
        versions, on="record_id", how="left", coalesce=True
    )
    with _kept_lock:
        _kept[key] = (activities, computed, rows)
        while len(_kept) > 1 and sum(kept[0].height for kept in _kept.values()) > _KEPT_ROWS:
            _kept.popitem(last=False)  # the least recently read; the one just read stays
    return activities, computed, rows


def get_inventory(session: Session, actor: Actor, inventory_id: int) -> InventoryDetail:
    """An inventory with its activity rows, their emissions, every calculation kept, its warnings
    and the references its standard still misses."""
    inventory, city = _readable(session, actor, inventory_id)
    activities, computed, rows = _computed(session, inventory, city)
    results = session.scalars(
        select(InventoryResult)
        .where(InventoryResult.inventory_id == inventory_id)
        .order_by(InventoryResult.computed_at.desc(), InventoryResult.id.desc())
    ).all()
    views = [
        ResultView(
            id=r.id,
            computed_at=r.computed_at,
            factor_library=r.factor_library,
            gwp=r.gwp,
            is_current=r.is_current,
            totals={f: getattr(r, f) for f in TOTAL_FIELDS},
            scope2_market=r.scope2_market,
            by_ref=r.by_ref,
            by_gas=r.by_gas,
            other_gwp=r.other_gwp or None,
        )
        for r in results
    ]
    current = next((r for r in results if r.is_current), None)
    return InventoryDetail(
        summary=_summary(inventory, city, current),
        rows=rows,
        results=views,
        can_edit=actor.can_edit_city(city.id) and inventory.status == "draft",
        can_verify=_can_verify(session, actor, city.id),
        warnings=_warnings(session, inventory, city, computed),
        missing_refs=_incomplete(inventory, activities),
        can_acknowledge=inventory.status != "verified"
        and (actor.can_edit_city(city.id) or _can_verify(session, actor, city.id)),
    )


def row_page(detail: InventoryDetail, subsector: str, page: int, size: int) -> Page[dict[str, Any]]:
    """One page of the inventory's activity rows, of one subsector ("I.1") or of all ("")."""
    rows = detail.rows
    if subsector:
        rows = rows.filter(pl.col("gpc_ref").str.starts_with(subsector + "."))
    offset, limit = bounds(page, size, rows.height)
    return Page(rows.slice(offset, limit).to_dicts(), rows.height, offset, limit)


def year_over_year(session: Session, actor: Actor, city_id: int) -> pl.DataFrame:
    """Per readable inventory year: totals and sector sums (t CO2e), change against the year before."""
    summaries = [s for s in list_inventories(session, actor, city_id) if s.totals is not None]
    if not summaries:
        return pl.DataFrame()
    ids = [s.id for s in summaries]
    by_ref = {
        r.inventory_id: r.by_ref
        for r in session.scalars(
            select(InventoryResult).where(InventoryResult.inventory_id.in_(ids), InventoryResult.is_current)
        )
    }
    rows = []
    for s in summaries:
        sectors = sector_totals(by_ref[s.id])
        rows.append(
            {
                "year": s.year,
                "gwp": s.gwp,
                **(s.totals or {}),
                **{f"sector_{k}": v for k, v in sectors.items()},
            }
        )
    frame = pl.DataFrame(rows).sort("year")
    return frame.with_columns(
        (pl.col("basic") / pl.col("basic").shift(1) - 1.0).alias("basic_change"),
    )
