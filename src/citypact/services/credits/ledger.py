"""The credit ledger's transactions: issue, split, transfer, retire, cancel.

Each call is one unit of work inside the caller's database transaction (a savepoint): it
authorizes, checks, changes blocks and appends ledger rows (`credit_transaction`), or changes
nothing. The next seq and prev_hash come from the last row; two writers racing for the same seq
fail on its primary key or the unique prev_hash, and a block changed by another writer since it
was read fails on its version (optimistic). Either way the unit is rolled back and run again
from fresh reads, a few times, then refused with a Conflict. On PostgreSQL the units also take
one transaction-scoped advisory lock first: the ledger is a single chain, so its writers take
turns instead of retrying each other out.

A transfer, retirement or cancellation of part of a block writes two ledger rows in the same
unit: the split, then the move of the first half.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Final, TypeVar

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from citypact.domain.access import Actor
from citypact.domain.credit_ledger import BUFFER, GENESIS_HASH, allocate, canonical_body, chain_hash, vintages
from citypact.domain.credits import FINAL_BLOCK_STATUSES, RETIREMENT_USES, offset_refusal
from citypact.services import audit
from citypact.services.credits import accounts
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.storage.credits import (
    CreditAccount,
    CreditBlock,
    CreditMonitoringReport,
    CreditProject,
    CreditProjectParty,
    CreditRetirement,
    CreditTransaction,
)
from citypact.storage.models import City, Organisation, utcnow

ATTEMPTS: Final = 5
LEDGER_LOCK: Final = 0x43505843  # "CPXC": the advisory lock of the ledger's writers (PostgreSQL)
MAX_TEXT: Final = 2_000
T = TypeVar("T")


# -- the unit of work and the chain --------------------------------------------------------------
def unit_of_work(session: Session, work: Callable[[], T]) -> T:
    """Run `work` whole or not at all; again from fresh reads when another writer got there first."""
    for _ in range(ATTEMPTS):
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LEDGER_LOCK})
        try:
            with session.begin_nested():
                result = work()
                session.flush()
            return result
        except (IntegrityError, StaleDataError):
            session.expire_all()
    raise Conflict("Other ledger transactions kept landing first; nothing was changed, try again.")


def ledger_head(session: Session) -> tuple[int, str]:
    """The seq the next row takes and the hash it links to."""
    last = session.execute(
        select(CreditTransaction.seq, CreditTransaction.hash).order_by(CreditTransaction.seq.desc()).limit(1)
    ).first()
    return (1, GENESIS_HASH) if last is None else (last.seq + 1, last.hash)


def append(
    session: Session,
    actor: Actor,
    seq: int,
    prev_hash: str,
    kind: str,
    project_id: int,
    fields: Mapping[str, object],
) -> CreditTransaction:
    """Add ledger row `seq` with its canonical body and hash (the caller read `seq` and `prev_hash`
    from ledger_head and flushes)."""
    now = utcnow()
    body = canonical_body(
        {
            "kind": kind,
            "seq": seq,
            "project": project_id,
            "actor": actor.user_id,
            "at": now.isoformat(),
            **fields,
        }
    )
    row = CreditTransaction(
        seq=seq,
        kind=kind,
        project_id=project_id,
        actor_id=actor.user_id,
        recorded_at=now,
        body=body,
        prev_hash=prev_hash,
        hash=chain_hash(prev_hash, body),
    )
    session.add(row)
    return row


def _audit(session: Session, actor: Actor, row: CreditTransaction, city_id: int | None) -> None:
    audit.record(
        session, actor, row.kind, "credit_transaction", row.seq, city_id=city_id, after={"hash": row.hash}
    )


# -- checks ---------------------------------------------------------------------------------------
def _block(session: Session, block_id: int) -> CreditBlock:
    found = session.get(CreditBlock, block_id)
    if found is None:
        raise NotFound("credit block", block_id)
    return found


def _acting_on(session: Session, actor: Actor, block_id: int) -> CreditBlock:
    """The block, once the actor may act on its account and it is active."""
    require(actor.is_authenticated, False)
    block = _block(session, block_id)
    if block.status in FINAL_BLOCK_STATUSES:  # public facts (retirements are published), so said to all
        raise Conflict(f"Block {block.id} is {block.status}, which is final.")
    account = accounts.account_by_id(session, block.account_id)
    require(
        accounts.may_act_on(session, actor, account),
        actor.is_authenticated,
        "Only the account holder's editors or confirmed people act on its credits.",
    )
    if block.status != "active":
        raise Conflict(f"Block {block.id} is {block.status}; only an active block can change.")
    return block


def _quantity(value: int | None, block: CreditBlock, field: str = "quantity") -> int:
    size = block.serial_end - block.serial_start + 1
    if value is None:
        return size
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= size:
        raise InvalidInput(field, f"a whole number of credits from 1 to {size} (the block's size)")
    return value


def _text(value: str, field: str, limit: int, *, required: bool) -> str:
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise InvalidInput(field, "required")
    if len(cleaned) > limit:
        raise InvalidInput(field, f"at most {limit} characters")
    return cleaned


def _owner_city(session: Session, account: CreditAccount) -> int | None:
    if account.organisation_id is not None:
        organisation = session.get(Organisation, account.organisation_id)
        return organisation.city_id if organisation else None
    return account.city_id


def _owner_country(session: Session, account: CreditAccount) -> str | None:
    city_id = _owner_city(session, account)
    city = session.get(City, city_id) if city_id is not None else None
    return city.country if city else None


def _range(block: CreditBlock) -> dict[str, int]:
    return {"id": block.id, "start": block.serial_start, "end": block.serial_end}


# -- transactions ---------------------------------------------------------------------------------
def issue(session: Session, actor: Actor, report_id: int) -> list[CreditBlock]:
    """Issue a verified monitoring report's whole tonnes: per vintage, the buffer and each party's
    share (rounded down, the remainder to the host) in serial-numbered blocks."""
    require(actor.runs_credit_registry(), actor.is_authenticated, "Only the registry issues credits.")
    return unit_of_work(session, lambda: _issue(session, actor, report_id))


def _issue(session: Session, actor: Actor, report_id: int) -> list[CreditBlock]:
    report = session.get(CreditMonitoringReport, report_id)
    if report is None:
        raise NotFound("monitoring report", report_id)
    project = session.get(CreditProject, report.project_id)
    assert project is not None  # a foreign key
    if report.status != "verified" or report.verified_t is None:
        raise Conflict(f"Monitoring report {report.id} is {report.status}; only a verified report is issued.")
    if project.status != "registered":
        raise Conflict(
            f"Project {project.id} is {project.status}; credits are issued for registered projects."
        )
    quantity = math.floor(report.verified_t)
    if quantity < 1:
        raise Conflict(f"Monitoring report {report.id} verified less than one tonne: nothing to issue.")
    parties = session.scalars(
        select(CreditProjectParty)
        .where(CreditProjectParty.project_id == project.id)
        .order_by(CreditProjectParty.id)
    ).all()
    hosts = [p for p in parties if p.role == "host"]
    if len(hosts) != 1:
        raise Conflict(f"Project {project.id} needs exactly one host party to issue.")
    shares = {p.id: p.share_bp for p in parties}
    holdings: dict[int | str, CreditAccount] = {BUFFER: accounts.registry_account(session, "buffer")}
    for party in parties:
        account = accounts.holding_account(
            session, city_id=party.city_id, organisation_id=party.organisation_id
        )
        party.account_id = account.id
        holdings[party.id] = account
    seq, prev = ledger_head(session)
    adjustment = "pending" if project.authorisation != "none" else "not_required"
    made: list[CreditBlock] = []
    serial = project.next_serial
    for vintage, credits in vintages(report.period_start, report.period_end, quantity).items():
        shares_of = allocate(credits, project.buffer_bp, shares, hosts[0].id)
        keys: list[int | str] = [*(p.id for p in parties), BUFFER]
        for key in keys:
            if shares_of[key] == 0:
                continue
            block = CreditBlock(
                project_id=project.id,
                monitoring_report_id=report.id,
                vintage=vintage,
                serial_start=serial,
                serial_end=serial + shares_of[key] - 1,
                account_id=holdings[key].id,
                status="active",
                authorisation=project.authorisation,
                adjustment=adjustment,
                created_seq=seq,
            )
            serial = block.serial_end + 1
            session.add(block)
            made.append(block)
    project.next_serial = serial
    report.status = "issued"
    session.flush()
    blocks = [{**_range(b), "account": b.account_id, "vintage": b.vintage} for b in made]
    fields = {
        "report": report.id,
        "blocks": blocks,
        "authorisation": project.authorisation,
        "adjustment": adjustment,
    }
    row = append(session, actor, seq, prev, "issue", project.id, fields)
    _audit(session, actor, row, project.host_city_id)
    return made


def _split(
    session: Session, actor: Actor, block: CreditBlock, first_size: int
) -> tuple[CreditBlock, CreditBlock]:
    """Split an active block in place of the caller's unit (which authorized already)."""
    size = block.serial_end - block.serial_start + 1
    if isinstance(first_size, bool) or not isinstance(first_size, int) or not 1 <= first_size < size:
        raise InvalidInput("first_size", f"a whole number from 1 to {size - 1} to split a block of {size}")
    seq, prev = ledger_head(session)
    parent = _range(block) | {"account": block.account_id, "vintage": block.vintage}
    block.status = "split"
    block.closed_seq = seq
    session.flush()  # the parent leaves the unique serial indexes before its children enter them
    halves = []
    for start, end in (
        (block.serial_start, block.serial_start + first_size - 1),
        (block.serial_start + first_size, block.serial_end),
    ):
        child = CreditBlock(
            project_id=block.project_id,
            monitoring_report_id=block.monitoring_report_id,
            vintage=block.vintage,
            serial_start=start,
            serial_end=end,
            account_id=block.account_id,
            status="active",
            parent_id=block.id,
            authorisation=block.authorisation,
            adjustment=block.adjustment,
            first_transferred_at=block.first_transferred_at,
            created_seq=seq,
        )
        session.add(child)
        halves.append(child)
    session.flush()
    fields = {"block": parent, "into": [_range(c) for c in halves]}
    row = append(session, actor, seq, prev, "split", block.project_id, fields)
    _audit(session, actor, row, None)
    return halves[0], halves[1]


