"""Load the city registry and national reference series into the database, idempotently."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.cities import size_bands
from citypact.domain.text import search_text
from citypact.reference.registry import Registry
from citypact.storage.bulk import refresh_planner_statistics, upsert
from citypact.storage.models import (
    City,
    CityStatistic,
    Country,
    DegreeDays,
    GridIntensity,
    Network,
    NetworkMember,
    Source,
    TwinLink,
)

_CITY_COLUMNS = (
    "key",
    "name",
    "name_ascii",
    "country",
    "admin_area",
    "lat",
    "lon",
    "population",
    "population_year",
    "population_source",
    "area_km2",
    "geonames_id",
    "unlocode",
    "capital",
    "alt_names",
    "sources",
)


@dataclass(frozen=True)
class LoadCounts:
    sources: int
    countries: int
    cities: int
    statistics: int
    grid_intensity: int
    degree_days: int
    twin_links: int
    networks: int
    network_members: int


def _rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dicts()


def _city_rows(cities: pl.DataFrame) -> list[dict[str, Any]]:
    frame = cities.select(_CITY_COLUMNS)
    bands = size_bands(frame["population"].cast(pl.Float64).fill_null(np.nan).to_numpy())
    names = zip(frame["name"], frame["name_ascii"], frame["alt_names"].fill_null(""), strict=True)
    texts = [search_text(*n) for n in names]
    return frame.with_columns(
        pl.Series("size_band", bands, dtype=pl.Utf8),
        pl.Series("search_text", texts, dtype=pl.Utf8),
        pl.col("alt_names").fill_null(""),
    ).to_dicts()


def _with_city_ids(frame: pl.DataFrame, ids: pl.DataFrame, *keys: str) -> pl.DataFrame:
    """Replace each city key column by the database id of that city."""
    for key in keys:
        frame = frame.join(ids.rename({"key": key, "id": f"{key}_id"}), on=key, how="inner").drop(key)
    return frame


def load_registry(
    session: Session, registry: Registry, progress: Callable[[str], None] = lambda _: None
) -> LoadCounts:
    """Upsert every table of `registry`; loading the same registry twice changes nothing.

    Cities a person has edited keep their edits; reference figures are refreshed.
    """
    progress("sources and countries")
    upsert(session, Source, _rows(registry.sources), ["id"])
    upsert(session, Country, _rows(registry.countries), ["iso2"])

    progress(f"{registry.cities.height:,} cities")
    city_rows = _city_rows(registry.cities)
    upsert(session, City, city_rows, ["key"], where=City.updated_at.is_(None))
    ids = pl.DataFrame(
        session.execute(select(City.key, City.id)).all(),
        schema={"key": pl.Utf8, "id": pl.Int64},
        orient="row",
    )

    progress(f"{registry.city_statistics.height:,} yearly figures")
    stats = _with_city_ids(registry.city_statistics, ids, "key").rename({"key_id": "city_id"})
    upsert(
        session,
        CityStatistic,
        _rows(stats),
        ["city_id", "year", "variable", "source"],
        update=["value", "unit", "note"],
    )

    progress("national grid intensity and degree days")
    upsert(session, GridIntensity, _rows(registry.grid_intensity), ["country", "year", "source"])
    upsert(session, DegreeDays, _rows(registry.degree_days), ["country", "year", "source"])

    progress(f"{registry.twin_links.height:,} twin-town links")
    twins = _with_city_ids(registry.twin_links, ids, "key_a", "key_b").rename(
        {"key_a_id": "city_a_id", "key_b_id": "city_b_id"}
    )
    # Keys are ordered; ids need not follow the same order.
    twins = twins.select(
        pl.min_horizontal("city_a_id", "city_b_id").alias("city_a_id"),
        pl.max_horizontal("city_a_id", "city_b_id").alias("city_b_id"),
        "source",
    ).unique(["city_a_id", "city_b_id"], keep="first", maintain_order=True)
    upsert(session, TwinLink, _rows(twins), ["city_a_id", "city_b_id"], update=[])

    progress("networks")
    upsert(session, Network, _rows(registry.networks), ["slug"])
    network_ids = pl.DataFrame(
        session.execute(select(Network.slug, Network.id)).all(),
        schema={"network": pl.Utf8, "network_id": pl.Int64},
        orient="row",
    )
    members = _with_city_ids(registry.network_members, ids, "key").rename({"key_id": "city_id"})
    members = members.join(network_ids, on="network", how="inner").drop("network")
    upsert(session, NetworkMember, _rows(members), ["network_id", "city_id"], update=["since_year"])
    refresh_planner_statistics(session)
    return LoadCounts(
        sources=registry.sources.height,
        countries=registry.countries.height,
        cities=len(city_rows),
        statistics=stats.height,
        grid_intensity=registry.grid_intensity.height,
        degree_days=registry.degree_days.height,
        twin_links=twins.height,
        networks=registry.networks.height,
        network_members=members.height,
    )
