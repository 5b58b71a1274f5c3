"""Peer groups for the benchmark: the nearest cities on the framework conditions both cities know.

Conditions: size (log population), density (log inhabitants per km2), climate (heating and cooling
degree days), wealth (log GDP per capita), the national grid's carbon intensity and the world region
(the national framework: the grid and the region; no open data gives the national scope of action).
Each numeric condition is standardized over the cities compared (z = (x - mean) / sd); the region
counts 0 when the same and 1 when different (one-hot columns scaled by 1/sqrt 2).

Two cities are compared only on the conditions both know, and only when they share at least
MIN_SHARED of them: their distance is the root mean square of the differences over the shared
conditions, so an unknown condition is never taken as average and a city known on few conditions
gets fewer peers rather than peers similar on nothing. :func:`nearest_known` finds them for all
cities at once: cities are grouped by which conditions they know, and each pair of groups is searched
with a k-d tree on their shared conditions (exact nearest neighbours, O(n log n) per pair of groups).

:func:`nearest_all` (unknown as average, the earlier rule) is kept as the baseline that
`make bench` compares by leave-one-out prediction (docs/benchmark_model.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from citypact.domain.reasons import Reason

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

CONDITIONS: Final = ("log_population", "log_density", "hdd", "cdd", "log_gdp_per_capita", "grid")
REGION: Final = "region"  # the categorical condition, after the numeric CONDITIONS
MIN_SHARED: Final = 3  # conditions two cities must both know to be compared


@dataclass(frozen=True)
class Conditions:
    """Framework conditions of many cities as columns (NaN where unknown)."""

    ids: IntArray
    country: npt.NDArray[np.str_]
    population: FloatArray
    density: FloatArray  # inhabitants per km2
    hdd: FloatArray
    cdd: FloatArray
    gdp_per_capita: FloatArray  # USD (PPP)
    grid: FloatArray  # kg CO2/kWh
    region: npt.NDArray[np.str_] | None = None  # world region, "" where unknown; None: none known
    # Where the figures come from: the source id of each city's degree days ("" where unknown; a
    # national figure has the national source's id) and the year of its grid figure (NaN unknown).
    degree_day_source: npt.NDArray[np.str_] | None = None
    grid_year: FloatArray | None = None

    def matrix(self) -> FloatArray:
        """One column per condition in CONDITIONS, logs where the condition is multiplicative."""

        def log(x: FloatArray) -> FloatArray:
            with np.errstate(divide="ignore", invalid="ignore"):
                return np.where(x > 0, np.log(x), np.nan)

        columns = (log(self.population), log(self.density), self.hdd, self.cdd, log(self.gdp_per_capita))
        return np.column_stack([*columns, self.grid]).astype(np.float64)


def standardized(matrix: FloatArray) -> FloatArray:
    """z-scores per column; unknown values (and columns no city has) become 0, the average."""
    known = np.isfinite(matrix)
    count = known.sum(axis=0)
    filled = np.where(known, matrix, 0.0)
    mean = filled.sum(axis=0) / np.maximum(count, 1)
    var = np.where(known, (matrix - mean) ** 2, 0.0).sum(axis=0) / np.maximum(count, 1)
    sd = np.sqrt(var)
    sd = np.where(sd > 0, sd, 1.0)
    z: FloatArray = np.where(known, (matrix - mean) / sd, 0.0)
    return z


def nearest_all(z: FloatArray, k: int) -> tuple[IntArray, FloatArray]:
    """For every row of `z`: the indices and distances of its `k` nearest other rows, nearest first.
    Rows with fewer than k others get index -1 and distance inf in the missing places."""
    n = z.shape[0]
    if n < 2 or k < 1:
        return np.full((n, max(k, 0)), -1, dtype=np.int64), np.full((n, max(k, 0)), np.inf)
    tree = cKDTree(z)
    distance, index = tree.query(z, k=min(k + 1, n))
    distance = np.atleast_2d(distance)
    index = np.atleast_2d(index).astype(np.int64)
    # Drop each row itself; with exact duplicates it may not come first, so remove it by identity.
    rows = np.arange(n)[:, None]
    is_self = index == rows
    has_self = is_self.any(axis=1)
    keep = ~is_self
    keep[~has_self, -1] = False  # the row was not among the k+1: drop the farthest instead
    index = index[keep].reshape(n, -1)[:, :k]
    distance = distance[keep].reshape(n, -1)[:, :k]
    if index.shape[1] < k:
        pad = k - index.shape[1]
        index = np.pad(index, ((0, 0), (0, pad)), constant_values=-1)
        distance = np.pad(distance, ((0, 0), (0, pad)), constant_values=np.inf)
    return index, distance


def _known(conditions: Conditions) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """The comparison matrix (standardized numeric conditions, then the region's scaled one-hot
    columns) and which of the conditions (CONDITIONS, then REGION) each city knows."""
    matrix = conditions.matrix()
    known = np.isfinite(matrix)
    z = standardized(matrix)
    region = conditions.region if conditions.region is not None else np.full(z.shape[0], "")
    names = sorted(set(region.tolist()) - {""})
    onehot = (region[:, None] == np.array(names, dtype=str)[None, :]).astype(np.float64) / math.sqrt(2)
    return np.hstack([z, onehot.reshape(z.shape[0], len(names))]), np.column_stack([known, region != ""])


def nearest_known(
    conditions: Conditions, k: int, min_shared: int = MIN_SHARED
) -> tuple[IntArray, FloatArray, IntArray]:
    """For every city: the indices and distances of its `k` nearest others compared on the conditions
    both know (at least `min_shared`), nearest first, and how many conditions each pair shared.
    Missing places: index -1, distance inf, 0 shared."""
    z, known = _known(conditions)
    n, width = known.shape[0], known.shape[1]
    columns_of = [[c] for c in range(width - 1)] + [list(range(width - 1, z.shape[1]))]
    best_index = np.full((n, k), -1, dtype=np.int64)
    best_distance = np.full((n, k), np.inf)
    best_shared = np.zeros((n, k), dtype=np.int64)
    if n < 2 or k < 1:
        return best_index, best_distance, best_shared
    patterns, group = np.unique(known, axis=0, return_inverse=True)
    group = group.reshape(-1)
    members = [np.flatnonzero(group == g) for g in range(len(patterns))]
    trees: dict[tuple[int, tuple[int, ...]], cKDTree] = {}  # (group, columns) -> its tree
    for own, (p, mine) in enumerate(zip(patterns, members, strict=True)):
        # Candidates from every group sharing enough conditions, merged once per group of queries. The
        # own group goes first: its k-th distance bounds the search in the others (a k-d tree prunes
        # what lies beyond), in chunks of cities sorted by that bound so each chunk's bound is tight.
        found_distance, found_index, found_shared = [], [], []
        bound = np.full(mine.size, np.inf)
        for g in sorted(range(len(patterns)), key=lambda g: g != own):
            q, theirs = patterns[g], members[g]
            shared = p & q
            count = int(shared.sum())
            if count < max(min_shared, 1):
                continue
            cols = tuple(c for i in np.flatnonzero(shared) for c in columns_of[i])
            tree = trees.get((g, cols))
            if tree is None:
                tree = trees[(g, cols)] = cKDTree(z[theirs][:, list(cols)])
            want = min(k + 1, theirs.size)
            points = z[mine][:, list(cols)]
            distance = np.full((mine.size, want), np.inf)
            where = np.full((mine.size, want), theirs.size)  # tree.n: nothing found
            order = np.argsort(bound, kind="stable")
            for chunk in np.array_split(order, min(16, max(1, mine.size // 256))):
                if chunk.size == 0:
                    continue
                limit = float(bound[chunk].max()) * math.sqrt(count) * (1 + 1e-12)
                d, w = tree.query(points[chunk], k=want, distance_upper_bound=limit)
                distance[chunk], where[chunk] = (
                    np.reshape(d, (chunk.size, want)),
                    np.reshape(w, (chunk.size, want)),
                )
            hit = where < theirs.size
            index = np.where(hit, theirs[np.minimum(where, theirs.size - 1)], -1)
            distance = np.where(hit & (index != mine[:, None]), distance / math.sqrt(count), np.inf)
            found_distance.append(distance)  # never its own peer
            found_index.append(index)
            found_shared.append(np.full(index.shape, count))
            if g == own and want > k:
                bound = np.sort(distance, axis=1)[:, k - 1]
        if not found_index:
            continue
        all_index, all_distance = np.hstack(found_index), np.hstack(found_distance)
        order = np.lexsort((all_index, all_distance), axis=1)[:, :k]  # ties: the lower index first
        rows = np.arange(mine.size)[:, None]
        width = order.shape[1]
        best_index[mine, :width] = all_index[rows, order]
        best_distance[mine, :width] = all_distance[rows, order]
        best_shared[mine, :width] = np.hstack(found_shared)[rows, order]
    missing = ~np.isfinite(best_distance)
    best_index[missing], best_shared[missing] = -1, 0
    return best_index, best_distance, best_shared


def nearest_to(
    conditions: Conditions, me: int, candidates: npt.NDArray[np.bool_], k: int, min_shared: int = MIN_SHARED
) -> tuple[IntArray, FloatArray]:
    """The `k` candidates nearest to city index `me` (itself never), nearest first, by the distance
    of :func:`nearest_known`: over the conditions both cities know (at least `min_shared`),
    standardized over all cities. Ties: the lower index first."""
    z, known = _known(conditions)
    width = known.shape[1]
    # Expand "known" per condition to the comparison matrix's columns (the region has several).
    expand = np.concatenate([np.arange(width - 1), np.full(z.shape[1] - (width - 1), width - 1)])
    shared = known & known[me]
    count = shared.sum(axis=1)
    squared = np.where(shared[:, expand], (z - z[me]) ** 2, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        distance = np.sqrt(squared / count)
    eligible = candidates & (count >= max(min_shared, 1))
    eligible[me] = False
    rows = np.flatnonzero(eligible)
    order = np.lexsort((rows, distance[rows]))[:k]
    return rows[order].astype(np.int64), distance[rows[order]]


def compared(conditions: Conditions, me: int, other: int) -> tuple[str, ...]:
    """The conditions (codes of CONDITIONS and REGION) both cities know: the ones they were compared on."""
    _, known = _known(conditions)
    both = known[me] & known[other]
    return tuple(name for name, yes in zip((*CONDITIONS, REGION), both, strict=True) if yes)


def climate_zone(hdd: float, cdd: float) -> str | None:
    """A coarse climate zone from degree days (HDD 15.5 °C, CDD 23 °C bases as in Nangini 2019)."""
    if not (math.isfinite(hdd) and math.isfinite(cdd)):
        return None
    if hdd >= 3000:
        return "cold"
    if cdd >= 1000:
        return "hot"
    if hdd >= 1000:
        return "temperate"
    return "warm"


def peer_reasons(conditions: Conditions, me: int, other: int) -> tuple[Reason, ...]:
    """Why `other` is a peer of `me`, as codes with both cities' values (mine, other), naming only
    conditions both cities know. The climate zone's code is the note; values are raw figures."""
    c = conditions
    said: list[Reason] = []

    def close(values: FloatArray, ratio: float) -> bool:
        a, b = float(values[me]), float(values[other])
        return math.isfinite(a) and math.isfinite(b) and a > 0 and b > 0 and max(a, b) <= ratio * min(a, b)

    if c.country[other] == c.country[me]:
        said.append(Reason("same_country", str(c.country[me]), str(c.country[other])))
    elif c.region is not None and c.region[me] and c.region[me] == c.region[other]:
        said.append(Reason("same_world_region", str(c.region[me]), str(c.region[other])))
    if close(c.population, 2.0):
        said.append(Reason("similar_size", float(c.population[me]), float(c.population[other])))
    if close(c.density, 1.5):
        said.append(Reason("similar_density", float(c.density[me]), float(c.density[other])))
    zone = climate_zone(float(c.hdd[me]), float(c.cdd[me]))
    if zone is not None and zone == climate_zone(float(c.hdd[other]), float(c.cdd[other])):
        sources = c.degree_day_source
        said.append(
            Reason(
                "same_climate_zone",
                float(c.hdd[me]),
                float(c.hdd[other]),
                zone,
                sources=(str(sources[me]), str(sources[other])) if sources is not None else None,
            )
        )
    if close(c.gdp_per_capita, 1.5):
        said.append(Reason("similar_gdp", float(c.gdp_per_capita[me]), float(c.gdp_per_capita[other])))
    if close(c.grid, 1.25):
        said.append(Reason("similar_grid", float(c.grid[me]), float(c.grid[other])))
    return tuple(said)


def peer_median_errors(log_value: FloatArray, year: FloatArray, index: IntArray, window: int) -> FloatArray:
    """Leave-one-out check of a peer definition: per city |log value - median of its peers' log values|,
    counting only peers whose year is within `window` years of the city's (NaN where none is)."""
    has = index >= 0
    safe = np.where(has, index, 0)
    values = np.where(has & (np.abs(year[safe] - year[:, None]) <= window), log_value[safe], np.nan)
    counted = np.isfinite(values).any(axis=1)
    median = np.full(log_value.size, np.nan)
    median[counted] = np.nanmedian(values[counted], axis=1)
    errors: FloatArray = np.abs(log_value - median)
    return errors


def same_country_errors(log_value: FloatArray, country: npt.NDArray[np.str_]) -> FloatArray:
    """The baseline: per city |log value - median of the other cities of its country| (NaN if none)."""
    out = np.full(log_value.size, np.nan)
    for code in np.unique(country):
        rows = np.flatnonzero(country == code)
        if code == "" or rows.size < 2:
            continue
        values = log_value[rows]
        others = np.where(~np.eye(rows.size, dtype=bool), values[None, :], np.nan)
        out[rows] = np.abs(values - np.nanmedian(others, axis=1))
    return out