def _part(session: Session, actor: Actor, block: CreditBlock, quantity: int) -> CreditBlock:
    """The block itself, or its first `quantity` credits split off."""
    if quantity == block.serial_end - block.serial_start + 1:
        return block
    return _split(session, actor, block, quantity)[0]


def _move(
    session: Session,
    actor: Actor,
    block: CreditBlock,
    kind: str,
    to: CreditAccount,
    extra: Mapping[str, object],
) -> CreditTransaction:
    seq, prev = ledger_head(session)
    fields: dict[str, object] = {"block": block.id, "start": block.serial_start, "end": block.serial_end}
    fields |= {"from": block.account_id, "to": to.id, **extra}
    block.account_id = to.id
    if kind != "transfer":
        block.status = "retired" if kind == "retire" else "cancelled"
        block.closed_seq = seq
    session.flush()
    row = append(session, actor, seq, prev, kind, block.project_id, fields)
    _audit(session, actor, row, None)
    return row


def split(session: Session, actor: Actor, block_id: int, first_size: int) -> tuple[CreditBlock, CreditBlock]:
    """Split a block into two that exactly cover it, the first of `first_size` credits."""

    def work() -> tuple[CreditBlock, CreditBlock]:
        return _split(session, actor, _acting_on(session, actor, block_id), first_size)

    return unit_of_work(session, work)


