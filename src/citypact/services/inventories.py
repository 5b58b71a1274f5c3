"""GPC inventories of a city: create, fill with activity data, compute, submit, verify, compare years.

Only the city's editors change its inventories, and only while they are drafts; verification is for
administrators and the secretariats of the city's networks. The public reads submitted and verified
inventories of published cities; drafts stay with the city's staff and networks. Every change is
audited; a failed import or edit writes nothing (one transaction, checked in full before writing).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import polars as pl
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.activity import ACTIVITY_SCHEMA, ActivityErrors, as_activity_table
from citypact.domain.inventory import sector_totals
from citypact.domain.plausibility import (
    InventoryWarning,
    duplicate_rows,
    missing_refs,
    per_capita_warnings,
)
from citypact.reference.factor_library import GWP_SETS, default_library, gwp_code
from citypact.reference.plausibility import per_capita_ranges
from citypact.services import audit
from citypact.services.city_edits import check_can_edit
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.services.inventory_calc import InventoryCalculation, calculate, with_file_name
from citypact.services.text_input import check_texts
from citypact.services.versions import check_version, flush_checked
from citypact.storage.db import Database
from citypact.storage.models import (
    ActivityRecord,
    City,
    Inventory,
    InventoryResult,
    InventoryWarningAck,
    NetworkMember,
    utcnow,
)

STATUSES: Final = ("draft", "submitted", "verified")
STANDARDS: Final = ("BASIC", "BASIC+")
PUBLIC_STATUSES: Final = ("submitted", "verified")
RECORD_FIELDS: Final = tuple(c for c in ACTIVITY_SCHEMA if c != "row")
# Rows an inventory holds at most: its computation runs on every change (a city's inventory is a
# few hundred rows; the 100,000-row template import is the bench's case).
MAX_ROWS: Final = 500_000
TOTAL_FIELDS: Final = ("basic", "basic_plus", "territorial", "scope1", "scope2", "scope3", "biogenic_co2")


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
class WarningView:
    """A plausibility warning of the inventory as it is now, and its acknowledgement if any."""

    warning: InventoryWarning
    key: str
    reason: str | None = None  # the acknowledgement's reason; None: open
    acknowledged_at: dt.datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.reason is None


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


def _network_ids(session: Session, city_id: int) -> list[int]:
    """Networks whose secretariats read the city's drafts and verify: memberships it confirmed."""
    return list(
        session.scalars(
            select(NetworkMember.network_id).where(
                NetworkMember.city_id == city_id, NetworkMember.confirmed_at.is_not(None)
            )
        )
    )


def _can_read_drafts(session: Session, actor: Actor, city_id: int) -> bool:
    return actor.can_read_city_internals(city_id, _network_ids(session, city_id))


def _can_verify(session: Session, actor: Actor, city_id: int) -> bool:
    return actor.is_admin or any(actor.runs_network(n) for n in _network_ids(session, city_id))


def _current_result(session: Session, inventory_id: int) -> InventoryResult | None:
    return session.scalar(
        select(InventoryResult).where(
            InventoryResult.inventory_id == inventory_id, InventoryResult.is_current
        )
    )


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


def _readable(session: Session, actor: Actor, inventory_id: int) -> tuple[Inventory, City]:
    inventory = session.get(Inventory, inventory_id)
    if inventory is None:
        raise NotFound("inventory", inventory_id)
    city = session.get(City, inventory.city_id)
    assert city is not None  # foreign key
    public = city.is_published and inventory.status in PUBLIC_STATUSES
    if not public and not _can_read_drafts(session, actor, city.id):
        raise NotFound("inventory", inventory_id)  # drafts are not even acknowledged to outsiders
    return inventory, city


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


def activity_frame(session: Session, inventory_id: int) -> pl.DataFrame:
    """The inventory's activity records as an activity table (column `row` = record id)."""
    # Plain column rows, not ORM objects: an inventory may hold 100,000 rows.
    columns = [ActivityRecord.id, *(getattr(ActivityRecord, name) for name in RECORD_FIELDS)]
    rows = session.execute(
        select(*columns).where(ActivityRecord.inventory_id == inventory_id).order_by(ActivityRecord.position)
    ).all()
    return pl.DataFrame(rows, schema=ACTIVITY_SCHEMA, orient="row")


