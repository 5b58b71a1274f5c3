"""Who may read a credit account, on LEDGER's rule (accounts.may_read), so CLAIMS' pages, API and
files never disagree with the ledger."""

from __future__ import annotations

from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.services.credits import accounts
from citypact.services.errors import NotAuthenticated, NotFound
from citypact.storage.credits import CreditAccount


def readable_account(session: Session, actor: Actor, account_id: int) -> CreditAccount:
    """The account, if the actor may read it; NotAuthenticated for the public, NotFound otherwise
    (an account's existence is not revealed to those who may not read it)."""
    if not actor.is_authenticated:
        raise NotAuthenticated()
    account = session.get(CreditAccount, account_id)
    if account is None or not accounts.may_read(session, actor, account):
        raise NotFound("credit account", account_id)
    return account
