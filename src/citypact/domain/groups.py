"""Groups of similar municipalities: split a network's members into groups of at most `max_size`,
each as alike in framework conditions as the constraints allow, with at most `max_per_country`
cities of one country in a group (so groups learn across borders).

Method: capacitated k-means on the standardized conditions (domain.peers). Centroids start by
k-means++ (seeded, so the result is reproducible); each round assigns cities greedily, the city
with the most to lose first (largest gap between its best and second-best group), to the nearest
group that still has room and takes another city of its country; centroids move to their members'
mean; rounds stop when nothing moves (at most 25). The number of groups is ceil(n / max_size).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
ROUNDS = 25


@dataclass(frozen=True)
class Grouping:
    labels: IntArray  # group of each city, 0 .. groups-1
    groups: int
    spread: float  # mean distance of a city to its group's centre (standardized units)
    rounds: int


def _kmeans_pp(z: FloatArray, g: int, rng: np.random.Generator) -> FloatArray:
    centres = [z[int(rng.integers(z.shape[0]))]]
    for _ in range(1, g):
        d2 = np.min([((z - c) ** 2).sum(axis=1) for c in centres], axis=0)
        total = d2.sum()
        pick = int(rng.choice(z.shape[0], p=d2 / total)) if total > 0 else int(rng.integers(z.shape[0]))
        centres.append(z[pick])
    return np.array(centres)


def _assign(
    z: FloatArray, centres: FloatArray, country: npt.NDArray[np.str_], max_size: int, max_per_country: int
) -> IntArray:
    d = np.sqrt(((z[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2))
    order_groups = np.argsort(d, axis=1, kind="stable")
    sorted_d = np.take_along_axis(d, order_groups, axis=1)
    regret = sorted_d[:, 1] - sorted_d[:, 0] if d.shape[1] > 1 else np.zeros(z.shape[0])
    room = np.full(centres.shape[0], max_size)
    per_country: dict[tuple[int, str], int] = {}
    labels = np.full(z.shape[0], -1, dtype=np.int64)
    for i in np.argsort(-regret, kind="stable").tolist():
        for g in order_groups[i].tolist():
            if room[g] > 0 and per_country.get((g, str(country[i])), 0) < max_per_country:
                labels[i] = g
                room[g] -= 1
                per_country[(g, str(country[i]))] = per_country.get((g, str(country[i])), 0) + 1
                break
        else:  # only possible when the country cap is tight: the nearest group with room takes it
            g = next(g for g in order_groups[i].tolist() if room[g] > 0)
            labels[i] = g
            room[g] -= 1
    return labels


def form_groups(
    z: FloatArray,
    country: npt.NDArray[np.str_],
    max_size: int,
    *,
    max_per_country: int | None = None,
    seed: int = 0,
) -> Grouping:
    """Groups of at most `max_size` similar cities (rows of standardized conditions `z`)."""
    n = z.shape[0]
    if max_size < 1:
        raise ValueError(f"max_size: {max_size} must be at least 1")
    if n == 0:
        return Grouping(np.empty(0, dtype=np.int64), 0, math.nan, 0)
    g = math.ceil(n / max_size)
    cap = max_per_country if max_per_country is not None else max_size
    if cap < 1:
        raise ValueError(f"max_per_country: {cap} must be at least 1")
    countries, counts = np.unique(country, return_counts=True)
    too_many = [(str(c), int(k)) for c, k in zip(countries, counts, strict=True) if k > g * cap]
    if too_many:
        c, k = too_many[0]
        raise ValueError(
            f"max_per_country: {k} cities of {c} cannot spread over {g} groups with at most {cap} each; "
            f"allow {math.ceil(k / g)} per country or smaller groups"
        )
    rng = np.random.default_rng(seed)
    centres = _kmeans_pp(z, g, rng)
    labels = np.full(n, -1, dtype=np.int64)
    rounds = 0
    for rounds in range(1, ROUNDS + 1):  # noqa: B007 - the count is reported
        new = _assign(z, centres, country, max_size, cap)
        if np.array_equal(new, labels):
            break
        labels = new
        centres = np.array(
            [z[labels == k].mean(axis=0) if (labels == k).any() else centres[k] for k in range(g)]
        )
    spread = float(np.sqrt(((z - centres[labels]) ** 2).sum(axis=1)).mean())
    return Grouping(labels, g, spread, rounds)