def _calculate(inventory: Inventory, city: City, activities: pl.DataFrame) -> InventoryCalculation:
    return calculate(activities, country=city.country, year=inventory.year, gwp=inventory.gwp)


def _population(inventory: Inventory, city: City) -> int | None:
    """The inventory's population, else the registry's latest figure of the city."""
    return inventory.population or city.population


def _warnings(
    session: Session, inventory: Inventory, city: City, computed: InventoryCalculation
) -> list[WarningView]:
    """The inventory's plausibility warnings now, each with its acknowledgement if it has one."""
    t = computed.totals
    found = [
        *duplicate_rows(computed.rows),
        *per_capita_warnings(
            {"basic": t.basic, "scope1": t.scope1}, _population(inventory, city), per_capita_ranges()
        ),
    ]
    acks = {
        a.warning_key: a
        for a in session.scalars(
            select(InventoryWarningAck).where(InventoryWarningAck.inventory_id == inventory.id)
        )
    }
    views = []
    for warning in found:
        ack = acks.get(warning.key)
        views.append(
            WarningView(warning, warning.key, ack.reason if ack else None, ack.created_at if ack else None)
        )
    return views


def _current_warnings(session: Session, inventory: Inventory) -> list[WarningView]:
    """The warnings of the inventory's stored rows, computed now (verification, acknowledgement)."""
    city = session.get(City, inventory.city_id)
    assert city is not None  # foreign key
    computed = _calculate(inventory, city, activity_frame(session, inventory.id))
    return _warnings(session, inventory, city, computed)


def _incomplete(inventory: Inventory, activities: pl.DataFrame) -> list[str]:
    """Reference numbers the inventory's standard requires that no row reports or explains. An
    inventory of totals reported elsewhere (no activity rows) is that report as given."""
    if activities.is_empty() and inventory.reported is not None:
        return []
    return missing_refs(activities, inventory.standard)


def get_inventory(session: Session, actor: Actor, inventory_id: int) -> InventoryDetail:
    """An inventory with its activity rows, their emissions, every calculation kept, its warnings
    and the references its standard still misses."""
    inventory, city = _readable(session, actor, inventory_id)
    activities = activity_frame(session, inventory_id)
    computed = _calculate(inventory, city, activities)
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
    versions = pl.DataFrame(
        session.execute(
            select(ActivityRecord.id, ActivityRecord.version).where(
                ActivityRecord.inventory_id == inventory_id
            )
        ).all(),
        schema={"record_id": pl.Int64, "version": pl.Int64},
        orient="row",
    )
    rows = computed.rows.rename({"row": "record_id"})
    return InventoryDetail(
        summary=_summary(inventory, city, current),
        rows=rows.join(versions, on="record_id", how="left", coalesce=True),
        results=views,
        can_edit=actor.can_edit_city(city.id) and inventory.status == "draft",
        can_verify=_can_verify(session, actor, city.id),
        warnings=_warnings(session, inventory, city, computed),
        missing_refs=_incomplete(inventory, activities),
        can_acknowledge=inventory.status != "verified"
        and (actor.can_edit_city(city.id) or _can_verify(session, actor, city.id)),
    )


def _editable(session: Session, actor: Actor, inventory_id: int) -> tuple[Inventory, City]:
    inventory = session.get(Inventory, inventory_id)
    if inventory is None:
        raise NotFound("inventory", inventory_id)
    city = check_can_edit(session, actor, inventory.city_id)
    if inventory.status != "draft":
        raise Conflict(
            f"The {inventory.year} inventory is {inventory.status}; return it to draft before changing it."
        )
    return inventory, city


def _store_result(session: Session, inventory: Inventory, computed: InventoryCalculation) -> InventoryResult:
    """Record a calculation as the inventory's current result; earlier results stay, no longer current."""
    session.execute(
        update(InventoryResult).where(InventoryResult.inventory_id == inventory.id).values(is_current=False)
    )
    t = computed.totals
    result = InventoryResult(
        inventory_id=inventory.id,
        factor_library=computed.library.label,
        gwp=t.gwp,
        is_current=True,
        **{f: getattr(t, f) for f in TOTAL_FIELDS},
        scope2_market=t.scope2_market,
        by_ref=t.by_ref,
        by_gas=t.by_gas,
        other_gwp=t.other_gwp or None,
    )
    session.add(result)
    inventory.factor_library = computed.library.label
    inventory.updated_at = utcnow()
    session.flush()
    return result


