"""Credit officers: the people the registry trusts beyond cities' roles. An administrator grants
and revokes the registry role (registers projects, issues credits) and the verifier role
(verifies monitoring reports, for the verification body named). Every change is audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.credits import OFFICER_ROLES
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.services.input import clean_code, clean_text
from citypact.storage.credits import CreditOfficer
from citypact.storage.models import User


@dataclass(frozen=True)
class OfficerView:
    id: int
    user_id: int
    name: str
    email: str
    role: str
    body: str
    granted_at: dt.datetime


def _user(session: Session, email: Any) -> User:
    address = clean_text("email", email, 254, required=True).lower()
    found = session.scalar(select(User).where(User.email == address))
    if found is None:
        raise NotFound("user", address)
    return found


def grant(session: Session, actor: Actor, email: Any, role: Any, body: Any = "") -> CreditOfficer:
    """Give the user with `email` the registry or verifier role (administrators). A verifier names
    their verification body."""
    require(actor.is_admin, actor.is_authenticated, "Only administrators name credit officers.")
    user = _user(session, email)
    code = clean_code("role", role, OFFICER_ROLES)
    body_text = clean_text("body", body, 200)
    if code == "verifier" and not body_text:
        raise InvalidInput("body", "name the verification body the verifier works for.")
    existing = session.scalar(
        select(CreditOfficer).where(CreditOfficer.user_id == user.id, CreditOfficer.role == code)
    )
    if existing is not None:
        raise Conflict(f"{user.email} holds the {code} role already.")
    officer = CreditOfficer(user_id=user.id, role=code, body=body_text, granted_by=actor.user_id)
    session.add(officer)
    session.flush()
    audit.record(
        session, actor, "grant", "credit_officer", officer.id,
        after={"user_id": user.id, "role": code, "body": body_text},
    )  # fmt: skip
    return officer


def revoke(session: Session, actor: Actor, email: Any, role: Any) -> None:
    """Take the role away (administrators)."""
    require(actor.is_admin, actor.is_authenticated, "Only administrators name credit officers.")
    user = _user(session, email)
    code = clean_code("role", role, OFFICER_ROLES)
    officer = session.scalar(
        select(CreditOfficer).where(CreditOfficer.user_id == user.id, CreditOfficer.role == code)
    )
    if officer is None:
        raise NotFound("credit officer", f"{user.email} ({code})")
    before = {"user_id": user.id, "role": code, "body": officer.body}
    officer_id = officer.id
    session.delete(officer)
    session.flush()
    audit.record(session, actor, "revoke", "credit_officer", officer_id, before=before)


def list_officers(session: Session, actor: Actor, role: str | None = None) -> list[OfficerView]:
    """The credit officers (administrators and the registry see them all)."""
    require(actor.is_admin or actor.runs_credit_registry(), actor.is_authenticated)
    query = select(CreditOfficer, User).join(User, User.id == CreditOfficer.user_id)
    if role is not None:
        query = query.where(CreditOfficer.role == clean_code("role", role, OFFICER_ROLES))
    rows = session.execute(query.order_by(CreditOfficer.role, User.name, CreditOfficer.id))
    return [OfficerView(o.id, u.id, u.name, u.email, o.role, o.body, o.granted_at) for o, u in rows]


@dataclass(frozen=True)
class VerifierChoice:
    user_id: int
    name: str
    body: str


def verifier_choices(session: Session) -> list[VerifierChoice]:
    """People holding the verifier role, for a submitter to name one (names and bodies only)."""
    rows = session.execute(
        select(CreditOfficer, User)
        .join(User, User.id == CreditOfficer.user_id)
        .where(CreditOfficer.role == "verifier", User.is_active.is_(True))
        .order_by(User.name, User.id)
    )
    return [VerifierChoice(u.id, u.name, o.body) for o, u in rows]
