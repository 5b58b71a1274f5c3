"""The ledger's invariants, checked by replaying it: the first violation, or None.

`LedgerReplay` takes the ledger rows in seq order, one at a time, and checks that seq has no gap,
each row links to the previous hash and hashes to its own, and what the body says is possible:
an issuance continues the project's serials, a split's two children exactly cover the parent,
only an active block is split, moved, retired or cancelled (so nothing is retired twice and a
final block never changes). It then compares the blocks table row by row with the replayed state
and checks, over the blocks not split, that no two of a project share a serial and that they add
up to what was issued. The state is a few integer arrays indexed by block id, so a million rows
stay within memory (about 60 bytes per block).

Bodies (canonical JSON, written by services/credits/ledger.py) all carry kind, seq, project,
actor and at; then
  issue:    report, blocks [{id, account, vintage, start, end}], authorisation, adjustment
  split:    block {id, account, vintage, start, end}, into [{id, start, end}, {id, start, end}]
  transfer: block, start, end, from, to, first_transfer
  retire:   block, start, end, from, to, retirement {...}
  cancel:   block, start, end, from, to, reason
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from citypact.domain.credit_ledger import GENESIS_HASH, chain_hash

# Block status codes in the replay (0: not issued).
_ACTIVE, _SPLIT, _RETIRED, _CANCELLED = 1, 2, 3, 4
STATUS_CODES: Final = {"active": _ACTIVE, "split": _SPLIT, "retired": _RETIRED, "cancelled": _CANCELLED}
_STATUS_NAMES: Final = {code: name for name, code in STATUS_CODES.items()}
_MOVES: Final = {"transfer": _ACTIVE, "retire": _RETIRED, "cancel": _CANCELLED}


@dataclass(frozen=True)
class Violation:
    """The first thing that does not hold: at which ledger seq (None: not tied to one), a code
    (gap, chain, hash, body, unknown_block, retired_twice, final_changed, split_block_used,
    stale_state, split_cover, serial_order, block_reused, not_in_ledger, table_differs,
    block_missing, overlap, total, retirement_differs) and a sentence for people."""

    seq: int | None
    code: str
    detail: str


@dataclass(frozen=True)
class TxRow:
    seq: int
    prev_hash: str
    hash: str
    body: str


@dataclass(frozen=True)
class BlockRow:
    id: int
    project_id: int
    vintage: int
    serial_start: int
    serial_end: int
    account_id: int
    status: str
    parent_id: int | None


class _Broken(Exception):
    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


class LedgerReplay:
    """Replays ledger rows in seq order (apply), then checks the tables against the result."""

    def __init__(self) -> None:
        self.next_seq = 1
        self.prev_hash = GENESIS_HASH
        self.issued = 0
        self._next_serial: dict[int, int] = {}
        columns = ("project", "vintage", "start", "end", "account", "parent", "seq")
        self._col: dict[str, array[int]] = {name: array("q") for name in columns}
        self._status = bytearray()
        self._seen = bytearray()

    # -- the chain -------------------------------------------------------------------------------
    def apply(self, tx: TxRow) -> Violation | None:
        if tx.seq != self.next_seq:
            missing = self.next_seq if tx.seq > self.next_seq else tx.seq
            return Violation(missing, "gap", f"ledger row {missing} is missing (next row found: {tx.seq})")
        if tx.prev_hash != self.prev_hash:
            return Violation(tx.seq, "chain", "prev_hash is not the hash of the row before")
        if chain_hash(tx.prev_hash, tx.body) != tx.hash:
            return Violation(tx.seq, "hash", "the body does not hash to the stored hash (changed later)")
        try:
            body = json.loads(tx.body)
            if not isinstance(body, dict) or body.get("seq") != tx.seq:
                raise _Broken("body", "the body does not name its own seq")
            self._apply_body(tx.seq, body)
        except _Broken as broken:
            return Violation(tx.seq, broken.code, broken.detail)
        except (ValueError, KeyError, TypeError, IndexError) as error:
            return Violation(tx.seq, "body", f"unreadable body ({type(error).__name__}: {error})")
        self.next_seq += 1
        self.prev_hash = tx.hash
        return None

    def _apply_body(self, seq: int, body: dict[str, Any]) -> None:
        kind = body["kind"]
        project = int(body["project"])
        if kind == "issue":
            for block in body["blocks"]:
                expected = self._next_serial.get(project, 1)
                if block["start"] != expected or block["end"] < block["start"]:
                    raise _Broken(
                        "serial_order", f"block {block['id']} does not continue at serial {expected}"
                    )
                self._new(seq, block["id"], project, block["vintage"], block["start"], block["end"])
                self._put(block["id"], account=block["account"], parent=0)
                self._next_serial[project] = block["end"] + 1
                self.issued += block["end"] - block["start"] + 1
        elif kind == "split":
            parent = body["block"]
            pid = parent["id"]
            self._must_be_active(pid, kind)
            self._must_match(pid, project, parent["start"], parent["end"], parent["account"])
            (a, b) = body["into"]
            if not (
                a["start"] == parent["start"] and b["end"] == parent["end"] and a["end"] + 1 == b["start"]
            ):
                raise _Broken("split_cover", f"the children of block {pid} do not exactly cover it")
            if a["end"] < a["start"] or b["end"] < b["start"]:
                raise _Broken("split_cover", f"a child of block {pid} is empty")
            vintage = self._col["vintage"][pid]
            for child in (a, b):
                self._new(seq, child["id"], project, vintage, child["start"], child["end"])
                self._put(child["id"], account=parent["account"], parent=pid)
            self._close(seq, pid, _SPLIT)
        elif kind in _MOVES:
            bid = body["block"]
            self._must_be_active(bid, kind)
            self._must_match(bid, project, body["start"], body["end"], body["from"])
            self._put(bid, account=body["to"])
            self._close(seq, bid, _MOVES[kind])
        else:
            raise _Broken("body", f"unknown kind {kind!r}")

    def _new(self, seq: int, bid: int, project: int, vintage: int, start: int, end: int) -> None:
        if bid < 1 or bid > 10 * (len(self._status) + 1_000_000):
            raise _Broken("body", f"block id {bid} out of range")
        if bid < len(self._status) and self._status[bid]:
            raise _Broken("block_reused", f"block {bid} is created a second time")
        grow = bid + 1 - len(self._status)
        if grow > 0:
            for column in self._col.values():
                column.extend([0] * grow)
            self._status.extend(bytes(grow))
            self._seen.extend(bytes(grow))
        self._status[bid] = _ACTIVE
        self._put(bid, project=project, vintage=vintage, start=start, end=end, seq=seq)

    def _put(self, bid: int, **values: int) -> None:
        for name, value in values.items():
            self._col[name][bid] = value

    def _close(self, seq: int, bid: int, status: int) -> None:
        self._status[bid] = status
        self._col["seq"][bid] = seq

    def _must_be_active(self, bid: int, kind: str) -> None:
        status = self._status[bid] if 0 < bid < len(self._status) else 0
        if status == _ACTIVE:
            return
        if status == 0:
            raise _Broken("unknown_block", f"block {bid} was never issued")
        if status == _SPLIT:
            raise _Broken("split_block_used", f"block {bid} was split before; its children hold it")
        if status == _RETIRED and kind == "retire":
            raise _Broken("retired_twice", f"block {bid} is retired a second time")
        raise _Broken("final_changed", f"block {bid} is {_STATUS_NAMES[status]}, which is final")

    def _must_match(self, bid: int, project: int, start: int, end: int, account: int) -> None:
        col = self._col
        held = (col["project"][bid], col["start"][bid], col["end"][bid], col["account"][bid])
        if held != (project, start, end, account):
            raise _Broken("stale_state", f"block {bid} is not what the row says (project, serials, account)")

    # -- the tables ------------------------------------------------------------------------------
    def last_seq(self, bid: int) -> int | None:
        return self._col["seq"][bid] if 0 < bid < len(self._status) and self._status[bid] else None

    def check_block(self, row: BlockRow) -> Violation | None:
        """One row of the blocks table against the replayed ledger."""
        bid = row.id
        if not (0 < bid < len(self._status)) or not self._status[bid]:
            return Violation(None, "not_in_ledger", f"block {bid} is in the table but no ledger row made it")
        self._seen[bid] = 1
        col = self._col
        replayed = (
            col["project"][bid],
            col["vintage"][bid],
            col["start"][bid],
            col["end"][bid],
            col["account"][bid],
            _STATUS_NAMES[self._status[bid]],
            col["parent"][bid] or None,
        )
        stored = (
            row.project_id,
            row.vintage,
            row.serial_start,
            row.serial_end,
            row.account_id,
            row.status,
            row.parent_id,
        )
        if replayed != stored:
            final = self._status[bid] in (_RETIRED, _CANCELLED)
            code = "final_changed" if final else "table_differs"
            return Violation(self.last_seq(bid), code, f"block {bid} in the table differs from the ledger")
        return None

    def check_retirement(self, block_id: int, seq: int) -> Violation | None:
        if self.last_seq(block_id) != seq or self._status[block_id] != _RETIRED:
            return Violation(
                seq, "retirement_differs", f"the retirement of block {block_id} has no matching row"
            )
        return None

    def finish(self) -> Violation | None:
        """After every table row went through check_block: blocks of the ledger missing from the table."""
        for bid, status in enumerate(self._status):
            if status and not self._seen[bid]:
                return Violation(
                    self.last_seq(bid), "block_missing", f"block {bid} is missing from the table"
                )
        return None

    def totals(self) -> dict[str, int]:
        """Credits per status (blocks not split) as replayed; they add up to `issued`."""
        result = {"active": 0, "retired": 0, "cancelled": 0}
        starts, ends = self._col["start"], self._col["end"]
        for bid, status in enumerate(self._status):
            if status and status != _SPLIT:
                result[_STATUS_NAMES[status]] += ends[bid] - starts[bid] + 1
        return result


class SerialOverlap:
    """Feeds blocks not split in (project, serial_start) order; finds two sharing a serial and
    adds up their credits."""

    def __init__(self) -> None:
        self._project = -1
        self._end = 0
        self.credits = 0

    def feed(self, row: BlockRow, replay: LedgerReplay) -> Violation | None:
        self.credits += row.serial_end - row.serial_start + 1
        if row.project_id == self._project and row.serial_start <= self._end:
            return Violation(
                replay.last_seq(row.id), "overlap", f"block {row.id} shares serials with another block"
            )
        self._project, self._end = row.project_id, row.serial_end
        return None


def total_violation(replay: LedgerReplay, overlap: SerialOverlap) -> Violation | None:
    if overlap.credits != replay.issued:
        return Violation(
            None, "total", f"the accounts hold {overlap.credits} credits, the ledger issued {replay.issued}"
        )
    return None


def first_violation(
    transactions: Iterable[TxRow],
    blocks: Iterable[BlockRow],
    retirements: Iterable[tuple[int, int]] = (),
) -> Violation | None:
    """Every invariant over plain rows (transactions in seq order; retirements as (block, seq))."""
    replay = LedgerReplay()
    for tx in transactions:
        if (found := replay.apply(tx)) is not None:
            return found
    rows = list(blocks)
    for row in sorted(rows, key=lambda r: r.id):
        if (found := replay.check_block(row)) is not None:
            return found
    if (found := replay.finish()) is not None:
        return found
    overlap = SerialOverlap()
    for row in sorted((r for r in rows if r.status != "split"), key=lambda r: (r.project_id, r.serial_start)):
        if (found := overlap.feed(row, replay)) is not None:
            return found
    if (found := total_violation(replay, overlap)) is not None:
        return found
    for block_id, seq in retirements:
        if (found := replay.check_retirement(block_id, seq)) is not None:
            return found
    return None
