"""Credit accounts: a holding account per city or organisation (made when first needed) and the
registry's own three (buffer, retirement, cancellation), who may act on or read each, and an
account's statement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.credit_ledger import REGISTRY_PREFIX, serial_label
from citypact.services.errors import InvalidInput, NotFound, require
from citypact.storage.credits import CreditAccount, CreditBlock, CreditProject, CreditRetirement
from citypact.storage.models import City, Organisation

REGISTRY_KINDS = ("buffer", "retirement", "cancellation")
_REGISTRY_NAMES = {
    "buffer": "Registry buffer account",
    "retirement": "Registry retirement account",
    "cancellation": "Registry cancellation account",
}


def account_by_id(session: Session, account_id: int) -> CreditAccount:
    found = session.get(CreditAccount, account_id)
    if found is None:
        raise NotFound("credit account", account_id)
    return found


def _get_or_create(session: Session, query: object, make: CreditAccount) -> CreditAccount:
    found = session.scalar(query)  # type: ignore[call-overload]
    if found is not None:
        return found  # type: ignore[no-any-return]
    # Two first uses at once: the unique index refuses the second, which then reads the first's.
    try:
        with session.begin_nested():
            session.add(make)
    except IntegrityError:
        found = session.scalar(query)  # type: ignore[call-overload]
        if found is None:
            raise
        return found  # type: ignore[no-any-return]
    return make


def holding_account(
    session: Session, *, city_id: int | None = None, organisation_id: int | None = None
) -> CreditAccount:
    """The holding account of one city or one organisation, created with the owner's name."""
    if (city_id is None) == (organisation_id is None):
        raise InvalidInput("owner", "name exactly one city or one organisation")
    if city_id is not None:
        city = session.get(City, city_id)
        if city is None:
            raise NotFound("city", city_id)
        query = select(CreditAccount).where(CreditAccount.city_id == city_id)
        return _get_or_create(session, query, CreditAccount(kind="holding", city_id=city_id, name=city.name))
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound("organisation", organisation_id)
    query = select(CreditAccount).where(CreditAccount.organisation_id == organisation_id)
    made = CreditAccount(kind="holding", organisation_id=organisation_id, name=organisation.name)
    return _get_or_create(session, query, made)


def registry_account(session: Session, kind: str) -> CreditAccount:
    """The registry's buffer, retirement or cancellation account."""
    if kind not in REGISTRY_KINDS:
        raise InvalidInput("kind", f"one of {', '.join(REGISTRY_KINDS)}")
    query = select(CreditAccount).where(CreditAccount.kind == kind)
    return _get_or_create(session, query, CreditAccount(kind=kind, name=_REGISTRY_NAMES[kind]))


def may_act_on(session: Session, actor: Actor, account: CreditAccount) -> bool:
    """A city's editors on its account, an organisation's confirmed people on theirs, admins on
    both; the registry's own accounts only move by the ledger's transactions, never by hand."""
    del session  # the actor's grants say it all; kept so the rule can grow without new callers
    if account.kind != "holding":
        return False
    if account.city_id is not None:
        return actor.can_edit_city(account.city_id)
    return account.organisation_id is not None and actor.speaks_for(account.organisation_id)


def may_read(session: Session, actor: Actor, account: CreditAccount) -> bool:
    """Those who act on it, the city's viewers, and the registry's officers (admins included)."""
    if may_act_on(session, actor, account) or actor.runs_credit_registry():
        return True
    return account.city_id is not None and actor.can_read_city_internals(account.city_id)


@dataclass(frozen=True)
class BlockLine:
    """A block as a statement shows it: its serial label and Article 6 fields."""

    block_id: int
    label: str
    project_id: int
    vintage: int
    serial_start: int
    serial_end: int
    quantity: int
    status: str
    account_id: int
    authorisation: str
    adjustment: str
    first_transferred_at: dt.datetime | None


@dataclass(frozen=True)
class Statement:
    account_id: int
    kind: str
    name: str
    city_id: int | None
    organisation_id: int | None
    held: int  # active credits in the account
    lines: list[BlockLine]


def block_lines(session: Session, blocks: Sequence[CreditBlock]) -> list[BlockLine]:
    """Blocks with their labels (the host country comes from each block's project)."""
    ids = {b.project_id for b in blocks}
    query = select(CreditProject.id, CreditProject.host_country).where(CreditProject.id.in_(ids))
    countries: dict[int, str] = {row.id: row.host_country for row in session.execute(query)}
    return [
        BlockLine(
            block_id=b.id,
            label=serial_label(
                REGISTRY_PREFIX,
                countries[b.project_id],
                b.project_id,
                b.vintage,
                b.serial_start,
                b.serial_end,
            ),
            project_id=b.project_id,
            vintage=b.vintage,
            serial_start=b.serial_start,
            serial_end=b.serial_end,
            quantity=b.serial_end - b.serial_start + 1,
            status=b.status,
            account_id=b.account_id,
            authorisation=b.authorisation,
            adjustment=b.adjustment,
            first_transferred_at=b.first_transferred_at,
        )
        for b in blocks
    ]


def statement(session: Session, actor: Actor, account_id: int, *, limit: int = 10_000) -> Statement:
    """What an account holds (blocks not split, in serial order) and, for a holding account, the
    blocks its owner retired; for those who may read it."""
    require(actor.is_authenticated or actor.is_admin, False)  # the operator (CLI) has no user id
    account = account_by_id(session, account_id)
    require(
        may_read(session, actor, account),
        actor.is_authenticated,
        "This account's statement is not yours to read.",
    )
    held = select(CreditBlock).where(CreditBlock.account_id == account.id, CreditBlock.status != "split")
    blocks = list(
        session.scalars(held.order_by(CreditBlock.project_id, CreditBlock.serial_start).limit(limit))
    )
    if account.kind == "holding":
        owner = (
            CreditRetirement.city_id == account.city_id
            if account.city_id is not None
            else CreditRetirement.organisation_id == account.organisation_id
        )
        retired = (
            select(CreditBlock)
            .join(CreditRetirement, CreditRetirement.block_id == CreditBlock.id)
            .where(owner)
        )
        blocks += session.scalars(retired.order_by(CreditRetirement.seq).limit(limit))
    lines = block_lines(session, blocks)
    return Statement(
        account_id=account.id,
        kind=account.kind,
        name=account.name,
        city_id=account.city_id,
        organisation_id=account.organisation_id,
        held=sum(
            line.quantity for line in lines if line.status == "active" and line.account_id == account.id
        ),
        lines=lines,
    )
