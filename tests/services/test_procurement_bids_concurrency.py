"""Concurrent submissions and openings (meant for PostgreSQL, CITYPACT_TEST_DATABASE_URL; SQLite
serialises its writers and passes too): no bid is lost or doubled, a replaced bid counts every
revision, and a procurement is opened exactly once however many evaluators press at the same time."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from citypact.services.errors import Conflict
from citypact.services.procurement import bids
from citypact.storage.db import Database
from citypact.storage.models import AuditEntry
from citypact.storage.procurement_bids import ProcurementBid, ProcurementBidOpening
from tests.conftest import World
from tests.procurement_bids_fixture import AFTER, BEFORE, DIESEL, SECRET, tender

THREADS = 6


def _run(database_url: str, work: object) -> tuple[int, list[BaseException]]:
    done: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def worker(n: int) -> None:
        db = Database(database_url)
        try:
            start.wait()
            with db.write() as session:
                work(session, n)  # type: ignore[operator]
            done.append(n)
        except BaseException as error:  # noqa: BLE001 - collected and asserted by the caller
            errors.append(error)
        finally:
            db.dispose()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(done), errors


def test_one_supplier_sending_at_once_leaves_one_bid_with_every_revision(
    database_url: str, world: World
) -> None:
    t = tender(world)
    actor = world.actor("busbau_seller")

    def send(session: object, n: int) -> None:
        bids.submit_bid(
            session,  # type: ignore[arg-type]
            actor,
            t.procurement_id,
            t.lot_id,
            t.busbau,
            {**DIESEL, "price": 9_000_000 + n},
            secret_key=SECRET,
            now=BEFORE,
        )

    landed, errors = _run(database_url, send)
    # A first submission racing another first one may be refused as a conflict (send again); no other error.
    assert all(isinstance(e, Conflict) for e in errors), errors
    assert landed >= 1 and landed + len(errors) == THREADS
    with world.db.read() as session:
        rows = session.scalars(select(ProcurementBid)).all()
        audits = session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "procurement_bid")
        )
    assert len(rows) == 1
    assert rows[0].revision == landed and audits == landed
    with world.db.write() as session:
        [opened] = bids.open_bids(
            session, world.actor("heidelberg_editor"), t.procurement_id, secret_key=SECRET, now=AFTER
        )
    assert opened.content_hash == rows[0].content_hash
    assert 900_000_000 <= opened.payload["price_minor"] < 900_000_000 + THREADS * 100


def test_evaluators_opening_at_once_open_once(database_url: str, world: World) -> None:
    t = tender(world)
    with world.db.write() as session:
        bids.submit_bid(
            session, world.actor("busbau_seller"), t.procurement_id, t.lot_id, t.busbau, DIESEL,
            secret_key=SECRET, now=BEFORE,
        )  # fmt: skip
    lead = world.actor("heidelberg_editor")

    def open_them(session: object, n: int) -> None:
        assert len(bids.open_bids(session, lead, t.procurement_id, secret_key=SECRET, now=AFTER)) == 1  # type: ignore[arg-type]

    landed, errors = _run(database_url, open_them)
    assert errors == [] and landed == THREADS
    with world.db.read() as session:
        assert session.scalar(select(func.count()).select_from(ProcurementBidOpening)) == 1
        assert (
            session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "open"))
            == THREADS
        )
