"""UN/LOCODE heuristic: which registry city a location code such as "DEMUC" stands for.

Wikidata rows carry only a locode and a population. The three code letters usually abbreviate
the place name (first letter, then two more in order), so candidates are the cities of the
code's country whose name fits; populations decide. Pure and vectorized (polars joins).
"""

from __future__ import annotations

import math

import polars as pl

from citypact.domain.names import letters_key, map_unique

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
    n = (
        names.select("key", "country", letters=map_unique(names["name"], letters_key))
        .filter(pl.col("letters").str.len_chars() > 1)
        .unique()
    )
    n = n.with_columns(first=pl.col("letters").str.slice(0, 1), rest=pl.col("letters").str.slice(1))
    q = locodes.select(
        pl.col("ref").cast(pl.Int64),
        pl.col("locode").str.to_uppercase(),
        l_pop=pl.col("population").cast(pl.Float64),
    ).with_columns(
        country=pl.col("locode").str.slice(0, 2),
        first=pl.col("locode").str.slice(2, 1),
        c1=pl.col("locode").str.slice(3, 1),
        c2=pl.col("locode").str.slice(4, 1),
    )
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
