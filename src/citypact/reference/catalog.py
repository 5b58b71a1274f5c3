"""Attribution of every source in the bundle, and the data-derived networks (About page data)."""

from __future__ import annotations

from typing import Final

import polars as pl

# Source ids used in the `source` columns of the bundle. Order = preference for a city's headline
# population (administrative figures with a year first, metro-ish simplemaps figures last).
SIMPLEMAPS: Final = "simplemaps"
GEONAMES: Final = "geonames"
NANGINI: Final = "nangini2019"
# Nangini's degree days, by the column the city's figure came from (domain.degree_days).
NANGINI_DD_GEA: Final = "nangini2019_gea"
NANGINI_DD_CLIM: Final = "nangini2019_clim"
WIKIDATA: Final = "wikidata"
OWID_EMBER: Final = "owid_ember"
ELECTRICITY_MAPS: Final = "electricitymaps"
EUROSTAT_CHDD: Final = "eurostat_chdd"
TWIN_WIKIPEDIA: Final = "twin_wikipedia"
CDP: Final = "cdp"
CDP_TARGETS: Final = "cdp_targets_2021"

POPULATION_PREFERENCE: Final = (WIKIDATA, NANGINI, GEONAMES, SIMPLEMAPS)
CITY_SOURCE_ORDER: Final = (SIMPLEMAPS, GEONAMES, NANGINI, WIKIDATA, CDP, TWIN_WIKIPEDIA)

