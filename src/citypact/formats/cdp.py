"""Read the CDP/ICLEI city-wide emissions files (CDP Open Data Portal, reporting years 2016-2019+).

The layout changes between years (2016; 2017; 2018 onwards), and headers carry zero-width and
non-breaking spaces, so columns are found by meaning: a header is normalized (NFKC, invisible
characters removed, lower case, "+" spelled "plus", punctuation as spaces) and matched on key
phrases ("account number", "total scope 1", "total basic plus", "accounting year" or "measurement
year", ...). A later year's file with reordered or slightly renamed columns reads as well.

Decisions, all visible in the output:
- One output row per record; records without any emission figure are kept, `has_emissions` false.
- `inventory_year`: a period "2013-07-01 - 2014-06-30" gives the calendar year holding most of its
  days; when another year holds nearly as many (within 31 days, as July-June fiscal years do: 184
  against 181 days) the later year wins, as fiscal years are usually named and as the 2016 file
  itself reports them (its "Measurement Year" is one date, the period's end, e.g. "06/30/2015 12:00:00
  AM" -> 2015). So "2015-01-01 - 2016-01-01" -> 2015, "2015-04-01 - 2016-03-31" -> 2015,
  "2015-10-01 - 2016-09-30" -> 2016, "2005-01-01 - 2012-12-31" -> 2012. With only one date given
  ("- 2017-12-31", "2016-01-01 -") its year; "-" or empty gives null.
- Columns are found by their meaning, with or without "Scope n" in the header: direct emissions =
  scope 1, indirect emissions from grid-supplied energy = scope 2, emissions outside the city
  boundary = scope 3, each as a TOTAL or as the components below.
- From 2019 many cities report only the six direct / indirect / outside-boundary components (split
  by generation of grid-supplied energy and everything else), never with the TOTAL columns. Where a
  TOTAL Scope n is missing and its "excluding grid generation" component is reported, the total is
  built as that component plus the grid-generation component when reported (a blank grid-generation
  cell counts as no in-boundary generation), and `totals_built_from_components` is true. A missing
  figure otherwise stays null, never 0. "Not Applicable", "N/A" and "-" mean not reported.
- `population_year` 0 (2019 file) means not reported: null. `population` is a head count: in the
  2018 file 31 populations are written with a dot ("676.149" for Osasco, "11253.503" for Sao Paulo):
  groups of three digits after dots are read as thousands (676149); the 4 others ("1435.3" for
  Chengdu, which is about 14 million, "1158.7", "226.68", "230.77") cannot be read safely: null.
- `lat`/`lon` come from "(lat, lon)" (2016-2017) or "POINT (lon lat)" (2018+), found anywhere in the
  cell (one 2017 cell reads "_\n(25.790654, -80.130045)").
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from citypact.formats.errors import (
    ImportErrors,
    ImportProblem,
    Problems,
    clean_header,
    normalize_header,
    read_text_csv,
    to_number,
    to_whole_number,
)

Match = Callable[[str], bool]


def _has(*phrases: str, avoid: tuple[str, ...] = ()) -> Match:
    def match(text: str) -> bool:
        padded = f" {text} "
        return all(f" {p} " in padded for p in phrases) and not any(f" {a} " in padded for a in avoid)

    return match


def _is(phrase: str) -> Match:
    return lambda text: text == phrase


# What each scope is called when a layout leaves out "Scope n" (the GPC's own words): direct
# emissions in the boundary, indirect from grid-supplied energy, emissions outside the boundary.
SCOPE_WORDS = {1: ("direct emissions",), 2: ("indirect emissions",), 3: ("outside city boundary",)}


def _component(scope: int, excluding: bool) -> list[Match]:
    words = ("excluding", "generation") if excluding else ("generation",)
    avoid = ("total scope",) if excluding else ("total scope", "excluding")
    return [
        _has(f"scope {scope}", *words, avoid=avoid),
        _has(*SCOPE_WORDS[scope], *words, avoid=avoid),
    ]


def _total(scope: int) -> list[Match]:
    """ "Total Scope 1 ...", or a total named by the scope's words ("TOTAL direct emissions ...")."""
    named = _has("total", *SCOPE_WORDS[scope], avoid=("generation", "excluding"))
    return [_has(f"total scope {scope}"), lambda text: text.startswith("total") and named(text)]


