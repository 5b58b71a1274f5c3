"""Run the benchmarks and print their figures.

python -m bench [all|registry|inventory|cases|benchmark|matching|tour|load|uploads|procurement|credits]
  [--rate 200] [...]

registry: data load, cold start and latency under load of the city registry;
inventory: the GPC inventory engine and the activity-template import (bench/inventory.py), and a
  50,000-row inventory's page (bench/inventory_page.py);
cases: case search and cases like mine over 100,000 generated cases (bench/cases.py);
benchmark: the dynamic benchmark's whole recompute and one city's page (bench/benchmark.py);
matching: twin-town recovery, all pairs of 20,000 cities, one query (bench/matching.py);
tour: the City Climate Tour's exact and heuristic routes against their baselines (bench/tour.py);
load: the server under an open-loop mix of search, city page, benchmark page and partners at
  200 requests/s with 1 and 2 processes, on SQLite and PostgreSQL (bench/load_mix.py);
uploads: the upload attacks of issue 12 (zip bomb, bad rows, unknown columns), bench/uploads.py;
procurement: tender evaluation of 10,000 bids over 20 years and 200 CO2 prices against a plain
  per-bid loop (bench/procurement.py);
credits: a million credit-ledger transactions and verify-ledger over them (bench/credits.py);
all (the default, `make bench`): all eleven.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from bench import (
    benchmark,
    cases,
    credits,
    inventory,
    inventory_page,
    load_mix,
    matching,
    procurement,
    tour,
    uploads,
)
from bench.load import run_load
from bench.server import CITYPACT, start_server

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "var" / "bench"


def _env(db: Path) -> dict[str, str]:
    return {**os.environ, "CITYPACT_DATABASE_URL": f"sqlite:///{db}", "CITYPACT_VAR_DIR": str(WORK)}


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def data_load(env: dict[str, str], db: Path) -> None:
    print("== data load (fresh SQLite database each time)")
    for source in ("shared", "bundled"):
        if (
            source == "shared"
            and not Path(os.environ.get("CITYPACT_SHARED_DATA", ROOT / "../shared/data")).is_dir()
        ):
            print("  ../shared/data absent: skipping the load from raw files")
            continue
        db.unlink(missing_ok=True)
        _timed([*CITYPACT, "db", "upgrade"], env)
        seconds = _timed([*CITYPACT, "data", "load", "--source", source], env)
        print(f"  citypact data load --source {source:<8} {seconds:6.1f} s (target < 60 s)")
    again = _timed([*CITYPACT, "data", "load", "--source", "bundled"], env)
    print(f"  second load of the same data (idempotent upserts) {again:6.1f} s")
    baseline = _timed([sys.executable, "-c", "import citypact.cli.main"], env)
    print(f"  baseline: interpreter start + CLI imports      {baseline:6.1f} s")


def cold_start(env: dict[str, str]) -> None:
    print("== cold start of `citypact serve` to the first 200 on /healthz")
    times = []
    for _ in range(3):
        process, _, seconds = start_server(env)
        process.terminate()
        process.wait()
        times.append(seconds)
    baseline = _timed([sys.executable, "-c", "pass"], env)
    print(
        f"  median {sorted(times)[1]:.2f} s of {', '.join(f'{t:.2f}' for t in times)}; "
        f"baseline: bare interpreter start {baseline:.2f} s"
    )


def latency(env: dict[str, str], db: Path, rate: float, seconds: float) -> None:
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT id, name, country FROM city WHERE population IS NOT NULL"
        ).fetchall()
    rng = random.Random(7)
    ids, names, countries = (list(column) for column in zip(*rows, strict=True))
    queries = []
    for _ in range(5000):
        i = rng.randrange(len(names))
        prefix = names[i][: rng.randint(3, 8)]
        queries.append(
            f"/api/v1/cities?q={quote(prefix)}" + (f"&country={countries[i]}" if rng.random() < 0.3 else "")
        )
    pages = [f"/cities/{rng.choice(ids)}" for _ in range(5000)]
    for workers in (1, 2):
        process, base, _ = start_server(env, workers)
        try:
            print(
                f"== latency at {rate:.0f} requests/s for {seconds:.0f} s, open loop, "
                f"{workers} worker process(es), {len(ids):,} cities"
            )
            results = [
                run_load(base, lambda i: "/healthz", rate, seconds, "baseline GET /healthz"),
                run_load(base, lambda i: queries[i % len(queries)], rate, seconds, "city search (API)"),
                run_load(base, lambda i: pages[i % len(pages)], rate, seconds, "city page (HTML)"),
                run_load(
                    base,
                    lambda i: pages[i % len(pages)].replace("/cities", "/api/v1/cities"),
                    rate,
                    seconds,
                    "city profile (API)",
                ),
            ]
            for result in results:
                print("  " + result.line())
            print(
                f"  server RSS after load: {_rss_mb(process.pid):.0f} MB (main process); "
                "targets: search p99 < 50 ms, page p99 < 100 ms"
            )
        finally:
            process.terminate()
            process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "section",
        nargs="?",
        choices=(
            "all",
            "registry",
            "inventory",
            "cases",
            "benchmark",
            "matching",
            "tour",
            "load",
            "uploads",
            "procurement",
            "credits",
        ),
        default="all",
    )
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    inventory.add_arguments(parser)
    inventory_page.add_arguments(parser)
    cases.add_arguments(parser)
    benchmark.add_arguments(parser)
    matching.add_arguments(parser)
    tour.add_arguments(parser)
    load_mix.add_arguments(parser)
    procurement.add_arguments(parser)
    credits.add_arguments(parser)
    args = parser.parse_args()
    if args.section in ("all", "registry"):
        shutil.rmtree(WORK, ignore_errors=True)
        WORK.mkdir(parents=True)
        db = WORK / "citypact.db"
        env = _env(db)
        data_load(env, db)
        cold_start(env)
        latency(env, db, args.rate, args.seconds)
    if args.section in ("all", "inventory"):
        inventory.run(args)
        inventory_page.run(args)
    if args.section in ("all", "cases"):
        cases.run(args)
    if args.section in ("all", "benchmark"):
        benchmark.run(args)
    if args.section in ("all", "matching"):
        matching.run(args)
    if args.section in ("all", "tour"):
        tour.run(args)
    if args.section in ("all", "load"):
        load_mix.run(args)
    if args.section in ("all", "uploads"):
        uploads.run(args)
    if args.section in ("all", "procurement"):
        procurement.run(args)
    if args.section in ("all", "credits"):
        credits.run(args)


if __name__ == "__main__":
    main()
