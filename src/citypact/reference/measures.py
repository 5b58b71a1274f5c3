"""The catalogue of climate measure types: generic kinds of measures that local governments in Germany,
Japan and the USA commonly take, classified with the taxonomy of `citypact.domain.measures`.

What it is
----------
``data/measure_catalogue.csv`` lists measure *types* (e.g. "LED street lighting", "municipal heat
planning", "building energy benchmarking ordinance"), not one city's project. It draws on the kinds of
measures found in German municipal climate action plans (Klimaschutzkonzepte) and the catalogue areas
of the European Energy Award, Japanese local government action plans (地方公共団体実行計画, both the
区域施策編 for the territory and the 事務事業編 for the administration's own operations) and US city
climate action plans. Each type has a field of action, instrument, municipal role and the level that
decides it (a national feed-in tariff is "nation", a local parking fee "municipality"), titles in
English, German and Japanese, a one- or two-sentence summary, and tags (GPC sectors, European Green Deal
action fields, SDGs, co-benefits) and the countries where it is common (empty: all three).

Authorship and licence
----------------------
The catalogue is written by the citypact project in its own words; no text is copied from any source.
It is distributed under the project's licence.

How the figures were derived
----------------------------
``reduction_low``/``reduction_high`` give a typical reduction potential as a range in one of three units:
``t CO2e/yr per 1000 inhabitants``, ``% of sector emissions`` (the sector named in ``reduction_basis``)
or ``t CO2e/yr per unit`` (the unit named in ``reduction_basis``, e.g. "per 100 street lights").
Each range comes from simple arithmetic written out in ``reduction_note`` with round default values:
grid electricity about 0.4 kg CO2/kWh (0.35-0.45 where it matters), natural gas 0.2 kg CO2/kWh
(0.22 per kWh of heat after boiler losses), heating oil 0.27-0.3 kg CO2/kWh, a petrol car 0.17 kg
CO2/km, diesel 2.65 kg CO2/l, methane GWP 28 (AR5). Where no sensible typical figure exists (framework,
enabling, information and adaptation measures) the range is empty and the note says why. Costs
(``cost_low``/``cost_high``) are rough EUR figures in ``EUR per inhabitant and year``, ``EUR per t CO2e
avoided`` or ``EUR per unit`` (unit in ``cost_basis``); US and Japanese costs are of the same order.

These are orders of magnitude for orientation, for comparing measure types and asking the right
questions. They are not a substitute for a city's own estimate with its own activity data, grid factor
and baseline, and they fall as grids decarbonise.

Reading
-------
`read_measure_catalogue` reads the CSV with an explicit schema, splits the semicolon-separated tag
columns into lists, and checks every value against the taxonomy; any problem raises `CatalogueError`
(a ValueError) naming the file, the row (the spreadsheet row: the header is row 1) and the column.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Final

import polars as pl

from citypact.domain.measures import ClassificationError, check_axis, check_tags
from citypact.reference.paths import BUNDLE_DIR

CATALOGUE_CSV: Final = BUNDLE_DIR / "measure_catalogue.csv"

AXIS_COLUMNS: Final = ("field", "instrument", "municipal_role", "decision_level")
TAG_COLUMNS: Final = ("gpc_sectors", "green_deal", "sdgs", "co_benefits")
LIST_COLUMNS: Final = (*TAG_COLUMNS, "countries")
NUMBER_COLUMNS: Final = ("reduction_low", "reduction_high", "cost_low", "cost_high")
REQUIRED_TEXT: Final = ("code", "title_en", "title_de", "title_ja", "summary_en")
COUNTRIES: Final = ("DE", "JP", "US")

REDUCTION_PER_1000: Final = "t CO2e/yr per 1000 inhabitants"
REDUCTION_PERCENT: Final = "% of sector emissions"
REDUCTION_PER_UNIT: Final = "t CO2e/yr per unit"
REDUCTION_UNITS: Final = (REDUCTION_PER_1000, REDUCTION_PERCENT, REDUCTION_PER_UNIT)
COST_PER_INHABITANT: Final = "EUR per inhabitant and year"
COST_PER_TONNE: Final = "EUR per t CO2e avoided"
COST_PER_UNIT: Final = "EUR per unit"
COST_UNITS: Final = (COST_PER_INHABITANT, COST_PER_TONNE, COST_PER_UNIT)

_CODE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")

# The file as written: every column text, so that a bad number can be reported with its row.
CSV_SCHEMA: Final = pl.Schema(
    {
        "code": pl.String,
        "field": pl.String,
        "instrument": pl.String,
        "municipal_role": pl.String,
        "decision_level": pl.String,
        "title_en": pl.String,
        "title_de": pl.String,
        "title_ja": pl.String,
        "summary_en": pl.String,
        "reduction_low": pl.String,
        "reduction_high": pl.String,
        "reduction_unit": pl.String,
        "reduction_basis": pl.String,
        "reduction_note": pl.String,
        "cost_low": pl.String,
        "cost_high": pl.String,
        "cost_unit": pl.String,
        "cost_basis": pl.String,
        "gpc_sectors": pl.String,
        "green_deal": pl.String,
        "sdgs": pl.String,
        "co_benefits": pl.String,
        "countries": pl.String,
    }
)

# What `read_measure_catalogue` returns. Empty optional text is null; tag lists are empty, not null,
# and in taxonomy order.
_OUTPUT_TYPES: dict[str, pl.DataType] = dict(CSV_SCHEMA)
_OUTPUT_TYPES.update(dict.fromkeys(NUMBER_COLUMNS, pl.Float64()))
_OUTPUT_TYPES.update(dict.fromkeys(LIST_COLUMNS, pl.List(pl.String)))
MEASURE_CATALOGUE_SCHEMA: Final = pl.Schema(_OUTPUT_TYPES)


class CatalogueError(ValueError):
    """A problem in the catalogue file, naming the file, the row (header = row 1) and the column."""

    def __init__(self, path: Path, row: int | None, column: str, message: str) -> None:
        self.path = path
        self.row = row
        self.column = column
        self.message = message
        where = f"{path.name}" if row is None else f"{path.name}, row {row}"
        super().__init__(f"{where}, column {column!r}: {message}")


def read_measure_catalogue(path: Path | None = None) -> pl.DataFrame:
    """The measure-type catalogue, one row per type, in MEASURE_CATALOGUE_SCHEMA.

    Raises CatalogueError (a ValueError) naming the row and column of the first problem: a missing
    column, an empty title, a code outside the taxonomy, a duplicate code, a non-number, a negative
    figure, a low above its high, a unit outside the allowed ones or a per-unit figure without its basis.
    """
    source = CATALOGUE_CSV if path is None else Path(path)
    _check_header(source)
    raw = pl.read_csv(source, schema=CSV_SCHEMA, encoding="utf8", infer_schema=False)
    # The catalogue is about a hundred hand-written rows: checking row by row is cheap and lets every
    # message name its row.
    rows = raw.to_dicts()
    lists: dict[str, list[list[str]]] = {name: [] for name in LIST_COLUMNS}
    numbers: dict[str, list[float | None]] = {name: [] for name in NUMBER_COLUMNS}
    seen: dict[str, int] = {}
    for index, record in enumerate(rows):
        row = index + 2
        _check_text(source, row, record)
        code = record["code"]
        if code in seen:
            raise CatalogueError(source, row, "code", f"duplicate code {code!r} (first in row {seen[code]})")
        seen[code] = row
        for column in AXIS_COLUMNS:
            _check_axis(source, row, column, record[column])
        for column in TAG_COLUMNS:
            lists[column].append(_check_tags(source, row, column, record[column]))
        lists["countries"].append(_check_countries(source, row, record["countries"]))
        parsed = {column: _number(source, row, column, record[column]) for column in NUMBER_COLUMNS}
        _check_range(source, row, record, parsed, "reduction", REDUCTION_UNITS)
        _check_range(source, row, record, parsed, "cost", COST_UNITS)
        for column, value in parsed.items():
            numbers[column].append(value)
    frame = raw.with_columns(
        *(pl.Series(name, values, dtype=pl.Float64) for name, values in numbers.items()),
        *(pl.Series(name, values, dtype=pl.List(pl.String)) for name, values in lists.items()),
    )
    return frame.select(list(MEASURE_CATALOGUE_SCHEMA)).cast(MEASURE_CATALOGUE_SCHEMA)


def _check_header(path: Path) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh), [])
    expected = list(CSV_SCHEMA)
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        misplaced = [h for h, e in zip(header, expected, strict=False) if h != e]
        column = (missing or extra or misplaced or ["code"])[0]
        raise CatalogueError(
            path,
            1,
            column,
            f"header must be exactly {', '.join(expected)}"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + (f"; unknown {', '.join(extra)}" if extra else ""),
        )


def _check_text(path: Path, row: int, record: dict[str, str | None]) -> None:
    for column in REQUIRED_TEXT:
        value = record[column]
        if value is None or not value.strip():
            raise CatalogueError(path, row, column, "must not be empty")
    code = record["code"] or ""
    if not _CODE.match(code):
        raise CatalogueError(path, row, "code", f"{code!r} is not a snake_case code (a-z, 0-9, _)")


def _check_axis(path: Path, row: int, column: str, value: str | None) -> None:
    try:
        check_axis(column, (value or "").strip())
    except ClassificationError as err:
        raise CatalogueError(path, row, column, err.message) from err


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def _check_tags(path: Path, row: int, column: str, value: str | None) -> list[str]:
    try:
        return list(check_tags(column, _split(value)))
    except ClassificationError as err:
        raise CatalogueError(path, row, column, err.message) from err


def _check_countries(path: Path, row: int, value: str | None) -> list[str]:
    given = _split(value)
    unknown = [c for c in given if c not in COUNTRIES]
    if unknown:
        raise CatalogueError(
            path, row, "countries", f"unknown value {unknown[0]!r}; use {', '.join(COUNTRIES)} or leave empty"
        )
    return [c for c in COUNTRIES if c in given]


def _number(path: Path, row: int, column: str, value: str | None) -> float | None:
    if value is None or not value.strip():
        return None
    try:
        number = float(value)
    except ValueError:
        raise CatalogueError(path, row, column, f"{value!r} is not a number") from None
    if not number >= 0 or number == float("inf"):
        raise CatalogueError(path, row, column, f"{value!r} must be a finite number >= 0")
    return number


def _check_range(
    path: Path,
    row: int,
    record: dict[str, str | None],
    parsed: dict[str, float | None],
    prefix: str,
    units: tuple[str, ...],
) -> None:
    """`prefix`_low <= `prefix`_high, both or neither, a unit from `units` exactly when there are
    figures, and a basis for per-unit figures (and, for reductions, for the sector of a percentage)."""
    low, high = parsed[f"{prefix}_low"], parsed[f"{prefix}_high"]
    unit = (record[f"{prefix}_unit"] or "").strip()
    basis = (record[f"{prefix}_basis"] or "").strip()
    if (low is None) != (high is None):
        missing = f"{prefix}_low" if low is None else f"{prefix}_high"
        raise CatalogueError(path, row, missing, f"give both {prefix}_low and {prefix}_high, or neither")
    if low is None:
        if unit:
            raise CatalogueError(
                path, row, f"{prefix}_unit", f"a unit without {prefix}_low and {prefix}_high"
            )
        return
    assert high is not None
    if low > high:
        raise CatalogueError(path, row, f"{prefix}_low", f"{low:g} is above {prefix}_high {high:g}")
    if unit not in units:
        raise CatalogueError(
            path, row, f"{prefix}_unit", f"unknown unit {unit!r}; use one of {'; '.join(units)}"
        )
    needs_basis = unit in (REDUCTION_PER_UNIT, REDUCTION_PERCENT, COST_PER_UNIT)
    if needs_basis and not basis:
        what = "the sector" if unit == REDUCTION_PERCENT else "the unit, e.g. 'per 100 street lights'"
        raise CatalogueError(path, row, f"{prefix}_basis", f"name {what} for {unit!r}")
    if prefix == "reduction" and not (record["reduction_note"] or "").strip():
        raise CatalogueError(path, row, "reduction_note", "say how the reduction range is derived")
