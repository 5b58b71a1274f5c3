"""Credit accounts: a holding account per city or organisation (made when first needed) and the
registry's own three (buffer, retirement, cancellation), and who may act on or read each."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.services.errors import InvalidInput, NotFound
from citypact.storage.credits import CreditAccount
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