_SOURCES: Final = (
    (SIMPLEMAPS, "World Cities Database (Basic edition, 2021)", "simplemaps.com (Pareto Software LLC)",
     "CC BY 4.0", "https://simplemaps.com/data/world-cities",
     "World Cities Database, Basic edition (about v1.7, 2021), simplemaps.com, CC BY 4.0."),
    (GEONAMES, "GeoNames cities with more than 100,000 inhabitants (2018 extract)", "GeoNames",
     "CC BY 4.0", "https://www.geonames.org/",
     "GeoNames geographical database (cities over 100,000, 2018 snapshot), geonames.org, CC BY."),
    (NANGINI, "A global dataset of CO2 emissions and ancillary data related to emissions for 343 "
     "cities", "Nangini et al., Scientific Data 6, 180280 (2019); PANGAEA",
     "CC BY (PANGAEA dataset licence)", "https://doi.org/10.1594/PANGAEA.884141",
     "Nangini, C. et al. (2019) A global dataset of CO2 emissions and ancillary data related to "
     "emissions for 343 cities. Scientific Data 6, 180280, doi:10.1038/sdata.2018.280; data "
     "doi:10.1594/PANGAEA.884141."),
    (NANGINI_DD_GEA, "Heating and cooling degree days of the city (GEA+ columns of Nangini et al. 2019)",
     "Nangini et al., Scientific Data 6, 180280 (2019); PANGAEA",
     "CC BY (PANGAEA dataset licence)", "https://doi.org/10.1594/PANGAEA.884141",
     "Nangini, C. et al. (2019), columns HDD/CDD (GEA+): the city's own degree days (HDD base "
     "15.5 °C, CDD base 23 °C)."),
    (NANGINI_DD_CLIM, "Heating and cooling degree days of the city's climate record (clim columns "
     "of Nangini et al. 2019)", "Nangini et al., Scientific Data 6, 180280 (2019); PANGAEA",
     "CC BY (PANGAEA dataset licence)", "https://doi.org/10.1594/PANGAEA.884141",
     "Nangini, C. et al. (2019), columns HDD/CDD (clim), used where GEA+ has none and no city more "
     "than 500 km away shares the same pair (citypact.domain.degree_days)."),
    (WIKIDATA, "Wikidata city population (P1082) and area (P2046) by UN/LOCODE (P1937)",
     "Wikidata contributors", "CC0 1.0", "https://www.wikidata.org/",
     "Wikidata, SPARQL extract of 2022-11-06 (via Open-Earth-Foundation/OpenClimate), CC0."),
    (OWID_EMBER, "Carbon intensity of electricity generation", "Ember; Our World in Data",
     "CC BY 4.0", "https://ourworldindata.org/grapher/carbon-intensity-electricity",
     "Ember (2025); Our World in Data, carbon intensity of electricity, gCO2/kWh, CC BY 4.0."),
    (ELECTRICITY_MAPS, "Yearly carbon intensity of electricity consumed, direct and life-cycle",
     "Electricity Maps ApS", "ODbL 1.0", "https://www.electricitymaps.com/data-portal",
     "Electricity Maps, yearly grid carbon intensity 2021-2024 (Data Portal, via "
     "Open-Earth-Foundation/CityCatalyst), ODbL. Derived: the direct (combustion) figure of "
     "country-level zones (grid_factors), shared under the ODbL with this attribution."),
    (EUROSTAT_CHDD, "Cooling and heating degree days by country - annual data (nrg_chdd_a)",
     "Eurostat (computed by JRC AGRI4CAST)", "Eurostat reuse policy (Decision 2011/833/EU), "
     "attribution", "https://ec.europa.eu/eurostat/databrowser/view/nrg_chdd_a/default/table",
     "Source: Eurostat, nrg_chdd_a. Modified: reshaped to one row per country and year, Greece "
     "recoded EL -> GR."),
    (TWIN_WIKIPEDIA, "Lists of twin towns and sister cities", "Wikipedia contributors",
     "CC BY-SA 4.0", "https://en.wikipedia.org/wiki/Lists_of_twin_towns_and_sister_cities",
     "Wikipedia contributors, 'List of twin towns and sister cities in Europe/Asia/Africa/North "
     "America/South America/Oceania' and country pages, English Wikipedia, CC BY-SA 4.0 (scraped "
     "by github.com/Hekman/twincities); pairs matched to registry cities. The twin_links table "
     "is shared under CC BY-SA 4.0."),
    (CDP, "CDP-ICLEI city-wide emissions, reporting years 2016-2019", "CDP Worldwide; ICLEI",
     "CDP Open Database License (attribution)", "https://data.cdp.net/",
     "This data was collected in partnership by CDP and ICLEI - Local Governments for "
     "Sustainability (CDP Open Data Portal, datasets dfed-thx7, kyi6-dk5h, wii4-buw5, 542d-zyj8). "
     "Derived: network membership (which city reported in which year) and each matched city's "
     "reported Scope-1 total, population and inventory year (reported_emissions, benchmark_panel), "
     "shared under the same licence with this attribution."),
    (CDP_TARGETS, "CDP-ICLEI Cities Emissions Reduction Targets, reporting year 2021",
     "CDP Worldwide; ICLEI", "CDP Open Database License (attribution)", "https://data.cdp.net/",
     "This data was collected in partnership by CDP and ICLEI - Local Governments for "
     "Sustainability (CDP Open Data Portal, 2021 Cities Emissions Reduction Targets, via "
     "Open-Earth-Foundation/OpenClimate). Derived: each registry city's published targets (type, "
     "sector, base year and emissions, % reduction, target year, Paris alignment, % achieved), "
     "self-reported, shared under the same licence with this attribution."),
)  # fmt: skip


def sources_frame(used: set[str]) -> pl.DataFrame:
    """One row per source id in `used`: id, title, publisher, license, url, citation."""
    rows = [row for row in _SOURCES if row[0] in used]
    return pl.DataFrame(
        rows, schema=["id", "title", "publisher", "license", "url", "citation"], orient="row"
    ).sort("id")


NETWORKS: Final = pl.DataFrame(
    {
        "slug": ["c40", "carbonn", "cdp-cities"],
        "name": [
            "C40 Cities Climate Leadership Group",
            "carbonn Climate Registry",
            "CDP-ICLEI city-wide emissions reporting",
        ],
        "description": [
            "Cities flagged as C40 members in the CDP city-wide emissions datasets "
            "(C40 column 2016-2017, reporting authority 2018-2019).",
            "Cities whose Scope-1 emissions in Nangini et al. (2019) come from the carbonn "
            "Climate Registry (ICLEI).",
            "Cities that reported city-wide emission figures to CDP and ICLEI (reporting years 2016-2019).",
        ],
        "url": ["https://www.c40.org/", "https://carbonn.org/", "https://www.cdp.net/en/cities"],
    }
)
