"""verify-ledger: replay the whole chain in seq order, recompute every hash, and check every
invariant against the tables (domain/credit_ledger_check.py). Rows are streamed (yield_per), so a
million of them stay within memory; the replay keeps a few integers per block."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.credit_ledger_check import (
    BlockRow,
    LedgerReplay,
    SerialOverlap,
    TxRow,
    Violation,
    total_violation,
)
from citypact.storage.credits import CreditBlock, CreditRetirement, CreditTransaction

CHUNK: Final = 10_000


@dataclass(frozen=True)
class LedgerCheck:
    """The result: ok, how many ledger rows were checked, the credits issued and held per status
    (blocks not split), and the first broken seq with its problem code (None when ok)."""

    ok: bool
    transactions: int
    issued: int
    active: int
    retired: int
    cancelled: int
    broken_seq: int | None
    problem: str | None
    detail: str


_BLOCK_COLUMNS = (
    CreditBlock.id,
    CreditBlock.project_id,
    CreditBlock.vintage,
    CreditBlock.serial_start,
    CreditBlock.serial_end,
    CreditBlock.account_id,
    CreditBlock.status,
    CreditBlock.parent_id,
)


def _first_violation(session: Session, replay: LedgerReplay) -> Violation | None:
    chain = select(
        CreditTransaction.seq, CreditTransaction.prev_hash, CreditTransaction.hash, CreditTransaction.body
    )
    for seq, prev_hash, hash_, body in session.execute(
        chain.order_by(CreditTransaction.seq).execution_options(yield_per=CHUNK)
    ):
        if (found := replay.apply(TxRow(seq, prev_hash, hash_, body))) is not None:
            return found
    for row in session.execute(
        select(*_BLOCK_COLUMNS).order_by(CreditBlock.id).execution_options(yield_per=CHUNK)
    ):
        if (found := replay.check_block(BlockRow(*row))) is not None:
            return found
    if (found := replay.finish()) is not None:
        return found
    overlap = SerialOverlap()
    held = (
        select(*_BLOCK_COLUMNS)
        .where(CreditBlock.status != "split")
        .order_by(CreditBlock.project_id, CreditBlock.serial_start)
        .execution_options(yield_per=CHUNK)
    )
    for row in session.execute(held):
        if (found := overlap.feed(BlockRow(*row), replay)) is not None:
            return found
    if (found := total_violation(replay, overlap)) is not None:
        return found
    retirements = select(CreditRetirement.block_id, CreditRetirement.seq).order_by(CreditRetirement.seq)
    for block_id, seq in session.execute(retirements.execution_options(yield_per=CHUNK)):
        if (found := replay.check_retirement(block_id, seq)) is not None:
            return found
    return None


def verify_ledger(session: Session) -> LedgerCheck:
    """Every invariant and the hash chain; the first thing broken, if any."""
    replay = LedgerReplay()
    found = _first_violation(session, replay)
    totals = replay.totals()
    return LedgerCheck(
        ok=found is None,
        transactions=replay.next_seq - 1,
        issued=replay.issued,
        active=totals["active"],
        retired=totals["retired"],
        cancelled=totals["cancelled"],
        broken_seq=found.seq if found else None,
        problem=found.code if found else None,
        detail=found.detail if found else "",
    )
