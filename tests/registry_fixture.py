"""A small registry of real cities (figures from the public sources, rounded), for tests."""

from __future__ import annotations

import polars as pl

from citypact.reference.registry import Registry

_CITIES = [
    # key, name, ascii name, country, admin area, lat, lon, population, year, source,
    # area, GeoNames id, UN/LOCODE, capital, alternate names
    (
        "sm:1276554949",
        "Heidelberg",
        "Heidelberg",
        "DE",
        "Baden-Württemberg",
        49.4122,
        8.71,
        159914,
        2021,
        "simplemaps",
        108.83,
        2907911,
        "DEHEI",
        "minor",
        "Heidelberga|ハイデルベルク",
    ),
    (
        "sm:1276015998",
        "Munich",
        "Munich",
        "DE",
        "Bavaria",
        48.1372,
        11.5755,
        1471508,
        2021,
        "simplemaps",
        310.43,
        2867714,
        "DEMUC",
        "admin",
        "München|Muenchen|ミュンヘン",
    ),
    (
        "sm:1392622735",
        "Kyoto",
        "Kyoto",
        "JP",
        "Kyōto",
        35.0117,
        135.7683,
        1464890,
        2021,
        "simplemaps",
        827.83,
        1857910,
        "JPUKY",
        "admin",
        "京都市|京都|Kioto",
    ),
    (
        "sm:1392380017",
        "Kumamoto",
        "Kumamoto",
        "JP",
        "Kumamoto",
        32.8031,
        130.7078,
        738907,
        2021,
        "simplemaps",
        390.32,
        1858421,
        "JPKMJ",
        "admin",
        "熊本市",
    ),
    (
        "sm:1840019941",
        "Portland",
        "Portland",
        "US",
        "Oregon",
        45.5372,
        -122.65,
        2074775,
        2021,
        "simplemaps",
        376.5,
        5746545,
        "USPDX",
        "minor",
        "",
    ),
    (
        "sm:1392000195",
        "Sapporo",
        "Sapporo",
        "JP",
        "Hokkaidō",
        43.0621,
        141.3544,
        1973395,
        2021,
        "simplemaps",
        1121.26,
        2128295,
        "JPSPK",
        "admin",
        "札幌市|札幌",
    ),
    (
        "sm:1276015957",
        "Cologne",
        "Cologne",
        "DE",
        "North Rhine-Westphalia",
        50.9422,
        6.9578,
        1085664,
        2021,
        "simplemaps",
        405.02,
        2886242,
        "DECGN",
        "minor",
        "Köln|Koeln|ケルン",
    ),
]
_TWINS = [
    ("sm:1276554949", "sm:1392380017"),
    ("sm:1392000195", "sm:1840019941"),
    ("sm:1276015957", "sm:1392622735"),
]


def small_registry() -> Registry:
    cities = pl.DataFrame(
        _CITIES,
        schema={
            "key": pl.Utf8,
            "name": pl.Utf8,
            "name_ascii": pl.Utf8,
            "country": pl.Utf8,
            "admin_area": pl.Utf8,
            "lat": pl.Float64,
            "lon": pl.Float64,
            "population": pl.Int64,
            "population_year": pl.Int32,
            "population_source": pl.Utf8,
            "area_km2": pl.Float64,
            "geonames_id": pl.Int64,
            "unlocode": pl.Utf8,
            "capital": pl.Utf8,
            "alt_names": pl.Utf8,
        },
        orient="row",
    ).with_columns(sources=pl.lit("simplemaps,geonames"))
    countries = pl.DataFrame(
        {
            "iso2": ["DE", "JP", "US"],
            "iso3": ["DEU", "JPN", "USA"],
            "name": ["Germany", "Japan", "United States"],
        }
    )
    statistics = pl.DataFrame(
        {
            "key": ["sm:1276554949", "sm:1276554949", "sm:1392622735"],
            "year": [2018, 2022, 2020],
            "variable": ["population", "population", "population"],
            "value": [160355.0, 162273.0, 1463723.0],
            "unit": ["persons"] * 3,
            "source": ["wikidata"] * 3,
            "note": [None, None, None],
        },
        schema_overrides={"year": pl.Int32, "note": pl.Utf8},
    )
    grid = pl.DataFrame(
        {
            "country": ["DE", "DE", "JP", "US"],
            "year": [2021, 2022, 2022, 2022],
            "g_co2_per_kwh": [356.0, 385.39, 485.39, 368.47],
            "source": ["owid_ember"] * 4,
        },
        schema_overrides={"year": pl.Int32},
    )
    degree_days = pl.DataFrame(
        {"country": ["DE"], "year": [2022], "hdd": [2842.45], "cdd": [48.35], "source": ["eurostat_chdd"]},
        schema_overrides={"year": pl.Int32},
    )
    twins = pl.DataFrame(
        {
            "key_a": [min(a, b) for a, b in _TWINS],
            "key_b": [max(a, b) for a, b in _TWINS],
            "source": ["twin_wikipedia"] * len(_TWINS),
        }
    )
    networks = pl.DataFrame(
        {
            "slug": ["c40"],
            "name": ["C40 Cities"],
            "description": ["Network of megacities committed to addressing climate change"],
            "url": ["https://www.c40.org"],
        }
    )
    members = pl.DataFrame(
        {
            "network": ["c40", "c40"],
            "key": ["sm:1840019941", "sm:1392622735"],
            "since_year": [2016, 2016],
            "source": ["cdp"] * 2,
        },
        schema_overrides={"since_year": pl.Int32},
    )
    sources = pl.DataFrame(
        {
            "id": ["simplemaps"],
            "title": ["World Cities Database (Basic)"],
            "publisher": ["Pareto Software (simplemaps.com)"],
            "license": ["CC BY 4.0"],
            "url": ["https://simplemaps.com/data/world-cities"],
            "citation": ["simplemaps World Cities Database, Basic edition"],
        }
    )
    return Registry(
        cities=cities,
        countries=countries,
        city_statistics=statistics,
        grid_intensity=grid,
        degree_days=degree_days,
        twin_links=twins,
        networks=networks,
        network_members=members,
        sources=sources,
    )
