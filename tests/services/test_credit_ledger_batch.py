"""The batch path: the same checks and the same ledger rows as single calls, written together."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from citypact.services.credits import ledger
from citypact.services.credits.batch import LedgerBatch
from citypact.services.credits.verify import verify_ledger
from citypact.services.errors import Conflict, InvalidInput, NotAuthenticated, PermissionDenied
from citypact.storage.credits import CreditAccount, CreditBlock, CreditRetirement, CreditTransaction
from tests.conftest import World
from tests.credit_ledger_fixture import issued


def _account(world: World, city: str) -> int:
    with world.db.read() as session:
        found = session.scalar(select(CreditAccount.id).where(CreditAccount.city_id == world.city[city]))
    assert found is not None
    return found


def test_a_batch_splits_moves_retires_and_cancels_like_single_calls(world: World) -> None:
    s = issued(world)
    heidelberg = _account(world, "Heidelberg")
    with world.db.write() as session:
        batch = LedgerBatch(session, world.actor("kyoto_editor"))
        first, rest = batch.split(s.blocks["host"], 100)  # seq 2
        moved = batch.transfer(first, heidelberg, 40)  # seq 3 split, 4 transfer
        retired = batch.retire(
            rest, quantity=10, use="on_behalf", beneficiary="School", purpose="", claim_year=2025
        )
        cancelled = batch.cancel(retired + 1, quantity=None, reason="reversal")  # the other half of the split
        # Refused calls change nothing and the batch goes on.
        with pytest.raises(InvalidInput, match="quantity"):
            batch.transfer(moved + 1, heidelberg, 61)
        with pytest.raises(InvalidInput) as refused:
            batch.retire(
                moved + 1, quantity=1, use="own_target", beneficiary="Kyoto", purpose="", claim_year=2025
            )
        assert refused.value.message == "own_territory"
        with pytest.raises(Conflict, match="retired"):
            batch.cancel(retired, quantity=None, reason="again")
        with pytest.raises(PermissionDenied):
            batch.transfer(s.blocks["partner"], _account(world, "Kyoto"))
        with pytest.raises(Conflict, match="split"):
            batch.split(s.blocks["host"], 5)
        assert batch.flush() == 6  # seq 2..7
    with world.db.read() as session:
        rows = session.scalars(select(CreditTransaction).order_by(CreditTransaction.seq)).all()
        blocks = {b.id: b for b in session.scalars(select(CreditBlock))}
        [retirement] = session.scalars(select(CreditRetirement)).all()
        check = verify_ledger(session)
    assert check.ok, check
    assert [r.kind for r in rows] == ["issue", "split", "split", "transfer", "split", "retire", "cancel"]
    assert (blocks[moved].serial_start, blocks[moved].serial_end, blocks[moved].account_id) == (
        1,
        40,
        heidelberg,
    )
    assert blocks[moved].first_transferred_at is not None
    assert (blocks[retired].serial_start, blocks[retired].serial_end, blocks[retired].status) == (
        101,
        110,
        "retired",
    )
    assert (retirement.block_id, retirement.seq, retirement.beneficiary) == (retired, 6, "School")
    assert (blocks[cancelled].serial_start, blocks[cancelled].serial_end) == (111, 571)
    assert json.loads(rows[3].body)["first_transfer"] is True
    assert (check.active, check.retired, check.cancelled) == (1000 - 10 - 461, 10, 461)
    # Single calls go on from where the batch ended.
    with world.db.write() as session:
        ledger.transfer(session, world.actor("heidelberg_editor"), moved, _account(world, "Kyoto"))
    with world.db.read() as session:
        assert verify_ledger(session).ok


def test_a_batch_needs_someone_signed_in(world: World) -> None:
    issued(world)
    with pytest.raises(NotAuthenticated), world.db.write() as session:
        LedgerBatch(session, world.actor("public"))
