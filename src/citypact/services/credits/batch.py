"""Many ledger transactions in one database transaction, for bulk work (imports, the benchmark).

`LedgerBatch` offers split, transfer, retire and cancel with the same checks as ledger.py (who may
act on the source account, an active block, quantities 1..the block's size, a holding account to
move to, the retirement fields and the offset refusal) and writes the same blocks and the same
ledger rows (bodies, seq, hash chain). It keeps the blocks it touches in memory and writes them
with a few multi-row statements at `flush()`, instead of one ORM unit of work per call.

It holds the ledger for its whole run: on SQLite the write transaction (BEGIN IMMEDIATE) already
excludes every other writer, on PostgreSQL it takes the ledger's advisory lock (the one every
unit of ledger.py takes), so the seq, hashes and new block ids it hands out are its own. A refused
call raises before it changes anything, so the batch may go on; an error at flush leaves the
whole database transaction to roll back. The ledger rows are the audit of each transaction; the
audit trail gets one entry for the batch (its seq range and counts).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Final

from sqlalchemy import Table, bindparam, func, select, text, update
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.credit_ledger import canonical_body, chain_hash
from citypact.domain.credits import RETIREMENT_USES, offset_refusal
from citypact.services import audit
from citypact.services.credits import accounts, ledger
from citypact.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied, require
from citypact.storage.credits import (
    CreditAccount,
    CreditBlock,
    CreditProject,
    CreditRetirement,
    CreditTransaction,
)
from citypact.storage.models import utcnow

_COLUMNS: Final = (
    "id",
    "project_id",
    "monitoring_report_id",
    "vintage",
    "serial_start",
    "serial_end",
    "account_id",
    "status",
    "parent_id",
    "authorisation",
    "adjustment",
    "first_transferred_at",
    "created_seq",
    "closed_seq",
    "version",
)
_LOAD_CHUNK: Final = 500


@dataclasses.dataclass
class _Block:
    id: int
    project_id: int
    monitoring_report_id: int
    vintage: int
    serial_start: int
    serial_end: int
    account_id: int
    status: str
    parent_id: int | None
    authorisation: str
    adjustment: str
    first_transferred_at: dt.datetime | None
    created_seq: int
    closed_seq: int | None
    version: int
    stored: bool = True  # in the table before the batch (else inserted at flush)
    changed: bool = False

    @property
    def size(self) -> int:
        return self.serial_end - self.serial_start + 1


def _table(model: type[object]) -> Table:
    table = getattr(model, "__table__", None)
    assert isinstance(table, Table)
    return table


class LedgerBatch:
    """Ledger transactions of one actor, written together at flush()."""

    def __init__(self, session: Session, actor: Actor) -> None:
        require(actor.is_authenticated or actor.is_admin, False)
        self.session = session
        self.actor = actor
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ledger.LEDGER_LOCK})
        session.flush()
        self.seq, self.prev_hash = ledger.ledger_head(session)
        self.first_seq = self.seq
        self.next_id = (session.scalar(select(func.max(CreditBlock.id))) or 0) + 1
        self.retirement_account = accounts.registry_account(session, "retirement").id
        self.cancellation_account = accounts.registry_account(session, "cancellation").id
        self._blocks: dict[int, _Block] = {}
        self._accounts: dict[int, CreditAccount] = {}
        self._may_act: dict[int, bool] = {}
        self._projects: dict[int, tuple[int, str]] = {}  # host city, host country
        self._countries: dict[int, str | None] = {}
        self._rows: list[dict[str, object]] = []
        self._retirements: list[dict[str, object]] = []
        self.counts: dict[str, int] = {}

    # -- reading ---------------------------------------------------------------------------------
    def load(self, block_ids: Iterable[int]) -> None:
        """Read these blocks now, in a few queries (else each is read when first used)."""
        wanted = sorted({b for b in block_ids if b not in self._blocks})
        columns = [getattr(CreditBlock, c) for c in _COLUMNS]
        for i in range(0, len(wanted), _LOAD_CHUNK):
            chunk = wanted[i : i + _LOAD_CHUNK]
            for row in self.session.execute(select(*columns).where(CreditBlock.id.in_(chunk))):
                self._blocks[row.id] = _Block(*row)

    def _block(self, block_id: int) -> _Block:
        if block_id not in self._blocks:
            self.load([block_id])
        found = self._blocks.get(block_id)
        if found is None:
            raise NotFound("credit block", block_id)
        return found

    def _account(self, account_id: int) -> CreditAccount | None:
        if account_id not in self._accounts:
            found = self.session.get(CreditAccount, account_id)
            if found is None:
                return None
            self._accounts[account_id] = found
        return self._accounts[account_id]

    def _acting_on(self, block_id: int) -> _Block:
        block = self._block(block_id)
        if block.status in ("retired", "cancelled"):
            raise Conflict(f"Block {block.id} is {block.status}, which is final.")
        if block.account_id not in self._may_act:
            account = self._account(block.account_id)
            assert account is not None  # a foreign key
            self._may_act[block.account_id] = accounts.may_act_on(self.session, self.actor, account)
        if not self._may_act[block.account_id]:
            raise PermissionDenied(
                "Only the account holder's editors or confirmed people act on its credits."
            )
        if block.status != "active":
            raise Conflict(f"Block {block.id} is {block.status}; only an active block can change.")
        return block

    def _project(self, project_id: int) -> tuple[int, str]:
        if project_id not in self._projects:
            project = self.session.get(CreditProject, project_id)
            assert project is not None
            self._projects[project_id] = (project.host_city_id, project.host_country)
        return self._projects[project_id]

    def _country(self, account: CreditAccount) -> str | None:
        if account.id not in self._countries:
            self._countries[account.id] = ledger.owner_country(self.session, account)
        return self._countries[account.id]

    # -- writing ---------------------------------------------------------------------------------
    def _append(self, kind: str, project_id: int, fields: dict[str, object]) -> int:
        seq, now = self.seq, utcnow()
        body = canonical_body(
            {
                "kind": kind,
                "seq": seq,
                "project": project_id,
                "actor": self.actor.user_id,
                "at": now.isoformat(),
            }
            | fields
        )
        digest = chain_hash(self.prev_hash, body)
        self._rows.append(
            {"seq": seq, "kind": kind, "project_id": project_id, "actor_id": self.actor.user_id,
             "recorded_at": now, "body": body, "prev_hash": self.prev_hash, "hash": digest}
        )  # fmt: skip
        self.seq, self.prev_hash = seq + 1, digest
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return seq

    def _split(self, block: _Block, first_size: int) -> tuple[_Block, _Block]:
        if (
            isinstance(first_size, bool)
            or not isinstance(first_size, int)
            or not 1 <= first_size < block.size
        ):
            raise InvalidInput(
                "first_size", f"a whole number from 1 to {block.size - 1} to split a block of {block.size}"
            )
        seq = self.seq
        halves = []
        for start, end in (
            (block.serial_start, block.serial_start + first_size - 1),
            (block.serial_start + first_size, block.serial_end),
        ):
            child = dataclasses.replace(
                block, id=self.next_id, serial_start=start, serial_end=end, parent_id=block.id,
                created_seq=seq, closed_seq=None, version=1, stored=False, changed=False,
            )  # fmt: skip
            self.next_id += 1
            self._blocks[child.id] = child
            halves.append(child)
        parent = {"id": block.id, "account": block.account_id, "vintage": block.vintage,
                  "start": block.serial_start, "end": block.serial_end}  # fmt: skip
        into = [{"id": c.id, "start": c.serial_start, "end": c.serial_end} for c in halves]
        block.status, block.closed_seq, block.changed = "split", seq, True
        self._append("split", block.project_id, {"block": parent, "into": into})
        return halves[0], halves[1]

    def _part(self, block: _Block, quantity: int | None) -> _Block:
        if quantity is None:
            return block
        if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= block.size:
            raise InvalidInput(
                "quantity", f"a whole number of credits from 1 to {block.size} (the block's size)"
            )
        return block if quantity == block.size else self._split(block, quantity)[0]

    def _move(self, block: _Block, kind: str, to: int, extra: dict[str, object]) -> int:
        fields = {"block": block.id, "start": block.serial_start, "end": block.serial_end,
                  "from": block.account_id, "to": to} | extra  # fmt: skip
        seq = self.seq
        block.account_id, block.changed = to, True
        if kind != "transfer":
            block.status = "retired" if kind == "retire" else "cancelled"
            block.closed_seq = seq
        self._append(kind, block.project_id, fields)
        return seq

    # -- the transactions (as in ledger.py) ------------------------------------------------------
    def split(self, block_id: int, first_size: int) -> tuple[int, int]:
        a, b = self._split(self._acting_on(block_id), first_size)
        return a.id, b.id

    def transfer(self, block_id: int, to_account_id: int, quantity: int | None = None) -> int:
        block = self._acting_on(block_id)
        to = self._account(to_account_id) if isinstance(to_account_id, int) else None
        if to is None or to.kind != "holding":
            raise InvalidInput("to", f"no holding account with id {to_account_id!r}")
        if to.id == block.account_id:
            raise InvalidInput("to", "the block is already in this account")
        if quantity is not None and not (isinstance(quantity, int) and 1 <= quantity <= block.size):
            raise InvalidInput(
                "quantity", f"a whole number of credits from 1 to {block.size} (the block's size)"
            )
        moved = self._part(block, quantity)
        first = (
            moved.authorisation != "none"
            and moved.first_transferred_at is None
            and self._country(to) != self._project(moved.project_id)[1]
        )
        if first:
            moved.first_transferred_at = utcnow()
        self._move(moved, "transfer", to.id, {"first_transfer": first})
        return moved.id

    def retire(
        self,
        block_id: int,
        *,
        quantity: int | None,
        use: str,
        beneficiary: str,
        purpose: str,
        claim_year: int,
    ) -> int:
        """Retire for the holder of the block's account; returns the retired block's id."""
        block = self._acting_on(block_id)
        if use not in RETIREMENT_USES:
            raise InvalidInput("use", f"one of {', '.join(RETIREMENT_USES)}")
        named = ledger.clean_text(beneficiary, "beneficiary", 300, required=True)
        why = ledger.clean_text(purpose, "purpose", ledger.MAX_TEXT, required=False)
        if isinstance(claim_year, bool) or not isinstance(claim_year, int) or not 1990 <= claim_year <= 2100:
            raise InvalidInput("claim_year", "a year from 1990 to 2100")
        account = self._account(block.account_id)
        assert account is not None
        refusal = offset_refusal(use, account.city_id, self._project(block.project_id)[0])
        if refusal is not None:
            raise InvalidInput("use", refusal)
        if quantity is not None and not (isinstance(quantity, int) and 1 <= quantity <= block.size):
            raise InvalidInput(
                "quantity", f"a whole number of credits from 1 to {block.size} (the block's size)"
            )
        part = self._part(block, quantity)
        retirement = {"beneficiary": named, "purpose": why, "claim_year": claim_year, "use": use,
                      "city": account.city_id, "organisation": account.organisation_id}  # fmt: skip
        seq = self._move(part, "retire", self.retirement_account, {"retirement": retirement})
        self._retirements.append(
            {"block_id": part.id, "seq": seq, "city_id": account.city_id,
             "organisation_id": account.organisation_id, "use": use,
             "beneficiary": named, "purpose": why, "claim_year": claim_year,
             "retired_by": self.actor.user_id, "retired_at": self._rows[-1]["recorded_at"]}
        )  # fmt: skip
        return part.id

    def cancel(self, block_id: int, *, quantity: int | None, reason: str) -> int:
        block = self._acting_on(block_id)
        why = ledger.clean_text(reason, "reason", ledger.MAX_TEXT, required=True)
        if quantity is not None and not (isinstance(quantity, int) and 1 <= quantity <= block.size):
            raise InvalidInput(
                "quantity", f"a whole number of credits from 1 to {block.size} (the block's size)"
            )
        part = self._part(block, quantity)
        self._move(part, "cancel", self.cancellation_account, {"reason": why})
        return part.id

    def flush(self) -> int:
        """Write what the batch did; returns the number of ledger rows written."""
        if not self._rows:
            return 0
        session = self.session
        changed = [b for b in self._blocks.values() if b.stored and b.changed]
        if changed:
            table = _table(CreditBlock)
            statement = (
                update(table)
                .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
                .values(
                    account_id=bindparam("b_account"),
                    status=bindparam("b_status"),
                    closed_seq=bindparam("b_closed"),
                    first_transferred_at=bindparam("b_first"),
                    version=bindparam("b_version") + 1,
                )  # fmt: skip
            )
            params = [
                {"b_id": b.id, "b_version": b.version, "b_account": b.account_id, "b_status": b.status,
                 "b_closed": b.closed_seq, "b_first": b.first_transferred_at}
                for b in changed
            ]  # fmt: skip
            done = session.connection().execute(statement, params)
            if done.rowcount not in (-1, len(changed)):
                raise Conflict(
                    "A block of the batch was changed by someone else meanwhile; nothing was written."
                )
        new = [b for b in self._blocks.values() if not b.stored]
        # Core inserts (cursor.executemany), not the ORM's bulk path: a batch may hold 100,000 rows.
        connection = session.connection()
        if new:
            rows = [{c: getattr(b, c) for c in _COLUMNS} for b in sorted(new, key=lambda b: b.id)]
            connection.execute(_table(CreditBlock).insert(), rows)
        connection.execute(_table(CreditTransaction).insert(), self._rows)
        if self._retirements:
            connection.execute(_table(CreditRetirement).insert(), self._retirements)
        written = len(self._rows)
        audit.record(
            session,
            self.actor,
            "batch",
            "credit_transaction",
            f"{self.first_seq}-{self.seq - 1}",
            after=self.counts,
        )
        for block in self._blocks.values():
            if block.changed or not block.stored:
                block.version += 1 if block.stored else 0
                block.stored, block.changed = True, False
        self._rows, self._retirements = [], []
        self.first_seq = self.seq
        self.counts = {}
        session.expire_all()  # the ORM's copies of these blocks are stale now
        return written
