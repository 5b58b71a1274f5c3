"""An import a person can follow: what "Replace all rows" would delete, the template to start from,
and an outcome that lists what was added or refused (with the refused rows to download and fix).

A file is still all or nothing (a failed import writes nothing): the outcome of a file with a bad
row lists the problems and the rows they are in, and the inventory keeps every row it had.

"Replace all rows" is confirmed before the upload, not after it: the form shows how many rows would
go and how many of them were typed by hand, and asks for a second tick that carries that count.
The server checks the count it receives against the inventory under the write lock, so a row added
meanwhile is never deleted unseen, and nothing of an uploaded file is kept on the server between
two requests (no stash to bound, authorize and clean up).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Literal

import polars as pl
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.factor_library import DISTRICT_HEAT, ELECTRICITY, FUEL_ALIASES
from citypact.formats.activity_template import Fuel, template_csv, template_xlsx
from citypact.formats.errors import ImportErrors, ImportProblem
from citypact.formats.inventory_file import read_inventory_file
from citypact.formats.tables import read_text_table
from citypact.reference.factor_library import default_library
from citypact.services.inventory import inventories
from citypact.services.uploads import saved_upload, upload_name
from citypact.storage.db import Database
from citypact.storage.models import ActivityRecord, AuditEntry

TemplateFormat = Literal["csv", "xlsx"]
TEMPLATE_MEDIA_TYPES: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# How a refused row's reasons are joined in the download's reason column.
REASON_SEPARATOR = "; "
# The refused rows travel back in the result page (a data: URL); a few hostile huge cells must not
# make that page megabytes long.
MAX_REFUSED_CHARS = 1_000_000
_ID_CHUNK = 5_000  # ids per IN (...) list, well below SQLite's limit of bound parameters
_CARRIER_NAMES = {ELECTRICITY: "Grid electricity", DISTRICT_HEAT: "District heat"}


@dataclass(frozen=True)
class ReplaceCounts:
    """What "Replace all rows" would delete: every row, and how many of them a person typed in
    (or changed) by hand rather than imported."""

    rows: int
    by_hand: int


@dataclass
class ImportOutcome:
    """What one import did: rows added (all of the file) or, when any row has a problem, nothing,
    with the problems and the refused rows (as CSV with a reason column) to fix."""

    inventory_id: int
    year: int  # of the inventory
    file_name: str
    replace: bool
    rows_before: int
    rows_added: int = 0
    rows_after: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    total_problems: int = 0
    refused_rows: int = 0  # distinct rows of the file named by a listed problem
    refused_csv: str | None = None

    @property
    def written(self) -> bool:
        return not self.total_problems


def fuels() -> list[Fuel]:
    """The fuels the shipped factor library has factors for, with the everyday names that find them."""
    aliases: dict[str, list[str]] = {}
    for alias, key in FUEL_ALIASES.items():
        aliases.setdefault(key, []).append(alias)
    return [
        Fuel(code, _CARRIER_NAMES.get(code, code[:1].upper() + code[1:]), tuple(aliases.get(code, ())))
        for code in sorted(default_library().known_fuels())
    ]


def activity_template(kind: TemplateFormat, year: int | None = None) -> bytes:
    """The activity template with one example row (of `year`, when given), as CSV or XLSX."""
    return template_xlsx(fuels(), year) if kind == "xlsx" else template_csv(year)


def template_name(kind: TemplateFormat, year: int | None = None) -> str:
    return f"citypact-activities{f'-{year}' if year else ''}.{kind}"


def _last_replaced(session: Session, inventory_id: int) -> dt.datetime | None:
    """When an import last replaced every row of the inventory (its rows are all newer)."""
    imports = session.execute(
        select(AuditEntry.at, AuditEntry.after).where(
            AuditEntry.entity == "inventory",
            AuditEntry.entity_id == str(inventory_id),
            AuditEntry.action == "import",
        )
    ).all()
    times = [at for at, after in imports if isinstance(after, dict) and after.get("replace")]
    return max(times, default=None)


def replace_counts(session: Session, actor: Actor, inventory_id: int) -> ReplaceCounts:
    """How many rows "Replace all rows" would delete, and how many of them were typed by hand.

    Rows carry no origin of their own; the audit trail has one: a row added or changed by hand has
    a create or update entry. An id's latest entry decides (a deleted row's id may be given again to
    an imported row), and only entries after the last replacing import count (that import deleted
    every older row)."""
    inventory = inventories.check_editable(session, actor, inventory_id)
    of_inventory = ActivityRecord.inventory_id == inventory_id
    rows = int(session.scalar(select(func.count()).select_from(ActivityRecord).where(of_inventory)) or 0)
    if not rows:
        return ReplaceCounts(0, 0)
    since = _last_replaced(session, inventory_id)
    latest: dict[str, str] = {}
    entries = session.execute(
        select(AuditEntry.entity_id, AuditEntry.action, AuditEntry.at)
        .where(
            AuditEntry.entity == "activity_record",
            AuditEntry.city_id == inventory.city_id,
            AuditEntry.action.in_(("create", "update", "delete")),
        )
        .order_by(AuditEntry.id)
    )
    for entity_id, action, at in entries:
        if since is None or _utc(at) > _utc(since):
            latest[entity_id] = action
    # Counted in the database: an inventory may hold 100,000 rows, people type a few of them.
    hand = sorted(int(i) for i, action in latest.items() if action != "delete" and i.isdigit())
    by_hand = 0
    for start in range(0, len(hand), _ID_CHUNK):
        chunk = hand[start : start + _ID_CHUNK]
        found = session.scalar(
            select(func.count()).select_from(ActivityRecord).where(of_inventory, ActivityRecord.id.in_(chunk))
        )
        by_hand += int(found or 0)
    return ReplaceCounts(rows, by_hand)


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive times (stored as UTC), PostgreSQL aware ones."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def refused_csv(raw: pl.DataFrame, problems: list[ImportProblem]) -> tuple[str | None, int]:
    """The file's rows named by `problems`, as CSV with the file's columns and a `reason` column
    (its problems), and how many rows that is. None when no problem names a data row."""
    reasons: dict[int, list[str]] = {}
    for problem in problems:
        if problem.row is not None and problem.row >= 2:
            column = f"column '{problem.column}': " if problem.column else ""
            reasons.setdefault(problem.row, []).append(f"row {problem.row}, {column}{problem.message}")
    refused = raw.filter(pl.col("row").is_in(list(reasons))).sort("row")
    if refused.is_empty():
        return None, 0
    columns = [c for c in refused.columns if c != "row"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*columns, "reason"])
    for record in refused.iter_rows(named=True):
        reason = REASON_SEPARATOR.join(reasons[record["row"]])
        writer.writerow([*("" if record[c] is None else record[c] for c in columns), reason])
    text = buffer.getvalue()
    return (text if len(text) <= MAX_REFUSED_CHARS else None), refused.height


def _refused(outcome: ImportOutcome, errors: ImportErrors, raw: pl.DataFrame | None) -> ImportOutcome:
    outcome.problems, outcome.total_problems = errors.problems, errors.total
    if raw is not None:
        outcome.refused_csv, outcome.refused_rows = refused_csv(raw, errors.problems)
    return outcome


def _raw_rows(path: Path) -> pl.DataFrame | None:
    """The file's cells as text with their row numbers, for the refused rows; None when the file
    cannot be read as a table at all (its problem is then the whole file's)."""
    try:
        return read_text_table(path)
    except ImportErrors:
        return None


def import_reviewed(
    db: Database,
    actor: Actor,
    inventory_id: int,
    upload: bytes | BinaryIO,
    file_name: str,
    *,
    replace: bool = False,
    confirmed_rows: int | None = None,
) -> ImportOutcome:
    """Import a file into a draft inventory, all or nothing, and say what happened.

    With `replace`, `confirmed_rows` must be the number of rows the person was shown and agreed to
    delete; otherwise nothing is read and the outcome says why. The actor is authorized first; the
    file is read and computed outside the write transaction (as `imports.import_upload`)."""
    with db.read() as session:
        counts = replace_counts(session, actor, inventory_id)
        year = inventories.check_editable(session, actor, inventory_id).year
    outcome = ImportOutcome(inventory_id, year, upload_name(file_name), replace, rows_before=counts.rows)
    outcome.rows_after = counts.rows
    if replace and confirmed_rows != counts.rows:
        message = (
            f"'Replace all rows' deletes the {counts.rows:,} rows of the inventory ({counts.by_hand:,} of"
            " them typed by hand); tick the box that confirms it, or untick 'Replace all rows' to add"
            " the file's rows to them"
        )
        return _refused(outcome, ImportErrors([ImportProblem(outcome.file_name, None, None, message)]), None)
    with saved_upload(upload, file_name) as path:
        outcome.file_name = path.name
        try:
            activities = read_inventory_file(path)
            with db.read() as session:
                prepared = inventories.prepare_import(
                    session,
                    actor,
                    inventory_id,
                    activities,
                    file_name=path.name,
                    replace=replace,
                    expected_rows=counts.rows if replace else None,
                )
        except ImportErrors as errors:
            return _refused(outcome, errors, _raw_rows(path))
    with db.write() as session:
        inventories.store_import(session, actor, prepared)
        rows_after = session.scalar(
            select(func.count())
            .select_from(ActivityRecord)
            .where(ActivityRecord.inventory_id == inventory_id)
        )
    outcome.rows_added = prepared.incoming.height
    outcome.rows_after = int(rows_after or 0)
    return outcome
