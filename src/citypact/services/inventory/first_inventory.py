"""A city's first inventory: the guided path, the first estimate written as rows of a draft, the
checklist of subsectors still resting on the estimate, and the inventory's completeness.

Who may do what: the city's staff and the secretariats of its confirmed networks read the path (as
they read its drafts); only the city's editors write the estimate, through the inventory services
(services/inventory/inventories), which authorize, check every row, compute and audit again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain import first_inventory as fi
from citypact.domain.access import Actor
from citypact.domain.gpc import GPC_REFS
from citypact.reference.benchmark_panel import read_panel
from citypact.services import audit
from citypact.services.benchmarking.conditions import country_regions
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.services.inventory import inventories
from citypact.services.inventory.inventories.basis import _can_read_drafts, activity_frame
from citypact.services.registry.city_edits import check_can_edit
from citypact.storage.models import City, Inventory

ESTIMATE_FILE = "first estimate"  # the file name the estimate's rows are imported under (audit)


@dataclass(frozen=True)
class ChecklistRow:
    record_id: int
    gpc_ref: str
    subsector: str
    estimate: bool  # written by the first estimate (not yet replaced by local data)
    notation_key: str | None


@dataclass(frozen=True)
class FirstInventoryView:
    city_id: int
    city_name: str
    country: str
    population: int | None
    steps: tuple[fi.GuideStep, ...]
    can_edit: bool
    inventory: inventories.InventorySummary | None  # the city's latest inventory
    checklist: tuple[fi.ChecklistItem, ...] = ()
    rows: tuple[ChecklistRow, ...] = ()
    missing_refs: list[str] = field(default_factory=list)
    local_share: float = 0.0
    preview: fi.FirstEstimate | None = None  # what an estimate would give now (no inventory yet)


@cache
def _per_capita_by_place() -> tuple[dict[str, list[float]], dict[str, list[float]], list[float]]:
    """Credible reported per-capita emissions of the benchmark panel: by country, region, all."""
    panel = read_panel().filter(~pl.col("implausible")).drop_nulls("per_capita_t")
    by_country: dict[str, list[float]] = {}
    by_region: dict[str, list[float]] = {}
    for country, region, value in panel.select("country", "region", "per_capita_t").iter_rows():
        by_country.setdefault(country or "", []).append(value)
        by_region.setdefault(region or "", []).append(value)
    return by_country, by_region, panel["per_capita_t"].to_list()


def estimate_for(country: str, population: int) -> fi.FirstEstimate:
    """The first estimate of a city of `country` with `population` inhabitants."""
    if not 0 < population <= fi.MAX_POPULATION:
        raise InvalidInput("population", f"give the number of inhabitants, from 1 to {fi.MAX_POPULATION:,}.")
    by_country, by_region, everything = _per_capita_by_place()
    region = country_regions().get(country, "")
    levels = [
        ("country", by_country.get(country, [])),
        ("region", by_region.get(region, []) if region else []),
        ("world", everything),
    ]
    return fi.first_estimate(levels, population)


def _latest_inventory(session: Session, city_id: int) -> Inventory | None:
    return session.scalar(
        select(Inventory).where(Inventory.city_id == city_id).order_by(Inventory.year.desc()).limit(1)
    )


def first_inventory(session: Session, actor: Actor, city_id: int) -> FirstInventoryView:
    """The guided path of a city with its latest inventory's checklist and completeness."""
    city = session.get(City, city_id)
    if city is None:
        raise NotFound("city", city_id)
    require(
        _can_read_drafts(session, actor, city_id),
        actor.is_authenticated,
        "The first inventory is for the city's staff and the secretariats of its networks.",
    )
    view = FirstInventoryView(
        city_id=city.id,
        city_name=city.name,
        country=city.country,
        population=city.population,
        steps=fi.guide_steps(),
        can_edit=actor.can_edit_city(city_id),
        inventory=None,
    )
    inventory = _latest_inventory(session, city_id)
    if inventory is None:
        if city.population and city.population <= fi.MAX_POPULATION:
            return replace(view, preview=estimate_for(city.country, city.population))
        return view
    detail = inventories.get_inventory(session, actor, inventory.id)
    frame = activity_frame(session, inventory.id).select("row", "gpc_ref", "source", "notation_key")
    rows = tuple(
        ChecklistRow(
            record_id=record_id,
            gpc_ref=ref,
            subsector=GPC_REFS[ref].subsector if ref in GPC_REFS else "",
            estimate=source == fi.ESTIMATE_SOURCE,
            notation_key=key,
        )
        for record_id, ref, source, key in frame.head(inventories.MAX_ROWS).iter_rows()
    )
    items = fi.checklist([(row.gpc_ref, fi.ESTIMATE_SOURCE if row.estimate else None) for row in rows])
    return replace(
        view,
        inventory=detail.summary,
        checklist=items,
        rows=tuple(row for row in rows if row.subsector in fi.DATA_NEEDS),
        missing_refs=list(detail.missing_refs),
        local_share=fi.local_share(items),
    )


def write_first_estimate(
    session: Session,
    actor: Actor,
    city_id: int,
    *,
    year: int,
    population: int | None = None,
    gwp: str = "AR5",
) -> int:
    """Write the first estimate as rows of the city's draft inventory of `year` (created when there
    is none; an existing one must be an empty draft). Returns the inventory's id."""
    city = check_can_edit(session, actor, city_id)
    people = population if population is not None else city.population
    if people is None:
        raise InvalidInput(
            "population", "the city has no population in the registry; give the number of inhabitants."
        )
    estimate = estimate_for(city.country, people)
    inventory = session.scalar(select(Inventory).where(Inventory.city_id == city_id, Inventory.year == year))
    if inventory is None:
        inventory = inventories.create_inventory(
            session, actor, city_id, year=year, gwp=gwp, standard="BASIC", population=people
        )
    elif not activity_frame(session, inventory.id).is_empty():
        raise Conflict(
            f"The {year} inventory already has rows; the first estimate only fills an empty draft."
            " Replace its rows with local data instead, or choose another year."
        )
    rows = fi.estimate_rows(estimate, city.country, inventory.gwp)
    inventories.import_activities(
        session, actor, inventory.id, pl.DataFrame(rows), file_name=ESTIMATE_FILE, replace=False
    )
    after = {
        "year": year,
        "level": estimate.level,
        "cities": estimate.cities,
        "per_capita_t": round(estimate.per_capita_t, 6),
        "population": people,
        "total_t": round(estimate.total_t, 3),
    }
    audit.record(session, actor, "first_estimate", "inventory", inventory.id, city_id=city_id, after=after)
    return inventory.id
