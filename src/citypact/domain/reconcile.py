"""Reconcile city records of one source with the city registry (pure: no file I/O, no web, no ORM).

Matching is blocked by country, compares normalized names with rapidfuzz in one C call per
country, and confirms with great-circle distance: a same-name city more than `max_km` away is a
homonym, not a match. Wikidata rows carry only a UN/LOCODE and a population, for which
`match_locodes` applies the name-letters + population heuristic.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process

from citypact.domain.geo import haversine_km
from citypact.domain.names import letters_key, non_city_qualifier, normalize_name

MATCH_SCHEMA: dict[str, pl.DataType] = {
    "ref": pl.Int64(),
    "key": pl.Utf8(),
    "name_score": pl.Float64(),
    "distance_km": pl.Float64(),
    "score": pl.Float64(),
    "reason": pl.Utf8(),
}
_QUERY_CHUNK = 4000  # query rows per rapidfuzz call; bounds the dense score matrix to ~40 MB


def map_unique(values: pl.Series, fn: Callable[[str], str | None]) -> pl.Series:
    """Apply a str function once per distinct value of a column (names repeat a lot)."""
    uniq = values.unique().drop_nulls().to_list()
    mapping = {v: fn(v) for v in uniq}
    return values.replace_strict(mapping, default=None, return_dtype=pl.Utf8)


def normalize_column(names: pl.Series) -> pl.Series:
    """`normalize_name` over a column."""
    return map_unique(names, normalize_name)


def _name_pairs(
    recs: pl.DataFrame, cands: pl.DataFrame, min_score: float, workers: int
) -> pl.DataFrame:
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
                chunk, choices, scorer=fuzz.ratio, score_cutoff=min_score,
                dtype=np.uint8, workers=workers,
            )  # fmt: skip
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
                    schema={"country": pl.Utf8, "norm": pl.Utf8, "cid": pl.UInt32,
                            "name_score": pl.Float64},
                )  # fmt: skip
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
    per km; pairs farther than `max_km` are rejected when both sides have coordinates, and a
    record without coordinates needs a near-exact name and no equally good homonym unless
    one is 5x more populous. `fuzzy=False` compares normalized names for equality only (a cheap
    join, for long lists of alternate names). Returns one row per ref (MATCH_SCHEMA).
    """
    recs = records.select(
        pl.col("ref").cast(pl.Int64), "country", "name",
        pl.col("lat").cast(pl.Float64), pl.col("lon").cast(pl.Float64),
    ).with_row_index("rid")  # fmt: skip
    recs = recs.with_columns(
        norm=normalize_column(recs["name"]), non_city=map_unique(recs["name"], non_city_qualifier)
    )
    cands = (
        candidates.select(
            "key", "country", "name", pl.col("lat").cast(pl.Float64),
            pl.col("lon").cast(pl.Float64), pl.col("population").cast(pl.Float64),
        )  # fmt: skip
        .with_columns(norm=normalize_column(candidates["name"]))
        .filter(pl.col("norm").str.len_chars() > 0)
        .unique(["key", "norm"], keep="first", maintain_order=True)
        .with_row_index("cid")
    )
    if not reject_non_city:
        recs = recs.with_columns(non_city=pl.lit(None, dtype=pl.Utf8))
    usable = recs.filter(
        pl.col("country").is_not_null()
        & (pl.col("norm").str.len_chars() > 0)
        & pl.col("non_city").is_null()
    )
    if fuzzy:
        name_pairs = _name_pairs(usable, cands, min_name_score, workers)
    else:
        name_pairs = (
            usable.select("country", "norm").unique()
            .join(cands.select("country", "norm", "cid"), on=["country", "norm"])
            .with_columns(name_score=pl.lit(100.0))
        )  # fmt: skip
    pairs = (
        name_pairs.join(usable.select("rid", "ref", "country", "norm", "lat", "lon"), on=["country", "norm"])
        .join(
            cands.select("cid", "key", c_norm="norm", c_lat="lat", c_lon="lon", pop="population"),
            on="cid",
        )
    )
    dist = haversine_km(pairs["lat"].to_numpy(), pairs["lon"].to_numpy(),
                        pairs["c_lat"].to_numpy(), pairs["c_lon"].to_numpy())  # fmt: skip
    strict = process.cpdist(pairs["norm"].to_list(), pairs["c_norm"].to_list(), scorer=fuzz.ratio,
                            workers=workers)  # fmt: skip
    pairs = pairs.with_columns(
        distance_km=pl.Series(dist).fill_nan(None), strict=pl.Series(strict, dtype=pl.Float64)
    ).with_columns(
        ok=pl.when(pl.col("distance_km").is_not_null())
        .then(pl.col("distance_km") <= max_km)
        .otherwise(pl.col("strict") >= strict_name_score),
        score=pl.col("name_score") - km_penalty * pl.col("distance_km").fill_null(0.0),
    )
    best = _pick_best(pairs.filter("ok"))
    reasons = _reasons(recs, cands, pairs, strict_name_score, max_km)
    per_rid = recs.select("rid", "ref").join(best, on="rid", how="left").join(
        reasons, on="rid", how="left"
    )
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
    second = ranked.filter(pl.col("rank") == 1).select(
        "rid", score2="score", pop2="pop", dist2="distance_km"
    )
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
    near = (
        pairs.filter(pl.col("strict") >= strict_name_score)
        .group_by("rid")
        .agg(nearest=pl.col("distance_km").min())
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
            .when(pl.col("nearest").is_not_null() | pl.col("rid").is_in(pairs["rid"].implode()))
            .then(pl.lit("ambiguous or too far: several candidates, none decisive"))
            .otherwise(pl.lit("no similar name in country")),
        )
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


