"""Login state and CSRF tokens in the signed session cookie (Starlette's SessionMiddleware)."""

from __future__ import annotations

import hmac
import secrets

from starlette.requests import Request

COOKIE = "citypact_session"
MAX_AGE_S = 14 * 24 * 3600


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use; forms carry it in a hidden field."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(24)
        request.session["csrf"] = token
    return token


def csrf_matches(request: Request, token: str | None) -> bool:
    expected = request.session.get("csrf") if "session" in request.scope else None
    return isinstance(expected, str) and bool(token) and hmac.compare_digest(expected, token or "")


def session_user_id(request: Request) -> int | None:
    user_id = request.session.get("uid") if "session" in request.scope else None
    return user_id if isinstance(user_id, int) else None


def log_in(request: Request, user_id: int) -> None:
    """Start a fresh session (new CSRF token) so a session fixed before login is worthless."""
    lang = request.session.get("lang")
    request.session.clear()
    request.session.update({"uid": user_id, "csrf": secrets.token_urlsafe(24)})
    if lang:
        request.session["lang"] = lang


def log_out(request: Request) -> None:
    lang = request.session.get("lang")
    request.session.clear()
    if lang:
        request.session["lang"] = lang
