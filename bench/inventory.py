"""Benchmark of the GPC inventory engine: many inventories in one frame, and a template import.

python -m bench inventory [--cities 10000] [--years 10] [--baseline-rows 500000] [--csv-rows 100000]

* Engine: `compute_emissions` then `totals_by_inventory` over 10,000 cities x 10 years (~5 million
  activity rows, generated with numpy, seeded; generation is not timed). Target: < 1 s on the first
  run in a fresh process, peak RSS < 1.5 GB, wall and CPU seconds printed with the load. That run
  is measured as set: in a process of its own (bench/engine_run.py) that reads the rows from a
  Parquet file; then first and second runs in this process, stage by stage. Beside them, the
  limit: one plain polars join + group-by of the same rows (what no engine with checks beats).
* Baseline: a plain per-row Python loop (dict lookups of factors, precomputed unit conversions,
  per-row arithmetic, per-inventory totals) over a sample of whole inventories; it must agree with
  the engine on the sample's totals, or the comparison would not be honest.
* Import: a 100,000-row template CSV through `read_activity_table` + `compute_emissions` (the row
  checks live there). Target: < 3 s. Baseline: `csv.DictReader` with float() parsing.

Nothing is asserted: the figures are printed.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from bench.engine_run import memory_mb
from citypact.domain.access import Actor
from citypact.domain.activity import unit_table, user_factor_table
from citypact.domain.calculation import compute_emissions
from citypact.domain.factor_library import (
    BIOMASS_FUELS,
    ELECTRICITY,
    FUEL_ALIASES,
    GASEOUS_FUELS,
    IPCC_CATEGORY_OF_SUBSECTOR,
    NCV_PER_GCV_GAS,
    NCV_PER_GCV_SOLID_LIQUID,
    FactorLibrary,
)
from citypact.domain.gpc import GPC_REFS
from citypact.domain.inventory import TOTAL_COLUMNS, totals_by_inventory
from citypact.formats.activity_table import read_activity_table
from citypact.reference.factor_library import default_library, gwp_set
from citypact.services.inventory import imports as inventory_imports
from citypact.services.inventory import inventories
from citypact.storage.db import Database
from citypact.storage.migrate import upgrade
from citypact.storage.models import City, Country

ENGINE_TARGET_S = 1.0
PEAK_TARGET_MB = 1500.0
# Issue 15: under 1 s where one plain polars join + group-by of the rows takes 0.23 s, so ~4x the
# limit; the brief for this machine asked for 2.5x the limit measured in the same run.
LIMIT_FACTOR = 2.5
IMPORT_TARGET_S = 3.0
GWP = "AR5"
FIRST_YEAR = 2013
# Countries with a national grid factor for every year from 2013 to 2022.
COUNTRIES = ("DE", "JP", "US", "FR", "BR", "IN", "CN", "GB", "IT", "ES", "CA", "AU", "MX", "ZA", "KR", "PL")
# Typical size of one activity amount in each unit (a lognormal spread around it).
TYPICAL = {"MWh": 5_000.0, "GJ": 18_000.0, "kWh": 5_000_000.0, "therm": 170_000.0, "t": 400.0, "L": 500_000.0}
STATIONARY_UNITS = {
    "Natural Gas": ("MWh", "GJ", "kWh", "therm", "t"),
    "Gas/Diesel Oil": ("L", "t", "GJ", "MWh"),
    "Motor Gasoline": ("L", "t", "GJ"),
    "Liquefied Petroleum Gases": ("L", "t", "GJ", "kWh"),
    "Wood/Wood Waste": ("t", "GJ", "MWh"),
    "Other Bituminous Coal": ("t", "GJ"),
}
ROAD_UNITS = {
    "Gas/Diesel Oil": ("L", "t", "GJ"),
    "Motor Gasoline": ("L", "t", "GJ"),
    "Liquefied Petroleum Gases": ("L", "t"),
    "Natural Gas": ("GJ", "t"),
}
SUBSECTORS = ("I.1", "I.2", "I.3", "I.4", "I.5", "I.6")
DISTRICT_HEAT_SOURCE = "supplier disclosure (Stadtwerke, 2021)"


# One kind of activity row: gpc_ref, fuel, unit, notation key, user factor unit, relative weight.
Kind = tuple[str, str, str | None, str | None, str | None, float]


def _kinds() -> list[Kind]:
    kinds: list[Kind] = []
    for sub in SUBSECTORS:
        for fuel, units in STATIONARY_UNITS.items():
            kinds += [(f"{sub}.1", fuel, unit, None, None, 1.0) for unit in units]
        kinds += [(f"{sub}.2", "electricity", unit, None, None, 5.0) for unit in ("MWh", "kWh")]
        # A notation key on a reference no row gives an amount (a reference carries one or the other).
        kinds.append((f"{sub}.3", "electricity", None, "NE", None, 1.0))
    for fuel, units in ROAD_UNITS.items():
        kinds += [("II.1.1", fuel, unit, None, None, 4.0) for unit in units]
    kinds += [(ref, "district_heat", "MWh", None, "kg/MWh", 5.0) for ref in ("I.1.2", "I.2.2", "I.3.2")]
    return kinds


def generate(cities: int, years: int, seed: int = 2024) -> pl.DataFrame:
    """Activity rows of cities x years inventories, ~50 rows each, vectorized with numpy."""
    rng = np.random.default_rng(seed)
    kinds = _kinds()
    refs, fuels, units, keys, ef_units, weights = (list(column) for column in zip(*kinds, strict=True))
    inventories = cities * years
    per_inventory = rng.integers(40, 61, size=inventories)
    inventory = np.repeat(np.arange(inventories, dtype=np.int64), per_inventory)
    n = len(inventory)
    kind = rng.choice(len(kinds), size=n, p=np.asarray(weights) / sum(weights))
    city_country = rng.integers(0, len(COUNTRIES), size=cities)
    typical = np.asarray([TYPICAL.get(u or "", np.nan) for u in units])
    amount = typical[kind] * rng.lognormal(0.0, 1.0, size=n)
    is_heat = np.asarray([u is not None for u in ef_units])[kind]
    ef_co2 = np.where(is_heat, rng.uniform(120.0, 320.0, size=n), np.nan)
    quality = rng.integers(0, 3, size=n)

    def pick(values: list[str | None], index: np.ndarray) -> pl.Series:
        return pl.Series(values, dtype=pl.String).gather(index)

    heat_only = [DISTRICT_HEAT_SOURCE if u else None for u in ef_units]
    return pl.DataFrame(
        {
            "inventory": inventory,
            "country": pick(list(COUNTRIES), city_country[inventory // years]),
            "inventory_year": (FIRST_YEAR + inventory % years).astype(np.int32),
            "gpc_ref": pick(refs, kind),
            "fuel": pick(fuels, kind),
            "amount": pl.Series(amount).fill_nan(None),
            "unit": pick(units, kind),
            "notation_key": pick(keys, kind),
            "explanation": pick(
                ["grid losses not estimated: no utility data" if k else None for k in keys], kind
            ),
            "data_quality": pick(["H", "M", "L"], quality),
            "ef_co2": pl.Series(ef_co2).fill_nan(None),
            "ef_unit": pick(ef_units, kind),
            "ef_source": pick(heat_only, kind),
            "ef_data_quality": pick(["M" if u else None for u in ef_units], kind),
        }
    )


# The baseline: one Python iteration per row, factors from dicts.
BaselineRow = tuple[int, str, int, str, str, float | None, str | None, str | None, float | None, str | None]


def baseline_totals(
    rows: Iterable[BaselineRow], library: FactorLibrary, units: Iterable[str]
) -> Callable[[], dict[int, list[float]]]:
    """A closure that computes per-inventory totals (TOTAL_COLUMNS) with a plain per-row loop.

    The lookup dicts are built outside the timed loop: they are the baseline's "precomputed" tables.
    """
    gwp = gwp_set(GWP)
    ch4_gwp, n2o_gwp = gwp.of("CH4"), gwp.of("N2O")
    distinct = pl.Series(sorted(set(units)), dtype=pl.String)
    unit_rows, _ = unit_table(distinct)
    to_base = {
        unit: (dim, factor, gross)
        for unit, dim, factor, gross in unit_rows.select("unit", "dimension", "to_base", "gross").iter_rows()
    }
    pairs = pl.DataFrame({"ef_unit": ["kg/MWh"] * len(distinct), "unit": distinct})
    ef_rows, _ = user_factor_table(pairs)
    ef_to_kg = {(ef_unit, unit): factor for ef_unit, unit, factor in ef_rows.iter_rows()}
    combustion = {
        (fuel, category): (co2, ch4, n2o)
        for fuel, category, co2, ch4, n2o in library.combustion.select(
            "fuel_key", "category", "CO2", "CH4", "N2O"
        ).iter_rows()
    }
    ncv = dict(library.ncv.select("fuel_key", "tj_per_t").iter_rows())
    density = dict(library.density.select("fuel_key", "t_per_m3").iter_rows())
    grid = {(c, y): kg for c, y, kg in library.grid.select("country", "year", "kg_co2e_per_tj").iter_rows()}
    flags = {
        ref: (
            e.scope,
            e.in_basic,
            e.in_basic_plus,
            e.in_territorial,
            IPCC_CATEGORY_OF_SUBSECTOR.get(ref[:-2]),
        )
        for ref, e in GPC_REFS.items()
    }

    def run() -> dict[int, list[float]]:
        acc: dict[int, list[float]] = {}
        for inventory, country, year, ref, fuel, amount, unit, key, ef_co2, ef_unit in rows:
            scope, basic, basic_plus, territorial, category = flags[ref.strip().upper()]
            total = acc.get(inventory)
            if total is None:
                total = acc[inventory] = [0.0] * 7
            if key is not None or amount is None or unit is None:
                continue
            name = " ".join(fuel.strip().lower().split())
            name = FUEL_ALIASES.get(name, name)
            dim, factor, gross = to_base[unit]
            grid_factor = grid.get((country, year)) if name == ELECTRICITY else None
            if ef_co2 is not None and grid_factor is None:
                co2e = amount * ef_co2 * ef_to_kg[(ef_unit, unit)] / 1000.0
            elif grid_factor is not None:
                co2e = amount * factor * grid_factor / 1000.0
            else:
                tj = amount * factor
                if gross:  # therm and MMBtu are on the gross calorific basis
                    tj *= NCV_PER_GCV_GAS if name in GASEOUS_FUELS else NCV_PER_GCV_SOLID_LIQUID
                if dim == "MASS":
                    tj *= ncv[name]
                elif dim == "VOLUME":
                    tj *= density[name] * ncv[name]
                co2_f, ch4_f, n2o_f = combustion[(name, category)]
                co2 = tj * co2_f / 1000.0
                if name in BIOMASS_FUELS:
                    total[6] += co2
                    co2 = 0.0
                co2e = co2 + tj * (ch4_f * ch4_gwp + n2o_f * n2o_gwp) / 1000.0
            if basic:
                total[0] += co2e
            if basic_plus:
                total[1] += co2e
            if territorial:
                total[2] += co2e
            total[2 + scope] += co2e
        return acc

    return run


def _baseline_columns(frame: pl.DataFrame) -> list[BaselineRow]:
    columns = ("inventory", "country", "inventory_year", "gpc_ref", "fuel", "amount", "unit")
    return frame.select(*columns, "notation_key", "ef_co2", "ef_unit").rows()  # type: ignore[return-value]


def _max_relative_difference(engine: pl.DataFrame, baseline: dict[int, list[float]]) -> float:
    expected = pl.DataFrame(
        [[inventory, *values] for inventory, values in baseline.items()],
        schema=["inventory", *TOTAL_COLUMNS],
        orient="row",
    )
    both = engine.join(expected, on="inventory", how="full", suffix="_baseline")
    if both.height != len(baseline) or both["inventory"].null_count():
        return float("inf")
    worst = both.select(
        pl.max_horizontal(
            (
                (pl.col(c) - pl.col(f"{c}_baseline")).abs()
                / pl.max_horizontal(pl.col(c).abs(), pl.col(f"{c}_baseline").abs(), pl.lit(1e-12))
            ).max()
            for c in TOTAL_COLUMNS
        )
    ).item()
    return float(worst)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _reset_peak() -> None:
    """Start the high-water mark again at the current RSS (Linux: clear_refs 5), so that the peak
    of the engine is not the generator's (numpy temporaries of the generated input)."""
    gc.collect()
    with suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _frame_mb(frame: pl.DataFrame) -> float:
    """The frame's size in MB with the 16-byte view of each value of its text columns, which
    polars' estimated_size leaves out (it counts only the text longer than a view holds)."""
    views = 16 * frame.height * sum(dtype == pl.String for dtype in frame.dtypes)
    return (frame.estimated_size() + views) / 1e6


