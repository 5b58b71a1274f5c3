"""Benchmark of the dynamic benchmark (issue 5): the whole-network recompute and one city's page.

python -m bench benchmark [--network-cities 20000] [--network-years 20] [--baseline-cities 20000]
                          [--page-requests 300] [--page-cities 20000]

* Network: 20,000 generated cities x 20 years (seeded numpy; generation not timed), recomputed as
  the robust fit (`structure_fit.fit` on each city's latest territorial emissions per capita) plus
  `benchmark_network` (indicators, headline matrix, trends, structure-adjusted performance, k = 10
  peers on a k-d tree). Runs in a fresh process so the first run is cold and the peak RSS is its own.
  Target: < 5 s. Baseline: a plain per-city Python loop for the headline and the trends, and
  brute-force numpy distances for the peers of each city; it must agree with the engine.
* Page: `services.benchmark.city_benchmark` on a fresh SQLite database loaded with
  `citypact data load --source bundled` (the registry and the ~745 reported-emission inventories),
  then again with synthetic reported series for 20,000 registry cities x 20 years added: warm
  latency over 300 cities, the first call (cache build) and rebuilds after a data change; then the
  HTML page `/cities/{id}/benchmark` and the API `/api/v1/cities/{id}/benchmark` through
  `citypact serve`, each where the route exists. Target: p99 < 100 ms. Baseline: GET /healthz.
* Page view: the HTML page with each of its chart images, charts drawn from the page's own
  computation (view token) against the same requests each computing the benchmark again.

Nothing is asserted: the figures are printed.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl
from scipy.special import ndtr, ndtri

from bench.server import start_server
from citypact.domain.benchmark import HEADLINE, NetworkBenchmark, benchmark_network, headline_series
from citypact.domain.indicators import indicator_table
from citypact.domain.peers import (
    MIN_SHARED,
    Conditions,
    nearest_all,
    nearest_known,
    peer_median_errors,
    same_country_errors,
    standardized,
)
from citypact.domain.structure_fit import StructureModel, fit, performance
from citypact.domain.trends import annual_rates

ROOT = Path(__file__).resolve().parents[1]
NETWORK_TARGET_S = 5.0
PAGE_TARGET_MS = 100.0
PEERS = 10
FIRST_YEAR = 2005
SEED = 2024
FloatArray = npt.NDArray[np.float64]
# World regions of the generated countries (Europe is the model's reference) and their effect on
# log per-capita emissions beyond the covariates.
REGIONS = {"Europe": 0.0, "North America": 0.35, "East Asia": 0.15, "South Asia": -0.3,
           "Latin America": -0.25, "Africa": -0.4}  # fmt: skip
# The generating model: log y = B0 + sum b_k x_k + region + city effect + trend + noise.
B0 = -2.2
TRUE = {"log_hdd": 0.18, "log_cdd": 0.06, "log_population": 0.03, "log_density": -0.12,
        "log_gdp_per_capita": 0.45, "grid": 0.9}  # fmt: skip


# ------------------------------------------------------------------------------- generated network


@dataclass(frozen=True)
class Network:
    city_years: pl.DataFrame
    conditions: Conditions
    region: npt.NDArray[np.str_]


def _truncated_lognormal(
    rng: np.random.Generator, median: float, sigma: float, low: float, high: float, n: int
) -> FloatArray:
    """Log-normal values limited to [low, high] by drawing from the truncated normal of the logs."""
    a, b = (math.log(low / median) / sigma, math.log(high / median) / sigma)
    z = ndtri(rng.uniform(ndtr(a), ndtr(b), n))
    values: FloatArray = median * np.exp(sigma * z)
    return values


def generate(cities: int, years: int, seed: int = SEED) -> Network:
    """Cities x years of territorial emissions and the indicator inputs, with missing values."""
    rng = np.random.default_rng(seed)
    # 60 countries: region, climate, national grid (falling ~2 %/year), GDP per capita.
    n_countries = 60
    region_names = np.array(list(REGIONS))
    c_region = rng.choice(len(REGIONS), size=n_countries, p=[0.3, 0.1, 0.2, 0.15, 0.15, 0.1])
    c_hdd = rng.uniform(0, 5000, n_countries)
    c_cdd = np.clip(2800 - c_hdd * 0.7 + rng.normal(0, 400, n_countries), 0, 3000)
    c_grid = np.clip(rng.beta(2.0, 2.5, n_countries), 0.02, 1.0)
    c_grid[-2:] = np.nan  # two small countries without a published grid factor
    c_gdp = _truncated_lognormal(rng, 18_000, 0.9, 1_500, 90_000, n_countries)
    weight = 1.0 / np.arange(1, n_countries + 1) ** 0.8
    country = rng.choice(n_countries, size=cities, p=weight / weight.sum())

    population = _truncated_lognormal(rng, 60_000, 1.3, 1e4, 1e7, cities)
    density = np.exp(np.log(1_500) + 0.15 * np.log(population / 60_000) + rng.normal(0, 0.7, cities))
    hdd = np.clip(c_hdd[country] + rng.normal(0, 500, cities), 0, 6000)
    cdd = np.clip(c_cdd[country] + rng.normal(0, 250, cities), 0, 3000)
    gdp = c_gdp[country] * np.exp(rng.normal(0, 0.3, cities))
    region = region_names[c_region[country]]
    grid_2024 = c_grid[country]

    logy_city = (
        B0
        + TRUE["log_hdd"] * np.log1p(hdd)
        + TRUE["log_cdd"] * np.log1p(cdd)
        + TRUE["log_population"] * np.log(population)
        + TRUE["log_density"] * np.log(density)
        + TRUE["log_gdp_per_capita"] * np.log(gdp)
        + TRUE["grid"] * np.nan_to_num(grid_2024, nan=0.5)
        + np.array([REGIONS[r] for r in region])
        + rng.normal(0, 0.25, cities)
    )
    rate = rng.normal(-0.02, 0.025, cities)  # log change per year, city by city

    city = np.repeat(np.arange(cities), years)
    year = np.tile(np.arange(FIRST_YEAR, FIRST_YEAR + years), cities)
    age = year - (FIRST_YEAR + years - 1)  # 0 in the last year
    # Missing years: 30 % of the cities start reporting later in the window; any year may be skipped.
    late = rng.random(cities) < 0.3
    start = np.where(late, rng.integers(FIRST_YEAR + 1, FIRST_YEAR + years, cities), FIRST_YEAR)
    present = (year >= start[city]) & (rng.random(city.size) > 0.05)
    noise = 0.08 * rng.standard_t(3, city.size)  # heavy-tailed year-to-year noise
    gross = rng.random(city.size) < 0.01  # gross errors: a wrong unit, a missing sector
    noise[gross] += rng.choice([math.log(10), -math.log(10), math.log(3), -math.log(3)], int(gross.sum()))
    per_capita = np.exp(logy_city[city] + rate[city] * age + noise)
    people = population[city] * np.exp(0.008 * age + rng.normal(0, 0.01, city.size))
    scope1 = per_capita * people
    grid = np.clip(grid_2024[city] * np.exp(-0.02 * age), 0.02, 1.0)

    n = city.size
    basic = np.where(rng.random(cities)[city] < 0.6, scope1 * rng.uniform(1.1, 1.6, n), np.nan)
    sectors = np.isfinite(basic) & (rng.random(cities)[city] < 0.7)
    share = rng.dirichlet([5.5, 3.0, 1.5], n)
    energy = rng.random(cities)[city] < 0.3

    def where(mask: npt.NDArray[np.bool_], values: FloatArray) -> FloatArray:
        return np.where(mask, values, np.nan)

    frame = pl.DataFrame(
        {
            "city_id": (city + 1) * 7,  # ids are not row numbers
            "year": year,
            "population": where(rng.random(n) > 0.03, np.round(people)),
            "gdp_usd": where(rng.random(cities)[city] > 0.2, gdp[city] * people),
            "scope1_t": scope1,
            "basic_t": basic,
            "stationary_t": where(sectors, basic * share[:, 0]),
            "transport_t": where(sectors, basic * share[:, 1]),
            "waste_t": where(sectors, basic * share[:, 2]),
            "stationary_mwh": where(energy, scope1 * rng.uniform(2.0, 5.0, n)),
            "transport_mwh": where(energy, scope1 * rng.uniform(0.8, 1.6, n)),
            "electricity_mwh": where(energy, people * rng.uniform(1.5, 8.0, n)),
            "renewable_share_pct": where(rng.random(cities)[city] < 0.4, rng.uniform(5, 95, n)),
            "grid_kg_per_kwh": grid,
        }
    ).filter(pl.Series(present))
    # NaN stands for missing in the generator; the tables hold nulls.
    frame = frame.with_columns(pl.col(pl.Float64).fill_nan(None))

    def drop(values: FloatArray, share_missing: float) -> FloatArray:
        return np.where(rng.random(values.size) < share_missing, np.nan, values)

    conditions = Conditions(
        ids=((np.arange(cities) + 1) * 7).astype(np.int64),
        country=np.array([f"C{c:02d}" for c in country]),
        population=population,
        density=drop(density, 0.08),
        hdd=drop(hdd, 0.05),
        cdd=drop(cdd, 0.05),
        gdp_per_capita=drop(gdp, 0.2),
        grid=grid_2024,
    )
    return Network(frame, conditions, region)


def covariates(network: Network) -> dict[str, FloatArray]:
    """The model's covariates per city (NaN where a condition is unknown), as the service builds them."""
    c = network.conditions
    with np.errstate(divide="ignore", invalid="ignore"):
        X: dict[str, FloatArray] = {
            "log_hdd": np.log1p(c.hdd),
            "log_cdd": np.log1p(c.cdd),
            "log_population": np.log(c.population),
            "log_density": np.log(c.density),
            "log_gdp_per_capita": np.log(c.gdp_per_capita),
            "grid": c.grid.copy(),
        }
    for name in list(REGIONS)[1:]:
        X["region_" + name.lower().replace(" ", "_")] = (network.region == name).astype(np.float64)
    return X


