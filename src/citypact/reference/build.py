"""Orchestration of the registry build: sources in dependency order, then the city table.

simplemaps is the backbone; GeoNames adds ids and names; Nangini matches or adds cities;
Wikidata attaches by UN/LOCODE heuristics (needs populations from the first three); CDP and the
twin lists are matched last, against all names known by then.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

from citypact.domain.reconcile import join_alt_names
from citypact.reference import catalog as src
from citypact.reference import sources as read
from citypact.reference.assemble import (
    LATIN,
    OUTCOME_SCHEMA,
    SourceMatch,
    countries_frame,
    country_index,
    geonames_step,
    nangini_statistics,
    nangini_step,
    simplemaps_cities,
    stat_rows,
)
from citypact.reference.linkage import cdp_step, degree_days, grid_intensity, twin_step, wikidata_step

_CANDS = ["key", "country", "name", "lat", "lon", "population"]


class _Clock:
    def __init__(self, progress: Callable[[str], None] | None) -> None:
        self.progress = progress
        self.timings: list[tuple[str, float]] = []
        self.last = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.timings.append((step, now - self.last))
        if self.progress:
            self.progress(f"{step}: {now - self.last:.2f}s")
        self.last = now


def _candidates(cities: pl.DataFrame, names: pl.DataFrame) -> pl.DataFrame:
    """Candidate rows (one per name variant) for `names` (key, name) of registry `cities`."""
    return names.join(cities.select("key", "country", "lat", "lon", "population"), on="key").select(_CANDS)


def assemble_registry(
    shared: Path, progress: Callable[[str], None] | None = None
) -> tuple[dict[str, pl.DataFrame], list[SourceMatch], list[tuple[str, float]]]:
    """All registry tables (loosely typed; registry.py conforms them), reports and timings."""
    clock = _Clock(progress)
    sm = read.read_simplemaps(shared)
    countries = countries_frame(sm)
    lookup = country_index(sm, countries)
    base = simplemaps_cities(sm)
    own_names = pl.concat([base.select("key", "name"), base.select("key", name="name_ascii")])
    primary = _candidates(base, own_names)
    reports: list[SourceMatch] = [
        SourceMatch(src.SIMPLEMAPS, sm.height, sm.height, sm.height, pl.DataFrame(schema=OUTCOME_SCHEMA))
    ]
    clock.lap("simplemaps")

    gn = read.read_geonames(shared)
    gn_report, gn_links, gn_names = geonames_step(gn, primary)
    reports.append(gn_report)
    gn_primary = gn_names.join(
        gn.select(name=pl.concat_list("name", "ascii_name"), geonames_id="geonames_id")
        .explode("name")
        .join(gn_links.select("key", "geonames_id"), on="geonames_id")
        .select("key", "name"),
        on=["key", "name"],
        how="semi",
    )
    primary = pl.concat([primary, _candidates(base, gn_primary)]).unique(maintain_order=True)
    alternates = _candidates(base, gn_names.filter(pl.col("name").str.contains(LATIN)))
    clock.lap("geonames")

    ng = read.read_nangini(shared)
    ng_report, ng_keys, ng_new = nangini_step(ng, lookup, primary, alternates)
    reports.append(ng_report)
    cities = pl.concat([base, ng_new.select(base.columns)])
    ng_names = ng.join(ng_keys, on="row").select("key", "name")
    primary = pl.concat([primary, _candidates(cities, ng_names)]).unique(maintain_order=True)
    clock.lap("nangini")

    stats = pl.concat(
        [
            stat_rows(
                base.select("key", value="population"),
                year=2021,
                variable="population",
                unit="persons",
                source=src.SIMPLEMAPS,
                note="often metro/urban area",
            ),
            stat_rows(
                gn_links.select("key", value="population"),
                year=2018,
                variable="population",
                unit="persons",
                source=src.GEONAMES,
                note="GeoNames 2018 extract",
            ),
            nangini_statistics(ng, ng_keys),
        ]
    )
    city_pops = stats.filter(pl.col("variable") == "population").select("key", population="value")
    city_names = pl.concat([cities.select("key", name="name_ascii"), gn_names]).join(
        cities.select("key", "country"), on="key"
    )
    wd_report, wd_links, wd_stats = wikidata_step(
        read.read_wikidata_population(shared),
        read.read_wikidata_area(shared),
        city_names,
        city_pops,
    )
    reports.append(wd_report)
    stats = pl.concat([stats, wd_stats])
    clock.lap("wikidata")

    cdp_report, cdp_members = cdp_step(read.read_cdp_all(shared), lookup, primary, alternates, base)
    reports.append(cdp_report)
    clock.lap("cdp")
    tw_report, twin_links = twin_step(read.read_twin_cities(shared), lookup, primary, alternates)
    reports.append(tw_report)
    clock.lap("twins")

    carbonn = (
        ng.filter(pl.col("scope1_source") == "carbonn")
        .join(ng_keys, on="row")
        .select(
            network=pl.lit("carbonn"),
            key="key",
            since_year=pl.lit(None, pl.Int32),
            source=pl.lit(src.NANGINI),
        )
        .unique(["network", "key"])
    )
    members = pl.concat([cdp_members, carbonn])
    stats = stats.sort(
        "key", "variable", "year", "source", "value", descending=[False, False, False, False, True]
    ).unique(["key", "year", "variable", "source"], keep="first", maintain_order=True)
    city_sources = pl.concat(
        [
            cities.filter(pl.col("key").str.starts_with("sm:")).select("key", source=pl.lit(src.SIMPLEMAPS)),
            gn_links.select("key", source=pl.lit(src.GEONAMES)),
            ng_keys.select("key", source=pl.lit(src.NANGINI)),
            wd_links.select("key", source=pl.lit(src.WIKIDATA)),
            cdp_members.select("key", source=pl.lit(src.CDP)),
            twin_links.select(key="key_a", source=pl.lit(src.TWIN_WIKIPEDIA)),
            twin_links.select(key="key_b", source=pl.lit(src.TWIN_WIKIPEDIA)),
        ]
    )
    final = finish_cities(cities, stats, gn_links, wd_links, pl.concat([gn_names, ng_names]), city_sources)
    clock.lap("cities")
    frames = {
        "cities": final,
        "countries": countries,
        "city_statistics": stats,
        "grid_intensity": grid_intensity(read.read_owid_carbon_intensity(shared), countries),
        "degree_days": degree_days(read.read_eurostat_degree_days(shared)),
        "twin_links": twin_links,
        "networks": src.NETWORKS,
        "network_members": members,
        "sources": src.sources_frame(
            {
                *src.CITY_SOURCE_ORDER,
                src.NANGINI_DD_GEA,
                src.NANGINI_DD_CLIM,
                src.OWID_EMBER,
                src.ELECTRICITY_MAPS,
                src.EUROSTAT_CHDD,
                src.CDP_TARGETS,
            }
        ),
    }
    clock.lap("tables")
    return frames, reports, clock.timings


def finish_cities(
    cities: pl.DataFrame,
    stats: pl.DataFrame,
    gn_links: pl.DataFrame,
    wd_links: pl.DataFrame,
    names: pl.DataFrame,
    city_sources: pl.DataFrame,
) -> pl.DataFrame:
    """Registry city rows: headline population (recent first, then source preference, then
    latest year), area from the same source when possible, ids, alternate names, source ids."""
    rank = {s: i for i, s in enumerate(src.POPULATION_PREFERENCE)}
    pops = stats.filter(pl.col("variable") == "population").with_columns(
        recent=pl.col("year") >= 2010, rank=pl.col("source").replace_strict(rank, default=99)
    )
    best = (
        pops.sort(["key", "recent", "rank", "year"], descending=[False, True, False, True])
        .unique("key", keep="first", maintain_order=True)
        .select("key", population="value", population_year="year", population_source="source")
    )
    areas = (
        stats.filter(pl.col("variable") == "area_km2")
        .join(best.select("key", "population_source"), on="key", how="left")
        .with_columns(
            same=pl.col("source") == pl.col("population_source").fill_null(""),
            rank=pl.col("source").replace_strict(rank, default=99),
        )
    )
    area = (
        areas.sort(["key", "same", "rank", "year"], descending=[False, True, False, True])
        .unique("key", keep="first", maintain_order=True)
        .select("key", area_km2="value")
    )
    order = {s: i for i, s in enumerate(src.CITY_SOURCE_ORDER)}
    joined_sources = (
        city_sources.unique()
        .with_columns(o=pl.col("source").replace_strict(order, default=99))
        .sort("key", "o")
        .group_by("key", maintain_order=True)
        .agg(sources=pl.col("source").str.join(","))
    )
    alt = join_alt_names(names, cities.select("key", "name"))
    return (
        cities.drop("population")
        .join(best, on="key", how="left")
        .join(area, on="key", how="left")
        .join(gn_links.select("key", "geonames_id"), on="key", how="left")
        .join(wd_links.select("key", unlocode="locode"), on="key", how="left")
        .join(alt, on="key", how="left")
        .join(joined_sources, on="key", how="left")
        .with_columns(pl.col("population").round(0).cast(pl.Int64))
    )
