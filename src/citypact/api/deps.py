"""Request dependencies: database sessions, the acting user, CSRF."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session

from citypact.api.session import csrf_matches, session_user_id
from citypact.domain.access import ANONYMOUS, Actor
from citypact.services.accounts import actor_for, user_for_token
from citypact.services.errors import NotAuthenticated, PermissionDenied
from citypact.storage.db import Database


def database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def read_session(request: Request) -> Iterator[Session]:
    with database(request).read() as session:
        yield session


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def current_actor(request: Request) -> Actor:
    """The actor of an API token or of the session cookie; the public when neither is valid."""
    cached: Actor | None = getattr(request.state, "actor", None)
    if cached is not None:
        return cached
    actor = ANONYMOUS
    with database(request).read() as session:
        token = _bearer(request)
        if token is not None:
            user_id = user_for_token(session, token)
            if user_id is None:
                raise NotAuthenticated("The API token is unknown or revoked; create a new one.")
            actor = actor_for(session, user_id) or ANONYMOUS
        elif (user_id := session_user_id(request)) is not None:
            actor = actor_for(session, user_id) or ANONYMOUS
    request.state.actor = actor
    return actor


def api_writer(request: Request) -> Actor:
    """The actor of a write over the API: token holders, or cookie sessions sending the CSRF header."""
    actor = current_actor(request)
    if not actor.is_authenticated:
        raise NotAuthenticated()
    if _bearer(request) is None and not csrf_matches(request, request.headers.get("x-csrf-token")):
        raise PermissionDenied("Send the X-CSRF-Token header of your session, or use an API token.")
    return actor


ReadDB = Annotated[Session, Depends(read_session)]
DB = Annotated[Database, Depends(database)]  # writes open `db.write()` themselves, then respond
CurrentActor = Annotated[Actor, Depends(current_actor)]
Writer = Annotated[Actor, Depends(api_writer)]
# Ids in paths fit the database's integer columns; larger numbers are a 422, not an overflow.
MAX_ID = 2_147_483_647
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