@contextmanager
def _clock(into: dict[str, float], name: str) -> Iterator[None]:
    """Wall seconds into `into[name]`, CPU seconds (every thread) into `into[name + " cpu"]`: on a
    shared machine the wall time grows with the load, the CPU time much less."""
    started, cpu = time.perf_counter(), time.process_time()
    yield
    into[name] = time.perf_counter() - started
    into[f"{name} cpu"] = time.process_time() - cpu


def _met(seconds: float, target: float) -> str:
    return f"target < {target:.0f} s: {'met' if seconds < target else 'MISSED'}"


def engine_stages(activities: pl.DataFrame, library: FactorLibrary) -> dict[str, float]:
    """Seconds of the first stages of compute_emissions, timed from outside (its private helpers)."""
    from citypact.domain import calculation
    from citypact.domain.activity import conform, encode_kinds, prepare
    from citypact.domain.activity_checks import check_counted

    times: dict[str, float] = {}
    with _clock(times, "kinds (column types, one hash a row, the kind of each row)"):
        rows = calculation._with_inventory(prepare(activities), None, None)
        kinds, kind = encode_kinds(rows)
    with _clock(times, "per kind: cleaning, units, factors, NCV, density, grid"):
        kinds = calculation._join_factors(conform(kinds), library)
    with _clock(times, "check (rules per kind, rules on the rows' numbers)"):
        check_counted(rows, kinds, kind, library)
    return times


