"""What the action pages of a block need around LEDGER's transactions: the block with who may do
what to it, the holding accounts it may go to (chosen by their owner's name, never by a typed id),
and the registry officers' Article 6 fields of a block.

Setting the Article 6 fields is no ledger transaction: no credit moves, so the chain stays as it
is; the change is version-checked and audited instead."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.credits import ADJUSTMENT_STATUSES, AUTHORISATIONS
from citypact.services import audit
from citypact.services.credits import accounts, ledger
from citypact.services.credits.views import BlockView, load_blocks
from citypact.services.errors import InvalidInput, NotFound, require
from citypact.services.versions import check_version
from citypact.storage.credits import CreditAccount, CreditBlock, CreditMonitoringReport
from citypact.storage.models import utcnow


@dataclass(frozen=True)
class AccountChoice:
    id: int
    name: str  # the city's or organisation's name
    is_city: bool


@dataclass(frozen=True)
class BlockActions:
    block: BlockView
    account_name: str
    can_act: bool  # transfer, split, retire, cancel (an active block on an account the actor acts on)
    can_set_article6: bool  # registry officers and admins
    retires_as_city: int | None  # the city a retirement would be made by, for the offset rule's words
    destinations: list[AccountChoice]


def holding_choices(session: Session, *, leaving_out: int | None = None) -> list[AccountChoice]:
    """Every holding account by its owner's name (cities first), bar `leaving_out`."""
    query = select(CreditAccount).where(CreditAccount.kind == "holding").order_by(CreditAccount.name)
    found = [
        AccountChoice(a.id, a.name, a.city_id is not None)
        for a in session.scalars(query)
        if a.id != leaving_out
    ]
    return sorted(found, key=lambda c: (not c.is_city, c.name))


def load_block(session: Session, block_id: int) -> BlockView:
    """A block's view after the caller's own transaction authorized the actor."""
    found = load_blocks(session, CreditBlock.id == block_id)
    if not found:
        raise NotFound("credit block", block_id)
    return found[0]


def account_of(session: Session, block_id: int) -> int:
    """The account a block is in (where a page returns to after acting on it)."""
    block = session.get(CreditBlock, block_id)
    if block is None:
        raise NotFound("credit block", block_id)
    return block.account_id


def issue_report(session: Session, actor: Actor, project_id: int, report_id: int) -> list[CreditBlock]:
    """ledger.issue for a report of this project (the registry only; NotFound for another's)."""
    require(actor.runs_credit_registry(), actor.is_authenticated, "Only the registry issues credits.")
    report = session.get(CreditMonitoringReport, report_id)
    if report is None or report.project_id != project_id:
        raise NotFound("monitoring report", report_id)
    return ledger.issue(session, actor, report_id)


def block_actions(session: Session, actor: Actor, block_id: int) -> BlockActions:
    """A block for who may read its account (NotFound for others: holdings are not public)."""
    require(actor.is_authenticated, False)
    found = load_blocks(session, CreditBlock.id == block_id)
    if not found:
        raise NotFound("credit block", block_id)
    block = found[0]
    account = session.get(CreditAccount, block.account_id)
    if account is None or not accounts.may_read(session, actor, account):
        raise NotFound("credit block", block_id)
    can_act = block.status == "active" and accounts.may_act_on(session, actor, account)
    return BlockActions(
        block=block,
        account_name=account.name,
        can_act=can_act,
        can_set_article6=actor.runs_credit_registry() and block.status != "split",
        retires_as_city=account.city_id,
        destinations=holding_choices(session, leaving_out=account.id) if can_act else [],
    )


def set_article6(
    session: Session,
    actor: Actor,
    block_id: int,
    *,
    authorisation: str,
    adjustment: str,
    expected_version: int | None,
) -> CreditBlock:
    """The registry records the host country's authorisation and corresponding adjustment of a
    block (also of a retired one: an adjustment applied later clears its double-claim flag)."""
    require(actor.runs_credit_registry(), actor.is_authenticated, "Only the registry's officers set these.")
    block = session.get(CreditBlock, block_id)
    if block is None:
        raise NotFound("credit block", block_id)
    if block.status == "split":
        raise InvalidInput("authorisation", "this block was split; set the fields on its two halves")
    if authorisation not in AUTHORISATIONS:
        raise InvalidInput("authorisation", f"one of {', '.join(AUTHORISATIONS)}")
    if adjustment not in ADJUSTMENT_STATUSES:
        raise InvalidInput("adjustment", f"one of {', '.join(ADJUSTMENT_STATUSES)}")
    check_version("credit block", block_id, block.version, expected_version)
    before = {"authorisation": block.authorisation, "adjustment": block.adjustment}
    block.authorisation, block.adjustment = authorisation, adjustment
    session.flush()
    audit.record(
        session, actor, "article6", "credit_block", block.id, before=before,
        after={"authorisation": authorisation, "adjustment": adjustment, "at": utcnow().isoformat()},
    )  # fmt: skip
    return block
