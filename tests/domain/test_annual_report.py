"""The annual report's pure figures, computed by hand, and the laws they keep."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain.annual_report import (
    InventoryRow,
    canonical,
    change_pct,
    count_by,
    figures_hash,
    inventory_figures,
    per_capita,
    snapshot,
)


def _row(city: int, year: int, t: float, pop: int | None = 100) -> InventoryRow:
    return InventoryRow(city, f"City {city}", "DE", year, t, pop)


def test_hand_computed() -> None:
    rows = [_row(1, 2015, 500.0), _row(1, 2022, 400.0), _row(2, 2015, 300.0, None), _row(2, 2030, 1.0)]
    f = inventory_figures(rows, members=4, year=2022, base_year=2015)
    # city 1: 2022 is latest (400 t, 100 people); city 2: 2015 only (2030 is after the year), no population
    assert (f.members, f.reporting) == (4, 2)
    assert f.total_t == pytest.approx(700.0)
    assert f.population == 100 and f.per_capita_t == pytest.approx(4.0)  # 400 t / 100 people
    assert f.compared == 1 and f.change_pct == pytest.approx(-20.0)  # 500 -> 400
    assert [c.change_pct for c in f.cities] == [pytest.approx(-20.0), None]
    assert f.by_year == ((2015, 2, 800.0), (2022, 1, 400.0))


def test_helpers() -> None:
    assert per_capita(10.0, 4) == 2.5 and per_capita(10.0, None) is None and per_capita(1.0, 0) is None
    assert change_pct(200.0, 150.0) == -25.0 and change_pct(0.0, 5.0) is None
    assert count_by(["b", "a", "z", "a"], ["a", "b"]) == {"a": 2, "b": 1, "z": 1}


def test_empty() -> None:
    f = inventory_figures([], members=2, year=2025, base_year=2020)
    assert (f.reporting, f.total_t, f.per_capita_t, f.change_pct, f.cities) == (0, 0.0, None, None, ())


def test_hash_is_canonical() -> None:
    a = {"b": 1.0000001, "a": [1, 2]}
    b = {"a": (1, 2), "b": 1.0000001}
    assert canonical(a) == '{"a":[1,2],"b":1.0}'
    assert figures_hash(a) == figures_hash(b) and len(figures_hash(a)) == 64
    assert figures_hash(snapshot(a)) == figures_hash(a)


totals = st.floats(min_value=0.0, max_value=1e7, allow_nan=False)


@given(
    st.lists(st.tuples(st.integers(1, 5), st.integers(2010, 2030), totals), max_size=30),
    st.integers(2010, 2030),
)
def test_total_is_sum_of_latest(entries: list[tuple[int, int, float]], year: int) -> None:
    rows = [_row(c, y, t) for c, y, t in entries]
    f = inventory_figures(rows, members=5, year=year, base_year=2010)
    assert f.total_t == pytest.approx(sum(c.latest_t for c in f.cities))
    assert all(c.latest_year <= year for c in f.cities)
    assert f.reporting == len({c for c, y, _ in entries if y <= year})
    if f.compared:
        with_base = [c for c in f.cities if c.base_t is not None and c.latest_year > 2010]
        assert f.compared == len(with_base)
        assert f.base_total_t == pytest.approx(sum(c.base_t or 0.0 for c in with_base))


@given(st.dictionaries(st.text(max_size=5), st.floats(allow_nan=False, allow_infinity=False)))
def test_snapshot_keeps_hash(figures: dict[str, float]) -> None:
    assert figures_hash(snapshot(figures)) == figures_hash(figures)
