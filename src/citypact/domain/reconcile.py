"""Reconcile city records of one source with the city registry (pure: no file I/O, no web, no ORM).

Matching is blocked by country, compares normalized names with rapidfuzz in one C call per
country, and confirms with great-circle distance: a same-name city more than `max_km` away is a
homonym, not a match. Wikidata rows carry only a UN/LOCODE and a population, for which
`match_locodes` applies the name-letters + population heuristic.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process

from citypact.domain.geo import haversine_km
from citypact.domain.names import (
    fold_ascii,
    map_unique,
    non_city_qualifier,
    normalize_column,
    normalize_name,
)

MATCH_SCHEMA: dict[str, pl.DataType] = {
    "ref": pl.Int64(),
    "key": pl.Utf8(),
    "name_score": pl.Float64(),
    "distance_km": pl.Float64(),
    "score": pl.Float64(),
    "reason": pl.Utf8(),
}
_QUERY_CHUNK = 4000  # query rows per rapidfuzz call; bounds the dense score matrix to ~40 MB


def _name_pairs(recs: pl.DataFrame, cands: pl.DataFrame, min_score: float, workers: int) -> pl.DataFrame:
    """All (query norm, candidate row) pairs within a country with rapidfuzz ratio >= min_score."""
    out: list[pl.DataFrame] = []
    cand_blocks = cands.partition_by("country", as_dict=True, maintain_order=True)
    queries = recs.select("country", "norm").unique(maintain_order=True)
    for (country,), block in queries.partition_by("country", as_dict=True).items():
        cblock = cand_blocks.get((country,))
        if cblock is None:
            continue
        choices = cblock["norm"].to_list()
        cids = cblock["cid"].to_numpy()
        qnames = block["norm"].to_list()
        for start in range(0, len(qnames), _QUERY_CHUNK):
            chunk = qnames[start : start + _QUERY_CHUNK]
            scores = process.cdist(
                chunk,
                choices,
                scorer=fuzz.ratio,
                score_cutoff=min_score,
                dtype=np.uint8,
                workers=workers,
            )
            qi, ci = np.nonzero(scores)
            if len(qi) == 0:
                continue
            out.append(
                pl.DataFrame(
                    {
                        "country": [country] * len(qi),
                        "norm": np.asarray(chunk, dtype=object)[qi].tolist(),
                        "cid": cids[ci],
                        "name_score": scores[qi, ci].astype(np.float64),
                    },
                    schema={"country": pl.Utf8, "norm": pl.Utf8, "cid": pl.UInt32, "name_score": pl.Float64},
                )
            )
    if not out:
        return pl.DataFrame(
            schema={"country": pl.Utf8, "norm": pl.Utf8, "cid": pl.UInt32, "name_score": pl.Float64}
        )
    return pl.concat(out)


def match_records(
    records: pl.DataFrame,
    candidates: pl.DataFrame,
    *,
    max_km: float = 30.0,
    min_name_score: float = 85.0,
    strict_name_score: float = 95.0,
    km_penalty: float = 0.5,
    reject_non_city: bool = True,
    fuzzy: bool = True,
    workers: int = -1,
) -> pl.DataFrame:
    """Best registry key for each record, or a reason why there is none.

    records: ref (Int64; several rows may share a ref to offer name variants), country (ISO2),
    name, lat, lon (nullable). candidates: key, country, name (one row per name variant), lat,
    lon, population (nullable). Score = rapidfuzz ratio of normalized names minus `km_penalty`
    per km, and must reach `min_name_score`: an exact name may lie up to `max_km` away, a merely
    similar one must be closer ("Fujimi" is not "Fujimino" 4 km away). Numbers in names must
    agree ("Prague 7" is not Prague). A record without coordinates needs a near-exact name and
    no equally good homonym unless one is 5x more populous. `fuzzy=False` compares normalized
    names for equality only (a cheap join, for long lists of alternate names). Returns one row
    per ref (MATCH_SCHEMA).
    """
    recs = records.select(
        pl.col("ref").cast(pl.Int64),
        "country",
        "name",
        pl.col("lat").cast(pl.Float64),
        pl.col("lon").cast(pl.Float64),
    ).with_row_index("rid")
    recs = recs.with_columns(
        norm=normalize_column(recs["name"]), non_city=map_unique(recs["name"], non_city_qualifier)
    )
    cands = (
        candidates.select(
            "key",
            "country",
            "name",
            pl.col("lat").cast(pl.Float64),
            pl.col("lon").cast(pl.Float64),
            pl.col("population").cast(pl.Float64),
        )
        .with_columns(norm=normalize_column(candidates["name"]))
        .filter(pl.col("norm").str.len_chars() > 0)
        .unique(["key", "norm"], keep="first", maintain_order=True)
        .with_row_index("cid")
    )
    if not reject_non_city:
        recs = recs.with_columns(non_city=pl.lit(None, dtype=pl.Utf8))
    usable = recs.filter(
        pl.col("country").is_not_null() & (pl.col("norm").str.len_chars() > 0) & pl.col("non_city").is_null()
    )
    if fuzzy:
        name_pairs = _name_pairs(usable, cands, min_name_score, workers)
    else:
        name_pairs = (
            usable.select("country", "norm")
            .unique()
            .join(cands.select("country", "norm", "cid"), on=["country", "norm"])
            .with_columns(name_score=pl.lit(100.0))
        )
    pairs = name_pairs.join(
        usable.select("rid", "ref", "country", "norm", "lat", "lon"), on=["country", "norm"]
    ).join(
        cands.select("cid", "key", c_norm="norm", c_lat="lat", c_lon="lon", pop="population"),
        on="cid",
    )
    dist = haversine_km(
        pairs["lat"].to_numpy(), pairs["lon"].to_numpy(), pairs["c_lat"].to_numpy(), pairs["c_lon"].to_numpy()
    )
    strict = process.cpdist(
        pairs["norm"].to_list(), pairs["c_norm"].to_list(), scorer=fuzz.ratio, workers=workers
    )
    digits = r"[^0-9]"
    pairs = pairs.with_columns(
        distance_km=pl.Series(dist).fill_nan(None),
        strict=pl.Series(strict, dtype=pl.Float64),
        score=pl.col("name_score") - km_penalty * pl.Series(dist).fill_nan(None).fill_null(0.0),
        same_digits=pl.col("norm").str.replace_all(digits, "")
        == pl.col("c_norm").str.replace_all(digits, ""),
    ).with_columns(
        ok=pl.when(pl.col("distance_km").is_not_null())
        .then((pl.col("distance_km") <= max_km) & (pl.col("score") >= min_name_score))
        .otherwise(pl.col("strict") >= strict_name_score)
        & pl.col("same_digits"),
    )
    best = _pick_best(pairs.filter("ok"))
    reasons = _reasons(recs, cands, pairs, strict_name_score, max_km)
    per_rid = recs.select("rid", "ref").join(best, on="rid", how="left").join(reasons, on="rid", how="left")
    # name variants of one ref: keep the best-scoring variant, else the first variant's reason
    return (
        per_rid.sort(["ref", "score", "rid"], descending=[False, True, False], nulls_last=True)
        .group_by("ref", maintain_order=True)
        .first()
        .with_columns(reason=pl.when(pl.col("key").is_null()).then(pl.col("reason")))
        .select(list(MATCH_SCHEMA))
        .cast(MATCH_SCHEMA)  # type: ignore[arg-type]
    )


def _pick_best(ok: pl.DataFrame) -> pl.DataFrame:
    """Highest score per record; a coordinate-less tie between homonyms is left unresolved."""
    per_key = ok.sort(["score", "pop"], descending=True, nulls_last=True).unique(
        ["rid", "key"], keep="first", maintain_order=True
    )
    ranked = per_key.sort(
        ["rid", "score", "pop", "key"], descending=[False, True, True, False], nulls_last=True
    ).with_columns(rank=pl.int_range(pl.len()).over("rid"))
    first = ranked.filter(pl.col("rank") == 0)
    second = ranked.filter(pl.col("rank") == 1).select("rid", score2="score", pop2="pop", dist2="distance_km")
    both = first.join(second, on="rid", how="left")
    ambiguous = (
        pl.col("distance_km").is_null()
        & pl.col("score2").is_not_null()
        & (pl.col("score2") >= pl.col("score") - 1.0)
        & (pl.col("pop").fill_null(0.0) < 5.0 * pl.col("pop2").fill_null(0.0))
    )
    return both.select(
        "rid",
        key=pl.when(ambiguous).then(None).otherwise(pl.col("key")),
        name_score=pl.when(ambiguous).then(None).otherwise(pl.col("name_score")),
        distance_km=pl.when(ambiguous).then(None).otherwise(pl.col("distance_km")),
        score=pl.when(ambiguous).then(None).otherwise(pl.col("score")),
        ambiguous=ambiguous,
    )


def _reasons(
    recs: pl.DataFrame,
    cands: pl.DataFrame,
    pairs: pl.DataFrame,
    strict_name_score: float,
    max_km: float,
) -> pl.DataFrame:
    """A short human-readable reason for every record (used only where no match was kept)."""
    near = pairs.group_by("rid").agg(
        nearest=pl.col("distance_km").filter(pl.col("strict") >= strict_name_score).min(),
        nearest_similar=pl.col("distance_km").min(),
        n_keys=pl.col("key").n_unique(),
        digits_differ=(~pl.col("same_digits")).any(),
    )
    countries = cands["country"].unique().implode()
    return (
        recs.select("rid", "country", "norm", "non_city")
        .join(near, on="rid", how="left")
        .select(
            "rid",
            reason=pl.when(pl.col("country").is_null())
            .then(pl.lit("unknown country"))
            .when(pl.col("non_city").is_not_null())
            .then(pl.lit("not a city: ") + pl.col("non_city"))
            .when(~pl.col("country").is_in(countries))
            .then(pl.lit("no registry city in ") + pl.col("country"))
            .when(pl.col("norm").fill_null("") == "")
            .then(pl.lit("empty name"))
            .when(pl.col("nearest") > max_km)
            .then(pl.format("same name only {} km away", pl.col("nearest").round(0).cast(pl.Int64)))
            .when(pl.col("digits_differ"))
            .then(pl.lit("numbers in the names differ (a district?)"))
            .when(pl.col("nearest_similar").is_not_null())
            .then(
                pl.format(
                    "only similar names, too far (nearest {} km)",
                    pl.col("nearest_similar").round(0).cast(pl.Int64),
                )
            )
            .when(pl.col("n_keys") > 1)
            .then(pl.lit("ambiguous homonyms, no coordinates to tell them apart"))
            .when(pl.col("n_keys") == 1)
            .then(pl.lit("name not close enough to decide without coordinates"))
            .otherwise(pl.lit("no similar name in country")),
        )
    )


# Words that make two otherwise equal names different places ("New Taipei" is not "Taipei").
DISTINGUISHING_TOKENS = ("new", "old", "north", "south", "east", "west", "upper", "lower")


def match_nearby(
    records: pl.DataFrame,
    candidates: pl.DataFrame,
    *,
    max_km: float = 10.0,
    min_ratio: float = 60.0,
    min_token_set: float = 90.0,
    max_factor: float = 3.0,
) -> pl.DataFrame:
    """Last-resort match of records that name a place loosely ("Venezia" for Venice, "Nashville
    and Davidson") to a registry city within `max_km`: normalized names must reach rapidfuzz
    ratio `min_ratio` or token-set ratio `min_token_set`, must not differ by a distinguishing
    word (DISTINGUISHING_TOKENS), and populations, where both are known, must agree within
    `max_factor`. Inputs as `match_records` (records may carry `population`); returns
    MATCH_SCHEMA rows for the matched refs only.
    """
    usable = records.drop_nulls(["lat", "lon", "country"])
    recs = usable.select(
        pl.col("ref").cast(pl.Int64),
        "country",
        pl.col("lat").cast(pl.Float64),
        pl.col("lon").cast(pl.Float64),
        norm=normalize_column(usable["name"]),
        pop=(pl.col("population") if "population" in usable.columns else pl.lit(None)).cast(pl.Float64),
    )
    cands = candidates.select(
        "key",
        "country",
        c_norm=normalize_column(candidates["name"]),
        c_lat=pl.col("lat").cast(pl.Float64),
        c_lon=pl.col("lon").cast(pl.Float64),
        c_pop=pl.col("population").cast(pl.Float64),
    )
    pairs = recs.join(cands, on="country")
    dist = haversine_km(
        pairs["lat"].to_numpy(), pairs["lon"].to_numpy(), pairs["c_lat"].to_numpy(), pairs["c_lon"].to_numpy()
    )
    pop_ok = (
        pl.col("pop").is_null()
        | pl.col("c_pop").is_null()
        | ((pl.col("pop").log() - pl.col("c_pop").log()).abs() <= math.log(max_factor))
    )
    differ = pl.col("norm").str.split(" ").list.set_symmetric_difference(pl.col("c_norm").str.split(" "))
    pairs = pairs.with_columns(distance_km=pl.Series(dist)).filter(
        (pl.col("distance_km") <= max_km)
        & pop_ok
        & ~differ.list.eval(pl.element().is_in(DISTINGUISHING_TOKENS)).list.any()
    )
    a, b = pairs["norm"].to_list(), pairs["c_norm"].to_list()
    pairs = pairs.with_columns(
        ratio=pl.Series(process.cpdist(a, b, scorer=fuzz.ratio), dtype=pl.Float64),
        token_set=pl.Series(process.cpdist(a, b, scorer=fuzz.token_set_ratio), dtype=pl.Float64),
    ).filter((pl.col("ratio") >= min_ratio) | (pl.col("token_set") >= min_token_set))
    return (
        pairs.with_columns(name_score=pl.max_horizontal("ratio", "token_set"))
        .with_columns(score=pl.col("name_score") - pl.col("distance_km"))
        .sort(["ref", "score", "key"], descending=[False, True, False])
        .unique("ref", keep="first", maintain_order=True)
        .select("ref", "key", "name_score", "distance_km", "score", reason=pl.lit(None, pl.Utf8))
        .cast(MATCH_SCHEMA)  # type: ignore[arg-type]
    )


def keep_one_per_key(matches: pl.DataFrame) -> pl.DataFrame:
    """Enforce one-to-one: when several refs matched the same key, only the best-scoring keeps it;
    the others become unmatched with a reason naming the winner."""
    ranked = matches.with_columns(
        rank=pl.col("score").rank("ordinal", descending=True).over("key"),
        winner=pl.col("ref").sort_by("score", descending=True).first().over("key"),
    )
    loser = pl.col("key").is_not_null() & (pl.col("rank") > 1)
    return ranked.select(
        "ref",
        key=pl.when(loser).then(None).otherwise(pl.col("key")),
        name_score=pl.when(loser).then(None).otherwise(pl.col("name_score")),
        distance_km=pl.when(loser).then(None).otherwise(pl.col("distance_km")),
        score=pl.when(loser).then(None).otherwise(pl.col("score")),
        reason=pl.when(loser)
        .then(pl.format("city {} already matched by ref {}", pl.col("key"), pl.col("winner")))
        .otherwise(pl.col("reason")),
    )


def join_alt_names(names: pl.DataFrame, primary: pl.DataFrame, max_len: int = 40) -> pl.DataFrame:
    """Pipe-joined alternate names per key: distinct case-insensitively, at most `max_len` chars,
    without the primary name, sorted. names: key, name; primary: key, name -> key, alt_names."""
    cleaned = names.select(
        "key", alt=pl.col("name").str.replace_all(r"[|\s]+", " ").str.strip_chars()
    ).filter((pl.col("alt").str.len_chars() > 0) & (pl.col("alt").str.len_chars() <= max_len))
    prim = primary.select("key", p=pl.col("name").str.to_lowercase())
    return (
        cleaned.with_columns(low=pl.col("alt").str.to_lowercase())
        .join(prim, on="key", how="left")
        .filter(pl.col("low") != pl.col("p").fill_null(""))
        .sort("key", "low", "alt")
        .unique(["key", "low"], keep="first", maintain_order=True)
        .group_by("key", maintain_order=True)
        .agg(alt_names=pl.col("alt").str.join("|"))
    )


# The UN/LOCODE heuristic lives in locode.py; re-exported so that reconciliation is one import.
from citypact.domain.locode import LOCODE_SCHEMA, locode_fits, match_locodes  # noqa: E402

__all__ = [
    "DISTINGUISHING_TOKENS", "LOCODE_SCHEMA", "MATCH_SCHEMA", "fold_ascii", "join_alt_names",
    "keep_one_per_key", "locode_fits", "map_unique", "match_locodes", "match_nearby",
    "match_records", "normalize_column", "normalize_name",
]  # fmt: skip
