"""Benchmark indicators of a city-year: what each measures, its unit, which way is better.

Every indicator is a ratio of two figures a city-year may or may not have. Where either is missing
(or the denominator is not positive) the indicator is missing (null), never 0: a city that did not
report transport has no transport figure, not a clean one.

Input columns of a city-year table (all optional but ``city_id`` and ``year``; null where unknown):

- ``population`` (persons), ``gdp_usd`` (GDP at purchasing-power parity, USD)
- ``scope1_t`` (territorial emissions, t CO2e), ``basic_t`` (GPC BASIC, t CO2e)
- ``stationary_t``, ``transport_t``, ``waste_t`` (GPC sectors I, II, III of BASIC, t CO2e)
- ``stationary_mwh``, ``transport_mwh`` (final energy), ``electricity_mwh`` (grid electricity used)
- ``renewable_share_pct`` (share of renewable electricity, percent)
- ``grid_kg_per_kwh`` (national grid carbon intensity, location-based)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

import polars as pl

Direction = Literal["lower", "higher"]


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    unit: str
    direction: Direction  # which way is better
    numerator: str
    denominator: str | None  # None: the figure itself
    scale: float = 1.0  # numerator / denominator * scale is in `unit`


INDICATORS: Final = (
    Indicator("scope1_per_capita", "Territorial emissions per capita", "t CO2e/person", "lower",
              "scope1_t", "population"),
    Indicator("basic_per_capita", "GPC BASIC emissions per capita", "t CO2e/person", "lower",
              "basic_t", "population"),
    Indicator("basic_per_gdp", "GPC BASIC emissions per GDP", "kg CO2e/USD", "lower",
              "basic_t", "gdp_usd", 1000.0),
    Indicator("stationary_per_capita", "Stationary energy emissions per capita", "t CO2e/person", "lower",
              "stationary_t", "population"),
    Indicator("transport_per_capita", "Transport emissions per capita", "t CO2e/person", "lower",
              "transport_t", "population"),
    Indicator("waste_per_capita", "Waste emissions per capita", "t CO2e/person", "lower",
              "waste_t", "population"),
    Indicator("stationary_energy_per_capita", "Stationary final energy per capita", "MWh/person", "lower",
              "stationary_mwh", "population"),
    Indicator("transport_energy_per_capita", "Transport final energy per capita", "MWh/person", "lower",
              "transport_mwh", "population"),
    Indicator("electricity_per_capita", "Electricity use per capita", "MWh/person", "lower",
              "electricity_mwh", "population"),
    Indicator("renewable_electricity_share", "Share of renewable electricity", "%", "higher",
              "renewable_share_pct", None),
    Indicator("grid_intensity", "National grid carbon intensity", "kg CO2/kWh", "lower",
              "grid_kg_per_kwh", None),
)  # fmt: skip
BY_CODE: Final = {i.code: i for i in INDICATORS}
INPUT_COLUMNS: Final = tuple(
    dict.fromkeys(c for i in INDICATORS for c in (i.numerator, i.denominator) if c is not None)
)


def _ratio(indicator: Indicator) -> pl.Expr:
    value = pl.col(indicator.numerator).cast(pl.Float64)
    if indicator.denominator is None:
        return value
    denominator = pl.col(indicator.denominator).cast(pl.Float64)
    return pl.when(denominator > 0).then(value / denominator * indicator.scale).otherwise(None)


def indicator_table(city_years: pl.DataFrame) -> pl.DataFrame:
    """``city_id``, ``year`` and one column per indicator (null where an input is missing).

    Columns the table lacks count as missing everywhere. NaN inputs count as missing too.
    """
    present = set(city_years.columns)
    absent = [pl.lit(None, pl.Float64).alias(c) for c in INPUT_COLUMNS if c not in present]
    frame = city_years.with_columns(absent) if absent else city_years
    frame = frame.with_columns(pl.col(c).cast(pl.Float64).fill_nan(None) for c in INPUT_COLUMNS)
    return frame.select("city_id", "year", *(_ratio(i).alias(i.code) for i in INDICATORS))


MWH_PER_TJ: Final = 1e6 / 3600.0  # 1 TJ = 10^6 MJ, 1 MWh = 3,600 MJ
# Final energy: fuel combustion (.1) and grid energy (.2) of the GPC's stationary sub-sectors where
# energy is used (not I.4 energy industries, not I.7/I.8 fugitive emissions) and of transport.
_FINAL_ENERGY = r"^(I\.[12356]|II\.\d)\.[12]$"


def final_energy(emissions: pl.DataFrame) -> pl.DataFrame:
    """Per inventory: stationary, transport and grid-electricity final energy in MWh, from the engine's
    rows (columns ``inventory``, ``gpc_ref``, ``fuel``, ``activity_tj``). Rows whose activity is not
    energy (distance, waste) have no ``activity_tj`` and add nothing."""
    used = emissions.filter(
        pl.col("gpc_ref").str.contains(_FINAL_ENERGY) & pl.col("activity_tj").is_not_null()
    )
    mwh = pl.col("activity_tj") * MWH_PER_TJ
    return used.group_by("inventory").agg(
        stationary_mwh=mwh.filter(pl.col("gpc_ref").str.starts_with("I.")).sum(),
        transport_mwh=mwh.filter(pl.col("gpc_ref").str.starts_with("II.")).sum(),
        electricity_mwh=mwh.filter(pl.col("fuel").str.to_lowercase() == "electricity").sum(),
    )


def carriers(emissions: pl.DataFrame) -> tuple[dict[str, float], dict[str, float]]:
    """Final energy (MWh) and emissions (t CO2e) per energy carrier of one inventory's rows, the input
    of an LMDI decomposition."""
    used = emissions.filter(
        pl.col("gpc_ref").str.contains(_FINAL_ENERGY) & pl.col("activity_tj").is_not_null()
    )
    by_fuel = used.group_by(pl.col("fuel").str.to_lowercase().alias("carrier")).agg(
        mwh=(pl.col("activity_tj") * MWH_PER_TJ).sum(), co2e=pl.col("co2e_t").fill_null(0.0).sum()
    )
    energy = dict(zip(by_fuel["carrier"], by_fuel["mwh"], strict=True))
    emitted = dict(zip(by_fuel["carrier"], by_fuel["co2e"], strict=True))
    return energy, emitted
