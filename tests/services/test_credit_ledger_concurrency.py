"""16 concurrent streams of transfers and retirements over the same blocks, each thread with its
own engine (meant for PostgreSQL, CITYPACT_TEST_DATABASE_URL; SQLite serialises its writers and
passes too): afterwards every invariant and the hash chain hold, and no credit is lost or doubled."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from citypact.services.credits import ledger
from citypact.services.credits.verify import verify_ledger
from citypact.services.errors import Conflict
from citypact.storage.credits import CreditAccount, CreditBlock, CreditRetirement, CreditTransaction
from citypact.storage.db import Database
from tests.conftest import World
from tests.credit_ledger_fixture import issued

THREADS = 16
ROUNDS = 4
ATTEMPTS = 100  # a stream that lost the race for a block reads again and tries again


def test_concurrent_transfers_and_retirements_keep_every_invariant(database_url: str, world: World) -> None:
    s = issued(world)
    kyoto = world.actor("kyoto_editor")
    with world.db.read() as session:
        kyoto_account, heidelberg_account = (
            session.scalar(select(CreditAccount.id).where(CreditAccount.city_id == world.city[city]))
            for city in ("Kyoto", "Heidelberg")
        )
    assert kyoto_account is not None and heidelberg_account is not None
    moved: list[int] = []
    retired: list[int] = []
    errors: list[BaseException] = []
    conflicts: list[int] = []
    start = threading.Barrier(THREADS)

    def _one(db: Database, n: int, round_: int) -> bool:
        """One transfer or retirement of the first active block of Kyoto's account; False when
        another stream changed that block first (a Conflict: nothing written, read again)."""
        try:
            with db.write() as session:
                # Everyone aims at the same block: the first active one of Kyoto's account.
                block = session.scalar(
                    select(CreditBlock.id)
                    .where(CreditBlock.account_id == kyoto_account, CreditBlock.status == "active")
                    .order_by(CreditBlock.serial_start)
                    .limit(1)
                )
                assert block is not None
                quantity = 1 + (n + round_) % 3
                if (n + round_) % 2:
                    ledger.transfer(session, kyoto, block, heidelberg_account, quantity)
                    moved.append(quantity)
                else:
                    ledger.retire(
                        session, kyoto, block, quantity=quantity, use="on_behalf",
                        beneficiary=f"stream {n}", purpose="", claim_year=2025,
                        city_id=None, organisation_id=None,
                    )  # fmt: skip
                    retired.append(quantity)
            return True
        except Conflict:
            conflicts.append(n)
            return False

    def stream(n: int) -> None:
        db = Database(database_url)
        try:
            start.wait()
            for round_ in range(ROUNDS):
                for _ in range(ATTEMPTS):
                    if _one(db, n, round_):
                        break
        except BaseException as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            db.dispose()

    threads = [threading.Thread(target=stream, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    # Every round landed, after reading again when another stream had changed the block first.
    assert len(moved) + len(retired) == THREADS * ROUNDS
    with world.db.read() as session:
        check = verify_ledger(session)
        assert check.ok, check
        assert (check.issued, check.active + check.retired + check.cancelled) == (1000, 1000)
        assert check.retired == sum(retired)
        held = session.scalar(
            select(func.sum(CreditBlock.serial_end - CreditBlock.serial_start + 1)).where(
                CreditBlock.account_id == heidelberg_account, CreditBlock.status == "active"
            )
        )
        assert held == 237 + sum(moved)
        assert session.scalar(select(func.count()).select_from(CreditRetirement)) == len(retired)
        rows = session.scalar(select(func.count()).select_from(CreditTransaction))
    # One issue row; each landed move is a split and a move, or a move alone when it takes the whole block.
    assert 1 + len(moved) + len(retired) <= rows <= 1 + 2 * (len(moved) + len(retired))
    assert s.blocks["host"] == 1