def create_inventory(
    session: Session,
    actor: Actor,
    city_id: int,
    *,
    year: int,
    gwp: str = "AR5",
    standard: str = "BASIC",
    boundary: str = "",
    population: int | None = None,
) -> Inventory:
    """A new, empty draft inventory of `city_id` for `year`."""
    check_can_edit(session, actor, city_id)
    this_year = dt.date.today().year
    if not 1990 <= year <= this_year:
        raise InvalidInput("year", f"give an inventory year from 1990 to {this_year}.")
    code = gwp_code(gwp)
    if code is None:
        raise InvalidInput("gwp", f"use one of {', '.join(GWP_SETS)}.")
    if standard.upper() not in STANDARDS:
        raise InvalidInput("standard", "use BASIC or BASIC+.")
    if population is not None and population <= 0:
        raise InvalidInput("population", "give the number of inhabitants, more than 0.")
    exists = session.scalar(select(Inventory.id).where(Inventory.city_id == city_id, Inventory.year == year))
    if exists is not None:
        raise Conflict(f"This city already has an inventory for {year} (id {exists}).")
    inventory = Inventory(
        city_id=city_id,
        year=year,
        gwp=code,
        standard=standard.upper(),
        status="draft",
        factor_library=default_library().label,
        boundary=boundary.strip(),
        population=population,
    )
    session.add(inventory)
    session.flush()
    after = {"year": year, "gwp": inventory.gwp, "standard": inventory.standard, "population": population}
    audit.record(session, actor, "create", "inventory", inventory.id, city_id=city_id, after=after)
    return inventory


def _records(inventory_id: int, activities: pl.DataFrame, start: int) -> list[dict[str, Any]]:
    rows = activities.select(RECORD_FIELDS).to_dicts()
    return [{"inventory_id": inventory_id, "position": start + i, **row} for i, row in enumerate(rows)]


def check_editable(session: Session, actor: Actor, inventory_id: int) -> Inventory:
    """The inventory, if the actor may change it now; checked before any work on a change (an
    import's file, a waste method): no such inventory, not the actor's, or not a draft."""
    return _editable(session, actor, inventory_id)[0]


@dataclass(frozen=True)
class PreparedImport:
    """An import read, checked and computed outside the write transaction, ready to be stored."""

    inventory_id: int
    incoming: pl.DataFrame
    computed: InventoryCalculation
    file_name: str
    replace: bool
    basis: tuple[dt.datetime | None, str]  # the inventory's updated_at and GWP set the result is of


def prepare_import(
    session: Session,
    actor: Actor,
    inventory_id: int,
    activities: pl.DataFrame,
    *,
    file_name: str,
    replace: bool = True,
) -> PreparedImport:
    """Check every row of an imported table and compute the inventory with it; a bad row raises
    ImportErrors naming file, row and column. Needs only a read session."""
    inventory, city = _editable(session, actor, inventory_id)
    incoming = as_activity_table(activities)
    try:
        computed = _calculate(inventory, city, incoming)  # checked alone: problems name file rows only
    except ActivityErrors as errors:
        raise with_file_name(errors, file_name) from None
    if not replace:
        kept = activity_frame(session, inventory_id)
        if kept.height + incoming.height > MAX_ROWS:
            raise InvalidInput(
                "replace",
                f"the inventory would hold {kept.height + incoming.height:,} rows, more than"
                f" {MAX_ROWS:,}; replace its rows instead of adding to them.",
            )
        if kept.height:  # rows kept and added may contradict each other (an amount and a notation key)
            try:
                computed = _calculate(inventory, city, pl.concat([kept, incoming]))
            except ActivityErrors as errors:
                raise with_file_name(errors, file_name) from None
    basis = (inventory.updated_at, inventory.gwp)
    return PreparedImport(inventory_id, incoming, computed, file_name, replace, basis)


