"""Who may read a credit account. LEDGER's accounts.may_read is the rule for everyone; this module
keeps CLAIMS' views on one name, so the pages, the API and the CSV never disagree."""

from __future__ import annotations

from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.services.errors import NotAuthenticated, NotFound
from citypact.storage.credits import CreditAccount


def readable_account(session: Session, actor: Actor, account_id: int) -> CreditAccount:
    """The account, if the actor may read it; NotAuthenticated for the public, NotFound otherwise
    (an account's existence is not revealed to those who may not read it)."""
    if not actor.is_authenticated:
        raise NotAuthenticated()
    account = session.get(CreditAccount, account_id)
    if account is None or not may_read(actor, account):
        raise NotFound("credit account", account_id)
    return account


def may_read(actor: Actor, account: CreditAccount) -> bool:
    """The account's city staff, the organisation's confirmed people, registry officers, admins."""
    if actor.is_admin or actor.runs_credit_registry():
        return True
    if account.city_id is not None:
        return actor.can_read_city_internals(account.city_id)
    if account.organisation_id is not None:
        return actor.speaks_for(account.organisation_id)
    return False
