"""Logging in, for the login page and the API alike: throttled, the password checked outside any
write transaction, and a fresh server-side session."""

from __future__ import annotations

from citypact.services.auth import accounts, login_throttle, sessions
from citypact.storage.db import Database


def log_in(
    db: Database,
    email: str,
    password: str,
    *,
    address: str,
    user_agent: str = "",
    previous_token: str | None = None,
) -> str | None:
    """The token of a new session, or None for wrong credentials (unknown, deactivated or a wrong
    password alike). Raises login_throttle.TooManyAttempts while the account or address is locked."""
    keys = login_throttle.keys(email, address)
    with db.write() as session:  # counted before the password is checked; given back on success
        login_throttle.admit(session, keys)
    with db.read() as session:  # the slow hash is checked outside any write transaction
        user = accounts.authenticate(session, email, password)
    if user is None:
        return None
    with db.write() as session:
        login_throttle.succeeded(session, keys)
        if previous_token is not None:
            sessions.end(session, previous_token)  # rotated: the cookie from before is worthless
        return sessions.start(session, user.id, user_agent)
