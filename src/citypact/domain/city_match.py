"""Which registry city a self-reported record (CDP files, CDP targets) speaks for: by its names,
the registry's alternate names and the record's coordinates (pure, on polars frames).

Order, first hit wins:
1. names: the record's name against every registry name and alternate name (GeoNames, Wikidata
   spellings: "Milano" is an alternate name of Milan) in the same country, fuzzy, within
   `reconcile.match_records`' distance limit (30 km) where the record has coordinates;
2. name alone: an exact (normalized) name that only one registry city of the country carries
   (or one 5x as populous as its homonyms), when the record has no point, or its point lies within
   NAME_ONLY_KM once repaired: self-reported points are often swapped, miss a sign, or sit tens of
   km off (Roma Capitale's 2021 point lies 42 km from Rome's centre). A point farther however it
   is read speaks for another place (Portland, Maine is not Portland, Oregon, even where the
   registry lacks the former): no match. Listed as a conflict when the record has a point;
3. coordinates: the nearest registry city of the same country within COORDINATE_KM of the
   record's point ("Roma Capitale" at Rome's centre), only when no registry city of the country
   carries the record's name (a "Changwon" whose point lies in another city is Changwon with a
   wrong point, not that city: unmatched) and, where both are known, the populations agree within
   POPULATION_FACTOR (a district or neighbour such as Hvidovre is not Copenhagen), and never for a
   name that marks a county, district or region ("Yilan County" is not Yilan). Listed as a
   conflict between name and coordinates.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import polars as pl

from citypact.domain.geo import haversine_km
from citypact.domain.names import map_unique, non_city_qualifier, normalize_column
from citypact.domain.reconcile import match_records

# A city's reported point is its centre or its town hall; 10 km stays inside any city of the
# registry's size (Rome's municipality spans about 40 km) and away from most neighbours' centres.
COORDINATE_KM: Final = 10.0
# A record's population and the registry city's differ by city proper against metro area and by
# year; beyond a factor 3 they are not the same place.
POPULATION_FACTOR: Final = 3.0
# Same country, same name, and the point within this distance however it is read: the name wins.
# Homonyms of one country rarely lie this close; a swapped or sign-less point lies thousands of km off.
NAME_ONLY_KM: Final = 100.0
CITY_MATCH_SCHEMA: Final[dict[str, pl.DataType]] = {
    "ref": pl.Int64(), "key": pl.String(), "how": pl.String(), "distance_km": pl.Float64(),
    "conflict": pl.Boolean(),
}  # fmt: skip


def match_cities(
    records: pl.DataFrame, candidates: pl.DataFrame, *, coordinate_km: float = COORDINATE_KM
) -> pl.DataFrame:
    """One row per ref (CITY_MATCH_SCHEMA): key (null when nothing matched), how ("name",
    "name_only", "coordinates" or null), distance_km between the record's point and the city,
    conflict (name and coordinates disagree: steps 2 and 3 of the module's order).

    records: ref, country (ISO2), name (several rows per ref offer its spellings), lat, lon, and
    optionally population (checked in step 3 only).
    candidates: key, country, name (one row per name and alternate name), lat, lon, population.
    """
    refs = records.select(pl.col("ref").cast(pl.Int64)).unique(maintain_order=True)
    if records.height == 0 or candidates.height == 0:
        return _empty(refs)
    first = match_records(records, candidates, fuzzy=True).filter(pl.col("key").is_not_null())
    found = first.select("ref", "key", how=pl.lit("name"), distance_km="distance_km", conflict=pl.lit(False))
    rest = records.filter(~pl.col("ref").is_in(found["ref"].implode()))
    no_coords = rest.with_columns(lat=pl.lit(None, pl.Float64), lon=pl.lit(None, pl.Float64))
    second = match_records(no_coords, candidates, fuzzy=False).filter(pl.col("key").is_not_null())
    second = second.join(_points(rest), on="ref", how="left").join(_city_points(candidates), on="key")
    repaired = pl.min_horizontal(_km(_variant(second, swap, sy, sx)) for swap, sy, sx in _VARIANTS)
    named = second.with_columns(distance_km=_km(second), repaired_km=repaired).filter(
        pl.col("lat").is_null() | (pl.col("repaired_km") <= NAME_ONLY_KM)
    )
    named = named.select(
        "ref", "key", how=pl.lit("name_only"), distance_km="distance_km", conflict=pl.col("lat").is_not_null()
    )
    found = pl.concat([found, named.cast(found.schema)])
    known = set(normalize_column(candidates["name"]).drop_nulls().to_list())
    named_refs = rest.filter(normalize_column(rest["name"]).is_in(list(known)))["ref"].implode()
    # a county, district or region ("Yilan County") is not the town at its centre
    areas = rest.filter(map_unique(rest["name"], non_city_qualifier).is_not_null())["ref"].implode()
    unnamed = rest.filter(
        ~pl.col("ref").is_in(found["ref"].implode())
        & ~pl.col("ref").is_in(named_refs)
        & ~pl.col("ref").is_in(areas)
    )
    by_point = _nearest(unnamed, candidates, coordinate_km)
    found = pl.concat([found, by_point.cast(found.schema)])
    return (
        refs.join(found, on="ref", how="left").select(list(CITY_MATCH_SCHEMA)).cast(CITY_MATCH_SCHEMA)  # type: ignore[arg-type]
    )


# (swap lat and lon, sign of lat, sign of lon): the readings of a self-reported point, as given first
_VARIANTS: Final = [(w, y, x) for w in (False, True) for y in (1.0, -1.0) for x in (1.0, -1.0)]


def _variant(pairs: pl.DataFrame, swap: bool, sign_lat: float, sign_lon: float) -> pl.DataFrame:
    lat, lon = ("lon", "lat") if swap else ("lat", "lon")
    return pairs.with_columns(lat=pl.col(lat) * sign_lat, lon=pl.col(lon) * sign_lon)


def _empty(refs: pl.DataFrame) -> pl.DataFrame:
    return refs.with_columns(
        key=pl.lit(None, pl.String),
        how=pl.lit(None, pl.String),
        distance_km=pl.lit(None, pl.Float64),
        conflict=pl.lit(None, pl.Boolean),
    ).cast(CITY_MATCH_SCHEMA)  # type: ignore[arg-type]


def _points(records: pl.DataFrame) -> pl.DataFrame:
    return (
        records.filter(pl.col("lat").is_not_null() & pl.col("lon").is_not_null())
        .unique("ref", keep="first", maintain_order=True)
        .select(pl.col("ref").cast(pl.Int64), pl.col("lat").cast(pl.Float64), pl.col("lon").cast(pl.Float64))
    )


def _city_points(candidates: pl.DataFrame) -> pl.DataFrame:
    return candidates.unique("key", keep="first", maintain_order=True).select(
        "key", c_lat=pl.col("lat").cast(pl.Float64), c_lon=pl.col("lon").cast(pl.Float64)
    )


def _km(pairs: pl.DataFrame) -> pl.Series:
    km = haversine_km(
        pairs["lat"].to_numpy(), pairs["lon"].to_numpy(), pairs["c_lat"].to_numpy(), pairs["c_lon"].to_numpy()
    )
    return pl.Series(np.asarray(km, dtype=float)).fill_nan(None)


def _nearest(records: pl.DataFrame, candidates: pl.DataFrame, limit_km: float) -> pl.DataFrame:
    """The nearest registry city of the record's country within `limit_km` of its point."""
    points = _points(records).join(
        records.unique("ref", keep="first").select(pl.col("ref").cast(pl.Int64), "country"), on="ref"
    )
    cities = _city_points(candidates).join(
        candidates.unique("key", keep="first").select("key", "country"), on="key"
    )
    pairs = points.join(cities, on="country")
    if pairs.height == 0:
        return pl.DataFrame(schema=CITY_MATCH_SCHEMA)
    pairs = pairs.with_columns(distance_km=_km(pairs)).filter(pl.col("distance_km") <= limit_km)
    if "population" in records.columns:
        sizes = records.unique("ref", keep="first").select(pl.col("ref").cast(pl.Int64), size="population")
        cities_size = candidates.unique("key", keep="first").select("key", city_size="population")
        ratio = pl.col("size").cast(pl.Float64) / pl.col("city_size").cast(pl.Float64)
        pairs = (
            pairs.join(sizes, on="ref", how="left")
            .join(cities_size, on="key", how="left")
            .filter(ratio.is_null() | ratio.is_between(1 / POPULATION_FACTOR, POPULATION_FACTOR))
        )
    return (
        pairs.sort("ref", "distance_km", "key")
        .unique("ref", keep="first", maintain_order=True)
        .select("ref", "key", how=pl.lit("coordinates"), distance_km="distance_km", conflict=pl.lit(True))
    )


def candidate_names(cities: pl.DataFrame) -> pl.DataFrame:
    """Candidate rows for `match_cities` from registry cities (key, country, name, name_ascii,
    alt_names pipe-joined, lat, lon, population): one row per distinct spelling."""
    names = pl.concat(
        [
            cities.select("key", name="name"),
            cities.select("key", name="name_ascii"),
            cities.select("key", name=pl.col("alt_names").fill_null("").str.split("|")).explode("name"),
        ]
    ).filter(pl.col("name").is_not_null() & (pl.col("name").str.strip_chars() != ""))
    return (
        names.unique(maintain_order=True)
        .join(cities.select("key", "country", "lat", "lon", "population"), on="key")
        .select("key", "country", "name", "lat", "lon", "population")
    )
