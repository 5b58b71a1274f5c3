"""The activity-data template (CSV or XLSX): one row per activity of a GPC inventory.

Columns (header row 1, names case-insensitive):

| column | required | meaning |
|---|---|---|
| gpc_ref | yes | GPC reference number, e.g. I.1.1 |
| fuel | yes | IPCC 2006 fuel name (e.g. Natural Gas, Gas/Diesel Oil), `electricity` or `district_heat` |
| amount | yes | the activity amount; empty when a notation key is given; 0 is a true zero (1) |
| unit | yes | unit of the amount: kWh, MWh, GJ, TJ, therm, MMBtu, toe, t, kg, L, m3, gal, bbl, km ... (2) |
| notation_key | | NO, IE, NE or C, with an explanation |
| explanation | | why the notation key applies |
| source, year | | where the amount comes from, and its year |
| data_quality | | H, M or L for the activity data |
| ef_co2, ef_ch4, ef_n2o | | a user emission factor per unit of activity, in ef_unit |
| ef_unit | | e.g. kg/MWh, kg/t, g/kWh |
| ef_source | | required with a user factor |
| ef_data_quality | | H, M or L for the user factor |
| ef_basis | | grid electricity and district heat only: `location` or `market` (3) |

(1) "1.000" and "2,500" are refused: a thousands separator or a decimal point? Write 1000 or 2.5.
(2) Only the accepted spellings of domain/units.py ACTIVITY_UNITS (see docs/accounting.md): `mt` and
`ton` are refused as ambiguous, bbl is the 42-gallon oil barrel. Energy may end in GCV or NCV; therm,
Dth, MMBtu and Btu are gross by default (gas bills), every other unit net (IPCC).
(3) Scope 2 (GPC 1.1 section 6.6). A user factor on grid electricity or district heat with ef_basis
empty or `location` is the location-based factor and enters the totals (a US eGRID subregion, a
Japanese utility's factor): factor_kind `user_location`. With `market` (a supplier's or a contract's
factor) it is reported in the market-based memo, and the national grid factor stays the row's
location-based figure in the totals. ef_basis on any other row is refused.

The header may hold only these columns: a misspelt column must not be ignored silently.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import polars as pl

from citypact.domain.activity import ACTIVITY_SCHEMA, REPORTED_FIELDS, as_activity_table, canonical_basis
from citypact.formats.errors import (
    UPLOAD_LIMITS,
    ImportErrors,
    ImportProblem,
    Problems,
    TableLimits,
    to_number,
    to_whole_number,
)
from citypact.formats.tables import read_text_table

COLUMNS: Final = tuple(c for c in ACTIVITY_SCHEMA if c != "row" and c not in REPORTED_FIELDS)
REQUIRED: Final = ("gpc_ref", "fuel", "amount", "unit")
NUMBERS: Final = ("amount", "ef_co2", "ef_ch4", "ef_n2o")


def read_activity_table(path: str | Path, limits: TableLimits = UPLOAD_LIMITS) -> pl.DataFrame:
    """The template's rows as a canonical activity table, or ImportErrors naming the bad cells."""
    path = Path(path)
    name = path.name
    raw = read_text_table(path, limits)
    raw = raw.rename({c: c.strip().lower() for c in raw.columns if c != "row"})
    problems = Problems()
    unknown = [c for c in raw.columns if c != "row" and c not in COLUMNS]
    for column in unknown:
        problems.append(
            ImportProblem(name, 1, column, f"unknown column; the template's columns are {', '.join(COLUMNS)}")
        )
    for column in REQUIRED:
        if column not in raw.columns:
            problems.append(
                ImportProblem(name, 1, column, "required column missing; add it to the header row")
            )
    if problems:
        raise ImportErrors(problems)

    parsed = raw.with_columns(
        *(
            to_number(raw, c, name, problems, strict_separators=True).alias(c)
            for c in NUMBERS
            if c in raw.columns
        ),
        *([to_whole_number(raw, "year", name, problems).alias("year")] if "year" in raw.columns else []),
        # Stored as the canonical word: "Market " is market.
        *([canonical_basis(pl.col("ef_basis"))] if "ef_basis" in raw.columns else []),
    )
    if problems:
        raise ImportErrors(problems)
    return as_activity_table(parsed)
