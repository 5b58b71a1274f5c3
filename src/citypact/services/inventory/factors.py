"""The factor library as people read it: its version, and its factors by fuel, sector and country."""

from __future__ import annotations

from typing import Any

import polars as pl

from citypact.domain.factor_library import fuel_key
from citypact.reference.factor_library import GWP_SETS, default_library, gwp_set

# AR6-split holds CH4_fossil and CH4_non_fossil in place of CH4.
SHOWN_GASES = ("CO2", "CH4", "CH4_fossil", "CH4_non_fossil", "N2O", "SF6", "NF3")


def describe() -> dict[str, Any]:
    library = default_library()
    return {
        "name": library.name,
        "version": library.version,
        "locked": library.locked,
        "combustion_factors": library.combustion.height,
        "per_tonne_factors": library.per_tonne.height,
        "net_calorific_values": library.ncv.height,
        "densities": library.density.height,
        "grid_countries": library.grid["country"].n_unique(),
        "gwp_sets": {
            name: {g: gwp_set(name).values[g] for g in SHOWN_GASES if g in gwp_set(name).values}
            for name in GWP_SETS
        },
        "units": {"combustion": "kg/TJ (net calorific basis)", "per_tonne": "kg/t", "grid": "kg CO2e/TJ"},
    }


def combustion_factors(fuel: str | None = None, category: str | None = None) -> list[dict[str, Any]]:
    """Default factors (kg/TJ) with NCV (TJ/t) and density (t/m3), filtered by fuel and IPCC sector."""
    library = default_library()
    table = library.combustion.join(
        library.ncv.select("fuel_key", pl.col("tj_per_t")), on="fuel_key", how="left"
    ).join(library.density.select("fuel_key", "t_per_m3"), on="fuel_key", how="left")
    if fuel:
        table = table.filter(pl.col("fuel_key") == fuel_key(fuel))
    if category:
        table = table.filter(pl.col("category") == category)
    return table.to_dicts()


def grid_factors(country: str) -> list[dict[str, Any]]:
    """National grid carbon intensity by year, in g CO2e/kWh and kg CO2e/TJ, with its basis."""
    grid = default_library().grid.filter(pl.col("country") == country.upper())
    return grid.with_columns((pl.col("kg_co2e_per_tj") / (1e9 / 3.6e6)).alias("g_co2e_per_kwh")).to_dicts()