def plain_join_group_by(activities: pl.DataFrame, library: FactorLibrary) -> pl.DataFrame:
    """The limit the engine is measured against: one polars join of the same rows to a factor per
    (fuel, unit) and one group-by to per-inventory sums, with no cleaning, no checks, no messages."""
    units, _ = unit_table(activities["unit"].drop_nulls().unique())
    factor = (
        activities.select("fuel", "unit")
        .unique()
        .join(units.select("unit", "to_base"), on="unit", how="left")
        .with_columns((pl.col("to_base") * 56.1).alias("t_per_unit"))
        .select("fuel", "unit", "t_per_unit")
    )
    return (
        activities.select("inventory", "fuel", "unit", "amount")
        .join(factor, on=["fuel", "unit"], how="left")
        .group_by("inventory")
        .agg((pl.col("amount") * pl.col("t_per_unit")).sum())
    )


def fresh_process(activities: pl.DataFrame) -> dict[str, dict[str, float]]:
    """The engine's first run in a process of its own (bench.engine_run), the rows handed over as a
    Parquet file, with the text as strings and as categorical codes: the figures issue 15 sets its
    targets for, free of this process's imports, its generator's memory and warm caches."""
    runs: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rows.parquet"
        activities.write_parquet(path, compression="uncompressed")
        command = [sys.executable, "-m", "bench.engine_run", str(path), "--gwp", GWP]
        for spelling, extra in (("strings", []), ("categorical codes", ["--categorical"])):
            done = subprocess.run([*command, *extra], capture_output=True, text=True, check=True)
            runs[spelling] = json.loads(done.stdout.strip().splitlines()[-1])
    return runs


