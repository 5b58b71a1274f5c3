"""Benchmark of the credit ledger (services/credits): a million transactions and verify-ledger.

python -m bench credits [--credits-transactions 1000000] [--credits-batch 20000] [--credits-sample 1000]

* Data: a fresh migrated SQLite database; 12 registered projects hosted by two Japanese cities
  with a German and an Indonesian partner city and an organisation each, buffer 5 %, half of them
  authorised for NDC use (so international transfers set "first transfer").
* Mix (seeded): issuances of verified monthly reports of 500,000 t (the single-call service,
  ledger.issue), then splits (35 %), transfers (40 %, half of a whole block, half of part of one,
  which is a split and a transfer) and retirements (25 %, likewise) through the batch path
  (services/credits/batch.LedgerBatch: the same checks and the same ledger rows as single calls,
  `--credits-batch` ledger rows per database transaction) until `--credits-transactions` ledger
  rows exist. Throughput counts ledger rows per second.
* Single calls: `--credits-sample` transfers, retirements and splits, each its own database
  transaction through ledger.py (the path of pages, API and CLI): latency percentiles.
* Check: verify_ledger over all rows (replay, every hash, every invariant), its time and the
  peak RSS of the process before and after it.
* Baselines: the same ledger and block rows inserted with sqlite3 executemany into bare tables
  (no checks, no hashing, no ORM), and one plain pass reading every row back.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sqlite3
import statistics
import time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.services.credits import accounts, ledger
from citypact.services.credits.batch import LedgerBatch
from citypact.services.credits.verify import verify_ledger
from citypact.storage.credits import CreditMonitoringReport, CreditProject, CreditProjectParty
from citypact.storage.db import Database
from citypact.storage.migrate import upgrade
from citypact.storage.models import City, Country, Organisation

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "var" / "bench"
SEED = 19
OPERATOR = Actor(user_id=None, is_admin=True)
PROJECTS = 12
ISSUE_T = 500_000.4


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _setup(db: Database) -> tuple[list[int], list[int]]:
    """Cities, organisations and registered projects; returns project ids and holding account ids."""
    with db.write() as session:
        for iso2, iso3, name in (
            ("JP", "JPN", "Japan"),
            ("DE", "DEU", "Germany"),
            ("ID", "IDN", "Indonesia"),
        ):
            session.add(Country(iso2=iso2, iso3=iso3, name=name))
        session.flush()
        cities = []
        for i, (name, country) in enumerate(
            (("Yokohama", "JP"), ("Kitakyushu", "JP"), ("Heidelberg", "DE"), ("Surabaya", "ID"))
        ):
            city = City(key=f"bench-{i}", name=name, name_ascii=name, country=country, lat=0.0, lon=0.0)
            session.add(city)
            cities.append(city)
        session.flush()
        orgs = [
            Organisation(name=f"Bench utility {i}", kind="utility", city_id=cities[i].id) for i in range(2)
        ]
        session.add_all(orgs)
        session.flush()
        projects = []
        for p in range(PROJECTS):
            host = cities[p % 2]
            project = CreditProject(
                title=f"Bench project {p}", host_city_id=host.id, host_country=host.country,
                methodology="reported", crediting_start=dt.date(2020, 1, 1),
                crediting_end=dt.date(2060, 12, 31),
                buffer_bp=500, authorisation="ndc" if p % 2 else "none", status="registered",
            )  # fmt: skip
            session.add(project)
            session.flush()
            parties = ((host.id, None, "host", 5000), (cities[2 + p % 2].id, None, "partner", 3500),
                       (None, orgs[p % 2].id, "participant", 1500))  # fmt: skip
            for city_id, org_id, role, share in parties:
                session.add(
                    CreditProjectParty(project_id=project.id, city_id=city_id, organisation_id=org_id,
                                       role=role, share_bp=share)
                )  # fmt: skip
            projects.append(project.id)
        holding = [accounts.holding_account(session, city_id=c.id).id for c in cities]
        holding += [accounts.holding_account(session, organisation_id=o.id).id for o in orgs]
    return projects, holding


def _report(session: Session, project_id: int, month: int) -> int:
    start = dt.date(2020 + month // 12, month % 12 + 1, 1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    report = CreditMonitoringReport(
        project_id=project_id, period_start=start, period_end=end, reductions_t=ISSUE_T,
        status="verified", verified_t=ISSUE_T,
    )  # fmt: skip
    session.add(report)
    session.flush()
    return report.id


class _Model:
    """The bench's own view of the active blocks (id -> size, account), to pick valid calls."""

    def __init__(self) -> None:
        self.blocks: dict[int, tuple[int, int]] = {}
        self.ids: list[int] = []

    def add(self, block_id: int, size: int, account: int) -> None:
        self.blocks[block_id] = (size, account)
        self.ids.append(block_id)

    def pick(self, rng: random.Random) -> int:
        while True:
            i = rng.randrange(len(self.ids))
            block_id = self.ids[i]
            if block_id in self.blocks:
                return block_id
            self.ids[i] = self.ids[-1]  # drop a closed block from the pool
            self.ids.pop()


