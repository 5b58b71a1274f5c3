"""Default fuel-combustion emission factors, net calorific values and GWPs, shipped as compact tables.

Sources
-------
* Emission factors and net calorific values: **2006 IPCC Guidelines for National Greenhouse Gas
  Inventories**, Volume 2: Energy, chapters 1-3 (Table 1.2 NCV; Tables 1.4 and 2.2-2.5 stationary
  combustion; Tables 3.2.2, 3.3.1, 3.4.1, 3.5.3 and 3.6.5 mobile combustion), read from an export of the
  IPCC Emission Factor Database (EFDB, https://www.ipcc-nggip.iges.or.jp/EFDB/) kept in
  ``../shared/data/ipcc2006_fuel_combustion_emission_factors``. © IPCC. These are reference values:
  cite "2006 IPCC Guidelines for National Greenhouse Gas Inventories" wherever they are used. The IPCC
  notice restricts redistribution of the material, so only the bare figures of the default tables are
  kept (fuel, category, gas, value, table number), not the export itself.
* Global warming potentials: ``openclimatedata/globalwarmingpotentials`` (CC0 1.0), compiled from the
  GHG Protocol GWP table (SAR, AR4, AR5) and IPCC AR6 WG1 Table 7.SM.7, in
  ``../shared/data/gwp_values_ipcc``.

Regenerate with ``python -m citypact.reference.factors [SHARED_DIR]`` (default: $CITYPACT_SHARED_DATA,
else ``../shared/data`` from the working directory).

Shipped files (``src/citypact/reference/data``)
-----------------------------------------------
``ipcc2006_combustion.csv``: one row per (fuel, category, gas, technology); columns ``fuel``,
``category``, ``ipcc_category``, ``gas``, ``technology``, ``value``, ``lower``, ``upper``, ``unit``
(always kg/TJ, net calorific basis), ``table``. ``technology`` is empty for the sector defaults and
only set for the mobile-source rows the guidelines split by vehicle/engine (e.g. motor gasoline road
transport: uncontrolled / oxidation catalyst / low-mileage LDV 1995 or later). The EFDB export has no
lower/upper bounds, so ``lower`` and ``upper`` are empty throughout; they are kept so that the schema does
not change when bounds become available.

Category mapping (EFDB ``IPCC 2006 Source/Sink Category`` -> ``category``, ``ipcc_category``)::

    1.A.1 - Energy Industries                          -> energy_industries, 1.A.1           (Table 2.2)
    1.A.2 - Manufacturing Industries and Construction  -> manufacturing_construction, 1.A.2  (Table 2.3)
    1.A.4.a - Commercial/Institutional                 -> commercial_institutional, 1.A.4.a  (Table 2.4)
    1.A.4.b - Residential | 1.A.4.c.i - Stationary     -> residential_agriculture_stationary,
                                                          1.A.4.b+1.A.4.c.i                  (Table 2.5:
                                                          residential and agriculture/forestry/fishing
                                                          stationary combustion share one table)
    1.A.3.b - Road Transportation                      -> road_transport, 1.A.3.b            (Table 3.2.2)
    1.A.3.c - Railways                                 -> railways, 1.A.3.c                  (Table 3.4.1)
    1.A.3.d - Water-borne Navigation                   -> water_borne_navigation, 1.A.3.d    (Table 3.5.3)
    1.A.3.a - Civil Aviation                           -> civil_aviation, 1.A.3.a            (Table 3.6.5)
    1.A.3.e.ii - Off-road                              -> off_road, 1.A.3.e.ii               (Table 3.3.1)
    1.A.4.c.ii - Off-road Vehicles and Other Machinery -> off_road_agriculture_forestry,
                                                          1.A.4.c.ii                         (Table 3.3.1)

CO2 rows exist only for the four stationary tables ("Tables 1.4 and 2.x"); the CO2 factor is the same
Table 1.4 value in each of them (checked on derivation), and it is the default for mobile combustion too
(Table 3.2.1 is not in the export). Left out: the technology-specific stationary Tables 2.6-2.10 (boiler
types, stoves, kilns; some values are ranges such as "275 - 386") and NOx.

Fuel names follow the guidelines' tables: the EFDB splits "Gas/Diesel Oil" into "Gas Oil" and "Diesel
Oil" with identical figures, which are merged back (a conflict raises); "Natural Gas Liquids | (NGLs)"
(a collapsed line break) becomes "Natural Gas Liquids (NGLs)"; "Waxes" becomes "Paraffin Waxes"; the
EFDB typo "Oxidaton Catalyst" is corrected.

``ipcc2006_ncv.csv``: ``fuel``, ``ncv_tj_per_gg``, ``lower``, ``upper`` (empty, see above), ``table``
(Vol.2 Table 1.2). The export labels these rows with gas "CARBON DIOXIDE"; they are selected by unit
TJ/Gg. Industrial Wastes has no NCV in the export.

``gwp.csv``: ``species``, ``SAR``, ``AR4``, ``AR5``, ``AR6`` (100-year GWPs). CO2 = 1 is implicit in the
source and added as a row. Species names get the usual hyphen after the family prefix (``HFC134a`` ->
``HFC-134a``, ``CFC11`` -> ``CFC-11``, ``HFC4310mee`` -> ``HFC-43-10mee``); the source has no separate
name/formula column. AR6 CH4 is the source's single value 27.9; the AR6 report's separate fossil (29.8)
and non-fossil (27.0) CH4 values are not in the source and are not added here: an inventory must
choose its GWP set (and CH4 variant) explicitly.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import polars as pl

from citypact.reference.sources import shared_data_dir

FACTOR_DIR = Path(__file__).resolve().parent / "data"

EFDB_FILE = "ipcc2006_fuel_combustion_emission_factors/ipcc2006_default_fuel_combustion_efs.csv"
GWP_FILE = "gwp_values_ipcc/globalwarmingpotentials.csv"

COMBUSTION_CSV = "ipcc2006_combustion.csv"
NCV_CSV = "ipcc2006_ncv.csv"
GWP_CSV = "gwp.csv"

UNIT = "kg/TJ"

# EFDB category -> (category, ipcc_category)
CATEGORIES: dict[str, tuple[str, str]] = {
    "1.A.1 - Energy Industries": ("energy_industries", "1.A.1"),
    "1.A.2 - Manufacturing Industries and Construction": ("manufacturing_construction", "1.A.2"),
    "1.A.4.a - Commercial/Institutional": ("commercial_institutional", "1.A.4.a"),
    "1.A.4.b - Residential | 1.A.4.c.i - Stationary": (
        "residential_agriculture_stationary",
        "1.A.4.b+1.A.4.c.i",
    ),
    "1.A.3.b - Road Transportation": ("road_transport", "1.A.3.b"),
    "1.A.3.c - Railways": ("railways", "1.A.3.c"),
    "1.A.3.d - Water-borne Navigation": ("water_borne_navigation", "1.A.3.d"),
    "1.A.3.a - Civil Aviation": ("civil_aviation", "1.A.3.a"),
    "1.A.3.e.ii - Off-road": ("off_road", "1.A.3.e.ii"),
    "1.A.4.c.ii - Off-road Vehicles and Other Machinery": ("off_road_agriculture_forestry", "1.A.4.c.ii"),
}

GASES = {"CARBON DIOXIDE": "CO2", "METHANE": "CH4", "NITROUS OXIDE": "N2O"}

# Default tables kept: stationary sector defaults (Tables 1.4 and 2.2-2.5) and mobile defaults (ch. 3).
KEPT_TABLES = re.compile(r"^Tables? (1\.4 and 2\.[2-5]|2\.[2-5]|3\.\d+\.\d+)$")

FUEL_NAMES = {
    "Gas Oil": "Gas/Diesel Oil",
    "Diesel Oil": "Gas/Diesel Oil",
    "Natural Gas Liquids | (NGLs)": "Natural Gas Liquids (NGLs)",
    "Waxes": "Paraffin Waxes",
}

GWP_COLUMNS = {"SARGWP100": "SAR", "AR4GWP100": "AR4", "AR5GWP100": "AR5", "AR6GWP100": "AR6"}
GWP_SPECIAL_NAMES = {"HFC4310mee": "HFC-43-10mee"}

_SOURCE_PREFIX = "2006 IPCC Guidelines for National Greenhouse Gas Inventories, Volume 2: Energy, "

COMBUSTION_SCHEMA = pl.Schema(
    {
        "fuel": pl.String,
        "category": pl.String,
        "ipcc_category": pl.String,
        "gas": pl.String,
        "technology": pl.String,
        "value": pl.Float64,
        "lower": pl.Float64,
        "upper": pl.Float64,
        "unit": pl.String,
        "table": pl.String,
    }
)
NCV_SCHEMA = pl.Schema(
    {
        "fuel": pl.String,
        "ncv_tj_per_gg": pl.Float64,
        "lower": pl.Float64,
        "upper": pl.Float64,
        "table": pl.String,
    }
)
GWP_SCHEMA = pl.Schema(
    {
        "species": pl.String,
        "SAR": pl.Float64,
        "AR4": pl.Float64,
        "AR5": pl.Float64,
        "AR6": pl.Float64,
    }
)


# ----------------------------------------------------------------------------------------- derivation


def _read_efdb(shared: Path) -> pl.DataFrame:
    raw = pl.read_csv(shared / EFDB_FILE, infer_schema_length=0)
    return raw.select(
        pl.col("IPCC 2006 Source/Sink Category").alias("source_category"),
        pl.col("Gas").alias("source_gas"),
        pl.col("Fuel 2006").replace(FUEL_NAMES).alias("fuel"),
        pl.concat_str(
            [pl.col("Technologies / Practices"), pl.col("Parameters / Conditions")],
            separator="; ",
            ignore_nulls=True,
        )
        .str.replace_all(r"\s+", " ")
        .str.replace("Oxidaton", "Oxidation", literal=True)
        .str.strip_chars()
        .replace("", None)
        .alias("technology"),
        pl.col("Value").str.strip_chars().alias("raw_value"),
        pl.col("Unit").alias("unit"),
        pl.col("Source of data").str.strip_prefix(_SOURCE_PREFIX).alias("source_table"),
    )


def _dedupe(df: pl.DataFrame, key: list[str]) -> pl.DataFrame:
    """Drop exact duplicates (Gas Oil / Diesel Oil merged); raise if a key still has several values."""
    df = df.unique(maintain_order=True)
    clash = df.group_by(key).len().filter(pl.col("len") > 1)
    if not clash.is_empty():
        raise ValueError(f"conflicting IPCC figures for {clash.drop('len').rows()}")
    return df


def derive_combustion(shared: Path) -> pl.DataFrame:
    """CO2/CH4/N2O default factors (kg/TJ) of the default tables, one row per fuel/category/gas/technology."""
    efdb = _read_efdb(shared).filter(
        pl.col("unit") == UNIT,
        pl.col("source_gas").is_in(list(GASES)),
        pl.col("source_table").str.contains(KEPT_TABLES.pattern),
    )
    unknown = set(efdb["source_category"].unique()) - set(CATEGORIES)
    if unknown:
        raise ValueError(f"unmapped IPCC categories: {sorted(unknown)}")
    out = efdb.select(
        "fuel",
        pl.col("source_category").replace_strict({k: v[0] for k, v in CATEGORIES.items()}).alias("category"),
        pl.col("source_category")
        .replace_strict({k: v[1] for k, v in CATEGORIES.items()})
        .alias("ipcc_category"),
        pl.col("source_gas").replace_strict(GASES).alias("gas"),
        "technology",
        pl.col("raw_value").cast(pl.Float64, strict=True).alias("value"),
        pl.lit(None, pl.Float64).alias("lower"),
        pl.lit(None, pl.Float64).alias("upper"),
        pl.lit(UNIT).alias("unit"),
        ("Vol.2 " + pl.col("source_table")).alias("table"),
    )
    out = _dedupe(out, ["fuel", "category", "gas", "technology"])
    co2 = out.filter(pl.col("gas") == "CO2").group_by("fuel").agg(pl.col("value").n_unique())
    if (co2["value"] > 1).any():
        raise ValueError("Table 1.4 CO2 factor differs between sectors")
    return out.sort("fuel", "category", "gas", "technology", nulls_last=False).cast(COMBUSTION_SCHEMA)


def derive_ncv(shared: Path) -> pl.DataFrame:
    """Default net calorific values (TJ/Gg) of Table 1.2."""
    efdb = _read_efdb(shared).filter(pl.col("unit") == "TJ/Gg")
    out = efdb.select(
        "fuel",
        pl.col("raw_value").cast(pl.Float64, strict=True).alias("ncv_tj_per_gg"),
        pl.lit(None, pl.Float64).alias("lower"),
        pl.lit(None, pl.Float64).alias("upper"),
        ("Vol.2 " + pl.col("source_table")).alias("table"),
    )
    return _dedupe(out, ["fuel"]).sort("fuel").cast(NCV_SCHEMA)


def _species_name(raw: str) -> str:
    if raw in GWP_SPECIAL_NAMES:
        return GWP_SPECIAL_NAMES[raw]
    m = re.fullmatch(r"(CFC|HCFC|HFC|HFE|HCFE|Halon)(\d.*)", raw)
    return f"{m[1]}-{m[2]}" if m else raw


def derive_gwp(shared: Path) -> pl.DataFrame:
    """100-year GWPs (SAR, AR4, AR5, AR6) per species, CO2 = 1 added."""
    raw = pl.read_csv(shared / GWP_FILE, comment_prefix="#")
    gwp = raw.select(
        pl.col("Species").map_elements(_species_name, return_dtype=pl.String).alias("species"),
        *(pl.col(src).cast(pl.Float64).alias(dst) for src, dst in GWP_COLUMNS.items()),
    )
    if "CO2" not in gwp["species"]:
        co2 = pl.DataFrame({"species": ["CO2"], **{c: [1.0] for c in GWP_COLUMNS.values()}})
        gwp = pl.concat([co2, gwp])
    if gwp["species"].n_unique() != gwp.height:
        raise ValueError("duplicate GWP species")
    return gwp.sort("species").cast(GWP_SCHEMA)


def derive_factor_tables(shared: Path, out_dir: Path = FACTOR_DIR) -> None:
    """Write the three compact CSVs derived from the raw files in ``shared`` to ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = {
        COMBUSTION_CSV: derive_combustion(shared),
        NCV_CSV: derive_ncv(shared),
        GWP_CSV: derive_gwp(shared),
    }
    for name, frame in tables.items():
        frame.write_csv(out_dir / name, line_terminator="\n")


# -------------------------------------------------------------------------------------------- readers


def _read(name: str, schema: pl.Schema, directory: Path | None) -> pl.DataFrame:
    return pl.read_csv((directory or FACTOR_DIR) / name, schema=schema)


def read_combustion_factors(directory: Path | None = None) -> pl.DataFrame:
    """IPCC 2006 default combustion factors (kg/TJ) shipped with citypact."""
    return _read(COMBUSTION_CSV, COMBUSTION_SCHEMA, directory)


def read_ncv(directory: Path | None = None) -> pl.DataFrame:
    """IPCC 2006 default net calorific values (TJ/Gg) shipped with citypact."""
    return _read(NCV_CSV, NCV_SCHEMA, directory)


def read_gwp(directory: Path | None = None) -> pl.DataFrame:
    """100-year GWPs (SAR, AR4, AR5, AR6) shipped with citypact."""
    return _read(GWP_CSV, GWP_SCHEMA, directory)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    shared = Path(args[0]).resolve() if args else shared_data_dir()
    derive_factor_tables(shared)
    for name in (COMBUSTION_CSV, NCV_CSV, GWP_CSV):
        path = FACTOR_DIR / name
        print(f"{path}: {pl.read_csv(path).height} rows, {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