COMPONENTS = {
    f"scope{n}_{kind}_t": _component(n, kind == "excluding_grid_generation")
    for n in (1, 2, 3)
    for kind in ("grid_generation", "excluding_grid_generation")
}
TOTALS = {
    "scope1_t": _total(1),
    "scope2_t": _total(2),
    "scope3_t": _total(3),
    "basic_t": [_has("total basic", avoid=("plus",))],
    "basic_plus_t": [_has("total basic plus")],
    "total_t": [_has("total city wide emissions"), lambda t: t.startswith("total emissions")],
}
# meaning -> alternatives, tried in order; "city" comes before "organization" so that in 2016
# "City Short Name" is the city and "City Name" (e.g. "Prefeitura de Palmas") the organization.
MEANINGS: dict[str, list[Match]] = {
    "account_number": [_has("account number")],
    "city": [_is("city short name"), _is("city"), _is("city name")],
    "organization": [_has("organization"), _is("city name")],
    "country": [_is("country")],
    "reporting_year": [_has("reporting year"), _has("year reported")],
    "inventory_year": [_has("accounting year"), _has("measurement year"), _has("inventory year")],
    "inventory_status": [_has("city wide emissions inventory")],
    "boundary": [_has("boundary", avoid=("emissions",))],
    "protocol": [_has("protocol", avoid=("comment", "column")), _has("methodology", avoid=("details",))],
    "gases": [_has("gases")],
    **TOTALS,
    **COMPONENTS,
    "population": [_has("population", avoid=("year",))],
    "population_year": [_has("population year")],
    "location": [_has("city location"), _is("location")],
}
# Columns of the CDP layouts 2016-2019 that hold no figure the import uses: read past quietly.
# Any other column the reader does not know is reported (a renamed figure column must not vanish).
KNOWN_UNUSED: tuple[Match, ...] = tuple(
    _has(*phrase.split())
    for phrase in (
        "c40", "region", "access", "reporting authority", "comment", "methodology details",
        "scopes included", "protocol column", "increase decrease", "reason for", "change in emissions",
        "chnage in emissions", "gdp", "temperature", "altitude", "land area", "country location",
        "last update", "common reporting framework",
    )
)  # fmt: skip
REQUIRED = ("account_number", "city", "country", "reporting_year", "inventory_year")
FIGURES = [*TOTALS, *COMPONENTS]
TEXT = ("city", "organization", "country", "inventory_status", "boundary", "protocol", "gases")
OUTPUT = [
    "row", "account_number", "city", "organization", "country", "reporting_year", "inventory_year",
    "period_start", "period_end", "inventory_status", "boundary", "protocol", "gases",
    "scope1_t", "scope2_t", "scope3_t", "basic_t", "basic_plus_t", "total_t", *COMPONENTS,
    "totals_built_from_components", "has_emissions", "population", "population_year", "lat", "lon",
]  # fmt: skip
NEAR_TIE_DAYS = 31
ISO = r"(\d{4}-\d{2}-\d{2})"
US_DATE = r"^(\d{1,2})/(\d{1,2})/(\d{4})"
NUM = r"([-+]?\d+(?:\.\d+)?)"


def _find_columns(headers: list[str]) -> dict[str, str]:
    """Meaning -> original header, each header used at most once."""
    normalized = [(h, normalize_header(h)) for h in headers]
    found: dict[str, str] = {}
    for meaning, alternatives in MEANINGS.items():
        for match in alternatives:
            hit = next((h for h, n in normalized if match(n) and h not in found.values()), None)
            if hit is not None:
                found[meaning] = hit
                break
    return found


def _layout(found: dict[str, str], file: str) -> str:
    missing = [m for m in REQUIRED if m not in found]
    if not any(f in found for f in FIGURES):
        missing.append("an emission figure (e.g. 'Total Scope 1 Emissions')")
    if missing:
        message = (
            "not a CDP city-wide emissions file: no column for "
            + ", ".join(m.replace("_", " ") for m in missing)
            + "; export the city-wide emissions dataset from the CDP open data portal with its headers"
        )
        raise ImportErrors([ImportProblem(file, 1, None, message)])
    if any(f in found for f in (*COMPONENTS, "basic_t", "basic_plus_t")):
        return "cdp-citywide-2018"
    if "measurement" in normalize_header(found["inventory_year"]):
        return "cdp-citywide-2016"
    return "cdp-citywide-2017"


def cdp_layout(path: str | Path) -> str:
    """Which CDP layout a file has: 'cdp-citywide-2016', '-2017' or '-2018' (2018 onwards, with
    GPC components and BASIC/BASIC+); ImportErrors naming the missing meanings otherwise."""
    raw = read_text_csv(path)
    return _layout(_find_columns(raw.columns), Path(path).name)


@dataclass(frozen=True)
class CdpFile:
    """A CDP file as read: its records (`read_cdp_citywide`'s columns), the header each meaning was
    read from (meaning -> header), and warnings about the header (unknown or repeated columns that
    are not read), each naming the column."""

    frame: pl.DataFrame
    columns: dict[str, str]
    warnings: list[ImportProblem]


