"""The City Climate Tour's routes: hand-checked small cases, exact = brute force, the heuristic against
nearest neighbour and the optimum, and bad stops named."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citypact.domain.geo import EARTH_RADIUS_KM
from citypact.domain.tour import (
    EXACT_LIMIT,
    TourError,
    default_kicks,
    distance_matrix,
    exact_order,
    heuristic_order,
    improve_order,
    nearest_neighbour_order,
    plan_route,
    route_length,
)

# One degree of a great circle: 6371.0088 km x pi / 180.
DEGREE_KM = 111.19508
HEIDELBERG = (49.4122, 8.71)
COLOGNE = (50.9422, 6.9578)
MUNICH = (48.1372, 11.5755)


def haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The textbook formula, written out independently of domain.geo."""
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def brute_force_km(dist: np.ndarray, start: int, round_trip: bool) -> float:
    others = [i for i in range(len(dist)) if i != start]
    return min(route_length(dist, [start, *p], round_trip=round_trip) for p in itertools.permutations(others))


def random_stops(rng: np.random.Generator, n: int) -> np.ndarray:
    """n stops spread over central Europe, as a distance matrix."""
    return distance_matrix(rng.uniform(44.0, 55.0, n), rng.uniform(-2.0, 20.0, n))


# ------------------------------------------------------------------------------ hand-checked cases


def test_four_cities_on_the_equator_are_visited_in_line() -> None:
    lons = [2.0, 0.0, 3.0, 1.0]  # given out of order
    route = plan_route([0.0] * 4, lons, start=1)  # from longitude 0
    assert [lons[i] for i in route.order] == [0.0, 1.0, 2.0, 3.0]
    assert route.legs_km == pytest.approx([DEGREE_KM] * 3, abs=1e-3)
    assert route.total_km == pytest.approx(3 * DEGREE_KM, abs=1e-3)
    assert route.method == "exact" and not route.round_trip


def test_from_the_second_city_on_a_line_the_path_goes_back_first() -> None:
    # From longitude 1: 1 -> 0 -> 2 -> 3 is 1 + 2 + 1 = 4 degrees; 1 -> 2 -> 3 -> 0 would be 5.
    lons = [0.0, 1.0, 2.0, 3.0]
    route = plan_route([0.0] * 4, lons, start=1)
    assert [lons[i] for i in route.order] == [1.0, 0.0, 2.0, 3.0]
    assert route.total_km == pytest.approx(4 * DEGREE_KM, abs=1e-3)


def test_a_round_trip_on_a_line_goes_out_and_back() -> None:
    route = plan_route([0.0] * 4, [0.0, 1.0, 2.0, 3.0], start=1, round_trip=True)
    assert len(route.legs_km) == 4  # the last leg returns to the start
    assert route.order[0] == 1
    assert route.total_km == pytest.approx(6 * DEGREE_KM, abs=1e-3)


def test_a_square_is_walked_round_its_sides_never_across() -> None:
    # Corners at 0/1 degree: the side along latitude 1 is 111.178 km (cos 1 deg shortens it), the
    # others 111.195 km; a diagonal (157 km) is never taken.
    lat, lon = [0.0, 1.0, 0.0, 1.0], [0.0, 1.0, 1.0, 0.0]
    route = plan_route(lat, lon, round_trip=True)
    assert route.total_km == pytest.approx(3 * DEGREE_KM + 111.17814, abs=1e-3)
    assert all(leg < 112 for leg in route.legs_km)
    open_path = plan_route(lat, lon)  # the open path leaves out the longest side
    assert open_path.total_km == pytest.approx(2 * DEGREE_KM + 111.17814, abs=1e-3)


