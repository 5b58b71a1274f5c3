"""The dynamic benchmark of many cities at once: indicators, trends, structure-adjusted performance,
peers and movement among peers. Vectorized over all cities; no ranking anywhere.

The headline is territorial (scope 1) emissions per capita, the figure every source has (own GPC
inventories and reported totals) and the one the structure model is fitted on. A city's latest value
is its latest year with that figure; its trend is the log-linear annual rate over all its years.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
import polars as pl

from citypact.domain.indicators import indicator_table
from citypact.domain.outliers import peer_z
from citypact.domain.peers import Conditions, nearest_known
from citypact.domain.structure_cv import ExpectedLevel
from citypact.domain.structure_fit import StructureModel, performance
from citypact.domain.trends import annual_rates

FloatArray = npt.NDArray[np.float64]
HEADLINE: Final = "scope1_per_capita"
PEERS: Final = 10


@dataclass(frozen=True)
class NetworkBenchmark:
    """``cities``: one row per city of ``conditions`` (same order). ``indicators``: every city-year."""

    cities: pl.DataFrame
    indicators: pl.DataFrame
    years: tuple[int, ...]
    series: FloatArray  # headline per city (rows as in ``cities``) and year (``years``), NaN if missing


def headline_series(
    indicators: pl.DataFrame, ids: npt.NDArray[np.int64]
) -> tuple[tuple[int, ...], FloatArray]:
    """The headline indicator as a cities x years matrix (rows follow `ids`), NaN where missing."""
    known = indicators.filter(pl.col(HEADLINE).is_not_null())
    if known.is_empty():
        return (), np.full((ids.size, 0), np.nan)
    first, last = int(known["year"].min()), int(known["year"].max())  # type: ignore[arg-type]
    years = tuple(range(first, last + 1))
    matrix = np.full((ids.size, len(years)), np.nan)
    order = np.argsort(ids, kind="stable")
    city = known["city_id"].to_numpy()
    pos = np.searchsorted(ids, city, sorter=order)
    pos = np.minimum(pos, ids.size - 1)
    row = order[pos]
    ours = ids[row] == city  # city-years of cities outside `ids` are ignored
    matrix[row[ours], known["year"].to_numpy()[ours] - first] = known[HEADLINE].to_numpy()[ours]
    return years, matrix


def _latest(years: tuple[int, ...], series: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Per row: the last known value and its year (NaN where the row has none)."""
    known = np.isfinite(series)
    if series.shape[1] == 0:
        nothing = np.full(series.shape[0], np.nan)
        return nothing, nothing.copy()
    last = series.shape[1] - 1 - np.argmax(known[:, ::-1], axis=1)
    any_known = known.any(axis=1)
    value = np.where(any_known, series[np.arange(series.shape[0]), last], np.nan)
    year = np.where(any_known, np.asarray(years, dtype=np.float64)[last], np.nan)
    return value, year


def benchmark_network(
    city_years: pl.DataFrame,
    conditions: Conditions,
    *,
    model: StructureModel | None = None,
    covariates: Mapping[str, FloatArray] | None = None,
    level: ExpectedLevel | None = None,
    region: npt.NDArray[np.str_] | None = None,
    peers: int = PEERS,
) -> NetworkBenchmark:
    """Benchmark every city of `conditions` against the others.

    `city_years` has the columns of :mod:`citypact.domain.indicators`; `covariates` are the model's
    covariates per city (aligned with `conditions`, NaN where unknown). With `level` (the expected
    level chosen out of sample, with `region` per city) the interval comes from its out-of-sample
    errors; with a bare `model` from its in-sample scale. Cities without a known headline or
    covariate get no performance (NaN), never a guess.
    """
    ids = conditions.ids
    indicators = indicator_table(city_years)
    years, series = headline_series(indicators, ids)
    latest, latest_year = _latest(years, series)
    rate, n_years = annual_rates(years, series) if years else (np.full(ids.size, np.nan), np.zeros(ids.size))

    expected = np.full(ids.size, np.nan)
    percent, low, high = expected.copy(), expected.copy(), expected.copy()
    basis = np.full(ids.size, "model" if model is not None else "")
    if level is not None and covariates is not None:
        region_codes = region if region is not None else np.full(ids.size, "")
        expected_log, basis = level.expected(covariates, conditions.country, region_codes)
        usable = np.isfinite(latest) & (latest > 0) & np.isfinite(expected_log)
        resid = np.log(np.where(usable, latest, 1.0)) - np.where(usable, expected_log, 0.0)
        q_low, q_high = level.interval
        expected = np.where(usable, np.exp(expected_log), np.nan)
        percent = np.where(usable, 100.0 * np.expm1(resid), np.nan)
        # Within the usual scatter where q_low <= resid <= q_high, i.e. where [low, high] holds 0.
        low = np.where(usable, 100.0 * np.expm1(resid - q_high), np.nan)
        high = np.where(usable, 100.0 * np.expm1(resid - q_low), np.nan)
    elif model is not None and covariates is not None:
        X = {name: np.asarray(covariates[name], dtype=np.float64) for name in model.covariates}
        usable = np.isfinite(latest) & (latest > 0)
        for column in X.values():
            usable &= np.isfinite(column)
        if usable.any():
            perf = performance(model, latest[usable], {k: v[usable] for k, v in X.items()})
            expected[usable], percent[usable] = perf.expected, perf.percent
            low[usable], high[usable] = perf.low_percent, perf.high_percent

    index, distance, _ = nearest_known(conditions, peers)
    has = index >= 0
    peer_rate = np.where(has, rate[np.where(has, index, 0)], np.nan)
    peer_known = np.isfinite(peer_rate)
    with np.errstate(invalid="ignore"):
        faster = np.where(np.isfinite(rate)[:, None] & peer_known, peer_rate > rate[:, None], False).sum(
            axis=1
        )
    peer_ids = np.where(has, ids[np.where(has, index, 0)], -1)

    cities = pl.DataFrame(
        {
            "city_id": ids,
            "country": conditions.country,
            "latest_year": latest_year,
            HEADLINE: latest,
            "trend_pct_per_year": rate,
            "trend_years": n_years.astype(np.int64),
            "expected": expected,
            "expected_basis": np.where(np.isfinite(expected), basis, ""),
            "performance_pct": percent,
            "performance_low_pct": low,
            "performance_high_pct": high,
            "peer_ids": peer_ids,
            "peer_distances": distance,
            "peers_with_trend": peer_known.sum(axis=1),
            "faster_than_peers": faster,
            "outlier_z": peer_z(latest, index),  # domain/outliers.py: |z| > 3.5 is an outlier
        }
    ).with_columns(
        pl.col(c).fill_nan(None)
        for c in (HEADLINE, "latest_year", "trend_pct_per_year", "expected", "performance_pct",
                  "performance_low_pct", "performance_high_pct", "outlier_z")
    ).with_columns(pl.col("latest_year").cast(pl.Int32))  # fmt: skip
    return NetworkBenchmark(cities=cities, indicators=indicators, years=years, series=series)