def store_import(session: Session, actor: Actor, prepared: PreparedImport) -> InventoryResult:
    """Write a prepared import: replace (or add to) the rows and store the result computed before."""
    inventory_id = prepared.inventory_id
    inventory, city = _editable(session, actor, inventory_id)
    incoming, computed = prepared.incoming, prepared.computed
    if (inventory.updated_at, inventory.gwp) != prepared.basis:
        # The inventory changed since the file was computed (rare): compute again, under the lock.
        kept = pl.DataFrame(schema=ACTIVITY_SCHEMA)
        if not prepared.replace:
            kept = activity_frame(session, inventory_id)
        computed = _calculate(inventory, city, pl.concat([kept, incoming]))
    before_count = int(
        session.scalar(
            select(func.count())
            .select_from(ActivityRecord)
            .where(ActivityRecord.inventory_id == inventory_id)
        )
        or 0
    )
    if prepared.replace:
        session.execute(delete(ActivityRecord).where(ActivityRecord.inventory_id == inventory_id))
    start = 0 if prepared.replace else before_count
    session.execute(insert(ActivityRecord), _records(inventory_id, incoming, start))
    result = _store_result(session, inventory, computed)
    after = {
        "file": prepared.file_name,
        "rows_added": incoming.height,
        "replace": prepared.replace,
        "basic": result.basic,
    }
    audit.record(
        session,
        actor,
        "import",
        "inventory",
        inventory_id,
        city_id=city.id,
        before={"rows": before_count},
        after=after,
    )
    return result


def import_activities(
    session: Session,
    actor: Actor,
    inventory_id: int,
    activities: pl.DataFrame,
    *,
    file_name: str,
    replace: bool = True,
) -> InventoryResult:
    """Add (or replace all) activity rows from an imported table in one session. Every row is
    checked before anything is written; a bad row raises ImportErrors naming file, row and column."""
    prepared = prepare_import(session, actor, inventory_id, activities, file_name=file_name, replace=replace)
    return store_import(session, actor, prepared)


def _clean_record(fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(fields) - set(RECORD_FIELDS))
    if unknown:
        raise InvalidInput(unknown[0], f"unknown field; use {', '.join(RECORD_FIELDS)}.")
    check_texts(fields, multiline=("explanation",))
    clean = {k: (v.strip() or None) if isinstance(v, str) else v for k, v in fields.items()}
    try:
        pl.DataFrame([clean], schema={k: ACTIVITY_SCHEMA[k] for k in clean})
    except (TypeError, pl.exceptions.PolarsError) as error:
        raise InvalidInput("record", f"a value has the wrong type ({error}).") from None
    return clean


@dataclass(frozen=True)
class PreparedActivity:
    """One activity row checked and the inventory computed with it, ready to be stored."""

    inventory_id: int
    record_id: int | None
    fields: dict[str, Any]  # the cleaned input
    merged: dict[str, Any]  # the whole row as it will be stored
    computed: InventoryCalculation
    basis: tuple[dt.datetime | None, str]  # the inventory's updated_at and GWP set when computed
    expected_version: int | None = None  # of the changed row (services.versions)


def _with_activity(
    session: Session,
    inventory: Inventory,
    city: City,
    clean: dict[str, Any],
    record_id: int | None,
    expected_version: int | None,
) -> tuple[dict[str, Any], InventoryCalculation]:
    """The row as merged with the stored one (if changed) and the inventory computed with it."""
    frame = activity_frame(session, inventory.id)
    if record_id is not None:
        record = session.get(ActivityRecord, record_id)
        if record is None or record.inventory_id != inventory.id:
            raise NotFound("activity record", record_id)
        check_version("activity record", record_id, record.version, expected_version)
        merged = {name: getattr(record, name) for name in RECORD_FIELDS} | clean
        frame = frame.filter(pl.col("row") != record_id)
    else:
        if frame.height >= MAX_ROWS:
            raise InvalidInput("record", f"an inventory holds at most {MAX_ROWS:,} rows; delete some first.")
        merged = dict.fromkeys(RECORD_FIELDS) | clean
    candidate = pl.DataFrame([{"row": 0, **merged}], schema=ACTIVITY_SCHEMA)
    try:
        computed = _calculate(inventory, city, pl.concat([frame, candidate]))
    except ActivityErrors as errors:
        problem = next((p for p in errors.problems if p.row == 0), errors.problems[0])
        raise InvalidInput(problem.column, problem.message) from None
    return merged, computed


