"""The seed library of real best-practice cases of municipal climate measures (Capability 3).

`data/best_practice_cases.csv` holds one row per case: a city's measure, classified by field of action,
instrument and degree of implementation (codes of `citypact.domain.measures`), with titles in English,
German and Japanese, what the city did and achieved, and the public source every fact was taken from.
`measure_code` is the catalogue's measure type the case is an example of.

Rows are counted as in a spreadsheet: the header is row 1, the first case row 2.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

import polars as pl

from citypact.domain.measures import ClassificationError, check_axis, check_tags
from citypact.reference.paths import BUNDLE_DIR

CASES_FILE: Final = BUNDLE_DIR / "best_practice_cases.csv"

_DTYPES: Final[dict[str, pl.DataType]] = {
    "key": pl.String(),
    "city": pl.String(),
    "country": pl.String(),
    "measure_code": pl.String(),
    "field": pl.String(),
    "instrument": pl.String(),
    "implementation": pl.String(),
    "start_year": pl.Int32(),
    "title_en": pl.String(),
    "title_de": pl.String(),
    "title_ja": pl.String(),
    "summary_en": pl.String(),
    "results_en": pl.String(),
    "reduction_t_per_year": pl.Float64(),
    "cost_note_en": pl.String(),
    "co_benefits": pl.List(pl.String()),
    "lessons_en": pl.String(),
    "contact": pl.String(),
    "source_url": pl.String(),
    "source_note": pl.String(),
}
SCHEMA: Final = pl.Schema(_DTYPES)
# Text that every case must have; the others (measure_code, reduction, cost note, co-benefits) may be empty.
REQUIRED: Final = (
    "key",
    "city",
    "country",
    "field",
    "instrument",
    "implementation",
    "start_year",
    "title_en",
    "title_de",
    "title_ja",
    "summary_en",
    "results_en",
    "lessons_en",
    "contact",
    "source_url",
    "source_note",
)
OPTIONAL_TEXT: Final = ("measure_code", "cost_note_en")
AXIS_COLUMNS: Final = ("field", "instrument", "implementation")
EARLIEST_YEAR: Final = 1900
KEY_PATTERN: Final = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
COUNTRY_PATTERN: Final = re.compile(r"[A-Z]{2}")


@dataclass(frozen=True)
class Problem:
    """One bad cell: the CSV row (header = row 1) and column, and what is wrong."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


class CaseDataError(ValueError):
    """The cases file is malformed; `problems` names every bad cell by row and column."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        listed = "; ".join(str(p) for p in problems)
        super().__init__(f"{path.name}: {len(problems)} problem(s): {listed}")


def read_best_practice_cases(path: Path | None = None) -> pl.DataFrame:
    """The best-practice cases as a frame with the explicit `SCHEMA` (co_benefits as a list of codes).

    Every problem in the file (an unknown code, a malformed country, key or year, a duplicate key, a
    missing text or an insecure source URL) is collected and raised together as a CaseDataError that
    names each row and column.
    """
    path = CASES_FILE if path is None else path
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        missing = [name for name in SCHEMA.names() if name not in header]
        unknown = [name for name in header if name not in SCHEMA]
        if missing or unknown:
            header_problems = [Problem(1, name, "column missing") for name in missing]
            header_problems += [Problem(1, name, "unknown column") for name in unknown]
            raise CaseDataError(path, header_problems)
        records = [(number, row) for number, row in enumerate(reader, start=2)]

    problems: list[Problem] = []
    rows = [_parse_row(number, raw, problems) for number, raw in records]
    first_row_of: dict[str, int] = {}
    for (number, _), parsed in zip(records, rows, strict=True):
        key = parsed["key"]
        if not isinstance(key, str) or not key:
            continue
        if key in first_row_of:
            problems.append(
                Problem(number, "key", f"duplicate key {key!r} (first in row {first_row_of[key]})")
            )
        else:
            first_row_of[key] = number
    if problems:
        raise CaseDataError(path, problems)
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")


def _parse_row(number: int, raw: Mapping[str, str | None], problems: list[Problem]) -> dict[str, object]:
    """One CSV row as typed values; every problem found is appended to `problems`."""

    def text(column: str) -> str:
        return (raw.get(column) or "").strip()

    def bad(column: str, message: str) -> None:
        problems.append(Problem(number, column, message))

    out: dict[str, object] = {name: text(name) for name in SCHEMA.names()}
    for column in REQUIRED:
        if not text(column):
            bad(column, "empty; every case needs it")
    for column in OPTIONAL_TEXT:
        out[column] = text(column) or None

    key = text("key")
    if key and not KEY_PATTERN.fullmatch(key):
        bad("key", f"{key!r} is not snake_case (lower-case letters, digits and single underscores)")
    country = text("country")
    if country and not COUNTRY_PATTERN.fullmatch(country):
        bad("country", f"{country!r} is not an ISO 3166 alpha-2 code (two upper-case letters)")
    for column in AXIS_COLUMNS:
        value = text(column)
        if value:
            try:
                check_axis(column, value)
            except ClassificationError as error:
                bad(column, error.message)

    out["start_year"] = None
    year = text("start_year")
    if year:
        latest = date.today().year + 5
        if not year.isdigit():
            bad("start_year", f"{year!r} is not a year")
        elif not EARLIEST_YEAR <= int(year) <= latest:
            bad("start_year", f"{year} is not plausible (expected {EARLIEST_YEAR} to {latest})")
        else:
            out["start_year"] = int(year)

    out["reduction_t_per_year"] = None
    reduction = text("reduction_t_per_year")
    if reduction:
        try:
            tonnes = float(reduction)
        except ValueError:
            bad("reduction_t_per_year", f"{reduction!r} is not a number of tonnes")
        else:
            if not tonnes > 0:
                bad("reduction_t_per_year", f"{reduction} must be positive (leave empty when unknown)")
            out["reduction_t_per_year"] = tonnes

    out["co_benefits"] = []
    benefits = [part.strip() for part in text("co_benefits").split(";") if part.strip()]
    try:
        out["co_benefits"] = list(check_tags("co_benefits", benefits))
    except ClassificationError as error:
        bad("co_benefits", error.message)

    url = text("source_url")
    if url and (not url.startswith("https://") or any(c.isspace() for c in url)):
        bad("source_url", f"{url!r} is not an https:// address")
    return out
