"""Peers and cases like mine share one distance (domain.peers)."""

from __future__ import annotations

import math

import numpy as np

from citypact.domain.peers import Conditions, nearest_known, nearest_to


def test_nearest_to_compares_on_the_conditions_both_know() -> None:
    """Cases like mine use the peers' distance: over the conditions both cities know, at least
    MIN_SHARED of them, standardized over all cities."""
    nan = math.nan
    conditions = Conditions(
        ids=np.array([1, 2, 3, 4, 5], dtype=np.int64),
        country=np.array(["DE", "DE", "FR", "JP", "US"]),
        population=np.array([100_000.0, 110_000.0, 400_000.0, 105_000.0, nan]),
        density=np.array([2000.0, 2100.0, 5000.0, 1900.0, nan]),
        hdd=np.array([3000.0, 3050.0, 2500.0, 3000.0, nan]),
        cdd=np.array([50.0, 60.0, 100.0, 300.0, nan]),
        gdp_per_capita=np.full(5, nan),
        grid=np.array([0.4, 0.4, 0.06, 0.5, 0.4]),
    )
    everyone = np.ones(5, dtype=bool)
    rows, distance = nearest_to(conditions, 0, everyone, 10)
    # City 5 knows only the grid (one shared condition < MIN_SHARED): never compared. Itself never.
    assert rows.tolist()[0] == 1 and 4 not in rows.tolist() and 0 not in rows.tolist()
    assert np.all(np.diff(distance) >= 0)
    # The distance matches nearest_known's for the same pair.
    index, known_distance, _ = nearest_known(conditions, 3)
    assert index[0, 0] == rows[0] and math.isclose(known_distance[0, 0], distance[0])
    only_japan = np.array([False, False, False, True, False])
    assert nearest_to(conditions, 0, only_japan, 10)[0].tolist() == [3]
