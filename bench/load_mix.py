"""Load: the server under an open-loop mix of its busiest reads (issue 12, item 2).

python -m bench load [--load-rate 200] [--load-seconds 30] [--load-workers 1,2]

`citypact serve` runs as real processes on a temporary database loaded like `make run` does
(`citypact db upgrade`, `citypact data load --source bundled`, `citypact demo seed`): SQLite, and
PostgreSQL too when CITYPACT_BENCH_DATABASE_URL names a server (a database is created on it for
the run and dropped after). With 1 and 2 server processes, requests leave at a fixed rate for a
fixed time whatever the server does (bench/load.py: latency counts from the scheduled time) over
a mix of the city search (API), the city page, the benchmark page and partner suggestions (API),
a quarter each; /healthz is probed every 0.1 s alongside. Before each run every kind of request is
sent a few times so that each process has built its caches. Printed: errors (503s, no answer
within 30 s, other), p50/p99/max of the answered requests per kind, and /healthz p50/p99.
Target: 0 errors at 200 requests/s with 2 processes.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.load import run_mix
from bench.server import CITYPACT, start_server
from citypact.storage.db import Database

TARGET_RATE = 200.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--load-rate", type=float, default=TARGET_RATE, help="requests per second")
    parser.add_argument("--load-seconds", type=float, default=30.0, help="length of each run (issue: 60)")
    parser.add_argument("--load-workers", default="1,2", help="server processes, one run per number")


def _prepare(env: dict[str, str]) -> float:
    started = time.perf_counter()
    for command in (
        ["db", "upgrade"],
        ["data", "load", "--source", "bundled"],
        ["demo", "seed"],
    ):
        subprocess.run([*CITYPACT, *command], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def _requests(url: str, count: int = 4000) -> list[tuple[str, str]]:
    """The mix, in a seeded random order: search, city page, benchmark page, partners."""
    from bench.benchmark import _benchmarked_ids

    db = Database(url)
    try:
        with db.read() as session:
            cities = session.execute(
                text("SELECT id, name FROM city WHERE population IS NOT NULL AND is_published")
            ).all()
            benchmarked = _benchmarked_ids(session)
    finally:
        db.dispose()
    rng = random.Random(12)
    mix = []
    for i in range(count):
        city_id, name = rng.choice(cities)
        kind = ("search", "city page", "benchmark page", "partners")[i % 4]
        if kind == "search":
            path = f"/api/v1/cities?q={quote(name[: rng.randint(3, 8)])}"
        elif kind == "city page":
            path = f"/cities/{city_id}"
        elif kind == "benchmark page":
            path = f"/cities/{rng.choice(benchmarked)}/benchmark"
        else:
            path = f"/api/v1/cities/{city_id}/partners?goal=peer"
        mix.append((kind, path))
    return mix


def _cpu_s(pid: int) -> float:
    """CPU seconds so far of the server process and its children, the worker processes (Linux)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after the command name
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):  # fields[1]: the parent's id
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _warm(base: str, mix: list[tuple[str, str]], workers: int) -> None:
    """Each kind a few times on fresh connections, so that every process builds its caches."""
    for kind in dict.fromkeys(k for k, _ in mix):
        paths = [p for k, p in mix if k == kind][: 8 * workers]
        for path in paths:
            httpx.get(base + path, timeout=120, headers={"Connection": "close"})


def _run_on(label: str, env: dict[str, str], url: str, args: argparse.Namespace) -> None:
    print(f"== load on {label}: preparing a database like `make run` does")
    print(f"  db upgrade + data load --source bundled + demo seed: {_prepare(env):.0f} s")
    mix = _requests(url)
    for workers in (int(w) for w in str(args.load_workers).split(",")):
        process, base, _ = start_server(env, workers)
        try:
            _warm(base, mix, workers)
            print(
                f"== load on {label}: {args.load_rate:.0f} requests/s for {args.load_seconds:.0f} s, "
                f"open loop, {workers} server process(es), mix of {len(mix):,} requests "
                "(search, city page, benchmark page, partners)"
            )
            cpu = _cpu_s(process.pid)
            result = run_mix(base, mix, args.load_rate, args.load_seconds)
            cpu = _cpu_s(process.pid) - cpu
            for line in result.lines():
                print("  " + line)
            answered = int((result.statuses != 0).sum())
            print(
                f"  server CPU {cpu:.1f} s over the run, {cpu / max(answered, 1) * 1000:.1f} ms an answer "
                f"(503s included); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
            )
            verdict = "met" if result.errors == 0 else "missed"
            if workers == 2 and args.load_rate >= TARGET_RATE:
                print(f"  target 0 errors at {TARGET_RATE:.0f} requests/s with 2 processes: {verdict}")
        finally:
            process.terminate()
            process.wait()


def _admin(url: str) -> str:
    return (
        make_url(url)
        .set(database="postgres", drivername="postgresql+psycopg")
        .render_as_string(hide_password=False)
    )


def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="citypact-load-") as tmp:
        var = Path(tmp)
        url = f"sqlite:///{var / 'citypact.db'}"
        env = {**os.environ, "CITYPACT_DATABASE_URL": url, "CITYPACT_VAR_DIR": str(var)}
        _run_on("SQLite", env, url, args)

        server = os.environ.get("CITYPACT_BENCH_DATABASE_URL", "")
        if not server:
            print("== load on PostgreSQL skipped: CITYPACT_BENCH_DATABASE_URL is not set")
            return
        name = f"citypact_load_{uuid.uuid4().hex[:8]}"
        admin = create_engine(_admin(server), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        pg_url = make_url(server).set(database=name).render_as_string(hide_password=False)
        try:
            _run_on("PostgreSQL", {**env, "CITYPACT_DATABASE_URL": pg_url}, pg_url, args)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