def _mix(
    db: Database, projects: list[int], holding: list[int], target: int, batch_rows: int
) -> tuple[float, float, int, _Model]:
    rng = random.Random(SEED)
    model = _Model()
    rows = issue_s = 0.0
    issues = 0
    started = time.perf_counter()
    buffer_accounts: set[int] = set()
    while rows < target:
        with db.write() as session:
            project = projects[issues % len(projects)]
            report = _report(session, project, issues // len(projects))
            t0 = time.perf_counter()
            made = ledger.issue(session, OPERATOR, report)
            issue_s += time.perf_counter() - t0
            issues += 1
            rows += 1
            for block in made:
                if block.account_id in holding:
                    model.add(block.id, block.serial_end - block.serial_start + 1, block.account_id)
                else:
                    buffer_accounts.add(block.account_id)
            batch = LedgerBatch(session, OPERATOR)
            while batch.seq - batch.first_seq < batch_rows and rows + batch.seq - batch.first_seq < target:
                if not model.blocks:
                    break  # everything retired: issue again
                block_id = model.pick(rng)
                size, account = model.blocks[block_id]
                roll = rng.random()
                # Large blocks are drawn on in parts (a few thousand credits), small ones often whole.
                whole = size < 2 or (size <= 5_000 and rng.random() < 0.5)
                part = None if whole else rng.randint(1, min(size - 1, 5_000))
                if roll < 0.35:
                    if size < 2:
                        continue
                    first = rng.randint(1, size - 1)
                    a, b = batch.split(block_id, first)
                    del model.blocks[block_id]
                    model.add(a, first, account)
                    model.add(b, size - first, account)
                elif roll < 0.75:
                    to = rng.choice([h for h in holding if h != account])
                    moved = batch.transfer(block_id, to, part)
                    del model.blocks[block_id]
                    model.add(moved, part or size, to)
                    if part:
                        model.add(moved + 1, size - part, account)
                else:
                    retired = batch.retire(
                        block_id, quantity=part, use="on_behalf", beneficiary="Bench school",
                        purpose="awareness", claim_year=2025,
                    )  # fmt: skip
                    del model.blocks[block_id]
                    if part:
                        model.add(retired + 1, size - part, account)
            rows += batch.flush()
    return time.perf_counter() - started, issue_s, issues, model


def _single_calls(db: Database, holding: list[int], model: _Model, count: int) -> dict[str, list[float]]:
    rng = random.Random(SEED + 1)
    times: dict[str, list[float]] = {"transfer": [], "retire": [], "split": []}
    for i in range(count):
        block_id = model.pick(rng)
        size, account = model.blocks[block_id]
        kind = ("transfer", "retire", "split")[i % 3]
        if kind == "split" and size < 2:
            continue
        t0 = time.perf_counter()
        with db.write() as session:
            if kind == "transfer":
                to = rng.choice([h for h in holding if h != account])
                ledger.transfer(session, OPERATOR, block_id, to)
                model.blocks[block_id] = (size, to)
            elif kind == "retire":
                ledger.retire(
                    session, OPERATOR, block_id, quantity=None, use="on_behalf", beneficiary="Bench",
                    purpose="", claim_year=2025, city_id=None, organisation_id=None,
                )  # fmt: skip
                del model.blocks[block_id]
            else:
                a, b = ledger.split(session, OPERATOR, block_id, 1)
                del model.blocks[block_id]
                model.add(a.id, 1, account)
                model.add(b.id, size - 1, account)
        times[kind].append((time.perf_counter() - t0) * 1000)
    return times


def _percentiles(values: list[float]) -> str:
    if len(values) < 2:
        return "n/a"
    q = statistics.quantiles(values, n=100)
    return f"p50 {q[49]:.1f} ms, p95 {q[94]:.1f} ms, p99 {q[98]:.1f} ms ({len(values)} calls)"


def _baseline(db_path: Path) -> tuple[float, float, int]:
    """Insert the same ledger and block rows with sqlite3 executemany into bare tables; read back."""
    with sqlite3.connect(db_path) as source:
        tx = source.execute(
            "SELECT seq, kind, project_id, actor_id, recorded_at, body, prev_hash, hash"
            " FROM credit_transaction"
        ).fetchall()
        blocks = source.execute(
            "SELECT id, project_id, vintage, serial_start, serial_end, account_id, status, parent_id"
            " FROM credit_block"
        ).fetchall()
    plain = db_path.with_name("credits_baseline.db")
    plain.unlink(missing_ok=True)
    connection = sqlite3.connect(plain)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute(
        "CREATE TABLE tx (seq, kind, project_id, actor_id, recorded_at, body, prev_hash, hash)"
    )
    connection.execute(
        "CREATE TABLE block"
        " (id, project_id, vintage, serial_start, serial_end, account_id, status, parent_id)"
    )
    t0 = time.perf_counter()
    with connection:
        connection.executemany("INSERT INTO tx VALUES (?, ?, ?, ?, ?, ?, ?, ?)", tx)
        connection.executemany("INSERT INTO block VALUES (?, ?, ?, ?, ?, ?, ?, ?)", blocks)
    insert_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    total = sum(len(row[0]) for row in connection.execute("SELECT body FROM tx"))
    total += sum(1 for _ in connection.execute("SELECT * FROM block"))
    read_s = time.perf_counter() - t0
    connection.close()
    plain.unlink(missing_ok=True)
    return insert_s, read_s, len(tx)


def run(args: argparse.Namespace) -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / "credits.db"
    for stale in (path, path.with_name("credits.db-wal"), path.with_name("credits.db-shm")):
        stale.unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    upgrade(url)
    db = Database(url)
    target = args.credits_transactions
    print(
        f"== credit ledger: {target:,} ledger transactions on SQLite"
        " (quick: python -m bench credits --credits-transactions 50000)"
    )
    try:
        projects, holding = _setup(db)
        seconds, issue_s, issues, model = _mix(db, projects, holding, target, args.credits_batch)
        with db.read() as session:
            rows = ledger.ledger_head(session)[0] - 1
        print(
            f"  mix (issue {issues:,} via single calls, then split/transfer/retire via the batch path, "
            f"{args.credits_batch:,} rows per DB transaction): {rows:,} transactions in {seconds:.1f} s = "
            f"{rows / seconds:,.0f} transactions/s (of which issuance {issue_s:.1f} s)"
        )
        times = _single_calls(db, holding, model, args.credits_sample)
        for kind, values in times.items():
            print(f"  single call (ledger.py, one DB transaction each), {kind:<8}: {_percentiles(values)}")
        rss_before = _rss_mb()
        t0 = time.perf_counter()
        with db.read() as session:
            check = verify_ledger(session)
            blocks = session.scalar(
                select(ledger.CreditBlock.id).order_by(ledger.CreditBlock.id.desc()).limit(1)
            )
        verify_s = time.perf_counter() - t0
        state = "ok" if check.ok else f"BROKEN at {check.broken_seq}: {check.problem}"
        print(
            f"  verify-ledger over {check.transactions:,} transactions and {blocks or 0:,} blocks: {state}"
            f" in {verify_s:.1f} s = {check.transactions / verify_s:,.0f} transactions/s;"
            f" issued {check.issued:,}, "
            f"active {check.active:,}, retired {check.retired:,}, cancelled {check.cancelled:,}"
        )
        print(
            f"  peak RSS of the process: {rss_before:,.0f} MB before verify-ledger, {_rss_mb():,.0f} MB after"
        )
    finally:
        db.dispose()
    insert_s, read_s, count = _baseline(path)
    print(
        f"  baseline: the same {count:,} ledger rows and the blocks inserted by sqlite3 executemany"
        " into bare "
        f"tables (no checks, hashing or ORM) {insert_s:.1f} s = {count / insert_s:,.0f} rows/s; "
        f"read back in one plain pass {read_s:.1f} s"
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--credits-transactions", type=int, default=1_000_000, help="ledger rows (quick: 50000)"
    )
    parser.add_argument("--credits-batch", type=int, default=20_000, help="ledger rows per batch transaction")
    parser.add_argument("--credits-sample", type=int, default=1_000, help="single service calls timed")