def test_heidelberg_cologne_munich_by_the_haversine_formula() -> None:
    hd_cgn, hd_muc, cgn_muc = (
        haversine(a, b) for a, b in [(HEIDELBERG, COLOGNE), (HEIDELBERG, MUNICH), (COLOGNE, MUNICH)]
    )
    assert (round(hd_cgn, 1), round(hd_muc, 1), round(cgn_muc, 1)) == (211.0, 253.3, 456.2)
    lat, lon = zip(HEIDELBERG, MUNICH, COLOGNE, strict=True)
    route = plan_route(lat, lon, start=0)
    # Heidelberg -> Cologne -> Munich is 667.2 km; by Munich first it would be 709.6 km.
    assert route.order == (0, 2, 1)
    assert route.legs_km == pytest.approx([hd_cgn, cgn_muc], abs=1e-6)
    assert route.total_km == pytest.approx(667.2, abs=0.05)
    trip = plan_route(lat, lon, start=0, round_trip=True)
    assert trip.total_km == pytest.approx(hd_cgn + hd_muc + cgn_muc, abs=1e-6)


def test_beyond_the_exact_limit_the_heuristic_still_sweeps_a_line() -> None:
    lons = np.random.default_rng(3).permutation(30).astype(float)
    route = plan_route(np.zeros(30), lons, start=int(np.argmin(lons)))
    assert route.method == "heuristic"
    assert [lons[i] for i in route.order] == list(range(30))
    assert route.total_km == pytest.approx(29 * DEGREE_KM, abs=1e-2)


def test_points_on_a_circle_are_visited_round_the_circle() -> None:
    # In convex position the shortest round trip follows the hull; 2-opt leaves no crossing.
    angles = np.random.default_rng(5).permutation(24) * (2 * np.pi / 24)
    lat, lon = 2.0 * np.sin(angles), 2.0 * np.cos(angles)
    route = plan_route(lat, lon, round_trip=True)
    steps = np.diff(np.round(angles[list(route.order)] / (2 * np.pi / 24)).astype(int)) % 24
    assert set(steps.tolist()) in ({1}, {23})


def test_the_exact_limit_decides_the_method() -> None:
    dist_lat, dist_lon = np.zeros(EXACT_LIMIT + 1), np.arange(EXACT_LIMIT + 1, dtype=float)
    assert plan_route(dist_lat[:-1], dist_lon[:-1]).method == "exact"
    assert plan_route(dist_lat, dist_lon).method == "heuristic"
    assert plan_route(dist_lat, dist_lon, exact_limit=13).method == "exact"


def test_same_stops_give_the_same_route() -> None:
    dist = random_stops(np.random.default_rng(11), 40)
    assert heuristic_order(dist, 3) == heuristic_order(dist, 3)


# ------------------------------------------------------------------------------ exact = brute force


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(2, 8),
    seed=st.integers(0, 2**32 - 1),
    round_trip=st.booleans(),
    data=st.data(),
)
def test_exact_equals_brute_force(n: int, seed: int, round_trip: bool, data: st.DataObject) -> None:
    rng = np.random.default_rng(seed)
    lat, lon = rng.uniform(-60.0, 70.0, n), rng.uniform(-180.0, 180.0, n)
    dist = distance_matrix(lat, lon)
    start = data.draw(st.integers(0, n - 1))
    order = exact_order(dist, start, round_trip=round_trip)
    assert order[0] == start and sorted(order) == list(range(n))
    assert route_length(dist, order, round_trip=round_trip) == pytest.approx(
        brute_force_km(dist, start, round_trip), rel=1e-12, abs=1e-9
    )


@settings(max_examples=40, deadline=None)
@given(
    lat=st.lists(st.floats(-89.0, 89.0), min_size=2, max_size=7),
    seed=st.integers(0, 1000),
    round_trip=st.booleans(),
)
def test_exact_equals_brute_force_with_clustered_and_repeated_points(
    lat: list[float], seed: int, round_trip: bool
) -> None:
    # Hypothesis likes equal and extreme values: cities at the same place, near the poles.
    lon = np.random.default_rng(seed).choice([-179.5, 0.0, 0.0, 12.5, 179.5], len(lat))
    dist = distance_matrix(lat, lon)
    order = exact_order(dist, 0, round_trip=round_trip)
    assert route_length(dist, order, round_trip=round_trip) == pytest.approx(
        brute_force_km(dist, 0, round_trip), rel=1e-12, abs=1e-9
    )


# ------------------------------------------------------------------------------ the heuristic


