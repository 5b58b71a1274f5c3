"""Login state and CSRF tokens in the signed session cookie (Starlette's SessionMiddleware).

The cookie holds the token of a server-side session (services.sessions), never the user id itself,
so that a logout or an administrator can end it even where a copy of the cookie was kept."""

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


def session_token(request: Request) -> str | None:
    """The server-side session's token from the cookie, if any."""
    token = request.session.get("sid") if "session" in request.scope else None
    return token if isinstance(token, str) and token else None


def log_in(request: Request, token: str) -> None:
    """Start a fresh cookie (new CSRF token) so a session fixed before login is worthless."""
    lang = request.session.get("lang")
    request.session.clear()
    request.session.update({"sid": token, "csrf": secrets.token_urlsafe(24)})
    if lang:
        request.session["lang"] = lang


def log_out(request: Request) -> None:
    lang = request.session.get("lang")
    request.session.clear()
    if lang:
        request.session["lang"] = lang
