"""Benchmark of the City Climate Tour's routes (domain/tour.py).

python -m bench tour [--tour-instances 100] [--tour-repeats 5]

* Data: random stops, uniform over Europe (latitude 36-60, longitude -10-30; seeded numpy), with
  great-circle distances. Every figure is the median of `--tour-repeats` runs, open paths from the
  first stop unless a line says round trip.
* Exact (Held-Karp) for 8, 10 and 12 stops; baseline: brute force over all orders (itertools, the
  length of each order summed with numpy) for 8 and 9 stops.
* Heuristic (nearest neighbour + 2-opt + Or-opt + restarts) for 50, 100, 200 and 1000 stops;
  baseline: nearest neighbour alone, its time and how much longer its route is.
* Gap to exact: the heuristic (with and without restarts) and nearest neighbour against Held-Karp
  on the same `--tour-instances` random instances of each of 10, 11 and 12 stops, open and round trip.

Nothing is asserted: the figures are printed.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from citypact.domain.tour import (
    default_kicks,
    distance_matrix,
    exact_order,
    heuristic_order,
    nearest_neighbour_order,
    route_length,
)

SEED = 2026


def _stops(rng: np.random.Generator, n: int) -> np.ndarray:
    return distance_matrix(rng.uniform(36.0, 60.0, n), rng.uniform(-10.0, 30.0, n))


def _median_s(work: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:9.1f} ms"


def brute_force_order(dist: np.ndarray, start: int = 0) -> list[int]:
    """Every order of the other stops, the shortest kept: the plain baseline of the exact solver."""
    others = [i for i in range(len(dist)) if i != start]
    best, best_km = None, float("inf")
    for rest in itertools.permutations(others):
        order = [start, *rest]
        km = route_length(dist, order)
        if km < best_km:
            best, best_km = order, km
    assert best is not None
    return best


def bench_exact(rng: np.random.Generator, repeats: int) -> None:
    print("== exact route (Held-Karp) against brute force over all orders")
    for n in (8, 9, 10, 12):
        dist = _stops(rng, n)
        seconds, order = _median_s(lambda d=dist: exact_order(d), repeats)
        line = f"  {n:>4} stops  Held-Karp {_ms(seconds)}"
        if n <= 9:
            brute_s, brute = _median_s(lambda d=dist: brute_force_order(d), 1)
            same = abs(route_length(dist, brute) - route_length(dist, order)) < 1e-6
            line += f"   brute force {_ms(brute_s)} ({'same length' if same else 'DIFFERENT LENGTH'})"
        print(line)


def bench_heuristic(rng: np.random.Generator, repeats: int) -> None:
    print("== heuristic route against nearest neighbour alone")
    for n in (50, 100, 200, 1000):
        dist = _stops(rng, n)
        nn_s, nn = _median_s(lambda d=dist: nearest_neighbour_order(d), repeats)
        runs = repeats if n < 1000 else max(1, repeats // 2)
        local_s, local = _median_s(lambda d=dist: heuristic_order(d, kicks=0), runs)
        full_s, full = _median_s(lambda d=dist: heuristic_order(d), runs)
        nn_km = route_length(dist, nn)
        local_pct = 100 * (1 - route_length(dist, local) / nn_km)
        full_pct = 100 * (1 - route_length(dist, full) / nn_km)
        print(
            f"  {n:>4} stops  nearest neighbour {_ms(nn_s)}   2-opt+Or-opt {_ms(local_s)} "
            f"({local_pct:4.1f} % shorter)   with {default_kicks(n)} restarts {_ms(full_s)} "
            f"({full_pct:4.1f} % shorter than nearest neighbour)"
        )


def bench_gap(rng: np.random.Generator, instances: int) -> None:
    print(f"== heuristic against exact: {instances} random instances each of 10, 11 and 12 stops")
    for round_trip in (False, True):
        gaps: dict[str, list[float]] = {
            "nearest neighbour alone": [],
            "2-opt+Or-opt": [],
            "with restarts": [],
        }
        for n in (10, 11, 12):
            for _ in range(instances):
                dist = _stops(rng, n)
                best = route_length(dist, exact_order(dist, round_trip=round_trip), round_trip=round_trip)
                orders = {
                    "nearest neighbour alone": nearest_neighbour_order(dist),
                    "2-opt+Or-opt": heuristic_order(dist, round_trip=round_trip, kicks=0),
                    "with restarts": heuristic_order(dist, round_trip=round_trip),
                }
                for label, order in orders.items():
                    gaps[label].append(route_length(dist, order, round_trip=round_trip) / best - 1)
        for label, values in gaps.items():
            g = 100 * np.array(values)
            kind = "round trip" if round_trip else "open path"
            print(
                f"  {kind:<10} {label:<24} gap mean {g.mean():5.2f} %, p95 {np.percentile(g, 95):5.2f} %, "
                f"max {g.max():5.2f} %, optimal in {100 * np.mean(g < 1e-7):5.1f} %"
            )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--tour-instances", type=int, default=100, help="random instances per size (gap)")
    parser.add_argument("--tour-repeats", type=int, default=5, help="runs per timing (median)")


def run(args: argparse.Namespace) -> None:
    rng = np.random.default_rng(SEED)
    bench_exact(rng, args.tour_repeats)
    bench_heuristic(rng, args.tour_repeats)
    bench_gap(rng, args.tour_instances)
