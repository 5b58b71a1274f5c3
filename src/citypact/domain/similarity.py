"""Cities like mine: nearest cities on standardized framework conditions, each with its reasons.

Conditions: size (log10 population), climate (heating and cooling degree days) and, where known,
wealth (log10 GDP per capita); a different country adds a fixed distance, because the national
framework (grid, law, subsidies) shapes what a city can do. A condition a city lacks is left out of
its distances rather than guessed; the distance is averaged over the conditions both cities have.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from citypact.domain.reasons import Reason

FloatArray = npt.NDArray[np.float64]
COUNTRY_DISTANCE: Final = 1.0  # as far as one standard deviation of every condition together
CONDITIONS: Final = ("log_population", "hdd", "cdd", "log_gdp_per_capita")


@dataclass(frozen=True)
class CityConditions:
    """Framework conditions of many cities as columns (NaN where unknown)."""

    ids: npt.NDArray[np.int64]
    country: npt.NDArray[np.str_]
    population: FloatArray
    hdd: FloatArray
    cdd: FloatArray
    gdp_per_capita: FloatArray

    def subset(self, keep: npt.NDArray[np.bool_]) -> CityConditions:
        """The cities where `keep` is true."""
        return CityConditions(
            self.ids[keep],
            self.country[keep],
            self.population[keep],
            self.hdd[keep],
            self.cdd[keep],
            self.gdp_per_capita[keep],
        )

    def matrix(self) -> FloatArray:
        with np.errstate(divide="ignore", invalid="ignore"):
            columns = [
                np.log10(np.where(self.population > 0, self.population, np.nan)),
                self.hdd,
                self.cdd,
                np.log10(np.where(self.gdp_per_capita > 0, self.gdp_per_capita, np.nan)),
            ]
        matrix: FloatArray = np.column_stack(columns).astype(np.float64)
        return matrix


@dataclass(frozen=True)
class SimilarCity:
    id: int
    distance: float
    reasons: tuple[Reason, ...]


def _standardized(matrix: FloatArray) -> FloatArray:
    with warnings.catch_warnings():  # a condition no city has: all-NaN column, mean NaN, left out below
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(matrix, axis=0)
        std = np.nanstd(matrix, axis=0)
    std = np.where(np.isfinite(std) & (std > 0), std, 1.0)
    z: FloatArray = (matrix - mean) / std
    return z


def distances(conditions: CityConditions, me: int) -> FloatArray:
    """Distance of every city to city index `me` (0 for itself), vectorized over all cities."""
    z = _standardized(conditions.matrix())
    diff = z - z[me]
    known = np.isfinite(diff)
    count = known.sum(axis=1)
    squared = np.where(known, diff**2, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        # Scaled to the number of conditions, so a city with fewer known conditions is not closer.
        base = np.sqrt(squared / np.maximum(count, 1) * len(CONDITIONS))
    base = np.where(count > 0, base, np.inf)
    return base + np.where(conditions.country == conditions.country[me], 0.0, COUNTRY_DISTANCE)


def _reasons(conditions: CityConditions, me: int, other: int) -> tuple[Reason, ...]:
    """Why `other` is like `me`, as codes with figures (`mine` the city's own, `other` the other's)."""
    reasons = []
    if conditions.country[other] == conditions.country[me]:
        reasons.append(Reason("same_country", str(conditions.country[me]), str(conditions.country[other])))
    pop_me, pop_other = conditions.population[me], conditions.population[other]
    if np.isfinite(pop_me) and np.isfinite(pop_other) and pop_me > 0 and pop_other > 0:
        ratio = max(pop_me, pop_other) / min(pop_me, pop_other)
        if ratio <= 2.0:
            reasons.append(Reason("similar_size", float(pop_me), float(pop_other)))
    for name, values, tolerance in (("heating", conditions.hdd, 500.0), ("cooling", conditions.cdd, 150.0)):
        a, b = values[me], values[other]
        if np.isfinite(a) and np.isfinite(b) and abs(a - b) <= tolerance:
            reasons.append(Reason("similar_climate", float(a), float(b), note=name))
    gdp_me, gdp_other = conditions.gdp_per_capita[me], conditions.gdp_per_capita[other]
    if (
        np.isfinite(gdp_me)
        and np.isfinite(gdp_other)
        and max(gdp_me, gdp_other) <= 1.5 * min(gdp_me, gdp_other)
    ):
        reasons.append(Reason("similar_gdp", float(gdp_me), float(gdp_other)))
    return tuple(reasons)


def most_similar(conditions: CityConditions, city_id: int, k: int) -> list[SimilarCity]:
    """The `k` cities nearest to `city_id` (itself excluded), nearest first, with reasons."""
    where = np.flatnonzero(conditions.ids == city_id)
    if where.size == 0:
        raise KeyError(f"no framework conditions for city {city_id}")
    me = int(where[0])
    d = distances(conditions, me)
    d[me] = np.inf
    k = min(k, int(np.isfinite(d).sum()))
    if k <= 0:
        return []
    nearest = np.argpartition(d, k - 1)[:k]
    nearest = nearest[np.argsort(d[nearest], kind="stable")]
    return [
        SimilarCity(int(conditions.ids[i]), float(d[i]), _reasons(conditions, me, int(i))) for i in nearest
    ]
