"""Switching prices: hand-computed crossings, and a property check just below and above each."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citypact.domain.procurement.sensitivity import curve, first_two_above, switching_prices


def _a(*values: float) -> np.ndarray:
    return np.array(values, dtype=np.float64)


def test_three_bids_switch_three_times() -> None:
    """A = 1000 + 10 p, B = 1500 + 5 p, C = 2100 + 0 p.
    A and B cross at (1500 - 1000) / (10 - 5) = 100: B first, A second;
    C and A at (2100 - 1000) / 10 = 110: C second; C and B at (2100 - 1500) / 5 = 120: C first."""
    found = switching_prices(_a(1000, 1500, 2100), _a(10, 5, 0), ["A", "B", "C"])
    assert [s.co2_price for s in found] == pytest.approx([100.0, 110.0, 120.0])
    assert [s.suppliers for s in found] == [("B", "A"), ("C", "A"), ("C", "B")]
    assert [(s.first_two_below, s.first_two_above) for s in found] == [
        (("A", "B"), ("B", "A")),
        (("B", "A"), ("B", "C")),
        (("B", "C"), ("C", "B")),
    ]


def test_no_switch_beyond_the_range_or_with_one_bid() -> None:
    """The crossing at (1500 - 1000) / (10 - 9) = 500 lies above a range that ends at 400."""
    assert switching_prices(_a(1000, 1500), _a(10, 9), ["A", "B"], 0, 400) == []
    assert switching_prices(_a(1000), _a(10), ["A"]) == []


def test_curve_is_lcc_plus_price_times_discounted_tonnes() -> None:
    costs = curve(_a(1000, 1500), _a(10, 5), _a(0, 100, 200))
    assert costs.tolist() == [[1000, 2000, 3000], [1500, 2000, 2500]]


def test_a_tie_at_the_start_is_ordered_by_slope() -> None:
    """Equal at p = 0: the lower slope is lower just above, so B (5 t) comes first."""
    assert first_two_above(_a(100, 100), _a(10, 5), 0.0) == (1, 0)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 10_000), st.integers(0, 50)),
        min_size=2,
        max_size=8,
    )
)
def test_switching_prices_are_where_the_first_two_change(bids: list[tuple[int, int]]) -> None:
    """Just below and just above each switching price the first two are the ones reported; between
    two consecutive switching prices (and at grid prices away from them) they do not change."""
    lcc = np.array([float(b[0]) for b in bids])
    d = np.array([float(b[1]) for b in bids])
    names = [f"s{i}" for i in range(len(bids))]
    found = switching_prices(lcc, d, names, 0.0, 1000.0)
    points = [0.0, *(s.co2_price for s in found), 1000.0]
    for s in found:
        below = first_two_above(lcc, d, s.co2_price - 1e-6)
        above = first_two_above(lcc, d, s.co2_price + 1e-6)
        assert tuple(names[i] for i in below) == s.first_two_below
        assert tuple(names[i] for i in above) == s.first_two_above
        assert below != above
    for low, high in zip(points, points[1:], strict=False):
        if high - low < 1e-4:
            continue
        inside = np.linspace(low + 1e-5, high - 1e-5, 7)
        tops = {first_two_above(lcc, d, float(p)) for p in inside}
        assert len(tops) == 1