def latest_headline(city_years: pl.DataFrame, ids: npt.NDArray[np.int64]) -> FloatArray:
    """Each city's latest territorial emissions per capita (NaN where it has none), rows as `ids`."""
    latest = (
        city_years.select("city_id", "year", y=pl.col("scope1_t") / pl.col("population"))
        .filter(pl.col("y") > 0)
        .group_by("city_id")
        .agg(pl.col("y").sort_by("year").last())
    )
    aligned = pl.DataFrame({"city_id": ids}).join(latest, on="city_id", how="left", maintain_order="left")
    return aligned["y"].fill_null(np.nan).to_numpy()


def recompute(network: Network, X: dict[str, FloatArray]) -> tuple[StructureModel, NetworkBenchmark]:
    """The whole benchmark: the fit on the latest cross-section, then every city against the rest."""
    model = fit(latest_headline(network.city_years, network.conditions.ids), X)
    return model, benchmark_network(network.city_years, network.conditions, model=model, covariates=X)


def _stages(network: Network, X: dict[str, FloatArray]) -> dict[str, float]:
    """Seconds of each part of the recompute, run one by one (the same calls benchmark_network makes)."""
    out: dict[str, float] = {}
    ids = network.conditions.ids

    def clock(name: str, call: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        result = call()
        out[name] = time.perf_counter() - started
        return result

    y = clock("fit: latest cross-section", lambda: latest_headline(network.city_years, ids))
    model = clock("fit: structure_fit.fit (Huber IRLS)", lambda: fit(y, X))
    indicators = clock("indicators (indicator_table)", lambda: indicator_table(network.city_years))
    years, series = clock("headline matrix (headline_series)", lambda: headline_series(indicators, ids))
    clock("trends (annual_rates)", lambda: annual_rates(years, series))
    usable = np.isfinite(y) & np.all([np.isfinite(v) for v in X.values()], axis=0)
    clock("performance", lambda: performance(model, y[usable], {k: v[usable] for k, v in X.items()}))
    clock(
        f"peers: k-d trees on the conditions both know, k = {PEERS}",
        lambda: nearest_known(network.conditions, PEERS),
    )
    return out


# ---------------------------------------------------------------------------------------- baseline


def baseline_trends(city_years: pl.DataFrame) -> dict[int, tuple[float, float, int]]:
    """Per city: latest headline, trend in % a year (NaN under two years) and years used, as a plain
    Python loop over the rows (least squares of ln(value) on the year, city by city)."""
    by_city: dict[int, list[tuple[int, float]]] = {}
    rows = city_years.select("city_id", "year", "scope1_t", "population").iter_rows()
    for city_id, year, scope1, population in rows:
        if scope1 is None or population is None or not population > 0:
            continue
        value = scope1 / population
        if value > 0:
            by_city.setdefault(city_id, []).append((year, math.log(value)))
    out: dict[int, tuple[float, float, int]] = {}
    for city_id, points in by_city.items():
        n = len(points)
        latest = math.exp(max(points)[1])
        if n < 2:
            out[city_id] = (latest, math.nan, n)
            continue
        t_mean = sum(t for t, _ in points) / n
        l_mean = sum(v for _, v in points) / n
        sxy = sum((t - t_mean) * (v - l_mean) for t, v in points)
        sxx = sum((t - t_mean) ** 2 for t, _ in points)
        out[city_id] = (latest, math.expm1(sxy / sxx) * 100.0, n)
    return out


def baseline_peers(
    conditions: Conditions, rows: Sequence[int], k: int
) -> dict[int, tuple[list[int], FloatArray]]:
    """The k nearest other cities of each of `rows` by brute force in numpy: compared on the conditions
    both know (at least MIN_SHARED; region 0 if the same, 1 if not), RMS over them."""
    z = standardized(conditions.matrix())
    known = np.isfinite(conditions.matrix())
    region = conditions.region if conditions.region is not None else np.full(z.shape[0], "")
    known = np.column_stack([known, region != ""])
    out: dict[int, tuple[list[int], FloatArray]] = {}
    for i in rows:
        both = known & known[i]
        squares = np.where(both[:, :-1], (z - z[i]) ** 2, 0.0).sum(axis=1)
        squares += both[:, -1] & (region != region[i])
        count = both.sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            distance = np.where(count >= MIN_SHARED, np.sqrt(squares / count), np.inf)
        distance[i] = np.inf
        nearest = np.argpartition(distance, k)[: k + 1]
        order = [
            j for j in sorted(nearest.tolist(), key=lambda j: (distance[j], j))[:k] if distance[j] < np.inf
        ]
        out[i] = (order, distance[order])
    return out


# ------------------------------------------------------------------------------ network (own process)


def _status_mb(field: str, pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return math.nan


def _reset_peak() -> bool:
    """Reset the kernel's peak RSS (VmHWM) of this process, so it measures what follows."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def network(cities: int, years: int, baseline_cities: int) -> None:
    """The network figures; meant to run as the first work of a fresh process (see `run`)."""
    started = time.perf_counter()
    data = generate(cities, years)
    X = covariates(data)
    rows = data.city_years.height
    print(
        f"  generated {cities:,} cities x {years} years: {rows:,} city-years present of "
        f"{cities * years:,} (missing years), {data.city_years.estimated_size('mb'):.0f} MB, in "
        f"{time.perf_counter() - started:.1f} s (not counted)"
    )
    rss_before = _status_mb("VmRSS")
    reset = _reset_peak()

    started = time.perf_counter()
    model, result = recompute(data, X)
    cold = time.perf_counter() - started
    cold_peak = _status_mb("VmHWM") if reset else _peak_mb()
    warm = []
    for _ in range(5):
        started = time.perf_counter()
        model, result = recompute(data, X)
        warm.append(time.perf_counter() - started)
    stage_runs = [_stages(data, X) for _ in range(3)]
    e2e = []
    for _ in range(3):
        started = time.perf_counter()
        benchmark_network(data.city_years, data.conditions, model=model, covariates=X)
        e2e.append(time.perf_counter() - started)

    cities_frame = result.cities
    print(
        f"  fit: {model.n_used:,} cities used, {model.n_left_out:,} left out (a value missing), "
        f"{len(model.outlier_rows):,} outliers, pseudo-R2 {model.pseudo_r2:.2f}, "
        f"{model.iterations} iterations; recovered b(grid) {model.coefficients['grid']:.2f} "
        f"(true {TRUE['grid']}), b(log GDP) {model.coefficients['log_gdp_per_capita']:.2f} "
        f"(true {TRUE['log_gdp_per_capita']})"
    )
    print(
        f"  network: {cities_frame['trend_pct_per_year'].is_not_null().sum():,} cities with a trend, "
        f"{cities_frame['performance_pct'].is_not_null().sum():,} with a structure-adjusted performance"
    )
    met = "met" if cold < NETWORK_TARGET_S else "MISSED"
    print(
        f"  whole recompute (fit + benchmark_network): cold {cold:.2f} s (first in this process), "
        f"warm median {sorted(warm)[2]:.2f} s (min {min(warm):.2f}, max {max(warm):.2f}, 5 runs); "
        f"target < {NETWORK_TARGET_S:.0f} s: {met}"
    )
    print(f"  {rows / sorted(warm)[2] / 1e6:.2f} M city-years/s warm")
    print(f"  benchmark_network alone, warm median of 3: {sorted(e2e)[1]:.2f} s")
    print("  stages, run one by one (median of 3):")
    for name in stage_runs[0]:
        seconds = sorted(run[name] for run in stage_runs)[1]
        print(f"    {name:<40} {seconds * 1000:8.1f} ms")
    print(
        f"  memory: RSS {rss_before:.0f} MB after generating the data; peak RSS during the cold run "
        f"{cold_peak:.0f} MB (+{cold_peak - rss_before:.0f} MB"
        + ("" if reset else "; peak of the whole process so far, could not reset it")
        + f"), process peak {_peak_mb():.0f} MB at the end"
    )
    _baseline(data, result, baseline_cities)


def _baseline(data: Network, result: NetworkBenchmark, baseline_cities: int) -> None:
    cities = data.conditions.ids.size
    started = time.perf_counter()
    trends = baseline_trends(data.city_years)
    trend_s = time.perf_counter() - started
    sample = np.random.default_rng(SEED).choice(cities, size=min(baseline_cities, cities), replace=False)
    started = time.perf_counter()
    peers = baseline_peers(data.conditions, sample.tolist(), PEERS)
    peer_s = time.perf_counter() - started
    peer_full = peer_s * cities / sample.size
    scaled = "" if sample.size == cities else f" on {sample.size:,} cities, extrapolated to {cities:,}"
    print(f"  baseline: per-city Python loop for the headline and trends: {trend_s:.2f} s (all cities)")
    print(
        f"  baseline: brute-force numpy peers per city: {peer_s:.2f} s{scaled}"
        + (f" -> {peer_full:.1f} s" if scaled else "")
    )
    print(
        f"  baseline total (trends + peers, no fit, no indicators): {trend_s + peer_full:.1f} s"
        + (" (extrapolated)" if scaled else "")
    )

    frame = result.cities
    ids = frame["city_id"].to_list()
    rate = frame["trend_pct_per_year"].fill_null(np.nan).to_numpy()
    latest = frame[HEADLINE].fill_null(np.nan).to_numpy()
    n_years = frame["trend_years"].to_numpy()
    rate_diff, latest_diff, mismatched = 0.0, 0.0, 0
    for i, city_id in enumerate(ids):
        base_latest, base_rate, base_n = trends.get(city_id, (math.nan, math.nan, 0))
        if (math.isnan(base_rate) != math.isnan(rate[i])) or base_n != n_years[i]:
            mismatched += 1
        elif not math.isnan(base_rate):
            rate_diff = max(rate_diff, abs(base_rate - rate[i]))
        if math.isnan(base_latest) != math.isnan(latest[i]):
            mismatched += 1
        elif not math.isnan(base_latest):
            latest_diff = max(latest_diff, abs(base_latest / latest[i] - 1.0))
    peer_ids = frame["peer_ids"].to_numpy()
    peer_distance = frame["peer_distances"].to_numpy()
    differ, distance_diff = 0, 0.0
    for i, (rows_, distance) in peers.items():
        if set(data.conditions.ids[rows_].tolist()) != {j for j in peer_ids[i].tolist() if j >= 0}:
            differ += 1
        if len(rows_):
            found = peer_distance[i][: len(rows_)]
            distance_diff = max(distance_diff, float(np.max(np.abs(distance - found))))
    print(
        f"  agreement: trends and years used differ for {mismatched} of {len(ids):,} cities; max "
        f"|trend difference| {rate_diff:.1e} percentage points a year, max relative difference of "
        f"the latest value {latest_diff:.1e}; peer sets differ for {differ} of {len(peers):,} cities, "
        f"max |distance difference| {distance_diff:.1e}"
    )


# ------------------------------------------------------------------------------------------- a page


def _percentiles(samples: Sequence[float]) -> str:
    p50, p95, p99 = np.percentile(samples, [50, 95, 99])
    return f"p50 {p50:6.1f}  p95 {p95:6.1f}  p99 {p99:6.1f}  max {max(samples):6.1f} ms"


def _line(label: str, samples: Sequence[float], target: float | None = None) -> str:
    met = ""
    if target is not None:
        met = f"  target p99 < {target:.0f} ms: {'met' if np.percentile(samples, 99) < target else 'MISSED'}"
    return f"  {label:<48} {_percentiles(samples)}  (n={len(samples)}){met}"


def _env(path: Path, var: Path) -> dict[str, str]:
    return {**os.environ, "CITYPACT_DATABASE_URL": f"sqlite:///{path}", "CITYPACT_VAR_DIR": str(var)}


def load_database(path: Path, var: Path) -> float:
    """A migrated SQLite database with the bundled data, as `citypact data load --source bundled`."""
    from citypact.storage.migrate import upgrade

    upgrade(f"sqlite:///{path}")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "citypact.cli.main", "data", "load", "--source", "bundled"],
        env=_env(path, var),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def add_reported_series(url: str, cities: int, years: int, seed: int = SEED) -> tuple[int, int]:
    """Synthetic reported Scope-1 series for `cities` registry cities with a population: a submitted
    inventory per present city-year (skipping any that exist), degree days from latitude and an area
    where the city has none, so most of them can be scored. Returns (cities, inventories)."""
    from sqlalchemy import insert, select, update

    from citypact.storage.db import Database
    from citypact.storage.models import City, CityStatistic, Inventory

    rng = np.random.default_rng(seed)
    db = Database(url)
    try:
        with db.write() as session:
            rows = session.execute(
                select(City.id, City.lat, City.population, City.area_km2)
                .where(City.population > 0, City.is_published)
                .order_by(City.id)
            ).all()
            chosen = [rows[i] for i in sorted(rng.choice(len(rows), min(cities, len(rows)), replace=False))]
            existing = set(session.execute(select(Inventory.city_id, Inventory.year)).tuples())
            has_degree_days = set(
                session.scalars(select(CityStatistic.city_id).where(CityStatistic.variable == "hdd"))
            )
            inventories: list[dict[str, Any]] = []
            statistics: list[dict[str, Any]] = []
            areas: list[dict[str, Any]] = []
            for city_id, lat, population, area in chosen:
                level = math.exp(rng.normal(math.log(5.0), 0.6))
                rate = rng.normal(-0.02, 0.025)
                late = rng.random() < 0.3
                start = int(rng.integers(FIRST_YEAR + 1, FIRST_YEAR + years)) if late else FIRST_YEAR
                for year in range(start, FIRST_YEAR + years):
                    if (city_id, year) in existing or rng.random() < 0.05:
                        continue
                    age = year - (FIRST_YEAR + years - 1)
                    people = int(population * math.exp(0.008 * age))
                    outlier = 10.0 if rng.random() < 0.01 else 1.0
                    tonnes = level * math.exp(rate * age + 0.08 * rng.standard_t(3)) * people * outlier
                    inventories.append(
                        {"city_id": city_id, "year": year, "status": "submitted", "standard": "BASIC",
                         "gwp": "AR5", "factor_library": "bench", "boundary": "", "population": people,
                         "reported": {"scope1": tonnes}, "reported_source": "bench (synthetic)",
                         "reported_gases": "CO2e"}
                    )  # fmt: skip
                if city_id not in has_degree_days and lat is not None:
                    hdd = max(0.0, (abs(lat) - 15.0) * 110.0 + rng.normal(0, 300))
                    cdd = max(0.0, (35.0 - abs(lat)) * 90.0 + rng.normal(0, 200))
                    for variable, value in (("hdd", min(hdd, 6000.0)), ("cdd", min(cdd, 3000.0))):
                        statistics.append(
                            {"city_id": city_id, "year": 2020, "variable": variable, "value": value,
                             "unit": "K d", "source": "bench (synthetic)"}
                        )  # fmt: skip
                if area is None:
                    density = math.exp(rng.normal(math.log(1_500), 0.7))
                    areas.append({"id": city_id, "area_km2": population / density})
            for start in range(0, len(inventories), 20_000):
                session.execute(insert(Inventory), inventories[start : start + 20_000])
            session.execute(insert(CityStatistic), statistics)
            session.execute(update(City), areas)
        with db.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
    finally:
        db.dispose()
    return len(chosen), len(inventories)


ROUTES = ("/cities/{city_id}/benchmark", "/api/v1/cities/{city_id}/benchmark")


@contextmanager
def _served(path: Path, var: Path) -> Iterator[tuple[Any, subprocess.Popen[bytes]]]:
    """`citypact serve` (1 process) on this database: an httpx client and the process; stopped on
    leaving."""
    import httpx

    process, base, _ = start_server(_env(path, var))
    try:
        with httpx.Client(base_url=base, timeout=120) as client:
            yield client, process
    finally:
        process.terminate()
        process.wait()


def bench_http(path: Path, var: Path, city_ids: Sequence[int]) -> None:
    """Sequential GETs of each benchmark route the app has (ROUTES; a 404 for a benchmarked city
    means the route is not there yet), and of /healthz as a baseline, on `citypact serve`."""
    with _served(path, var) as (client, process):
        print("  HTTP through `citypact serve` (1 process), one request at a time:")
        for route in ROUTES:
            urls = [route.replace("{city_id}", str(city_id)) for city_id in city_ids]
            started = time.perf_counter()
            status = client.get(urls[-1]).status_code  # the first request builds the server's cache
            first = (time.perf_counter() - started) * 1000
            if status == 404:
                print(f"    GET {route}: 404 for a benchmarked city, the route is not there: skipped")
                continue
            warm, errors = [], 0
            for url in urls:
                started = time.perf_counter()
                errors += client.get(url).status_code != 200
                warm.append((time.perf_counter() - started) * 1000)
            print(f"    GET {route}: first request {first:.0f} ms, non-200 answers {errors}")
            print(_line(f"  GET {route}, warm", warm, PAGE_TARGET_MS))
        healthz = []
        for _ in city_ids:
            started = time.perf_counter()
            client.get("/healthz")
            healthz.append((time.perf_counter() - started) * 1000)
        print(_line("  baseline: GET /healthz", healthz))
        print(f"    server RSS after the requests: {_status_mb('VmRSS', process.pid):.0f} MB")


def page_view(path: Path, var: Path, city_ids: Sequence[int]) -> None:
    """One benchmark page view with its chart requests, as a browser makes them (one at a time here):
    the charts drawn from the page's own computation (their links carry its view token), against
    the same chart requests without the token, each computing the benchmark again (before issue 14)."""
    with _served(path, var) as (client, _process):
        client.get(f"/cities/{city_ids[0]}/benchmark")  # the server's caches built, not counted
        kept, computed, alone, charts, errors = [], [], [], 0, 0
        for k, city_id in enumerate(city_ids):
            client.get(f"/cities/{city_id}/benchmark")  # this city's rows read once, not counted
            for with_token in (True, False) if k % 2 else (False, True):  # alternate the order
                started = time.perf_counter()
                html = client.get(f"/cities/{city_id}/benchmark").text
                if with_token:
                    alone.append((time.perf_counter() - started) * 1000)
                urls = [u.replace("&amp;", "&") for u in re.findall(r'<img src="([^"]+\.svg\?[^"]+)"', html)]
                if not with_token:
                    urls = [re.sub(r"&view=[\w-]+", "", u) for u in urls]
                for url in urls:
                    errors += client.get(url).status_code != 200
                (kept if with_token else computed).append((time.perf_counter() - started) * 1000)
                charts += len(urls) if with_token else 0
        print(
            f"  one page view with its chart requests, {len(city_ids)} cities, "
            f"{charts / len(city_ids):.1f} charts a page, non-200 answers {errors}:"
        )
        print(_line("  the page alone", alone))
        print(_line("  charts from the page's computation (view token)", kept))
        print(_line("  baseline: each chart computes the benchmark again", computed))


def _benchmarked_ids(session: Any) -> list[int]:
    """Ids of the cities the benchmark covers: published, with a submitted or verified inventory."""
    from sqlalchemy import select

    from citypact.storage.models import City, Inventory

    query = (
        select(Inventory.city_id)
        .join(City, City.id == Inventory.city_id)
        .where(City.is_published, Inventory.status.in_(("submitted", "verified")))
        .distinct()
        .order_by(Inventory.city_id)
    )
    return list(session.execute(query).scalars())


def bench_service(url: str, requests: int) -> tuple[list[int], dict[str, list[float]]]:
    """city_benchmark: the first call (model fit + data), rebuilds after a change, then warm calls."""
    from citypact.domain.access import Actor
    from citypact.services.benchmarking import data as benchmark_data
    from citypact.services.benchmarking.benchmark import city_benchmark
    from citypact.storage.db import Database

    db = Database(url)
    timings: dict[str, list[float]] = {"first": [], "rebuild": [], "warm": [], "check": []}
    rng = random.Random(SEED)
    try:
        with db.read() as session:
            ids = _benchmarked_ids(session)
        city_ids = rng.sample(ids, min(requests, len(ids)))
        city_ids += rng.choices(ids, k=requests - len(city_ids))
        with db.read() as session:
            started = time.perf_counter()
            city_benchmark(session, Actor(), city_ids[0])
            timings["first"].append((time.perf_counter() - started) * 1000)
        for city_id in city_ids[1:6]:  # a data change empties the cache: the next call rebuilds it
            benchmark_data.DATA.forget()
            with db.read() as session:
                started = time.perf_counter()
                city_benchmark(session, Actor(), city_id)
                timings["rebuild"].append((time.perf_counter() - started) * 1000)
        for city_id in city_ids:
            with db.read() as session:  # one session per request, as the app does
                started = time.perf_counter()
                city_benchmark(session, Actor(), city_id)
                timings["warm"].append((time.perf_counter() - started) * 1000)
        for _ in range(50):
            with db.read() as session:
                started = time.perf_counter()
                benchmark_data.benchmark_data(session)
                timings["check"].append((time.perf_counter() - started) * 1000)
    finally:
        db.dispose()
    return city_ids, timings


def page(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path, var = Path(folder) / "citypact.db", Path(folder) / "var"
        url = f"sqlite:///{path}"
        seconds = load_database(path, var)
        print(f"== benchmark page: citypact data load --source bundled in {seconds:.1f} s (not counted)")
        for extra in (0, args.page_cities):
            if extra:
                started = time.perf_counter()
                n_cities, n_inventories = add_reported_series(url, extra, args.network_years)
                print(
                    f"== benchmark page, bundled data + {n_inventories:,} synthetic reported inventories "
                    f"of {n_cities:,} registry cities (added in {time.perf_counter() - started:.1f} s, "
                    "not counted)"
                )
            city_ids, timings = bench_service(url, args.page_requests)
            print(f"  {len(set(city_ids)):,} distinct benchmarked cities requested, one session per request")
            print(f"  first call in the process (structure model fit + data): {timings['first'][0]:.0f} ms")
            print(_line("cache rebuild after a data change", timings["rebuild"]))
            print(_line("city_benchmark, warm", timings["warm"], PAGE_TARGET_MS))
            print(_line("  of it: benchmark_data() (cache check)", timings["check"]))
            bench_http(path, var, city_ids)
            page_view(path, var, city_ids[: args.page_views])
            if not args.page_cities:
                break


# ---------------------------------------------------------------------------------- out of sample


def _panel_conditions(panel: pl.DataFrame, region: bool) -> Conditions:
    def col(name: str) -> FloatArray:
        return panel[name].cast(pl.Float64).fill_null(np.nan).to_numpy()

    return Conditions(
        ids=np.arange(panel.height, dtype=np.int64),
        country=panel["country"].fill_null("").to_numpy().astype(str),
        population=col("population"),
        density=col("density"),
        hdd=col("hdd"),
        cdd=col("cdd"),
        gdp_per_capita=col("gdp_ppp_per_capita"),
        grid=col("grid_kg_per_kwh"),
        region=panel["region"].fill_null("").to_numpy().astype(str) if region else None,
    )


def out_of_sample(repeats: int = 10, boot: int = 1000) -> None:
    """The expected level and the peers judged on cities they did not see, on the shipped panel."""
    from citypact.domain.structure_cv import COUNTRY_MEDIAN, REGION_MEDIAN
    from citypact.reference.benchmark_panel import choose_panel, read_panel

    panel = read_panel()
    started = time.perf_counter()
    level = choose_panel(panel, repeats=repeats)
    v = level.validation
    print(
        f"== expected level out of sample: {v.folds}-fold cross-validation stratified by world region, "
        f"{v.repeats} repeats, {v.cities} panel cities with a plausible figure "
        f"({time.perf_counter() - started:.1f} s)"
    )
    for score in v.scores:
        tag = " (baseline)" if score.name in (COUNTRY_MEDIAN, REGION_MEDIAN) else ""
        tag += " <- chosen" if score.name == v.chosen else ""
        print(
            f"  {score.name:30s} R2 {score.r2_mean:.3f} (sd {score.r2_sd:.3f})  median |log error| "
            f"{score.mdale_mean:.3f} (sd {score.mdale_sd:.3f}){tag}"
        )
    print(
        f"  margin over the country median (same folds): {v.margin_mean:.3f} (sd {v.margin_sd:.3f}, "
        f"min {min(v.margin):.3f}, max {max(v.margin):.3f}); 95% of the chosen one's out-of-sample "
        f"log errors within {level.interval[0]:+.2f} to {level.interval[1]:+.2f}"
    )

    plausible = panel.filter(~pl.col("implausible"))
    log_value = np.log(plausible["per_capita_t"].to_numpy())
    year = plausible["year"].cast(pl.Float64).to_numpy()
    country = plausible["country"].fill_null("").to_numpy().astype(str)
    baseline = same_country_errors(log_value, country)
    definitions: dict[str, npt.NDArray[np.int64]] = {}
    for k in (5, 10, 20):
        definitions[f"unknown as average (earlier), k={k}"] = nearest_all(
            standardized(_panel_conditions(plausible, False).matrix()), k
        )[0]
        definitions[f"known conditions, k={k}"] = nearest_known(_panel_conditions(plausible, False), k)[0]
        definitions[f"known conditions + region, k={k}"] = nearest_known(
            _panel_conditions(plausible, True), k
        )[0]
    print(
        f"== peers, leave one out on the panel ({plausible.height} cities): median |log error| of the "
        "median of a city's peers (their figures within 3 years of its own) against the median of the "
        "other cities of its country, on the cities both can predict; sd by bootstrap over cities"
    )
    rng = np.random.default_rng(SEED)
    for name, index in definitions.items():
        errors = peer_median_errors(log_value, year, index, 3)
        both = np.flatnonzero(np.isfinite(errors) & np.isfinite(baseline))
        draws = rng.integers(0, both.size, (boot, both.size))
        spread = np.std(np.median(baseline[both][draws], axis=1) - np.median(errors[both][draws], axis=1))
        peer_error, country_error = float(np.median(errors[both])), float(np.median(baseline[both]))
        print(
            f"  {name:38s} peers {peer_error:.3f}  same country {country_error:.3f}  margin "
            f"{country_error - peer_error:+.3f} (sd {spread:.3f})  on {both.size} cities; "
            f"{int(np.isfinite(errors).sum())} with a peer figure"
        )


# ------------------------------------------------------------------------------------------- running


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--network-cities", type=int, default=20_000)
    parser.add_argument("--network-years", type=int, default=20)
    parser.add_argument("--baseline-cities", type=int, default=20_000, help="cities of the peer baseline")
    parser.add_argument("--page-requests", type=int, default=300)
    parser.add_argument("--page-cities", type=int, default=20_000, help="synthetic series added (0: none)")
    parser.add_argument("--page-views", type=int, default=30, help="page views timed with their charts")


def run(args: argparse.Namespace) -> None:
    out_of_sample()
    print(
        f"== whole benchmark recompute: {args.network_cities:,} cities x {args.network_years} years, "
        "fresh process"
    )
    subprocess.run(
        [
            sys.executable,
            "-u",
            "-c",
            "from bench.benchmark import network; "
            f"network({args.network_cities}, {args.network_years}, {args.baseline_cities})",
        ],
        cwd=ROOT,
        check=True,
    )
    page(args)