def transfer(
    session: Session, actor: Actor, block_id: int, to_account_id: int, quantity: int | None = None
) -> CreditBlock:
    """Move a block (or its first `quantity` credits, split off first) to another holding account.
    The first move of an Article 6 authorised block out of the host country is its first transfer."""

    def work() -> CreditBlock:
        block = _acting_on(session, actor, block_id)
        to = session.get(CreditAccount, to_account_id) if isinstance(to_account_id, int) else None
        if to is None or to.kind != "holding":
            raise InvalidInput("to", f"no holding account with id {to_account_id!r}")
        if to.id == block.account_id:
            raise InvalidInput("to", "the block is already in this account")
        moved = _part(session, actor, block, _quantity(quantity, block))
        project = session.get(CreditProject, moved.project_id)
        assert project is not None
        first = (
            moved.authorisation != "none"
            and moved.first_transferred_at is None
            and _owner_country(session, to) != project.host_country
        )
        if first:
            moved.first_transferred_at = utcnow()
        _move(session, actor, moved, "transfer", to, {"first_transfer": first})
        return moved

    return unit_of_work(session, work)


def retire(
    session: Session,
    actor: Actor,
    block_id: int,
    *,
    quantity: int | None,
    use: str,
    beneficiary: str,
    purpose: str,
    claim_year: int,
    city_id: int | None,
    organisation_id: int | None,
) -> CreditRetirement:
    """Retire a block (or its first `quantity` credits) for a named beneficiary, purpose and year,
    toward the holder's own target or on someone's behalf. A city never offsets with a credit
    from its own territory (domain.credits.offset_refusal)."""

    def work() -> CreditRetirement:
        block = _acting_on(session, actor, block_id)
        if use not in RETIREMENT_USES:
            raise InvalidInput("use", f"one of {', '.join(RETIREMENT_USES)}")
        named = _text(beneficiary, "beneficiary", 300, required=True)
        why = _text(purpose, "purpose", MAX_TEXT, required=False)
        if isinstance(claim_year, bool) or not isinstance(claim_year, int) or not 1990 <= claim_year <= 2100:
            raise InvalidInput("claim_year", "a year from 1990 to 2100")
        account = accounts.account_by_id(session, block.account_id)
        if (city_id, organisation_id) != (None, None) and (city_id, organisation_id) != (
            account.city_id,
            account.organisation_id,
        ):
            raise InvalidInput("city_id", "credits are retired by the holder of the account they are in")
        project = session.get(CreditProject, block.project_id)
        assert project is not None
        refusal = offset_refusal(use, account.city_id, project.host_city_id)
        if refusal is not None:
            raise InvalidInput("use", refusal)
        part = _part(session, actor, block, _quantity(quantity, block))
        retirement = {
            "beneficiary": named,
            "purpose": why,
            "claim_year": claim_year,
            "use": use,
            "city": account.city_id,
            "organisation": account.organisation_id,
        }
        row = _move(
            session,
            actor,
            part,
            "retire",
            accounts.registry_account(session, "retirement"),
            {"retirement": retirement},
        )
        record = CreditRetirement(
            block_id=part.id,
            seq=row.seq,
            city_id=account.city_id,
            organisation_id=account.organisation_id,
            use=use,
            beneficiary=named,
            purpose=why,
            claim_year=claim_year,
            retired_by=actor.user_id,
            retired_at=row.recorded_at,
        )
        session.add(record)
        return record

    return unit_of_work(session, work)


def cancel(
    session: Session, actor: Actor, block_id: int, *, quantity: int | None, reason: str
) -> CreditBlock:
    """Cancel a block (or its first `quantity` credits): final, into the cancellation account."""

    def work() -> CreditBlock:
        block = _acting_on(session, actor, block_id)
        why = _text(reason, "reason", MAX_TEXT, required=True)
        part = _part(session, actor, block, _quantity(quantity, block))
        _move(
            session,
            actor,
            part,
            "cancel",
            accounts.registry_account(session, "cancellation"),
            {"reason": why},
        )
        return part

    return unit_of_work(session, work)
