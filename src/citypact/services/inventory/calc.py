"""Compute a GPC inventory from activity data: no database needed (the CLI's `inventory calc`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from citypact.domain.activity import ActivityErrors
from citypact.domain.calculation import compute_emissions
from citypact.domain.factor_library import FactorLibrary
from citypact.domain.inventory import InventoryTotals, totals
from citypact.domain.plausibility import duplicate_rows
from citypact.formats.errors import TRUSTED_LIMITS, ImportErrors, ImportProblem
from citypact.formats.inventory_file import read_inventory_file
from citypact.reference.factor_library import default_library, gwp_set
from citypact.services.errors import InvalidInput


@dataclass(frozen=True)
class InventoryCalculation:
    """Per-row emissions and the GPC totals of one inventory."""

    rows: pl.DataFrame
    totals: InventoryTotals
    library: FactorLibrary
    country: str | None
    year: int | None

    def as_json(self) -> dict[str, Any]:
        t = self.totals
        notation = self.rows.filter(pl.col("notation_key").is_not_null())
        return {
            "gwp": t.gwp,
            "factor_library": self.library.label,
            "country": self.country,
            "year": self.year,
            "units": {
                "totals": "t CO2e",
                "by_ref": "t CO2e",
                "by_gas": "t",
                "co2e_not_split_by_gas": "t CO2e",
                "biogenic_co2": "t",
            },
            "totals": {
                "basic": t.basic,
                "basic_plus": t.basic_plus,
                "territorial": t.territorial,
                "scope1": t.scope1,
                "scope2": t.scope2,
                "scope3": t.scope3,
            },
            "by_ref": t.by_ref,
            "by_gas": t.by_gas,
            # Grid factors and reported totals are CO2e only: in the totals, in none of by_gas.
            "co2e_not_split_by_gas": t.co2e_not_by_gas,
            "biogenic_co2": t.biogenic_co2,
            "other_gwp": t.other_gwp,
            "scope2_market_based_memo": t.scope2_market,
            "notation_keys": {
                ref: sorted(set(keys))
                for ref, keys in notation.group_by("gpc_ref").agg("notation_key").iter_rows()
            },
            "warnings": self.warnings(),
            "rows": self.rows.height,
        }

    def warnings(self) -> list[str]:
        """What the reader must know about the factors used: a grid year carried forward, a
        country without a national grid factor."""
        carried = self.rows.filter(pl.col("factor_source").cast(pl.String).str.contains("carried forward"))
        said = [
            f"grid factor: {source}"
            for source in carried["factor_source"].cast(pl.String).unique().sort().to_list()
        ]
        said.extend(life_cycle_warnings(self.rows))
        said.extend(duplicate_warnings(self.rows))
        said.extend(mixed_gwp_warnings(self.rows, self.totals.gwp))
        if self.country is not None and self.country.upper() not in set(self.library.grid["country"]):
            said.append(
                f"no national grid factor for {self.country.upper()}: grid electricity needs a user factor"
            )
        return said


def life_cycle_warnings(rows: pl.DataFrame) -> list[str]:
    """Scope-2 rows whose national grid factor is life-cycle: the GPC's scope 2 is the combustion
    emission, so the figure includes the upstream share (fuel supply, methane leaks)."""
    used = rows.filter((pl.col("factor_kind") == "grid_life_cycle") & (pl.col("scope") == 2))
    # A market-based row names its memo factor after the grid's source: the grid's part is the key.
    grid = pl.col("factor_source").cast(pl.String).str.split("; market-based").list.first()
    return [
        f"rows {_row_list(numbers)}: scope 2 uses a life-cycle grid factor ({source}), upstream"
        " emissions included, as no direct (combustion) figure is published for this country and"
        " year; give a location-based factor (ef_co2 with ef_basis location) if you have one"
        for source, numbers in used.group_by(grid.alias("grid"))
        .agg(pl.col("row").sort())
        .sort("grid")
        .iter_rows()
    ]


def _row_list(numbers: list[int], shown: int = 10) -> str:
    more = f" and {len(numbers) - shown} more" if len(numbers) > shown else ""
    return ", ".join(str(n) for n in numbers[:shown]) + more


def duplicate_warnings(rows: pl.DataFrame) -> list[str]:
    """Rows that repeat another's reference, fuel, amount and unit (domain.plausibility), in words:
    said, not refused, since two equal deliveries happen."""
    return [
        f"rows {', '.join(str(r) for r in w.rows)} repeat {w.figures['gpc_ref']}, {w.figures['fuel']},"
        f" {w.figures['amount']:g} {w.figures['unit']}: counted once each; delete the copies if they"
        " are one activity"
        for w in duplicate_rows(rows)[:20]
    ]


def mixed_gwp_warnings(rows: pl.DataFrame, gwp: str) -> list[str]:
    """Rows whose CO2e stays under another GWP set (reported without a gas split to reweigh)."""
    mixed = (
        rows.filter(pl.col("other_gwp").is_not_null())
        .group_by("other_gwp")
        .agg(pl.col("row").sort(), pl.col("co2e_t").sum())
        .sort("other_gwp")
    )
    said = []
    for other, numbers, tonnes in mixed.iter_rows():
        shown = ", ".join(str(r) for r in numbers[:20]) + (" ..." if len(numbers) > 20 else "")
        said.append(
            f"mixed GWP sets: rows {shown} keep their {other} CO2e ({tonnes:,.1f} t): reported without"
            f" a gas split, they cannot be reweighed under {gwp}; replace them by their activity data,"
            " or import them with a gas split that adds up, to recompute them"
        )
    return said


def with_file_name(errors: ActivityErrors, file: str) -> ImportErrors:
    """The engine's row problems as import problems of `file`."""
    problems = [ImportProblem(file, p.row, p.column, p.message) for p in errors.problems]
    return ImportErrors(problems, errors.total)


def calculate(
    activities: pl.DataFrame,
    *,
    country: str | None,
    year: int | None,
    gwp: str,
    library: FactorLibrary | None = None,
) -> InventoryCalculation:
    """Emissions and totals of one inventory's activity table (ActivityErrors on bad rows)."""
    library = library or default_library()
    if country is not None and not re.fullmatch(r"[A-Za-z]{2}", country.strip()):
        raise InvalidInput(
            "country", f"{country!r} is not a country code; give its ISO 3166 code, e.g. DE, JP, US"
        )
    gwp_values = gwp_set(gwp)
    rows = compute_emissions(activities, library, gwp_values, country=country, year=year)
    return InventoryCalculation(rows, totals(rows, gwp_values.name), library, country, year)


def calculate_file(
    path: str | Path, *, country: str | None, year: int | None, gwp: str
) -> InventoryCalculation:
    """Read activity data (the template in CSV or XLSX, or a CityCatalyst export: the uploads'
    reader) and compute it; ImportErrors name file, row and column."""
    activities = read_inventory_file(path, limits=TRUSTED_LIMITS)  # the user's own file on their machine
    try:
        return calculate(activities, country=country, year=year, gwp=gwp)
    except ActivityErrors as errors:
        raise with_file_name(errors, Path(path).name) from None
