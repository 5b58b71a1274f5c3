"""Activity rows of a draft inventory: imported tables and single rows added, changed or deleted.

Each change is checked and the inventory computed with it before the write transaction (a read
session will do); the write stores the rows and that result, or computes again if the inventory
changed meanwhile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.activity import ACTIVITY_SCHEMA, ActivityErrors, as_activity_table
from citypact.formats.errors import MAX_PROBLEMS, ImportErrors, ImportProblem, Problems
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotFound
from citypact.services.inventory import (
    inventories,  # _calculate and MAX_ROWS through the package: tests swap them
)
from citypact.services.inventory.calc import InventoryCalculation, with_file_name
from citypact.services.inventory.inventories.basis import (
    RECORD_FIELDS,
    _editable,
    _store_result,
    activity_frame,
)
from citypact.services.text_input import check_texts
from citypact.services.versions import check_version, flush_checked
from citypact.storage.db import Database
from citypact.storage.models import (
    ActivityRecord,
    City,
    Inventory,
    InventoryResult,
)


def _records(inventory_id: int, activities: pl.DataFrame, start: int) -> list[dict[str, Any]]:
    rows = activities.select(RECORD_FIELDS).to_dicts()
    return [{"inventory_id": inventory_id, "position": start + i, **row} for i, row in enumerate(rows)]


@dataclass(frozen=True)
class PreparedImport:
    """An import read, checked and computed outside the write transaction, ready to be stored."""

    inventory_id: int
    incoming: pl.DataFrame
    computed: InventoryCalculation
    file_name: str
    replace: bool
    basis: tuple[dt.datetime | None, str]  # the inventory's updated_at and GWP set the result is of
    # With replace: the number of rows the person agreed to delete; more or fewer at the write
    # (someone changed the inventory meanwhile) and nothing is written.
    expected_rows: int | None = None


def check_year(incoming: pl.DataFrame, year: int, file_name: str) -> None:
    """Refuse the rows whose year is not the inventory's, naming each row (an empty year is the
    inventory's)."""
    other = incoming.filter(pl.col("year").is_not_null() & (pl.col("year") != year))
    if other.is_empty():
        return
    problems = Problems()
    for row, row_year in other.select("row", "year").head(MAX_PROBLEMS).iter_rows():
        message = (
            f"the row is of {row_year}, this inventory of {year}; import the row into the {row_year}"
            f" inventory, or correct its year to {year} (or leave the year empty)"
        )
        problems.append(ImportProblem(file_name, row, "year", message))
    problems.count_more(other.height - min(other.height, MAX_PROBLEMS))
    raise ImportErrors(problems)


def prepare_import(
    session: Session,
    actor: Actor,
    inventory_id: int,
    activities: pl.DataFrame,
    *,
    file_name: str,
    replace: bool = True,
    expected_rows: int | None = None,
) -> PreparedImport:
    """Check every row of an imported table and compute the inventory with it; a bad row raises
    ImportErrors naming file, row and column. Needs only a read session."""
    inventory, city = _editable(session, actor, inventory_id)
    incoming = as_activity_table(activities)
    check_year(incoming, inventory.year, file_name)
    kept = pl.DataFrame(schema=ACTIVITY_SCHEMA)
    if not replace:
        kept = activity_frame(session, inventory_id)
        if kept.height + incoming.height > inventories.MAX_ROWS:
            raise InvalidInput(
                "replace",
                f"the inventory would hold {kept.height + incoming.height:,} rows, more than"
                f" {inventories.MAX_ROWS:,}; replace its rows instead of adding to them.",
            )
    # Computed once, with the rows kept (they and the file's may contradict each other: an amount
    # and a notation key for one reference). The kept rows count as rows -1, -2, ... while checked,
    # so that a problem names the file's rows only.
    together = pl.concat(
        [kept.with_columns(-pl.int_range(1, kept.height + 1, dtype=pl.Int64).alias("row")), incoming]
    )
    try:
        computed = inventories._calculate(inventory, city, together)
    except ActivityErrors as errors:
        in_file = [p for p in errors.problems if p.row >= 0] or errors.problems
        raise with_file_name(ActivityErrors(in_file, errors.total), file_name) from None
    basis = (inventory.updated_at, inventory.gwp)
    return PreparedImport(inventory_id, incoming, computed, file_name, replace, basis, expected_rows)


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
        computed = inventories._calculate(inventory, city, pl.concat([kept, incoming]))
    before_count = int(
        session.scalar(
            select(func.count())
            .select_from(ActivityRecord)
            .where(ActivityRecord.inventory_id == inventory_id)
        )
        or 0
    )
    if prepared.replace and prepared.expected_rows not in (None, before_count):
        raise Conflict(
            f"The inventory holds {before_count:,} rows now, not the {prepared.expected_rows:,} you"
            " agreed to replace: someone changed it meanwhile. Nothing was written; look at the rows"
            " and import again."
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
        if frame.height >= inventories.MAX_ROWS:
            raise InvalidInput(
                "record", f"an inventory holds at most {inventories.MAX_ROWS:,} rows; delete some first."
            )
        merged = dict.fromkeys(RECORD_FIELDS) | clean
    candidate = pl.DataFrame([{"row": 0, **merged}], schema=ACTIVITY_SCHEMA)
    try:
        computed = inventories._calculate(inventory, city, pl.concat([frame, candidate]))
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


def get_activity(session: Session, actor: Actor, inventory_id: int, record_id: int) -> dict[str, Any]:
    """One activity row of a draft inventory, with its id and version, for the actor who may
    change it (the edit and delete-confirmation pages): other cities' rows stay unseen."""
    inventory, _ = _editable(session, actor, inventory_id)
    record = session.get(ActivityRecord, record_id)
    if record is None or record.inventory_id != inventory.id:
        raise NotFound("activity record", record_id)
    return {"id": record.id, "version": record.version} | {n: getattr(record, n) for n in RECORD_FIELDS}


def _without(session: Session, inventory: Inventory, city: City, record_id: int) -> InventoryCalculation:
    record = session.get(ActivityRecord, record_id)
    if record is None or record.inventory_id != inventory.id:
        raise NotFound("activity record", record_id)
    rest = activity_frame(session, inventory.id).filter(pl.col("row") != record_id)
    return inventories._calculate(inventory, city, rest)


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