def prepare_activity(
    session: Session,
    actor: Actor,
    inventory_id: int,
    fields: Mapping[str, Any],
    record_id: int | None = None,
    *,
    expected_version: int | None = None,
) -> PreparedActivity:
    """Check a new or changed activity row (a changed one at `expected_version`, services.versions)
    and compute the inventory with it (a read session will do)."""
    inventory, city = _editable(session, actor, inventory_id)
    clean = _clean_record(fields)
    merged, computed = _with_activity(session, inventory, city, clean, record_id, expected_version)
    basis = (inventory.updated_at, inventory.gwp)
    return PreparedActivity(inventory_id, record_id, clean, merged, computed, basis, expected_version)


def store_activity(session: Session, actor: Actor, prepared: PreparedActivity) -> ActivityRecord:
    """Write a prepared activity row and the result computed with it."""
    inventory, city = _editable(session, actor, prepared.inventory_id)
    clean, merged, computed = prepared.fields, prepared.merged, prepared.computed
    if (inventory.updated_at, inventory.gwp) != prepared.basis:
        # The inventory changed since the row was computed (rare): compute again, under the lock.
        merged, computed = _with_activity(
            session, inventory, city, clean, prepared.record_id, prepared.expected_version
        )
    record = None if prepared.record_id is None else session.get(ActivityRecord, prepared.record_id)
    if prepared.record_id is not None and record is None:
        raise NotFound("activity record", prepared.record_id)
    if record is None:
        position = session.scalar(
            select(func.coalesce(func.max(ActivityRecord.position), -1)).where(
                ActivityRecord.inventory_id == inventory.id
            )
        )
        record = ActivityRecord(inventory_id=inventory.id, position=int(position or 0) + 1, **merged)
        session.add(record)
        session.flush()
        audit.record(session, actor, "create", "activity_record", record.id, city_id=city.id, after=merged)
    else:
        # Checked again under the lock: another editor may have saved since the read.
        check_version("activity record", record.id, record.version, prepared.expected_version)
        before, after = audit.changed_fields({n: getattr(record, n) for n in clean}, clean)
        for name, value in after.items():
            setattr(record, name, value)
        flush_checked(session, "activity record", record.id, prepared.expected_version)
        audit.record(
            session,
            actor,
            "update",
            "activity_record",
            record.id,
            city_id=city.id,
            before=before,
            after=after,
        )
    _store_result(session, inventory, computed)
    return record


def save_activity(
    session: Session,
    actor: Actor,
    inventory_id: int,
    fields: Mapping[str, Any],
    record_id: int | None = None,
    *,
    expected_version: int | None = None,
) -> ActivityRecord:
    """Add one activity row, or change one (at `expected_version`), after checking it computes;
    the result is recomputed."""
    prepared = prepare_activity(
        session, actor, inventory_id, fields, record_id, expected_version=expected_version
    )
    return store_activity(session, actor, prepared)


def record_activity(
    db: Database,
    actor: Actor,
    inventory_id: int,
    fields: Mapping[str, Any],
    record_id: int | None = None,
    *,
    expected_version: int | None = None,
) -> ActivityRecord:
    """`save_activity` with the inventory computed in a read session: the write transaction (which
    SQLite holds for the whole database) only stores the row and the result."""
    with db.read() as session:
        prepared = prepare_activity(
            session, actor, inventory_id, fields, record_id, expected_version=expected_version
        )
    with db.write() as session:
        return store_activity(session, actor, prepared)


def _without(session: Session, inventory: Inventory, city: City, record_id: int) -> InventoryCalculation:
    record = session.get(ActivityRecord, record_id)
    if record is None or record.inventory_id != inventory.id:
        raise NotFound("activity record", record_id)
    rest = activity_frame(session, inventory.id).filter(pl.col("row") != record_id)
    return _calculate(inventory, city, rest)


def delete_activity(
    session: Session,
    actor: Actor,
    inventory_id: int,
    record_id: int,
    prepared: tuple[InventoryCalculation, tuple[dt.datetime | None, str]] | None = None,
    *,
    expected_version: int | None = None,
) -> None:
    """Delete one activity row and store the result without it; `prepared` is that result and the
    inventory's basis as computed by `prepare_delete` in a read session."""
    inventory, city = _editable(session, actor, inventory_id)
    computed = prepared[0] if prepared and prepared[1] == (inventory.updated_at, inventory.gwp) else None
    if computed is None:
        computed = _without(session, inventory, city, record_id)
    record = session.get(ActivityRecord, record_id)
    if record is None or record.inventory_id != inventory_id:
        raise NotFound("activity record", record_id)
    check_version("activity record", record_id, record.version, expected_version)
    before = {name: getattr(record, name) for name in RECORD_FIELDS}
    session.delete(record)
    flush_checked(session, "activity record", record_id, expected_version)
    _store_result(session, inventory, computed)
    audit.record(session, actor, "delete", "activity_record", record_id, city_id=city.id, before=before)