def engine(args: argparse.Namespace, library: FactorLibrary) -> list[tuple[str, str, str]]:
    figures: list[tuple[str, str, str]] = []
    times: dict[str, float] = {}
    with _clock(times, "generate"):
        activities = generate(args.cities, args.years)
    n, inventories = activities.height, activities["inventory"].n_unique()
    print(
        f"== inventory engine: {inventories:,} inventories ({args.cities:,} cities x {args.years} years), "
        f"{n:,} activity rows; polars on {pl.thread_pool_size()} threads"
    )
    print(f"  generated in {times['generate']:.1f} s (not counted); peak RSS so far {_peak_rss_mb():.0f} MB")
    for spelling, run in fresh_process(activities).items():
        print(
            f"  fresh process, text as {spelling}: compute + totals {run['wall_s']:5.2f} s "
            f"({n / run['wall_s']:,.0f} rows/s), CPU {run['cpu_s']:.2f} s; "
            f"{_met(run['wall_s'], ENGINE_TARGET_S)}; peak RSS {run['peak_mb']:,.0f} MB (after reading "
            f"the rows {run['input_mb']:,.0f} MB): {'met' if run['peak_mb'] < PEAK_TARGET_MB else 'MISSED'}"
        )
        figures.append(
            (
                f"engine in a fresh process, text as {spelling}",
                f"{run['wall_s']:.2f} s, CPU {run['cpu_s']:.2f} s, peak RSS {run['peak_mb']:,.0f} MB",
                "< 1 s, < 1.5 GB",
            )
        )
    gwp = gwp_set(GWP)
    _reset_peak()
    before_mb = memory_mb("VmRSS")
    runs: list[float] = []
    cpu: list[float] = []
    for attempt in ("first run", "second run"):
        with _clock(times, "compute"):
            emissions = compute_emissions(activities, library, gwp)
        with _clock(times, "totals"):
            result = totals_by_inventory(emissions)
        del emissions
        if attempt == "first run":
            peak_mb = memory_mb("VmHWM")
        runs.append(times["compute"] + times["totals"])
        cpu.append(times["compute cpu"] + times["totals cpu"])
        print(
            f"  {attempt}: compute_emissions {times['compute']:5.2f} s ({n / times['compute']:,.0f} rows/s), "
            f"totals_by_inventory {times['totals']:4.2f} s ({n / times['totals']:,.0f} rows/s); "
            f"CPU {times['compute cpu']:.2f} + {times['totals cpu']:.2f} s"
        )
    engine_s = runs[0]
    print(
        f"  compute + totals     {engine_s:6.2f} s  {n / engine_s:>12,.0f} rows/s (first run; second "
        f"{runs[1]:.2f} s); {_met(engine_s, ENGINE_TARGET_S)}; peak RSS {_peak_rss_mb():,.0f} MB; "
        f"CPU {cpu[0]:.2f} s (second {cpu[1]:.2f} s); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(
        f"  peak RSS during the first run {peak_mb:,.0f} MB (the process with its input before it: "
        f"{before_mb:,.0f} MB; the engine's own: {peak_mb - before_mb:,.0f} MB; input frame "
        f"{_frame_mb(activities):,.0f} MB)"
    )
    with _clock(times, "limit"):
        plain_join_group_by(activities, library)
    print(
        f"  limit: one plain polars join + group-by of the same rows {times['limit']:5.2f} s "
        f"(engine / limit: {engine_s / times['limit']:.1f}x); CPU {times['limit cpu']:.2f} s "
        f"(engine / limit: {cpu[0] / times['limit cpu']:.1f}x)"
    )
    # On a machine slower than the (its limit 0.23 s), the target scales with the limit.
    wall_bound, cpu_bound = LIMIT_FACTOR * times["limit"], LIMIT_FACTOR * times["limit cpu"]
    print(
        f"  target on this machine: under {LIMIT_FACTOR:.1f}x the limit measured here, {wall_bound:.2f} s: "
        f"{'met' if engine_s < wall_bound else 'MISSED'}; in CPU, {cpu_bound:.2f} s: "
        f"{'met' if cpu[0] < cpu_bound else 'MISSED'}"
    )
    figures.append(
        ("limit: plain polars join + group-by", f"{times['limit']:.2f} s, CPU {times['limit cpu']:.2f} s", "")
    )
    if args.stages:
        stages = engine_stages(activities, library)
        walls = {stage: seconds for stage, seconds in stages.items() if not stage.endswith(" cpu")}
        for stage, seconds in walls.items():
            print(f"    stage {stage:<58} {seconds:6.2f} s, CPU {stages[stage + ' cpu']:5.2f} s")
        rest = times["compute"] - sum(walls.values())
        rest_cpu = times["compute cpu"] - sum(stages[stage + " cpu"] for stage in walls)
        print(
            f"    stage {'the emissions per row (rest of the second run)':<58} {rest:6.2f} s, "
            f"CPU {rest_cpu:5.2f} s"
        )
    figures.append(
        (
            "engine: peak RSS (process / engine's own)",
            f"{peak_mb:,.0f} / {peak_mb - before_mb:,.0f} MB",
            "< 1.5 GB",
        )
    )
    figures.append(
        (
            "engine: compute + totals",
            f"{engine_s:.2f} s, {n / engine_s:,.0f} rows/s, CPU {cpu[0]:.2f} s",
            "< 1 s",
        )
    )
    # AR6-split weighs methane per row by origin (one more column expression over every row).
    with _clock(times, "split"):
        totals_by_inventory(compute_emissions(activities, library, gwp_set("AR6-split")))
    print(f"  compute + totals under AR6-split (methane by origin) {times['split']:6.2f} s")
    figures.append(
        ("engine under AR6-split", f"{times['split']:.2f} s, {n / times['split']:,.0f} rows/s", "< 1 s")
    )
    # Text as categorical codes (as a reader may give it): the kinds are then found from integers.
    with _clock(times, "categorical cast"):
        coded = activities.with_columns(pl.col(pl.String).cast(pl.Categorical))
    with _clock(times, "categorical"):
        totals_by_inventory(compute_emissions(coded, library, gwp))
    del coded
    print(
        f"  compute + totals with the text as categorical codes {times['categorical']:6.2f} s, "
        f"CPU {times['categorical cpu']:.2f} s (the cast beforehand, not counted: "
        f"{times['categorical cast']:.2f} s, CPU {times['categorical cast cpu']:.2f} s)"
    )
    figures.append(
        (
            "engine, text as categorical codes",
            f"{times['categorical']:.2f} s, CPU {times['categorical cpu']:.2f} s",
            "< 1 s",
        )
    )

    inventory_rows = activities.group_by("inventory", maintain_order=True).len()
    take = int((inventory_rows["len"].cum_sum() <= args.baseline_rows).sum())
    sample_ids = inventory_rows["inventory"].head(take)
    sample = activities.filter(pl.col("inventory").is_in(sample_ids.implode()))
    loop = baseline_totals(_baseline_columns(sample), library, sample["unit"].drop_nulls().unique())
    with _clock(times, "baseline"):
        expected = loop()
    m = sample.height
    difference = _max_relative_difference(
        result.filter(pl.col("inventory").is_in(sample_ids.implode())), expected
    )
    speedup = (n / engine_s) / (m / times["baseline"])
    print(
        f"  baseline Python loop {times['baseline']:6.2f} s  {m / times['baseline']:>12,.0f} rows/s "
        f"over {m:,} rows ({take:,} inventories); engine/baseline rows/s: {speedup:.2f}x"
    )
    print(f"  max relative difference engine vs baseline on the sample's totals: {difference:.1e}")
    figures.append(("baseline: per-row Python loop", f"{m / times['baseline']:,.0f} rows/s ({m:,} rows)", ""))
    figures.append(("engine speed-up over the loop", f"{speedup:.2f}x (max rel. diff {difference:.0e})", ""))
    return figures


