"""The shipped emission-factor library: IPCC 2006 combustion defaults, net calorific values, typical
densities of liquid fuels, and national grid carbon intensity (Ember; Our World in Data).

Sources (cite them wherever the factors are used):
* "2006 IPCC Guidelines for National Greenhouse Gas Inventories", Volume 2: Energy, Table 1.2 (NCV),
  Tables 1.4 and 2.2-2.5 (stationary combustion), chapter 3 (mobile combustion). See `factors`.
* Densities: `data/fuel_density.csv`, midpoints of the fuel standards' ranges (EN 228, EN 590, ...),
  each row naming its standard. They are typical values: a supplier's figure is better.
* Grid: `data/grid_factors.csv.gz` (derived by `citypact data derive`): Electricity Maps' direct
  (combustion) gCO2eq/kWh where a country-level zone has the year (ODbL), else Ember (2025); Our
  World in Data, national carbon intensity of electricity, a life-cycle gCO2eq/kWh (CC BY 4.0).
  Scope 2 under the GPC is the combustion emission at the plant, so direct wins; each row says
  which basis it is.

Mobile combustion: the IPCC tables give CO2 per fuel (Table 1.4, the same for every sector) and
CH4/N2O per vehicle or engine technology. Without a technology we take "Uncontrolled" where the table
lists it, otherwise the technology with the highest CH4 factor: the conservative choice the
guidelines ask for when the fleet is unknown.
"""

from __future__ import annotations

from functools import cache

import polars as pl

from citypact.domain.emissions import GwpSet
from citypact.domain.factor_library import FactorLibrary, fuel_key
from citypact.domain.waste import BIOLOGICAL_TREATMENT_EF
from citypact.reference.factors import FACTOR_DIR, read_combustion_factors, read_gwp, read_ncv

LIBRARY_NAME = "IPCC 2006 + Ember"
LIBRARY_VERSION = "2026.1"
KWH_PER_TJ = 1e12 / 3.6e6
IPCC = "2006 IPCC Guidelines for National Greenhouse Gas Inventories, "


def _key(column: str) -> pl.Expr:
    return pl.col(column).map_elements(fuel_key, return_dtype=pl.String).alias("fuel_key")


def combustion_defaults() -> pl.DataFrame:
    """fuel_key, category, CO2, CH4, N2O (kg/TJ), source: one row per fuel and IPCC sector."""
    raw = read_combustion_factors()
    co2 = raw.filter(pl.col("gas") == "CO2").group_by("fuel").agg(pl.col("value").first().alias("CO2"))
    # Mobile tables give CH4 and N2O only; their CO2 is the fuel's Table 1.4 value.
    co2_note = (
        pl.when(pl.col("table").str.contains("1.4", literal=True))
        .then(pl.lit(""))
        .otherwise(pl.lit("Vol.2 Table 1.4 (CO2); "))
    )
    preference = (
        pl.when(pl.col("technology").is_null())
        .then(0)
        .when(pl.col("technology") == "Uncontrolled")
        .then(1)
        .otherwise(2)
    )
    ch4 = raw.filter(pl.col("gas") == "CH4").select(
        "fuel", "category", "technology", pl.col("value").alias("ch4_value"), preference.alias("rank")
    )
    chosen = ch4.sort(["rank", "ch4_value"], descending=[False, True]).unique(
        ["fuel", "category"], keep="first", maintain_order=True
    )
    others = raw.filter(pl.col("gas").is_in(["CH4", "N2O"])).join(
        chosen.select("fuel", "category", "technology"),
        on=["fuel", "category", "technology"],
        nulls_equal=True,
    )
    wide = others.pivot(on="gas", index=["fuel", "category", "technology"], values="value").join(
        others.group_by("fuel", "category").agg(pl.col("table").unique().sort().str.join("; ")),
        on=["fuel", "category"],
    )
    return (
        wide.join(co2, on="fuel", how="left")
        .select(
            _key("fuel"),
            "category",
            "CO2",
            "CH4",
            "N2O",
            (
                pl.lit(IPCC)
                + co2_note
                + pl.col("table")
                + pl.when(pl.col("technology").is_not_null())
                .then(pl.lit(" (") + pl.col("technology") + pl.lit(")"))
                .otherwise(pl.lit(""))
            ).alias("source"),
        )
        .sort("fuel_key", "category")
    )


def _ncv() -> pl.DataFrame:
    return read_ncv().select(
        _key("fuel"),
        (pl.col("ncv_tj_per_gg") / 1000.0).alias("tj_per_t"),
        (pl.lit(IPCC) + pl.col("table")).alias("source"),
    )