def remove_activity(
    db: Database, actor: Actor, inventory_id: int, record_id: int, *, expected_version: int | None = None
) -> None:
    """`delete_activity` with the result computed in a read session first."""
    with db.read() as session:
        inventory, city = _editable(session, actor, inventory_id)
        prepared = (_without(session, inventory, city, record_id), (inventory.updated_at, inventory.gwp))
    with db.write() as session:
        delete_activity(session, actor, inventory_id, record_id, prepared, expected_version=expected_version)


# Who may move an inventory from one status to another.
_TRANSITIONS: Final = {
    ("draft", "submitted"): "editor",
    ("submitted", "draft"): "editor",
    ("submitted", "verified"): "verifier",
    ("verified", "draft"): "verifier",
}


def set_status(
    session: Session, actor: Actor, inventory_id: int, status: str, *, expected_version: int | None = None
) -> Inventory:
    """Submit a draft, verify a submitted inventory, or return it to draft; with
    `expected_version`, only the inventory as the actor saw it (services.versions)."""
    inventory = session.get(Inventory, inventory_id)
    if inventory is None:
        raise NotFound("inventory", inventory_id)
    if not (actor.can_edit_city(inventory.city_id) or _can_verify(session, actor, inventory.city_id)):
        check_can_edit(session, actor, inventory.city_id)  # refused before the status is even read
    who = _TRANSITIONS.get((inventory.status, status))
    if status not in STATUSES or who is None:
        allowed = [b for (a, b) in _TRANSITIONS if a == inventory.status]
        raise InvalidInput(
            "status", f"from {inventory.status} the inventory can go to {' or '.join(allowed)}."
        )
    if who == "editor":
        check_can_edit(session, actor, inventory.city_id)
    else:
        require(
            _can_verify(session, actor, inventory.city_id),
            actor.is_authenticated,
            "Verification is for administrators and the secretariats of the city's networks.",
        )
    if (
        status == "submitted"
        and _current_result(session, inventory_id) is None
        and inventory.reported is None
    ):
        raise Conflict(
            "An inventory without activity data cannot be submitted; import or enter its data first."
        )
    if status == "submitted":
        missing = _incomplete(inventory, activity_frame(session, inventory_id))
        if missing:
            raise Conflict(
                f"The {inventory.standard} inventory cannot be submitted: {len(missing)} reference"
                f" numbers have neither an amount nor a notation key: {', '.join(missing)}. Give each"
                " an amount, or a notation key with its explanation (NO not occurring; IE included"
                " elsewhere, saying where; NE not estimated, saying why; C confidential)."
            )
    if status == "verified":
        still_open = [w for w in _current_warnings(session, inventory) if w.is_open]
        if still_open:
            raise Conflict(
                f"The inventory cannot be verified while {len(still_open)} warnings are not"
                f" acknowledged: {'; '.join(describe(w.warning) for w in still_open)}. Check each,"
                " then acknowledge it with a reason on the inventory page (API: POST"
                f" /api/v1/inventories/{inventory_id}/warnings/<key>/acknowledge)."
            )
    check_version("inventory", inventory_id, inventory.version, expected_version)
    before = {"status": inventory.status}
    inventory.status = status
    inventory.updated_at = utcnow()
    flush_checked(session, "inventory", inventory_id, expected_version)
    audit.record(
        session,
        actor,
        "status",
        "inventory",
        inventory_id,
        city_id=inventory.city_id,
        before=before,
        after={"status": status},
    )
    return inventory


def describe(warning: InventoryWarning) -> str:
    """A warning in plain English for error messages and the CLI; pages render their own words."""
    f = warning.figures
    if warning.code == "duplicate_rows":
        rows = ", ".join(str(r) for r in warning.rows)
        return f"rows {rows} repeat {f['gpc_ref']}, {f['fuel']}, {f['amount']:g} {f['unit']}"
    direction = "above" if warning.code == "per_capita_high" else "below"
    return (
        f"{f['metric']} is {f['per_capita_t']:.3g} t CO2e per inhabitant, {direction}"
        f" {f['bound_t']:.3g} (cities seen: {f['seen_low_t']:.3g} to {f['seen_high_t']:.3g})"
    )


