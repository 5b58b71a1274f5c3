"""Peer groups for the benchmark: the nearest cities on standardized framework conditions.

Conditions: size (log population), density (log inhabitants per km2), climate (heating and cooling
degree days), wealth (log GDP per capita) and the national grid's carbon intensity, which also carries
much of the national framework. Each is standardized over the cities compared (z = (x - mean) / sd),
and the distance is Euclidean over the standardized conditions. A condition a city lacks counts as
average (z = 0) and is never named as a reason, so a city with few known conditions still gets peers
and its explanation says only what is known.

All cities at once use a k-d tree (exact nearest neighbours, O(n log n)); a city's page reads its
peers from that result.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

CONDITIONS: Final = ("log_population", "log_density", "hdd", "cdd", "log_gdp_per_capita", "grid")


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


def reasons(conditions: Conditions, me: int, other: int) -> tuple[str, ...]:
    """Why `other` is a peer of `me`, in plain words, naming only conditions both cities have."""
    c = conditions
    said: list[str] = []

    def close(values: FloatArray, ratio: float) -> bool:
        a, b = float(values[me]), float(values[other])
        return math.isfinite(a) and math.isfinite(b) and a > 0 and b > 0 and max(a, b) <= ratio * min(a, b)

    if c.country[other] == c.country[me]:
        said.append(f"same country ({c.country[me]})")
    if close(c.population, 2.0):
        said.append(f"similar size ({c.population[other]:,.0f} vs {c.population[me]:,.0f} inhabitants)")
    if close(c.density, 1.5):
        said.append(f"similar density ({c.density[other]:,.0f} vs {c.density[me]:,.0f} per km2)")
    zone = climate_zone(float(c.hdd[me]), float(c.cdd[me]))
    if zone is not None and zone == climate_zone(float(c.hdd[other]), float(c.cdd[other])):
        said.append(
            f"same climate zone, {zone} (heating degree days {c.hdd[other]:,.0f} vs {c.hdd[me]:,.0f})"
        )
    if close(c.gdp_per_capita, 1.5):
        said.append(
            f"similar GDP per capita ({c.gdp_per_capita[other]:,.0f} vs {c.gdp_per_capita[me]:,.0f} USD)"
        )
    if close(c.grid, 1.25):
        said.append(f"similar national grid ({c.grid[other]:.2f} vs {c.grid[me]:.2f} kg CO2/kWh)")
    return tuple(said)
