"""Users, roles, passwords and API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import SCOPE_OF_ROLE, Actor, Grant, Role
from citypact.services import audit
from citypact.services.auth import sessions
from citypact.services.auth.passwords import UNCHANGED, WRONG_CURRENT, password_problem
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.services.text_input import check_text
from citypact.storage.credits import CreditOfficer
from citypact.storage.models import ApiToken, City, Membership, Network, Organisation, User, utcnow

_hasher = PasswordHasher()
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TOKEN_PREFIX = "cp_"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _check_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash() -> str:
    """A hash verified against for unknown emails, so they take as long as known ones.
    Made on first login, not at import: every CLI command and server start imports this."""
    return _hasher.hash(secrets.token_hex(8))


CREDIT_OFFICER_ROLES = {"registry": Role.CREDIT_REGISTRY, "verifier": Role.CREDIT_VERIFIER}


def actor_for(session: Session, user_id: int) -> Actor | None:
    """The actor of an active user with all their grants, or None."""
    user = session.get(User, user_id)
    return None if user is None else actor_of(session, user)


def actor_of(session: Session, user: User) -> Actor | None:
    """The actor of a loaded user with all their grants, or None when the account is deactivated."""
    if not user.is_active:
        return None
    user_id = user.id
    grants = frozenset(
        Grant(Role(m.role), m.city_id or m.network_id or m.organisation_id or 0)
        for m in session.scalars(select(Membership).where(Membership.user_id == user_id))
    ) | frozenset(
        Grant(CREDIT_OFFICER_ROLES[role], 0)
        for role in session.scalars(select(CreditOfficer.role).where(CreditOfficer.user_id == user_id))
    )
    return Actor(user_id=user.id, is_admin=user.is_admin, grants=grants)


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The user with these credentials, or None; takes the same time for unknown emails."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        _check_password(_dummy_hash(), password)
        return None
    # The hash is checked first: a deactivated account must take as long as any other.
    if not _check_password(user.password_hash, password) or not user.is_active:
        return None
    return user


def create_user(
    session: Session,
    actor: Actor,
    email: str,
    name: str,
    password: str,
    *,
    is_admin: bool = False,
) -> User:
    require(actor.is_admin, actor.is_authenticated, "Only administrators create accounts.")
    email = email.strip().lower()
    if not _EMAIL.match(email):
        raise InvalidInput("email", f"{email!r} is not an email address; write it as name@example.org.")
    if not name.strip():
        raise InvalidInput("name", "give the person's name.")
    if problem := password_problem(password, email=email, name=name):
        raise InvalidInput("password", problem)
    check_text("name", name.strip())
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict(f"An account for {email} exists already.")
    user = User(email=email, name=name.strip(), password_hash=hash_password(password), is_admin=is_admin)
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor,
        "create",
        "user",
        user.id,
        after={"email": email, "name": user.name, "is_admin": is_admin},
    )
    return user


def grant_role(session: Session, actor: Actor, user_id: int, role: Role, scope_id: int) -> Membership:
    """Give a user a role in a city, network or organisation; only administrators grant roles."""
    require(actor.is_admin, actor.is_authenticated, "Only administrators grant roles.")
    if session.get(User, user_id) is None:
        raise NotFound("user", user_id)
    scope = SCOPE_OF_ROLE[role]
    if scope == "registry":
        raise InvalidInput("role", "credit registry roles are granted as credit officers, not memberships")
    model = {"city": City, "network": Network, "organisation": Organisation}[scope]
    if session.get(model, scope_id) is None:
        raise NotFound(scope, scope_id)
    existing = session.scalar(
        select(Membership).where(
            Membership.user_id == user_id,
            Membership.role == role.value,
            getattr(Membership, f"{scope}_id") == scope_id,
        )
    )
    if existing is not None:
        return existing
    membership = Membership(user_id=user_id, role=role.value, **{f"{scope}_id": scope_id})
    session.add(membership)
    session.flush()
    audit.record(
        session,
        actor,
        "grant",
        "membership",
        membership.id,
        city_id=scope_id if scope == "city" else None,
        network_id=scope_id if scope == "network" else None,
        after={"user_id": user_id, "role": role.value, f"{scope}_id": scope_id},
    )
    return membership


@dataclass(frozen=True)
class IssuedToken:
    id: int
    name: str
    token: str  # shown once; only its hash is kept


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, actor: Actor, name: str) -> IssuedToken:
    """A new API token for the actor's own account."""
    require(actor.is_authenticated, False)
    assert actor.user_id is not None
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput("name", "name the token (1 to 100 characters), e.g. 'reporting script'.")
    check_text("name", name)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=actor.user_id, name=name, token_hash=_token_hash(token))
    session.add(row)
    session.flush()
    audit.record(session, actor, "create", "api_token", row.id, after={"name": name})
    return IssuedToken(row.id, name, token)


