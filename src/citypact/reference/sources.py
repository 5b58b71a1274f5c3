"""Readers for the raw public files in ../shared/data (see each folder's NOTES.md).

Each reader returns a polars DataFrame with the columns listed in its docstring, typed, with
the quirks of the file handled: "NA" is Namibia and not a missing value, Nangini's free-text
fields span lines, GeoNames has neither header nor quoting, Eurostat codes Greece "EL",
OWID mixes aggregates without ISO code into the country rows. `row` is the 1-based record
number in the file (header excluded), used to point at unmatched records.
Readers only parse and harmonize codes; they do not reconcile (that is citypact.domain).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import polars as pl

from citypact.domain.degree_days import choose_degree_days


def shared_data_dir() -> Path:
    """The shared data folder: $CITYPACT_SHARED_DATA, else ../shared/data from the working dir."""
    env = os.environ.get("CITYPACT_SHARED_DATA")
    return (Path(env) if env else Path.cwd() / ".." / "shared" / "data").resolve()


SHARED_DATA_DIR: Path = shared_data_dir()

SIMPLEMAPS = "world_cities_simplemaps_basic/worldcities_simplemaps_basic.csv"
GEONAMES = "geonames_cities100000/geonames_cities100000.tsv"
NANGINI = "nangini2019_343_cities/D_FINAL.csv"
WIKIDATA_POPULATION = "wikidata_city_population_area/wikidata_city_population.csv"
WIKIDATA_AREA = "wikidata_city_population_area/wikidata_city_area.csv"
CDP = "cdp_citywide_emissions_2016_2019/cdp_citywide_emissions_{year}.csv"
CDP_YEARS = (2016, 2017, 2018, 2019)
OWID_CARBON_INTENSITY = "owid_electricity_carbon_intensity/owid_carbon_intensity_electricity_ember.csv"
ELECTRICITY_MAPS = "electricitymaps_grid_intensity_yearly/electricity_maps_scope2_yearly.csv"
EUROSTAT_DEGREE_DAYS = "eurostat_degree_days_country/eurostat_hdd_cdd_country_long.csv"
TWIN_CITIES = "twin_cities_wikipedia/twin_cities_geocoded.csv"

_GEONAMES_COLUMNS = [
    "geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature_class",
    "feature_code", "country_code", "cc2", "admin1", "admin2", "admin3", "admin4", "population",
    "elevation", "dem", "timezone", "modified",
]  # fmt: skip


def _read_text_csv(path: Path, **kwargs: object) -> pl.DataFrame:
    """All columns as strings; only empty fields are null (so "NA" stays Namibia)."""
    return pl.read_csv(path, infer_schema_length=0, null_values=[""], **kwargs)  # type: ignore[arg-type]


def _row_number() -> pl.Expr:
    return pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("row")


def _num(col: str) -> pl.Expr:
    """Lenient float parse: thousands separators and stray spaces removed, junk -> null."""
    return pl.col(col).str.replace_all(r"[,\s]", "").cast(pl.Float64, strict=False)


def _year(col: str) -> pl.Expr:
    """First four-digit year in a free-text cell ("2011-2015" -> 2011, "12/31/2013 ..." -> 2013)."""
    return pl.col(col).str.extract(r"(1[89]\d\d|20\d\d)").cast(pl.Int32)


def read_simplemaps(shared: Path) -> pl.DataFrame:
    """simplemaps Basic world cities (CC BY 4.0).

    Columns: row, sm_id Int64, name, name_ascii, lat, lon Float64, country_name, iso2, iso3,
    admin_name?, capital? (primary/admin/minor), population Int64?.
    Fixes the mirror's find-and-replace damage ("Mexico model.City" -> "Mexico City") and
    recodes the non-ISO West Bank XW/XWB to Palestine PS/PSE.
    """
    raw = _read_text_csv(shared / SIMPLEMAPS)

    def fixed(col: str) -> pl.Expr:
        return pl.col(col).str.replace_all("model.City", "City", literal=True)

    return raw.select(
        _row_number(),
        sm_id=pl.col("id").cast(pl.Int64),
        name=fixed("city"),
        name_ascii=fixed("city_ascii"),
        lat=pl.col("lat").cast(pl.Float64),
        lon=pl.col("lng").cast(pl.Float64),
        country_name=pl.when(pl.col("iso2") == "XW").then(pl.lit("Palestine")).otherwise(fixed("country")),
        iso2=pl.col("iso2").replace({"XW": "PS"}),
        iso3=pl.col("iso3").replace({"XWB": "PSE"}),
        admin_name=fixed("admin_name"),
        capital=pl.col("capital"),
        population=_num("population").cast(pl.Int64),
    )


def read_geonames(shared: Path) -> pl.DataFrame:
    """GeoNames cities over 100k (2018 snapshot, CC BY): tab-separated, no header, no quoting.

    Columns: row, geonames_id Int64, name, ascii_name, alternate_names (comma-joined, may be
    null), lat, lon Float64, feature_code, country (ISO2), admin1, population Int64?.
    """
    raw = pl.read_csv(
        shared / GEONAMES,
        separator="\t",
        has_header=False,
        quote_char=None,
        new_columns=_GEONAMES_COLUMNS,
        infer_schema_length=0,
        null_values=[""],
    )
    return raw.select(
        _row_number(),
        geonames_id=pl.col("geonameid").cast(pl.Int64),
        name=pl.col("name"),
        ascii_name=pl.col("asciiname"),
        alternate_names=pl.col("alternatenames"),
        lat=pl.col("latitude").cast(pl.Float64),
        lon=pl.col("longitude").cast(pl.Float64),
        feature_code=pl.col("feature_code"),
        country=pl.col("country_code"),
        admin1=pl.col("admin1"),
        population=pl.col("population").cast(pl.Int64, strict=False),
    )


def read_nangini(shared: Path) -> pl.DataFrame:
    """Nangini et al. 2019, 343 cities (CC BY); quoted fields contain newlines.

    Columns: row (the mirror's `val` + 1), name, name_cdp?, name_carbonn?, country_name, lat,
    lon Float64, scope1_source (CDP/PKU/carbonn), emission_year Int32, population Float64?,
    population_year Int32?, area_km2 Float64?, area_year Int32?, gdp_ppp_usd Float64? (the
    "$BN" column times 1e9), gdp_ppp_year Int32?, hdd_clim Float64 (base 15.5 °C),
    cdd_clim Float64 (base 23 °C), hdd_gea, cdd_gea (GEA+, same bases), and the city's own
    hdd, cdd and dd_source ("gea", "nangini_clim" or null) by domain.degree_days.
    """
    raw = _read_text_csv(shared / NANGINI)
    frame = raw.select(
        row=pl.col("val").cast(pl.Int64) + 1,
        name=pl.col("City name").str.strip_chars(),
        name_cdp=pl.col("City name (CDP)").str.strip_chars(),
        name_carbonn=pl.col("City name (carbonn)").str.strip_chars(),
        country_name=pl.col("Country").str.strip_chars(),
        lat=_num("Latitude (others) [degrees]"),
        lon=_num("Longitude (others) [degrees]"),
        scope1_source=pl.col("Scope-1 source dataset").str.strip_chars(),
        emission_year=_year("Year of emission"),
        population=_num("Population (others)"),
        population_year=_year("Population year (others)"),
        area_km2=_num("City area (others) [km2]"),
        area_year=_year("City area source year (others)"),
        gdp_ppp_usd=_num("GDP-PPP (others) [$BN]") * 1e9,
        gdp_ppp_year=_year("GDP-PPP year (others)"),
        hdd_clim=_num("HDD 15.5C (clim) [degrees C × days]"),
        cdd_clim=_num("CDD 23C (clim) [degrees C × days]"),
        hdd_gea=_num("HDD 15.5C (GEA+) [degrees C × days]"),
        cdd_gea=_num("CDD 23C (GEA+) [degrees C × days]"),
    )

    def col(name: str) -> np.ndarray:
        return frame[name].fill_null(np.nan).to_numpy()

    hdd, cdd, source = choose_degree_days(
        col("lat"), col("lon"), col("hdd_gea"), col("cdd_gea"), col("hdd_clim"), col("cdd_clim")
    )
    return frame.with_columns(
        hdd=pl.Series(hdd, dtype=pl.Float64).fill_nan(None),
        cdd=pl.Series(cdd, dtype=pl.Float64).fill_nan(None),
        dd_source=pl.Series(source.tolist(), dtype=pl.String),
    )


def read_wikidata_population(shared: Path) -> pl.DataFrame:
    """Wikidata population by UN/LOCODE (CC0). Rows whose population is not a number (Wikidata
    "unknown value" URIs) or whose locode is not 5 letters/digits ("US-DC") are dropped.

    Columns: row, item (Q-id), locode, population Int64, year Int32? (raw, may be implausible).
    """
    raw = _read_text_csv(shared / WIKIDATA_POPULATION)
    return raw.select(
        _row_number(),
        item=pl.col("item").str.extract(r"(Q\d+)$"),
        locode=pl.col("locode").str.to_uppercase(),
        population=pl.col("population").cast(pl.Float64, strict=False).round(0).cast(pl.Int64),
        year=pl.col("populationYear").cast(pl.Int32, strict=False),
    ).filter(pl.col("population").is_not_null() & pl.col("locode").str.contains(r"^[A-Z]{2}[A-Z0-9]{3}$"))


def read_wikidata_area(shared: Path) -> pl.DataFrame:
    """Wikidata area by UN/LOCODE (CC0). Columns: row, item, locode, area_km2 Float64 (> 0)."""
    raw = _read_text_csv(shared / WIKIDATA_AREA)
    return raw.select(
        _row_number(),
        item=pl.col("city").str.extract(r"(Q\d+)$"),
        locode=pl.col("locode").str.to_uppercase(),
        area_km2=pl.col("area").cast(pl.Float64, strict=False),
    ).filter((pl.col("area_km2") > 0) & pl.col("locode").str.contains(r"^[A-Z]{2}[A-Z0-9]{3}$"))


def _cdp_emission_columns(columns: list[str]) -> list[str]:
    return [c for c in columns if "metric tonnes CO2e" in c or c.startswith("Total BASIC")]


def read_cdp(shared: Path, year: int) -> pl.DataFrame:
    """One CDP-ICLEI city-wide emissions file (reporting year 2016..2019); layouts differ by year.

    Columns: year Int32 (reporting year), row, account Int64, organization, city, country_name,
    lat, lon Float64?, c40 Boolean (C40 flag 2016-17, "C40" among reporting authorities
    2018-19), has_emissions Boolean (any emission figure reported).
    """
    raw = _read_text_csv(shared / CDP.format(year=year))
    emissions = _cdp_emission_columns(raw.columns)
    has_emissions = pl.any_horizontal(_num(c).is_not_null() for c in emissions)
    if year <= 2017:
        city = "City Short Name" if year == 2016 else "City"
        org = "City Name" if year == 2016 else "Organization"
        lat = pl.col("City Location").str.extract(r"\(\s*([-\d.]+)\s*,", 1).cast(pl.Float64)
        lon = pl.col("City Location").str.extract(r",\s*([-\d.]+)\s*\)", 1).cast(pl.Float64)
        c40 = pl.col("C40").fill_null("").str.contains("C40")
    else:
        city, org = "City", "Organization"
        lon = pl.col("City Location").str.extract(r"POINT \(([-\d.]+) ", 1).cast(pl.Float64)
        lat = pl.col("City Location").str.extract(r" ([-\d.]+)\)", 1).cast(pl.Float64)
        c40 = pl.col("Reporting Authority").fill_null("").str.contains("C40")
    account = "Account Number" if "Account Number" in raw.columns else "Account number"
    return raw.select(
        pl.lit(year, dtype=pl.Int32).alias("year"),
        _row_number(),
        account=pl.col(account).cast(pl.Int64, strict=False),
        organization=pl.col(org).str.strip_chars(),
        city=pl.coalesce(pl.col(city).str.strip_chars(), pl.col(org).str.strip_chars()),
        country_name=pl.col("Country").str.strip_chars(),
        lat=lat,
        lon=lon,
        c40=c40,
        has_emissions=has_emissions,
    ).with_columns(
        pl.col(c).str.replace_all("model.City", "City", literal=True) for c in ("organization", "city")
    )


def read_cdp_all(shared: Path) -> pl.DataFrame:
    """All CDP reporting years stacked (columns of `read_cdp`)."""
    return pl.concat([read_cdp(shared, y) for y in CDP_YEARS])


def read_owid_carbon_intensity(shared: Path) -> pl.DataFrame:
    """Ember/OWID electricity carbon intensity (CC BY 4.0), countries only: rows without an ISO3
    code or with an OWID_ pseudo-code (aggregates, Kosovo) are dropped.

    Columns: row, entity, iso3, year Int32, g_co2_per_kwh Float64.
    """
    raw = _read_text_csv(shared / OWID_CARBON_INTENSITY)
    value = next(c for c in raw.columns if c.startswith("Carbon intensity"))
    return raw.select(
        _row_number(),
        entity=pl.col("Entity"),
        iso3=pl.col("Code"),
        year=pl.col("Year").cast(pl.Int32),
        g_co2_per_kwh=pl.col(value).cast(pl.Float64, strict=False),
    ).filter(pl.col("iso3").str.contains(r"^[A-Z]{3}$") & pl.col("g_co2_per_kwh").is_not_null())


def read_electricity_maps(shared: Path) -> pl.DataFrame:
    """Electricity Maps yearly grid intensity (ODbL) of 62 zones, 2021-2024: whole countries
    (zone id = ISO 3166 alpha-2) and a few sub-national zones (e.g. US-SW-PNM, FR-COR).

    Columns: row, zone, year Int32, direct_g_per_kwh, life_cycle_g_per_kwh (gCO2eq/kWh consumed).
    """
    raw = _read_text_csv(shared / ELECTRICITY_MAPS)
    # The value headers spell CO2 with a subscript two; find them by their basis.
    direct = next(c for c in raw.columns if c.endswith("(direct)"))
    life_cycle = next(c for c in raw.columns if c.endswith("(Life cycle)"))
    return raw.select(
        _row_number(),
        zone=pl.col("Zone id"),
        year=pl.col("Datetime (UTC)").str.slice(0, 4).cast(pl.Int32),
        direct_g_per_kwh=pl.col(direct).cast(pl.Float64, strict=False),
        life_cycle_g_per_kwh=pl.col(life_cycle).cast(pl.Float64, strict=False),
    )


def read_eurostat_degree_days(shared: Path) -> pl.DataFrame:
    """Eurostat nrg_chdd_a (long reshape), heating/cooling degree days per country and year.

    Columns: country (ISO2; Eurostat's EL -> GR, UK -> GB), year Int32, hdd Float64?,
    cdd Float64?. The EU27_2020 aggregate is dropped.
    """
    raw = _read_text_csv(shared / EUROSTAT_DEGREE_DAYS)
    long = raw.select(
        country=pl.col("geo").replace({"EL": "GR", "UK": "GB"}),
        year=pl.col("year").cast(pl.Int32),
        indic=pl.col("indic_nrg").str.to_lowercase(),
        value=pl.col("value").cast(pl.Float64, strict=False),
    ).filter(pl.col("country").str.contains(r"^[A-Z]{2}$"))
    wide = long.pivot(on="indic", index=["country", "year"], values="value", aggregate_function="first")
    for col in ("hdd", "cdd"):
        if col not in wide.columns:
            wide = wide.with_columns(pl.lit(None, dtype=pl.Float64).alias(col))
    return wide.select("country", "year", "hdd", "cdd").sort("country", "year")


def read_twin_cities(shared: Path) -> pl.DataFrame:
    """Twin-town pairs from English Wikipedia (CC BY-SA 4.0), directed as listed, geocoded.

    Columns: row, city1, country1, lat1, lon1, city2, country2, lat2, lon2 (Float64 coordinates).
    """
    raw = _read_text_csv(shared / TWIN_CITIES)
    return raw.select(
        _row_number(),
        city1=pl.col("city1").str.strip_chars(),
        country1=pl.col("country1").str.strip_chars(),
        lat1=pl.col("lat1").cast(pl.Float64, strict=False),
        lon1=pl.col("lng1").cast(pl.Float64, strict=False),
        city2=pl.col("city2").str.strip_chars(),
        country2=pl.col("country2").str.strip_chars(),
        lat2=pl.col("lat2").cast(pl.Float64, strict=False),
        lon2=pl.col("lng2").cast(pl.Float64, strict=False),
    )