@settings(max_examples=40, deadline=None)
@given(n=st.integers(2, 40), seed=st.integers(0, 2**32 - 1), round_trip=st.booleans())
def test_heuristic_is_never_worse_than_nearest_neighbour(n: int, seed: int, round_trip: bool) -> None:
    dist = random_stops(np.random.default_rng(seed), n)
    start = n // 2
    baseline = route_length(dist, nearest_neighbour_order(dist, start), round_trip=round_trip)
    for kicks in (0, 3):
        order = heuristic_order(dist, start, round_trip=round_trip, kicks=kicks)
        assert order[0] == start and sorted(order) == list(range(n))
        assert route_length(dist, order, round_trip=round_trip) <= baseline + 1e-9


@pytest.mark.parametrize("round_trip", [False, True])
def test_heuristic_is_within_a_few_percent_of_exact_on_10_to_12_stops(round_trip: bool) -> None:
    rng = np.random.default_rng(2024)
    gaps, local_gaps = [], []
    for n in (10, 11, 12):
        for _ in range(10):
            dist = random_stops(rng, n)
            best = route_length(dist, exact_order(dist, 0, round_trip=round_trip), round_trip=round_trip)
            found = heuristic_order(dist, 0, round_trip=round_trip)
            local = heuristic_order(dist, 0, round_trip=round_trip, kicks=0)
            gaps.append(route_length(dist, found, round_trip=round_trip) / best - 1)
            local_gaps.append(route_length(dist, local, round_trip=round_trip) / best - 1)
    assert min(gaps + local_gaps) >= -1e-12  # nothing beats the optimum
    assert max(gaps) < 0.03 and float(np.mean(gaps)) < 0.005
    # Without restarts (2-opt and Or-opt alone) the heuristic is weaker but still close on average.
    assert float(np.mean(local_gaps)) < 0.03


def test_improve_order_keeps_the_start_and_never_lengthens() -> None:
    dist = random_stops(np.random.default_rng(8), 25)
    order = list(np.random.default_rng(9).permutation(25))
    for round_trip in (False, True):
        better = improve_order(dist, order, round_trip=round_trip, kicks=2)
        assert better[0] == order[0] and sorted(better) == list(range(25))
        assert route_length(dist, better, round_trip=round_trip) <= route_length(
            dist, order, round_trip=round_trip
        )


def test_restarts_fall_with_the_size_of_the_tour() -> None:
    assert default_kicks(13) == 50 and default_kicks(200) == 10 and default_kicks(1000) == 2


# ------------------------------------------------------------------------------ bad stops


@pytest.mark.parametrize(
    ("lat", "lon", "keys", "start", "field", "words"),
    [
        ([49.4], [8.7], None, 0, "stops", "at least 2 stops; got 1"),
        ([], [], None, 0, "stops", "at least 2 stops; got 0"),
        ([49.4, 48.1], [8.7, 11.6], [7, 7], 0, "stops", "7 is listed twice"),
        ([49.4, float("nan")], [8.7, 11.6], [7, 9], 0, "stops", "stop 2 (9) has latitude nan"),
        ([49.4, 48.1], [8.7, float("inf")], None, 0, "stops", "stop 2 has longitude inf"),
        ([49.4, 91.0], [8.7, 11.6], None, 0, "stops", "within ±90"),
        ([49.4, 48.1], [8.7], None, 0, "stops", "2 latitudes but 1 longitudes"),
        ([49.4, 48.1], [8.7, 11.6], None, 2, "start", "one of the 2 stops"),
    ],
)
def test_bad_stops_are_named(
    lat: list[float], lon: list[float], keys: list[int] | None, start: int, field: str, words: str
) -> None:
    with pytest.raises(TourError) as raised:
        plan_route(lat, lon, keys=keys, start=start)
    assert raised.value.field == field
    assert words in raised.value.message


def test_bad_matrices_and_orders_are_named() -> None:
    with pytest.raises(TourError, match="square"):
        exact_order(np.zeros((2, 3)))
    with pytest.raises(TourError, match="not a number"):
        nearest_neighbour_order(np.array([[0.0, np.nan], [np.nan, 0.0]]))
    with pytest.raises(TourError, match="too many"):
        exact_order(np.zeros((17, 17)))
    with pytest.raises(TourError, match="every stop exactly once"):
        improve_order(np.zeros((4, 4)), [0, 1, 1, 3])
