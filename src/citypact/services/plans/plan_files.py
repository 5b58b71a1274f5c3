"""Plan files: a city's action plan exported as CSV or JSON, and plan files (CSV, XLSX, JSON) imported,
every row checked by the same rules as a form, nothing written when any row is bad."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, BinaryIO, Final

import polars as pl
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.formats.errors import ImportErrors, ImportProblem, Problems, TableLimits, too_many_rows
from citypact.formats.tables import read_text_table
from citypact.services.errors import InvalidInput, NotFound
from citypact.services.plans.action_plans import PLAN_COLUMNS, ActionPlan, save_plan_measure
from citypact.services.registry.city_edits import check_can_edit
from citypact.services.uploads import saved_upload
from citypact.storage.db import Database

# A city's plan is tens of measures, a network's programme a few hundred.
PLAN_LIMITS: Final = TableLimits(rows=2_000, columns=50, inflated_bytes=20_000_000)


def export_rows(plan: ActionPlan) -> list[dict[str, Any]]:
    """One flat row per plan measure, in the columns a plan file is imported with (and progress)."""
    rows = []
    for v in plan.measures:
        lists = ("measure", "gpc_refs", "co_benefits")
        row = {name: getattr(v, name, None) for name in PLAN_COLUMNS if name not in lists}
        row.update(
            measure=v.measure_code,
            gpc_refs=";".join(v.gpc_refs),
            co_benefits=";".join(v.co_benefits),
            progress=v.progress,
            milestones=[
                {
                    "title": m.title,
                    "due_date": m.due_date.isoformat(),
                    "done_date": m.done_date.isoformat() if m.done_date else None,
                }
                for m in v.milestones
            ],
        )
        rows.append({k: val.isoformat() if isinstance(val, dt.date) else val for k, val in row.items()})
    return rows


def export_csv(plan: ActionPlan) -> str:
    as_text = [{k: None if v is None else str(v) for k, v in r.items()} for r in export_rows(plan)]
    rows = [{k: v for k, v in r.items() if k != "milestones"} for r in as_text]
    columns = [*PLAN_COLUMNS, "progress"]
    if not rows:
        return ",".join(columns) + "\n"
    return pl.DataFrame(rows, schema=dict.fromkeys(columns, pl.String), orient="row").write_csv()


def read_plan_file(path: str | Path) -> list[tuple[int, dict[str, Any]]]:
    """(row number, values) of a plan file: CSV or XLSX (header row 1), or JSON (a list of objects);
    at most PLAN_LIMITS.rows measures (each is checked and saved on its own, under the write lock)."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ImportErrors([ImportProblem(path.name, None, None, f"not valid JSON ({error})")]) from None
        items = data.get("measures", data) if isinstance(data, dict) else data
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ImportErrors([ImportProblem(path.name, None, None, "give a list of measure objects")])
        if len(items) > PLAN_LIMITS.rows:
            raise too_many_rows(path.name, PLAN_LIMITS)
        return [(i + 1, {k: v for k, v in item.items() if k in PLAN_COLUMNS}) for i, item in enumerate(items)]
    frame = read_text_table(path, PLAN_LIMITS)
    unknown = Problems()
    for column in frame.columns:
        if column not in (*PLAN_COLUMNS, "row", "progress"):
            unknown.append(
                ImportProblem(path.name, 1, column, f"unknown column; use {', '.join(PLAN_COLUMNS)}")
            )
    if unknown:
        raise ImportErrors(unknown)
    return [
        (int(row.pop("row")), {k: v for k, v in row.items() if k in PLAN_COLUMNS and v not in (None, "")})
        for row in frame.iter_rows(named=True)
    ]


def store_plan_rows(
    session: Session, actor: Actor, city_id: int, rows: list[tuple[int, dict[str, Any]]], name: str
) -> int:
    """Add the measures of a read plan file to the city's plan; a bad row anywhere writes nothing."""
    check_can_edit(session, actor, city_id)
    problems = Problems()
    for row, values in rows:
        try:
            with session.begin_nested():
                save_plan_measure(session, actor, city_id, values)
        except (InvalidInput, NotFound) as error:
            column = error.field if isinstance(error, InvalidInput) else "measure"
            message = error.message if isinstance(error, InvalidInput) else str(error)
            problems.append(ImportProblem(name, row, column, message))
    if problems:
        raise ImportErrors(problems)
    return len(rows)


def import_plan(
    session: Session, actor: Actor, city_id: int, path: str | Path, *, file_name: str | None = None
) -> int:
    """Add every measure of a plan file to the city's plan; a bad row anywhere writes nothing."""
    check_can_edit(session, actor, city_id)  # before the file is read
    return store_plan_rows(session, actor, city_id, read_plan_file(path), file_name or Path(path).name)


def import_upload(db: Database, actor: Actor, city_id: int, upload: bytes | BinaryIO, file_name: str) -> int:
    """`import_plan` for an uploaded file: the actor is authorized before the file is saved or read,
    and the file is read before the write transaction begins."""
    with db.read() as session:
        check_can_edit(session, actor, city_id)
    with saved_upload(upload, file_name) as path:
        rows = read_plan_file(path)
    with db.write() as session:
        return store_plan_rows(session, actor, city_id, rows, path.name)
