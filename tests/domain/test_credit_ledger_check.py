"""The invariant checker over plain rows: random sequences of split, transfer, retire and cancel
(a small pure model of the service writing bodies as it does) keep every invariant; any single
changed byte of a body, a missing row, and each kind of broken table are found where they are."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from citypact.domain.credit_ledger import GENESIS_HASH, canonical_body, chain_hash, split_range
from citypact.domain.credit_ledger_check import BlockRow, TxRow, Violation, first_violation

RETIRED, CANCELLED = 90, 91  # the registry's retirement and cancellation accounts


class Model:
    """Blocks and ledger rows as the service writes them, without a database."""

    def __init__(self) -> None:
        self.blocks: dict[int, BlockRow] = {}
        self.rows: list[TxRow] = []
        self.retirements: list[tuple[int, int]] = []

    def _append(self, fields: dict[str, object]) -> int:
        seq = len(self.rows) + 1
        prev = self.rows[-1].hash if self.rows else GENESIS_HASH
        body = canonical_body({"seq": seq, "project": 1, "actor": 7, "at": "2025-01-01T00:00:00", **fields})
        self.rows.append(TxRow(seq, prev, chain_hash(prev, body), body))
        return seq

    def _new(self, start: int, end: int, account: int, parent: int | None) -> BlockRow:
        row = BlockRow(len(self.blocks) + 1, 1, 2025, start, end, account, "active", parent)
        self.blocks[row.id] = row
        return row

    def issue(self, sizes: list[int]) -> None:
        start = max((b.serial_end for b in self.blocks.values()), default=0) + 1
        made = []
        for account, size in enumerate(sizes, start=1):
            block = self._new(start, start + size - 1, account, None)
            made.append(
                {
                    "id": block.id,
                    "account": account,
                    "vintage": 2025,
                    "start": block.serial_start,
                    "end": block.serial_end,
                }
            )
            start = block.serial_end + 1
        self._append(
            {
                "kind": "issue",
                "report": 1,
                "blocks": made,
                "authorisation": "none",
                "adjustment": "not_required",
            }
        )

    def active(self) -> list[BlockRow]:
        return [b for b in self.blocks.values() if b.status == "active"]

    def split(self, block: BlockRow, first: int) -> BlockRow:
        (a0, a1), (b0, b1) = split_range(block.serial_start, block.serial_end, first)
        a = self._new(a0, a1, block.account_id, block.id)
        b = self._new(b0, b1, block.account_id, block.id)
        parent = {
            "id": block.id,
            "account": block.account_id,
            "vintage": 2025,
            "start": block.serial_start,
            "end": block.serial_end,
        }
        into = [{"id": c.id, "start": c.serial_start, "end": c.serial_end} for c in (a, b)]
        self.blocks[block.id] = dataclasses.replace(block, status="split")
        self._append({"kind": "split", "block": parent, "into": into})
        return a

    def move(self, block: BlockRow, kind: str, to: int) -> None:
        status = {"transfer": "active", "retire": "retired", "cancel": "cancelled"}[kind]
        fields = {"kind": kind, "block": block.id, "start": block.serial_start, "end": block.serial_end}
        seq = self._append(fields | {"from": block.account_id, "to": to})
        self.blocks[block.id] = dataclasses.replace(block, account_id=to, status=status)
        if kind == "retire":
            self.retirements.append((block.id, seq))

    def violation(self) -> Violation | None:
        return first_violation(self.rows, self.blocks.values(), self.retirements)


_STEP = st.tuples(
    st.sampled_from(("split", "transfer", "retire", "cancel", "issue")),
    st.integers(0, 10**6),
    st.integers(1, 10**6),
)


def _run(steps: list[tuple[str, int, int]]) -> Model:
    model = Model()
    model.issue([571, 237, 142, 50])
    for kind, pick, amount in steps:
        active = model.active()
        if kind == "issue" or not active:
            model.issue([1 + amount % 40, 1 + pick % 40])
            continue
        block = active[pick % len(active)]
        size = block.serial_end - block.serial_start + 1
        if kind == "split":
            if size > 1:
                model.split(block, 1 + amount % (size - 1))
            continue
        quantity = 1 + amount % size
        part = model.split(block, quantity) if quantity < size else block
        to = {"transfer": 1 + amount % 4, "retire": RETIRED, "cancel": CANCELLED}[kind]
        model.move(part, kind, to)
    return model


@settings(max_examples=60)
@given(st.lists(_STEP, max_size=40))
def test_random_sequences_keep_every_invariant(steps: list[tuple[str, int, int]]) -> None:
    model = _run(steps)
    assert model.violation() is None
    held = sum(b.serial_end - b.serial_start + 1 for b in model.blocks.values() if b.status != "split")
    issued = sum(b.serial_end - b.serial_start + 1 for b in model.blocks.values() if b.parent_id is None)
    assert held == issued


@settings(max_examples=60)
@given(st.lists(_STEP, min_size=1, max_size=25), st.data())
def test_any_changed_byte_of_a_body_is_found_at_its_seq(
    steps: list[tuple[str, int, int]], data: st.DataObject
) -> None:
    model = _run(steps)
    i = data.draw(st.integers(0, len(model.rows) - 1))
    row = model.rows[i]
    raw = bytearray(row.body.encode())
    at = data.draw(st.integers(0, len(raw) - 1))
    raw[at] = (raw[at] + data.draw(st.integers(1, 255))) % 256
    model.rows[i] = dataclasses.replace(row, body=raw.decode("utf-8", errors="replace"))
    if model.rows[i].body == row.body:
        return  # a byte that decoding could not keep changed nothing: nothing to find
    found = model.violation()
    assert found is not None and (found.seq, found.code) == (row.seq, "hash")


def test_each_broken_table_is_named() -> None:
    model = _run([("split", 0, 100), ("retire", 0, 10), ("transfer", 1, 3)])
    assert model.violation() is None
    rows, blocks = model.rows, dict(model.blocks)

    def found(**changes: object) -> Violation | None:
        model.rows = changes.pop("rows", rows)  # type: ignore[assignment]
        model.blocks = changes.pop("blocks", blocks)  # type: ignore[assignment]
        return model.violation()

    # A missing row: a gap at its seq.
    gap = found(rows=[r for r in rows if r.seq != 3])
    assert gap is not None and (gap.seq, gap.code) == (3, "gap")
    # A retired block moved back into a holding account afterwards.
    retired = next(b for b in blocks.values() if b.status == "retired")
    moved = found(blocks=blocks | {retired.id: dataclasses.replace(retired, account_id=1, status="active")})
    assert moved is not None and moved.code == "final_changed"
    # A block widened over its neighbour.
    host = next(b for b in blocks.values() if b.status == "active" and b.serial_start == 1)
    wide = found(blocks=blocks | {host.id: dataclasses.replace(host, serial_end=host.serial_end + 5)})
    assert wide is not None and wide.code == "table_differs"
    # A block the ledger never made.
    extra = BlockRow(999, 1, 2025, 5000, 5001, 1, "active", None)
    stray = found(blocks=blocks | {999: extra})
    assert stray is not None and stray.code == "not_in_ledger"
    # A block of the ledger missing from the table.
    missing = found(blocks={k: v for k, v in blocks.items() if k != host.id})
    assert missing is not None and missing.code == "block_missing"


def test_bodies_that_break_the_rules_are_named() -> None:
    model = Model()
    model.issue([10, 5])
    first = model.blocks[1]
    model.move(first, "retire", RETIRED)
    model.move(model.blocks[1], "retire", RETIRED)  # retired again
    found = model.violation()
    assert found is not None and (found.seq, found.code) == (3, "retired_twice")

    model = Model()
    model.issue([10])
    model._append({"kind": "split", "block": {"id": 1, "account": 1, "vintage": 2025, "start": 1, "end": 10},
                   "into": [{"id": 2, "start": 1, "end": 4}, {"id": 3, "start": 6, "end": 10}]})  # fmt: skip
    found = model.violation()
    assert found is not None and (found.seq, found.code) == (2, "split_cover")

    model = Model()
    model.issue([10])
    model.rows.append(dataclasses.replace(model.rows[0], seq=2))  # the same row again: its link is wrong
    found = model.violation()
    assert found is not None and (found.seq, found.code) == (2, "chain")