CSV_COLUMNS = (
    "gpc_ref",
    "fuel",
    "amount",
    "unit",
    "notation_key",
    "explanation",
    "year",
    "data_quality",
    "ef_co2",
    "ef_unit",
    "ef_source",
    "ef_data_quality",
)


def _optional_float(text: str) -> float | None:
    return float(text) if text else None


def template_import(args: argparse.Namespace, library: FactorLibrary) -> list[tuple[str, str, str]]:
    activities = generate(max(1, args.csv_rows // 500 + 1), 10, seed=7).head(args.csv_rows)
    # Every row of the year of the inventory it goes into (an import refuses rows of other years).
    template = activities.with_columns(year=pl.lit(2022, pl.Int32)).select(CSV_COLUMNS)
    n = template.height
    print(f"== template import: {n:,}-row CSV, one inventory (DE, 2022), with every row check")
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "activities.csv"
        template.write_csv(path)
        size_mb = path.stat().st_size / 1e6
        with _clock(times, "read"):
            table = read_activity_table(path)
        with _clock(times, "compute"):
            compute_emissions(table, library, gwp_set(GWP), country="DE", year=2022)
        times["stored"] = _store_import(Path(folder), path)
        with _clock(times, "dictreader"), path.open(newline="", encoding="utf-8") as handle:
            parsed: list[dict[str, Any]] = []
            for record in csv.DictReader(handle):
                record["amount"] = _optional_float(record["amount"])
                record["ef_co2"] = _optional_float(record["ef_co2"])
                record["year"] = int(record["year"]) if record["year"] else None
                parsed.append(record)
    total = times["read"] + times["compute"]
    print(
        f"  read_activity_table  {times['read']:6.2f} s  {n / times['read']:>12,.0f} rows/s "
        f"({size_mb:.1f} MB)"
    )
    print(f"  compute_emissions    {times['compute']:6.2f} s  {n / times['compute']:>12,.0f} rows/s")
    print(
        f"  together             {total:6.2f} s  {n / total:>12,.0f} rows/s; {_met(total, IMPORT_TARGET_S)}"
    )
    print(
        f"  baseline csv.DictReader + float() {times['dictreader']:6.2f} s  "
        f"{n / times['dictreader']:>12,.0f} rows/s (parsing only, no checks, no emissions)"
    )
    print(
        f"  stored import        {times['stored']:6.2f} s  {n / times['stored']:>12,.0f} rows/s "
        "(the service: read, check, compute, insert the rows and the result into SQLite, audit)"
    )
    return [
        ("import: read + compute (100k-row CSV)", f"{total:.2f} s, {n / total:,.0f} rows/s", "< 3 s"),
        ("import into SQLite through the service", f"{times['stored']:.2f} s", "< 3 s"),
        (
            "baseline: csv.DictReader + float()",
            f"{times['dictreader']:.2f} s, {n / times['dictreader']:,.0f} rows/s",
            "",
        ),
    ]


def _store_import(folder: Path, csv_path: Path) -> float:
    """Seconds of the whole import a city officer runs, into a fresh SQLite database with one city
    (the database set-up not counted)."""
    url = f"sqlite:///{folder / 'bench.db'}"
    upgrade(url)
    db = Database(url)
    operator = Actor(is_admin=True)
    with db.write() as session:
        session.add(Country(iso2="DE", iso3="DEU", name="Germany"))
        session.flush()  # the country first: the tables have no relationship to order the inserts
        city = City(
            key="bench:1", name="Benchstadt", name_ascii="Benchstadt", country="DE", lat=49.4, lon=8.7
        )
        session.add(city)
        session.flush()
        inventory_id = inventories.create_inventory(session, operator, city.id, year=2022).id
    start = time.perf_counter()
    with db.write() as session:
        inventory_imports.import_file(session, operator, inventory_id, csv_path)
    seconds = time.perf_counter() - start
    db.dispose()
    return seconds


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cities", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--baseline-rows", type=int, default=500_000)
    parser.add_argument("--csv-rows", type=int, default=100_000)
    parser.add_argument(
        "--no-stages", dest="stages", action="store_false", help="skip timing the stages of compute_emissions"
    )


def run(args: argparse.Namespace) -> None:
    library = default_library()
    figures = engine(args, library) + template_import(args, library)
    width = max(len(what) for what, _, _ in figures)
    print("== inventory figures")
    for what, value, target in figures:
        print(f"  {what:<{width}}  {value:<40} {target}")