def _header_positions(path: Path) -> list[str]:
    """The header cells as written (csv module: quoted headers may hold commas and line breaks)."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        return next(csv.reader(handle), [])


def _check_header(path: Path, found: dict[str, str], read_columns: list[str]) -> list[ImportProblem]:
    """Warnings for unknown and repeated columns; ImportErrors when a column the reader uses is
    repeated (which of the two holds the figures cannot be guessed)."""
    file = path.name
    headers = _header_positions(path)
    used = {normalize_header(h) for h in found.values()}
    positions: dict[str, list[int]] = {}
    for number, header in enumerate(headers, start=1):
        positions.setdefault(normalize_header(header), []).append(number)
    errors, warnings = [], []
    for normalized, numbers in positions.items():
        if len(numbers) < 2 or not normalized:
            continue
        name = clean_header(headers[numbers[0] - 1])
        where = ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"
        if normalized in used:
            errors.append(
                ImportProblem(file, 1, name, f"the column appears more than once (columns {where}) and "
                              "the import reads it: delete the copies, keep the one with the right figures, "
                              "and import again")
            )  # fmt: skip
        else:
            warnings.append(
                ImportProblem(file, 1, name, f"the column appears more than once (columns {where}); "
                              "it is not read, so nothing was lost")
            )  # fmt: skip
    if errors:
        raise ImportErrors(errors)
    taken = set(found.values())
    for column in read_columns:
        normalized = normalize_header(column)
        if column in taken or column == "row" or "_duplicated_" in column:
            continue
        if not any(match(normalized) for match in KNOWN_UNUSED):
            warnings.append(
                ImportProblem(file, 1, column, "not a column of the CDP city-wide layouts; it is not "
                              "read. If it holds emission figures, give it the CDP header (e.g. 'TOTAL "
                              "Direct emissions (metric tonnes CO2e)') and import again")
            )  # fmt: skip
    return warnings


def read_cdp_citywide(path: str | Path) -> pl.DataFrame:
    """The records of one CDP city-wide emissions file (`read_cdp_file` without the warnings)."""
    return read_cdp_file(path).frame


def read_cdp_file(path: str | Path) -> CdpFile:
    """Read one CDP city-wide emissions file; raise ImportErrors listing every problem.

    Columns: row (Int64), account_number (Int64), city, organization, country, reporting_year and
    inventory_year (Int32), period_start and period_end (Date, null if not given), inventory_status,
    boundary, protocol, gases; scope1_t, scope2_t, scope3_t, basic_t, basic_plus_t, total_t and the
    six components scope{1,2,3}_{grid_generation,excluding_grid_generation}_t (Float64, t CO2e;
    null where the layout has no such column); totals_built_from_components, has_emissions
    (Boolean); population (Int64), population_year (Int32), lat, lon (Float64).
    """
    file = Path(path).name
    raw = read_text_csv(path)
    found = _find_columns(raw.columns)
    _layout(found, file)
    warnings = _check_header(Path(path), found, raw.columns)
    problems = Problems()
    values: list[pl.Series] = [raw["row"]]
    for meaning in ("account_number", "reporting_year", "population", "population_year"):
        if meaning in found:
            count = meaning == "population"
            values.append(to_whole_number(raw, found[meaning], file, problems, count=count).alias(meaning))
    for meaning in FIGURES:
        if meaning in found:
            values.append(to_number(raw, found[meaning], file, problems, example="125000.5").alias(meaning))
    frame = pl.DataFrame(values).with_columns(
        *[raw[found[m]].str.strip_chars().alias(m) for m in TEXT if m in found],
        *[pl.lit(None, pl.Float64).alias(m) for m in FIGURES if m not in found],
        *[pl.lit(None, pl.String).alias(m) for m in TEXT if m not in found],
        *[pl.lit(None, pl.Int64).alias(m) for m in ("population", "population_year") if m not in found],
    )
    missing_account = raw.filter(pl.col(found["account_number"]).is_null())
    for (row,) in missing_account.select("row").iter_rows():
        problems.append(
            ImportProblem(
                file, row, found["account_number"], "account number missing; write the CDP account number"
            )
        )
    frame = pl.concat(
        [frame, _inventory_years(raw, found["inventory_year"], file, problems)], how="horizontal"
    )
    frame = pl.concat([frame, _locations(raw, found.get("location"), file, problems)], how="horizontal")
    if problems:
        raise ImportErrors(problems)
    built = {
        n: pl.col(f"scope{n}_t").is_null() & pl.col(f"scope{n}_excluding_grid_generation_t").is_not_null()
        for n in (1, 2, 3)
    }
    records = frame.with_columns(
        *[
            pl.when(built[n])
            .then(pl.sum_horizontal(f"scope{n}_excluding_grid_generation_t", f"scope{n}_grid_generation_t"))
            .otherwise(pl.col(f"scope{n}_t"))
            .alias(f"scope{n}_t")
            for n in (1, 2, 3)
        ],
        totals_built_from_components=pl.any_horizontal(*built.values()),
        has_emissions=pl.any_horizontal(pl.col(FIGURES).is_not_null()),
        reporting_year=pl.col("reporting_year").cast(pl.Int32),
        population_year=pl.when(pl.col("population_year") != 0)
        .then(pl.col("population_year"))
        .cast(pl.Int32),
    ).select(OUTPUT)
    return CdpFile(records, found, warnings)


def _inventory_years(
    raw: pl.DataFrame, column: str, file: str, problems: list[ImportProblem]
) -> pl.DataFrame:
    """inventory_year, period_start, period_end from a period, a US date-time or a plain year."""
    text = pl.col(column).str.strip_chars()
    us = text.str.extract_groups(US_DATE)
    us_date = pl.date(us.struct[2].cast(pl.Int32, strict=False), us.struct[0].cast(pl.Int8, strict=False),
                      us.struct[1].cast(pl.Int8, strict=False))  # fmt: skip
    parsed = raw.select(
        "row",
        text.alias("text"),
        text.str.extract(f"^{ISO}").str.to_date("%Y-%m-%d", strict=False).alias("period_start"),
        pl.coalesce(text.str.extract(f"{ISO}$").str.to_date("%Y-%m-%d", strict=False), us_date).alias(
            "period_end"
        ),
        text.str.extract(r"^(\d{4})$").cast(pl.Int32).alias("plain_year"),
    )
    start, end = pl.col("period_start"), pl.col("period_end")
    in_start_year = (pl.date(start.dt.year(), 12, 31) - start).dt.total_days() + 1
    in_end_year = (end - pl.date(end.dt.year(), 1, 1)).dt.total_days() + 1
    has_middle = end.dt.year() - start.dt.year() >= 2
    most = pl.max_horizontal(in_start_year, in_end_year, pl.when(has_middle).then(365).otherwise(0))
    year = (
        pl.when(start.is_null() | end.is_null() | (start.dt.year() == end.dt.year()))
        .then(pl.coalesce(end.dt.year(), start.dt.year(), pl.col("plain_year")))
        .when(in_end_year >= most - NEAR_TIE_DAYS)
        .then(end.dt.year())
        .when(has_middle & (most - NEAR_TIE_DAYS <= 365))
        .then(end.dt.year() - 1)
        .otherwise(start.dt.year())
    )
    parsed = parsed.with_columns(inventory_year=year.cast(pl.Int32))
    empty = pl.col("text").is_null() | pl.col("text").str.contains(r"^[-\s]*$")
    unreadable = ~empty & pl.col("inventory_year").is_null()
    backwards = (pl.col("period_end") < pl.col("period_start")) & (end.dt.year() != start.dt.year())
    for row, value in parsed.filter(unreadable | backwards).select("row", "text").iter_rows():
        problems.append(
            ImportProblem(
                file, row, column, f"{value!r} is not an accounting year; write a year such as 2018 "
                "or a period such as 2018-01-01 - 2018-12-31",
            )
        )  # fmt: skip
    return parsed.select("inventory_year", "period_start", "period_end")


def _locations(
    raw: pl.DataFrame, column: str | None, file: str, problems: list[ImportProblem]
) -> pl.DataFrame:
    """lat, lon from "(lat, lon)" (2016-2017) or "POINT (lon lat)" (2018 onwards)."""
    if column is None:
        return pl.DataFrame(
            {"lat": [None] * raw.height, "lon": [None] * raw.height},
            schema=dict.fromkeys(("lat", "lon"), pl.Float64),
        )
    text = pl.col(column).str.strip_chars()
    pair = text.str.extract_groups(rf"\(\s*{NUM}\s*,\s*{NUM}\s*\)")
    point = text.str.extract_groups(rf"(?i)POINT\s*\(\s*{NUM}\s+{NUM}\s*\)")
    parsed = raw.select(
        "row",
        text.alias("text"),
        pl.coalesce(pair.struct[0], point.struct[1]).cast(pl.Float64).alias("lat"),
        pl.coalesce(pair.struct[1], point.struct[0]).cast(pl.Float64).alias("lon"),
    )
    bad = pl.col("text").is_not_null() & (
        pl.col("lat").is_null() | (pl.col("lat").abs() > 90) | (pl.col("lon").abs() > 180)
    )
    for row, value in parsed.filter(bad).select("row", "text").iter_rows():
        problems.append(
            ImportProblem(
                file, row, column, f"{value!r} is not a location; write (lat, lon) or POINT (lon lat)"
            )
        )
    return parsed.select("lat", "lon")