def _density() -> pl.DataFrame:
    raw = pl.read_csv(FACTOR_DIR / "fuel_density.csv")
    return raw.select(_key("fuel"), "t_per_m3", "source")


# How a grid factor's row names its source (the year is added per row).
GRID_SOURCE_TEXT = {
    ("electricitymaps", "direct"): "Electricity Maps (ODbL), national grid, direct (combustion) CO2e",
    ("owid_ember", "life_cycle"): "Ember; Our World in Data, national grid, life-cycle CO2e"
    " (no direct figure for this year)",
}


def _grid() -> pl.DataFrame:
    raw = pl.read_csv(FACTOR_DIR / "grid_factors.csv.gz", schema_overrides={"year": pl.Int32})
    text = pl.DataFrame(
        [(source, basis, said) for (source, basis), said in GRID_SOURCE_TEXT.items()],
        schema=["source", "basis", "said"],
        orient="row",
    )
    return raw.join(text, on=["source", "basis"], how="left").select(
        "country",
        "year",
        (pl.col("g_co2e_per_kwh") * KWH_PER_TJ / 1000.0).alias("kg_co2e_per_tj"),
        "basis",
        pl.col("said").alias("source"),
    )


def _per_tonne() -> pl.DataFrame:
    """Biological treatment of waste, kg per tonne of wet waste (Vol. 5 Table 4.1; g/kg = kg/t)."""
    rows = [
        (fuel_key(method.replace("_", " ")), "biological_treatment", 0.0, ef["CH4"], ef["N2O"])
        for method, bases in BIOLOGICAL_TREATMENT_EF.items()
        for ef in (bases["wet"],)
    ]
    frame = pl.DataFrame(rows, schema=["fuel_key", "category", "CO2", "CH4", "N2O"], orient="row")
    return frame.with_columns(pl.lit(IPCC + "Vol.5 Table 4.1 (wet waste)").alias("source"))


@cache
def default_library() -> FactorLibrary:
    """The locked library shipped with this version of citypact."""
    return FactorLibrary(
        name=LIBRARY_NAME,
        version=LIBRARY_VERSION,
        locked=True,
        combustion=combustion_defaults(),
        ncv=_ncv(),
        density=_density(),
        grid=_grid(),
        per_tonne=_per_tonne(),
    )


AR6_SPLIT = "AR6-split"
GWP_SETS = ("AR4", "AR5", "AR6", AR6_SPLIT)

# AR6 GWP-100 of methane by origin: IPCC AR6 WG1 ch. 7, Table 7.15 (Forster et al. 2021, section 7.6.1.1):
# CH4-fossil 29.8 +/- 11, CH4-non fossil 27.0 +/- 11; the GHG Protocol's "IPCC Global Warming
# Potential Values" (version 2.0, August 2024) gives the same two figures. The single 27.9 of
# gwp.csv is Table 7.SM.7's, without the CO2 that fossil methane's carbon adds when it oxidises.
# Checked (search, Dec 2026) against Table 7.15 as quoted in USEPA/LCIAformatter issue 106
# ("CH4-fossil 29.8 +/- 11, CH4-non fossil 27.0 +/- 11") and the openclimatedata GWP table notes.
AR6_CH4_FOSSIL = 29.8
AR6_CH4_NON_FOSSIL = 27.0


def gwp_code(name: str) -> str | None:
    """The canonical spelling of a GWP set's name (case and spaces ignored), or None if unknown."""
    wanted = name.strip().upper()
    return next((code for code in GWP_SETS if code.upper() == wanted), None)


@cache
def gwp_set(name: str) -> GwpSet:
    """The 100-year GWPs of one IPCC assessment report (AR4, AR5, AR6), by species; AR6-split
    is AR6 with methane weighed by origin (CH4_fossil, CH4_non_fossil instead of CH4)."""
    key = gwp_code(name)
    if key is None:
        raise KeyError(f"unknown GWP set {name!r}; use one of {', '.join(GWP_SETS)}")
    column = "AR6" if key == AR6_SPLIT else key
    values = dict(read_gwp().select("species", column).drop_nulls().iter_rows())
    if key == AR6_SPLIT:
        del values["CH4"]
        values |= {"CH4_fossil": AR6_CH4_FOSSIL, "CH4_non_fossil": AR6_CH4_NON_FOSSIL}
    return GwpSet(name=key, values=values)