def revoke_token(session: Session, actor: Actor, token_id: int) -> None:
    row = session.get(ApiToken, token_id)
    if row is None or (row.user_id != actor.user_id and not actor.is_admin):
        raise NotFound("api token", token_id)
    row.revoked_at = utcnow()
    audit.record(session, actor, "revoke", "api_token", token_id)


def user_for_token(session: Session, token: str) -> int | None:
    """The user id behind a valid, unrevoked API token."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = session.execute(
        select(ApiToken.user_id, ApiToken.revoked_at, User.is_active)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == _token_hash(token))
    ).first()
    if row is None or row.revoked_at is not None or not row.is_active:
        return None
    return int(row.user_id)


@dataclass(frozen=True)
class TokenInfo:
    id: int
    name: str
    created_at: object
    revoked: bool


def list_tokens(session: Session, actor: Actor) -> list[TokenInfo]:
    """The actor's own API tokens (never their secrets)."""
    require(actor.is_authenticated, False)
    rows = session.scalars(
        select(ApiToken).where(ApiToken.user_id == actor.user_id).order_by(ApiToken.id.desc())
    )
    return [TokenInfo(t.id, t.name, t.created_at, t.revoked_at is not None) for t in rows]


def user_id_by_email(session: Session, email: str) -> int:
    user_id = session.scalar(select(User.id).where(User.email == email.strip().lower()))
    if user_id is None:
        raise NotFound("user", email)
    return user_id


def change_password(
    session: Session, actor: Actor, current: str, new: str, *, keep_session: str | None = None
) -> int:
    """Change one's own password; every other session of the account ends (a thief's too).
    Returns how many sessions ended."""
    require(actor.is_authenticated and actor.user_id is not None, actor.is_authenticated)
    assert actor.user_id is not None
    user = session.get(User, actor.user_id)
    if user is None:
        raise NotFound("user", actor.user_id)
    if not _check_password(user.password_hash, current):
        raise InvalidInput("current_password", WRONG_CURRENT)
    if problem := password_problem(new, email=user.email, name=user.name):
        raise InvalidInput("new_password", problem)
    if _check_password(user.password_hash, new):
        raise InvalidInput("new_password", UNCHANGED)
    user.password_hash = hash_password(new)
    audit.record(session, actor, "change_password", "user", user.id)
    return sessions.end_all(session, actor, user.id, keep_token=keep_session)


def set_active(session: Session, actor: Actor, user_id: int, active: bool) -> None:
    """Deactivate (or reactivate) an account; a deactivated account's sessions end, and its API
    tokens stop working while it stays deactivated."""
    require(actor.is_admin, actor.is_authenticated, "Only administrators deactivate accounts.")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("user", user_id)
    if user.is_active != active:
        user.is_active = active
        audit.record(session, actor, "activate" if active else "deactivate", "user", user_id)
    if not active:
        sessions.end_all(session, actor, user_id)