def acknowledge_warning(
    session: Session, actor: Actor, inventory_id: int, warning_key: str, reason: str
) -> InventoryWarningAck:
    """Acknowledge one of the inventory's current warnings with a reason (its editors and
    verifiers, before verification); audited. A key no current warning has is refused: the data
    changed since the warning was shown."""
    inventory = session.get(Inventory, inventory_id)
    if inventory is None:
        raise NotFound("inventory", inventory_id)
    if not (actor.can_edit_city(inventory.city_id) or _can_verify(session, actor, inventory.city_id)):
        check_can_edit(session, actor, inventory.city_id)  # not authenticated / not allowed / hidden
    if inventory.status == "verified":
        raise Conflict("The inventory is verified; return it to draft to look at its warnings again.")
    check_texts({"reason": reason}, multiline=("reason",))
    text = reason.strip()
    if not 3 <= len(text) <= 1000:
        raise InvalidInput("reason", "say in 3 to 1,000 characters why the figure is right.")
    current = {w.key: w for w in _current_warnings(session, inventory)}
    found = current.get(warning_key)
    if found is None:
        raise InvalidInput(
            "warning_key",
            "the inventory has no such warning now (its data may have changed); reload it and"
            " acknowledge the warnings it shows.",
        )
    if not found.is_open:
        raise Conflict("This warning is acknowledged already.")
    ack = InventoryWarningAck(
        inventory_id=inventory_id,
        warning_key=warning_key,
        code=found.warning.code,
        reason=text,
        user_id=actor.user_id,
    )
    session.add(ack)
    session.flush()
    audit.record(
        session,
        actor,
        "acknowledge",
        "inventory",
        inventory_id,
        city_id=inventory.city_id,
        after={"warning": warning_key, "code": found.warning.code, "reason": text},
    )
    return ack


def _recalculated(
    session: Session, inventory: Inventory, city: City, gwp: str | None
) -> tuple[str, InventoryCalculation]:
    chosen = inventory.gwp if gwp is None else gwp_code(gwp)
    if chosen is None:
        raise InvalidInput("gwp", f"use one of {', '.join(GWP_SETS)}.")
    activities = activity_frame(session, inventory.id)
    return chosen, calculate(activities, country=city.country, year=inventory.year, gwp=chosen)


def recalculate(
    session: Session,
    actor: Actor,
    inventory_id: int,
    *,
    gwp: str | None = None,
    prepared: tuple[InventoryCalculation, tuple[dt.datetime | None, str]] | None = None,
) -> InventoryResult:
    """Compute again with the current factor library (and optionally another GWP set); the earlier
    result is kept for comparison. `prepared` is the calculation and the inventory's basis as
    computed in a read session (`recompute`)."""
    inventory, city = _editable(session, actor, inventory_id)
    before = {"gwp": inventory.gwp, "factor_library": inventory.factor_library}
    chosen = inventory.gwp if gwp is None else gwp_code(gwp)
    if chosen is None:
        raise InvalidInput("gwp", f"use one of {', '.join(GWP_SETS)}.")
    if prepared and prepared[1] == (inventory.updated_at, inventory.gwp):
        computed = prepared[0]
    else:
        chosen, computed = _recalculated(session, inventory, city, gwp)
    inventory.gwp = chosen
    result = _store_result(session, inventory, computed)
    after = {
        "gwp": inventory.gwp,
        "factor_library": result.factor_library,
        "basic": result.basic,
        "other_gwp": result.other_gwp,
    }
    audit.record(
        session, actor, "recalculate", "inventory", inventory_id, city_id=city.id, before=before, after=after
    )
    return result


def recompute(db: Database, actor: Actor, inventory_id: int, *, gwp: str | None = None) -> None:
    """`recalculate` with the calculation done in a read session; the write transaction stores it."""
    with db.read() as session:
        inventory, city = _editable(session, actor, inventory_id)
        _, computed = _recalculated(session, inventory, city, gwp)
        basis = (inventory.updated_at, inventory.gwp)
    with db.write() as session:
        recalculate(session, actor, inventory_id, gwp=gwp, prepared=(computed, basis))


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