# ------------------------------------------------------------------------------ UN/LOCODE

LOCODE_SCHEMA: dict[str, pl.DataType] = {
    "ref": pl.Int64(),
    "key": pl.Utf8(),
    "population_ratio": pl.Float64(),
    "reason": pl.Utf8(),
}


def locode_fits(locode: str, name: str) -> bool:
    """Whether a location code could abbreviate a name: "DEMUC" fits "München" (M, then U, then C)."""
    letters = letters_key(name)
    code = locode[2:].upper()
    if len(code) != 3 or not letters or letters[0] != code[0]:
        return False
    i = letters.find(code[1], 1)
    return i >= 0 and letters.find(code[2], i + 1) >= 0


def match_locodes(
    locodes: pl.DataFrame,
    names: pl.DataFrame,
    populations: pl.DataFrame,
    *,
    max_factor: float = 3.0,
    clear_margin: float = 2.0,
) -> pl.DataFrame:
    """Registry key for each UN/LOCODE by name letters and population (vectorized joins).

    locodes: ref (Int64), locode (5 chars), population. names: key, country, name (ASCII name
    and any alternate names of a city). populations: key, population (every figure known for
    the city). A city is a candidate if it lies in the locode's country and one of its names
    `locode_fits`; its distance is the smallest |log ratio| of the populations. Accepted: the
    closest candidate, if within `max_factor` and unambiguous, i.e. the only one within the
    factor, or `clear_margin` times closer than the runner-up, or the only one within the
    factor whose name starts with the three code letters ("DEDUS": Düsseldorf, not Duisburg).
    Returns one row per ref (LOCODE_SCHEMA; population_ratio = larger / smaller figure).
    """
    n = names.select(
        "key", "country", letters=map_unique(names["name"], letters_key)
    ).filter(pl.col("letters").str.len_chars() > 1).unique()
    n = n.with_columns(first=pl.col("letters").str.slice(0, 1), rest=pl.col("letters").str.slice(1))
    q = locodes.select(
        pl.col("ref").cast(pl.Int64), pl.col("locode").str.to_uppercase(),
        l_pop=pl.col("population").cast(pl.Float64),
    ).with_columns(
        country=pl.col("locode").str.slice(0, 2), first=pl.col("locode").str.slice(2, 1),
        c1=pl.col("locode").str.slice(3, 1), c2=pl.col("locode").str.slice(4, 1),
    )  # fmt: skip
    fits = (
        q.join(n, on=["country", "first"])
        .with_columns(i=pl.col("rest").str.find(pl.col("c1"), literal=True))
        .filter(
            pl.col("i").is_not_null()
            & pl.col("rest").str.slice(pl.col("i") + 1).str.contains(pl.col("c2"), literal=True)
        )
        .group_by("ref", "key")
        .agg(prefix=pl.col("letters").str.starts_with(pl.col("locode").str.slice(2, 3)).any())
    )
    pops = populations.select("key", c_pop=pl.col("population").cast(pl.Float64)).drop_nulls()
    per_key = (
        fits.join(q.select("ref", "l_pop"), on="ref")
        .join(pops, on="key", how="left")
        .with_columns(logdiff=(pl.col("c_pop").log() - pl.col("l_pop").log()).abs())
        .group_by("ref", "key", "prefix")
        .agg(pl.col("logdiff").min())
    )
    limit, margin = math.log(max_factor), math.log(clear_margin)
    within = pl.col("logdiff") <= limit
    ranked = per_key.sort("ref", "logdiff", "key", nulls_last=True)
    summary = ranked.group_by("ref", maintain_order=True).agg(
        n=pl.len(),
        n_pop=pl.col("logdiff").is_not_null().sum(),
        n_within=within.sum(),
        key=pl.col("key").first(),
        best=pl.col("logdiff").first(),
        second=pl.col("logdiff").get(1, null_on_oob=True),
        n_prefix=(within & pl.col("prefix")).sum(),
        prefix_key=pl.col("key").filter(within & pl.col("prefix")).first(),
        prefix_best=pl.col("logdiff").filter(within & pl.col("prefix")).first(),
    )
    out = q.select("ref", "l_pop").join(summary, on="ref", how="left")
    clear = (pl.col("n_within") == 1) | (
        (pl.col("n_within") > 1) & (pl.col("second") - pl.col("best") >= margin)
    )
    by_prefix = ~clear & (pl.col("n_within") > 1) & (pl.col("n_prefix") == 1)
    return out.select(
        "ref",
        key=pl.when(clear).then(pl.col("key")).when(by_prefix).then(pl.col("prefix_key")),
        population_ratio=pl.when(clear)
        .then(pl.col("best").exp())
        .when(by_prefix)
        .then(pl.col("prefix_best").exp()),
        reason=pl.when(clear | by_prefix)
        .then(None)
        .when(pl.col("n").is_null())
        .then(pl.lit("no city in country whose name fits the code"))
        .when(pl.col("l_pop").is_null() | (pl.col("n_pop") == 0))
        .then(pl.lit("no population to compare"))
        .when(pl.col("n_within") == 0)
        .then(pl.format("closest population off by factor {}", pl.col("best").exp().round(1)))
        .otherwise(pl.format("ambiguous: {} cities within factor 3", pl.col("n_within"))),
    ).cast(LOCODE_SCHEMA)  # type: ignore[arg-type]


def best_per_group(
    frame: pl.DataFrame, group: str | Sequence[str], order: Sequence[str], descending: Sequence[bool]
) -> pl.DataFrame:
    """First row of each group after sorting by `order` (deterministic de-duplication)."""
    return frame.sort(list(order), descending=list(descending), nulls_last=True).unique(
        group, keep="first", maintain_order=True
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

