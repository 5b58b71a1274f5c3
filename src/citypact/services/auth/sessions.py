"""Login sessions kept on the server, so that logging out, a password change or an administrator
ends them at once: the signed cookie holds only a random token, whose hash names a row here."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.services import audit
from citypact.services.errors import NotFound, require
from citypact.storage.models import User, UserSession, utcnow

LIFETIME = dt.timedelta(days=14)
# Writing "last seen" on every request would make every page a write; once in a while is enough.
TOUCH_EVERY = dt.timedelta(minutes=10)
USER_AGENT_CHARS = 120


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes (stored as UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _short(user_agent: str) -> str:
    """Enough of the browser's name to recognise it on /account, printable characters only."""
    return "".join(c for c in user_agent[: USER_AGENT_CHARS * 2] if c.isprintable())[:USER_AGENT_CHARS]


def start(session: Session, user_id: int, user_agent: str = "") -> str:
    """A new session of a user who just proved their password; returns the token for the cookie."""
    now = utcnow()
    # Expired sessions go, and this user's ended ones: the table holds live logins and little else.
    session.execute(delete(UserSession).where(UserSession.expires_at < now))
    session.execute(
        delete(UserSession).where(UserSession.user_id == user_id, UserSession.ended_at.is_not(None))
    )
    token = secrets.token_urlsafe(32)
    session.add(
        UserSession(
            token_hash=token_hash(token),
            user_id=user_id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + LIFETIME,
            user_agent=_short(user_agent),
        )
    )
    session.flush()
    return token


@dataclass(frozen=True)
class LiveSession:
    id: int
    user: User
    needs_touch: bool


def live(session: Session, token: str) -> LiveSession | None:
    """The running session of this token with its (active) user, in one indexed lookup; None when
    the session is unknown, ended or expired, or its user was deactivated."""
    row = session.execute(
        select(UserSession.id, UserSession.expires_at, UserSession.last_seen_at, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == token_hash(token), UserSession.ended_at.is_(None))
    ).first()
    if row is None:
        return None
    now = utcnow()
    if _aware(row.expires_at) <= now or not row.User.is_active:
        return None
    return LiveSession(row.id, row.User, now - _aware(row.last_seen_at) > TOUCH_EVERY)


def touch(session: Session, session_id: int) -> None:
    session.execute(update(UserSession).where(UserSession.id == session_id).values(last_seen_at=utcnow()))


def end(session: Session, token: str) -> None:
    """Logout: the token stops working even where a copy of the cookie was kept."""
    session.execute(
        update(UserSession)
        .where(UserSession.token_hash == token_hash(token), UserSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )


def end_all(session: Session, actor: Actor, user_id: int, *, keep_token: str | None = None) -> int:
    """End every running session of a user (an administrator, or the user themself); returns how many.
    `keep_token` spares the caller's own session, e.g. after changing one's password."""
    require(actor.is_admin or actor.user_id == user_id, actor.is_authenticated)
    if session.get(User, user_id) is None:
        raise NotFound("user", user_id)
    query = update(UserSession).where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
    if keep_token is not None:
        query = query.where(UserSession.token_hash != token_hash(keep_token))
    ended = session.execute(query.values(ended_at=utcnow())).rowcount or 0  # type: ignore[attr-defined]
    audit.record(session, actor, "end_sessions", "user", user_id, after={"ended": ended})
    return ended


def end_one(session: Session, actor: Actor, session_id: int) -> None:
    """End one of one's own sessions (an administrator may end anyone's)."""
    require(actor.is_authenticated, False)
    row = session.get(UserSession, session_id)
    if row is None or (row.user_id != actor.user_id and not actor.is_admin):
        raise NotFound("session", session_id)
    if row.ended_at is None:
        row.ended_at = utcnow()
        audit.record(session, actor, "end", "user_session", session_id, after={"user_id": row.user_id})


@dataclass(frozen=True)
class SessionInfo:
    id: int
    created_at: dt.datetime
    last_seen_at: dt.datetime
    expires_at: dt.datetime
    user_agent: str
    current: bool


def list_own(session: Session, actor: Actor, current_token: str | None) -> list[SessionInfo]:
    """The actor's running sessions, newest first, marking the one of this request."""
    require(actor.is_authenticated, False)
    current = token_hash(current_token) if current_token else None
    rows = session.scalars(
        select(UserSession)
        .where(
            UserSession.user_id == actor.user_id,
            UserSession.ended_at.is_(None),
            UserSession.expires_at > utcnow(),
        )
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    )
    return [
        SessionInfo(
            r.id,
            _aware(r.created_at),
            _aware(r.last_seen_at),
            _aware(r.expires_at),
            r.user_agent,
            r.token_hash == current,
        )
        for r in rows
    ]
