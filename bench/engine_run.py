"""The engine's first run in a fresh process, as issue 15 measures it: nothing else imported, no
earlier run (no warm caches), the rows read from a Parquet file another process wrote.

python -m bench.engine_run ROWS.parquet [--gwp AR5] [--categorical]

Prints one JSON line: rows, wall and CPU seconds of compute_emissions + totals_by_inventory, the
process's resident memory after reading the rows and its peak (high-water mark) at the end.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import polars as pl

from citypact.domain.calculation import compute_emissions
from citypact.domain.inventory import totals_by_inventory
from citypact.reference.factor_library import default_library, gwp_set


def memory_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (peak) of this process in MB; 0 where /proc is missing."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return 0.0
    line = next((x for x in status.splitlines() if x.startswith(field + ":")), "")
    return float(line.split()[1]) / 1024 if line else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", type=Path)
    parser.add_argument("--gwp", default="AR5")
    parser.add_argument("--categorical", action="store_true", help="read the text as categorical codes")
    args = parser.parse_args()
    library, gwp = default_library(), gwp_set(args.gwp)
    activities = pl.read_parquet(args.rows)
    if args.categorical:
        activities = activities.with_columns(pl.col(pl.String).cast(pl.Categorical))
    input_mb = memory_mb("VmRSS")
    started, cpu = time.perf_counter(), time.process_time()
    totals = totals_by_inventory(compute_emissions(activities, library, gwp))
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    figures = {
        "rows": activities.height,
        "inventories": totals.height,
        "wall_s": wall,
        "cpu_s": cpu,
        "input_mb": input_mb,
        "peak_mb": memory_mb("VmHWM"),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
