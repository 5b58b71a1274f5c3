"""Trends, progress along a target path and movement among peers, by hand and by law."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain.trends import annual_rates, movement_among_peers, target_progress

YEARS = [2015, 2016, 2017, 2018]


def test_constant_annual_change_is_recovered() -> None:
    # 10.0, 9.0, 8.1, 7.29: -10 % a year exactly; the second city misses a year and has a zero.
    values = np.array(
        [[10.0, 9.0, 8.1, 7.29], [5.0, np.nan, 5.0 * 1.02**2, 0.0], [4.0, np.nan, np.nan, np.nan]]
    )
    rate, used = annual_rates(YEARS, values)
    assert rate[0] == pytest.approx(-10.0)
    assert rate[1] == pytest.approx(2.0)  # from the two positive values only
    assert used.tolist() == [4, 2, 1]
    assert np.isnan(rate[2])  # one value: no trend, not zero


@given(st.floats(-30, 30), st.floats(0.1, 1e6))
def test_rate_is_scale_invariant(pct: float, level: float) -> None:
    series = level * (1 + pct / 100) ** np.arange(4)
    rate, _ = annual_rates(YEARS, np.vstack([series, series * 1000.0]))
    assert rate[0] == pytest.approx(pct, abs=1e-6)
    assert rate[1] == pytest.approx(rate[0])


def test_progress_along_the_target_path() -> None:
    # 2020: 10 t/person, target 5 by 2030. In 2025 the path asks for 7.5; the city is at 8.25.
    p = target_progress(2020, 10.0, 2030, 5.0, 2025, 8.25)
    assert p.on_path == pytest.approx(7.5)
    assert p.gap_pct == pytest.approx(10.0)
    assert not p.on_track
    assert p.needed_rate_pct == pytest.approx(((5.0 / 8.25) ** (1 / 5) - 1) * 100)
    with pytest.raises(ValueError):
        target_progress(2030, 10.0, 2020, 5.0, 2025, 8.0)


def test_movement_among_peers() -> None:
    moved = movement_among_peers(-4.0, [11, 12, 13, 14, 15], [-1.0, -6.0, 2.0, np.nan, -3.0])
    assert (moved.faster_than, moved.peers_with_rate) == (3, 4)
    assert moved.most_improved == (12, 15, 11)
    assert moved.sentence() == "Emissions per capita are falling by 4.0% a year, faster than 3 of 4 peers."
