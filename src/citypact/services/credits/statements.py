"""A holder's account statement: the blocks it holds, what its owner retired, the ledger rows
that touched it and the totals; the accounts an actor may open; the statement as CSV.

Statement CSV, one row per block: the blocks the account holds (status "active"), then the blocks
its owner retired (status "retired", with the retirement's use, claim year and beneficiary).
Columns: STATEMENT_COLUMNS; dates ISO 8601 UTC; quantities in credits (1 credit = 1 t CO2e).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor, Role
from citypact.services.credits.access import readable_account
from citypact.services.credits.views import BlockView, RetirementView, csv_rows, load_blocks, load_retirements
from citypact.services.errors import NotAuthenticated
from citypact.storage.credits import CreditAccount, CreditBlock, CreditRetirement, CreditTransaction
from citypact.storage.models import City, Organisation

HISTORY_LIMIT: Final = 500  # the newest ledger rows shown; the CLI and verify-ledger read them all
STATEMENT_COLUMNS: Final = (
    "serial_label", "serial_start", "serial_end", "quantity", "project_id", "project", "host_city",
    "host_country", "vintage", "status", "authorisation", "adjustment", "first_transferred_at",
    "retirement_id", "use", "claim_year", "beneficiary", "retired_at",
)  # fmt: skip


@dataclass(frozen=True)
class AccountRef:
    id: int
    kind: str
    name: str
    city_id: int | None
    organisation_id: int | None


@dataclass(frozen=True)
class LedgerRow:
    seq: int
    kind: str  # domain.credits.TRANSACTION_KINDS
    project_id: int | None
    recorded_at: dt.datetime
    hash: str


@dataclass(frozen=True)
class Statement:
    account: AccountRef
    owner: str  # the city's or organisation's name
    held: list[BlockView]  # active blocks in the account
    retired: list[RetirementView]  # what the owner retired, from any account
    history: list[LedgerRow]  # newest first, at most HISTORY_LIMIT

    @property
    def held_total(self) -> int:
        return sum(b.quantity for b in self.held)

    @property
    def retired_total(self) -> int:
        return sum(r.block.quantity for r in self.retired)

    def held_by_vintage(self) -> dict[int, int]:
        totals: dict[int, int] = {}
        for b in self.held:
            totals[b.vintage] = totals.get(b.vintage, 0) + b.quantity
        return dict(sorted(totals.items()))


def _ref(account: CreditAccount) -> AccountRef:
    return AccountRef(account.id, account.kind, account.name, account.city_id, account.organisation_id)


ACCOUNT_KEYS: Final = ("account", "from", "to")  # where the ledger's bodies name accounts


def _mentions(value: object, account_id: int, key: str = "") -> bool:
    """Whether a ledger body names the account (an issued block's or a split block's "account", a
    move's "from" and "to")."""
    if isinstance(value, dict):
        return any(_mentions(v, account_id, str(k)) for k, v in value.items())
    if isinstance(value, list):
        return any(_mentions(v, account_id, key) for v in value)
    return (
        key in ACCOUNT_KEYS and isinstance(value, int) and not isinstance(value, bool) and value == account_id
    )


def account_history(session: Session, account_id: int, limit: int = HISTORY_LIMIT) -> list[LedgerRow]:
    """The ledger rows whose body names the account, newest first. The body is the ledger's own
    record, so the history holds even for blocks that moved on since."""
    needle = f"%{account_id}%"  # a cheap filter in the database; the JSON decides
    query = (
        select(CreditTransaction)
        .where(CreditTransaction.body.like(needle))
        .order_by(CreditTransaction.seq.desc())
        .execution_options(yield_per=1000)
    )
    found: list[LedgerRow] = []
    for tx in session.scalars(query):
        if _mentions(json.loads(tx.body), account_id):
            found.append(LedgerRow(tx.seq, tx.kind, tx.project_id, tx.recorded_at, tx.hash))
            if len(found) >= limit:
                break
    return found


def account_statement(session: Session, actor: Actor, account_id: int) -> Statement:
    """The statement of an account the actor may read (NotFound otherwise)."""
    account = readable_account(session, actor, account_id)
    owner: City | Organisation | None = None
    if account.city_id is not None:
        owner = session.get(City, account.city_id)
        retired_by = CreditRetirement.city_id == account.city_id
    elif account.organisation_id is not None:
        owner = session.get(Organisation, account.organisation_id)
        retired_by = CreditRetirement.organisation_id == account.organisation_id
    else:  # a registry account holds what it holds; retirements are the retirement account's blocks
        retired_by = CreditBlock.account_id == account.id
    return Statement(
        account=_ref(account),
        owner=owner.name if owner is not None else account.name,
        held=load_blocks(session, CreditBlock.account_id == account.id, CreditBlock.status == "active"),
        retired=load_retirements(session, retired_by),
        history=account_history(session, account.id),
    )


def my_accounts(session: Session, actor: Actor) -> list[AccountRef]:
    """The holding accounts of the actor's cities (editor or viewer) and organisations; registry
    officers and admins also see the registry's own accounts."""
    if not actor.is_authenticated:
        raise NotAuthenticated()
    cities = actor.cities(Role.CITY_EDITOR, Role.CITY_VIEWER)
    organisations = actor.organisations()
    query = select(CreditAccount).order_by(CreditAccount.kind, CreditAccount.name, CreditAccount.id)
    if not actor.runs_credit_registry():
        query = query.where(
            CreditAccount.city_id.in_(cities) | CreditAccount.organisation_id.in_(organisations)
        )
    return [_ref(a) for a in session.scalars(query)]


def statement_csv(statement: Statement) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STATEMENT_COLUMNS)
    rows: list[list[object]] = []
    for b in statement.held:
        rows.append(_block_cells(b) + [None] * 5)
    for r in statement.retired:
        rows.append(_block_cells(r.block) + [r.id, r.use, r.claim_year, r.beneficiary, r.retired_at])
    writer.writerows(csv_rows(rows))
    return out.getvalue()


def _block_cells(b: BlockView) -> list[object]:
    return [
        b.label, b.serial_start, b.serial_end, b.quantity, b.project_id, b.project, b.host_city,
        b.host_country, b.vintage, b.status, b.authorisation, b.adjustment, b.first_transferred_at,
    ]  # fmt: skip
