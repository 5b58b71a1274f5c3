"""The portal's map projection and a city's progress, with hand-computed figures."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain.portal import MIN_SPAN_DEG, map_frame, progress, project


def test_a_frame_around_two_cities() -> None:
    # Heidelberg 49.4 N 8.7 E and Kyoto 35.0 N 135.8 E, one degree of margin
    frame = map_frame([(49.4, 8.7), (35.0, 135.8)], width=600)
    assert (frame.south, frame.north, frame.west, frame.east) == pytest.approx((34.0, 50.4, 7.7, 136.8))
    # height = 600 * 16.4 / (129.1 * cos(42.2 deg)) = 600 * 16.4 / 95.63 = 102.9
    assert frame.height == pytest.approx(600 * 16.4 / (129.1 * math.cos(math.radians(42.2))), abs=1e-3)
    assert project(frame, 50.4, 7.7) == (0.0, 0.0)  # north-west corner
    assert project(frame, 34.0, 136.8) == pytest.approx((600.0, frame.height), abs=0.01)
    # Heidelberg: x = (8.7 - 7.7) / 129.1 * 600 = 4.65; y = (50.4 - 49.4) / 16.4 * height
    x, y = project(frame, 49.4, 8.7)
    assert x == pytest.approx(4.65, abs=0.01) and y == pytest.approx(frame.height / 16.4, abs=0.01)


def test_one_city_gets_the_smallest_window_and_no_city_the_world() -> None:
    frame = map_frame([(0.0, 0.0)], width=400)
    assert (frame.south, frame.north, frame.west, frame.east) == (-2.0, 2.0, -2.0, 2.0)
    assert frame.height == pytest.approx(400.0)  # cos(0) = 1, a square
    assert project(frame, 0.0, 0.0) == (200.0, 200.0)
    world = map_frame([])
    assert (world.west, world.east, world.south, world.north) == (-180.0, 180.0, -60.0, 80.0)
    with pytest.raises(ValueError):
        map_frame([], width=0)


coordinate = st.tuples(st.floats(-85, 85), st.floats(-179, 179))


@given(st.lists(coordinate, min_size=1, max_size=30))
def test_every_member_lands_inside_the_map(points: list[tuple[float, float]]) -> None:
    frame = map_frame(points)
    assert frame.north - frame.south >= MIN_SPAN_DEG - 1e-9 or frame.north == 90.0 or frame.south == -90.0
    for lat, lon in points:
        x, y = project(frame, lat, lon)
        assert 0 <= x <= frame.width and 0 <= y <= frame.height


@given(st.lists(coordinate, min_size=2, max_size=10))
def test_east_is_right_and_north_is_up(points: list[tuple[float, float]]) -> None:
    frame = map_frame(points)
    (lat_a, lon_a), (lat_b, lon_b) = points[0], points[1]
    (xa, ya), (xb, yb) = project(frame, lat_a, lon_a), project(frame, lat_b, lon_b)
    if lon_a < lon_b - 0.01:
        assert xa <= xb
    if lat_a > lat_b + 0.01:
        assert ya <= yb


def test_progress_codes_with_hand_computed_figures() -> None:
    assert progress({}).code == "no_inventory"
    assert progress({2020: 0.0}).code == "no_inventory"  # a zero total says nothing
    one = progress({2021: 500.0})
    assert (one.code, one.latest_year) == ("one_year", 2021)
    # 820 / 1000 - 1 = -18 %
    change = progress({2015: 1000.0, 2021: 820.0})
    assert (change.code, change.first_year, change.latest_year) == ("change", 2015, 2021)
    assert change.change_pct == pytest.approx(-18.0)
    # target 50 % below 1000 t (2015) by 2030: the path asks 1000 - 500 * 5 / 15 = 833.3 t in 2020
    assert progress({2015: 1000.0, 2020: 900.0}, (2015, 1000.0, 2030, 50.0)).code == "off_path"
    on = progress({2015: 1000.0, 2020: 830.0}, (2015, 1000.0, 2030, 50.0))
    assert (on.code, on.target_year, on.target_reduction_pct) == ("on_path", 2030, 50.0)
    assert on.change_pct == pytest.approx(-17.0)
    # a target that cannot be read (target year not after the base) leaves the plain change
    assert progress({2015: 1000.0, 2020: 900.0}, (2015, 1000.0, 2015, 50.0)).code == "change"


@given(st.dictionaries(st.integers(1990, 2050), st.floats(1.0, 1e9), min_size=2, max_size=10))
def test_the_change_runs_from_the_first_to_the_latest_year(totals: dict[int, float]) -> None:
    found = progress(totals)
    first, latest = min(totals), max(totals)
    assert (found.first_year, found.latest_year) == (first, latest)
    assert found.change_pct == pytest.approx((totals[latest] / totals[first] - 1) * 100)
    assert found.change_pct is not None and found.change_pct > -100
