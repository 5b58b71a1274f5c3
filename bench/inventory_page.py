"""Benchmark of a large inventory's page: 50,000 activity rows, the page as an officer pages through it.

python -m bench inventory (run after the engine figures) [--page-rows 50000] [--inventory-page-requests 40]

A fresh SQLite database with one city and one draft inventory of `--page-rows` rows (imported
through the service, not timed), then the whole application in-process (routing, session, service,
template) answers GET /inventories/{id}?page=N for pages spread over the list. Printed: the first
request (rows loaded and computed), then p50/p95 of the following ones, and the size of a page.
Target (issue 16): under 300 ms and 300 KB. Nothing is asserted: the figures are printed.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl
from fastapi.testclient import TestClient

from citypact.app import create_app
from citypact.config import Settings
from citypact.domain.access import Actor
from citypact.services.auth import accounts
from citypact.services.inventory import imports as inventory_imports
from citypact.services.inventory import inventories
from citypact.storage.db import Database
from citypact.storage.migrate import upgrade
from citypact.storage.models import City, Country

TARGET_MS = 300.0
TARGET_BYTES = 300_000
PASSWORD = "bench horse battery staple"
KINDS = (
    ("I.1.1", "Natural Gas", "MWh"),
    ("I.1.2", "electricity", "MWh"),
    ("I.2.1", "Gas/Diesel Oil", "L"),
    ("I.2.2", "electricity", "kWh"),
    ("II.1.1", "Motor Gasoline", "L"),
)


def _database(folder: Path, rows: int) -> tuple[str, int]:
    """A database with an administrator and one inventory of `rows` rows; (url, inventory id)."""
    url = f"sqlite:///{folder / 'page.db'}"
    upgrade(url)
    db = Database(url)
    operator = Actor(is_admin=True)
    index = pl.int_range(0, rows, eager=True)
    table = (
        pl.DataFrame(KINDS, schema=["gpc_ref", "fuel", "unit"], orient="row")
        .gather(index % len(KINDS))
        .with_columns(amount=(index + 1000).cast(pl.Float64), data_quality=pl.lit("M"))
    )
    path = folder / "rows.csv"
    table.write_csv(path)
    with db.write() as session:
        session.add(Country(iso2="DE", iso3="DEU", name="Germany"))
        session.flush()
        city = City(
            key="bench:1", name="Benchstadt", name_ascii="Benchstadt", country="DE", lat=49.4, lon=8.7
        )
        session.add(city)
        session.flush()
        accounts.create_user(session, operator, "admin@bench.example", "Admin", PASSWORD, is_admin=True)
        inventory_id = inventories.create_inventory(session, operator, city.id, year=2022).id
    with db.write() as session:
        inventory_imports.import_file(session, operator, inventory_id, path)
    db.dispose()
    return url, inventory_id


def _log_in(client: TestClient) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token is not None
    data = {"csrf_token": token.group(1), "email": "admin@bench.example", "password": PASSWORD}
    client.post("/login", data=data, follow_redirects=False)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--page-rows", type=int, default=50_000)
    parser.add_argument("--inventory-page-requests", type=int, default=40)


def run(args: argparse.Namespace) -> None:
    rows = args.page_rows
    print(f"== inventory page: {rows:,} activity rows, 100 a page, the whole app in-process")
    with tempfile.TemporaryDirectory() as folder:
        url, inventory_id = _database(Path(folder), rows)
        settings = Settings(database_url=url, secret_key="bench-secret-key-bench-secret-key")
        with TestClient(create_app(settings)) as client:
            _log_in(client)
            started = time.perf_counter()
            first = client.get(f"/inventories/{inventory_id}")
            first_ms = (time.perf_counter() - started) * 1000
            assert first.status_code == 200, first.status_code
            pages = -(-rows // 100)
            samples, sizes = [], []
            for n in np.linspace(1, pages, args.inventory_page_requests).astype(int):
                started = time.perf_counter()
                response = client.get(f"/inventories/{inventory_id}?page={n}")
                samples.append((time.perf_counter() - started) * 1000)
                sizes.append(len(response.content))
    p50, p95 = np.percentile(samples, [50, 95])
    met = "met" if p95 < TARGET_MS and max(sizes) < TARGET_BYTES else "MISSED"
    print(f"  first request (rows loaded and computed) {first_ms:7.1f} ms, {len(first.content):,} bytes")
    print(
        f"  next {len(samples)} pages: p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  max {max(samples):6.1f} ms; "
        f"size {min(sizes):,}-{max(sizes):,} bytes; "
        f"target < {TARGET_MS:.0f} ms and < {TARGET_BYTES:,} bytes: {met}"
    )
