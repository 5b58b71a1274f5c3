"""Request dependencies: database sessions, the acting user, CSRF."""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Path, Request
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from citypact.domain.access import ANONYMOUS, Actor
from citypact.http.session import csrf_matches, session_token
from citypact.services.auth import sessions
from citypact.services.auth.accounts import actor_for, actor_of, user_for_token
from citypact.services.errors import NotAuthenticated, PermissionDenied
from citypact.services.versions import IF_UNCHANGED
from citypact.storage.db import Database

# The dependencies are `async def` so that they run on the event loop: each sync dependency
# would cost a hop to the thread pool, which under load cost more than the database work.
# Only resolving a logged-in actor does I/O, and that goes to the thread pool.


async def database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


async def read_session(request: Request) -> AsyncIterator[Session]:
    """A read session; it connects lazily, inside the sync endpoint's worker thread, and
    `ReleasingRoute` closes it there when the endpoint returns (closing here is only the fallback)."""
    with (await database(request)).read() as session:
        yield session


def _closing_sessions(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(endpoint)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return endpoint(*args, **kwargs)
        finally:
            for value in kwargs.values():
                if isinstance(value, Session):
                    value.close()

    return run


class ReleasingRoute(APIRoute):
    """A route whose sync endpoint gives its read session's connection back before it returns.

    A yield dependency ends only after the response is validated (which needs a worker thread
    again) and sent, so each request waiting for a thread or a slow client held a pooled
    connection while the threads waited for connections: 20 concurrent requests stalled the
    server. Closed in the endpoint's own thread, no more connections are in use than threads.
    Every router uses this class (tests/api/test_load.py checks it).
    """

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = _closing_sessions(endpoint)
        super().__init__(path, endpoint, **kwargs)


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _resolve_actor(db: Database, token: str | None, cookie_token: str | None) -> Actor:
    with db.read() as session:
        if token is not None:
            token_user = user_for_token(session, token)
            if token_user is None:
                raise NotAuthenticated("The API token is unknown, revoked or its account deactivated.")
            return actor_for(session, token_user) or ANONYMOUS
        # One indexed lookup; an ended or expired session, or a deactivated user's, is the public.
        found = sessions.live(session, cookie_token) if cookie_token is not None else None
        if found is None:
            return ANONYMOUS
        actor = actor_of(session, found.user) or ANONYMOUS
    if found.needs_touch:
        with db.write() as session:
            sessions.touch(session, found.id)
    return actor


async def current_actor(request: Request) -> Actor:
    """The actor of an API token or of the session cookie; the public when neither is valid."""
    cached: Actor | None = getattr(request.state, "actor", None)
    if cached is not None:
        return cached
    token, cookie_session = _bearer(request), session_token(request)
    actor = ANONYMOUS
    if token is not None or cookie_session is not None:
        actor = await run_in_threadpool(_resolve_actor, await database(request), token, cookie_session)
    request.state.actor = actor
    return actor


async def api_writer(request: Request, actor: Annotated[Actor, Depends(current_actor)]) -> Actor:
    """The actor of a write over the API: token holders, or cookie sessions sending the CSRF header."""
    if not actor.is_authenticated:
        raise NotAuthenticated()
    if _bearer(request) is None and not csrf_matches(request, request.headers.get("x-csrf-token")):
        raise PermissionDenied("Send the X-CSRF-Token header of your session, or use an API token.")
    return actor


_ETAG = re.compile(r'^(?:W/)?"([1-9][0-9]{0,9})"$')


async def if_match(request: Request) -> int | None:
    """The version a write was based on, from If-Match (services.versions): `W/"3"` is 3, `*` is
    None (no check), no header is IF_UNCHANGED. A tag that is not one of ours cannot match: 412."""
    header = request.headers.get("if-match")
    if header is None:
        return IF_UNCHANGED
    header = header.strip()
    if header == "*":
        return None
    found = _ETAG.match(header)
    if found is None:
        raise HTTPException(412, 'If-Match: send the ETag you read, such as W/"3", or * to overwrite.')
    return int(found.group(1))


async def optional_if_match(request: Request) -> int | None:
    """If-Match on an action (a status change, a step): checked when sent, not required."""
    return None if request.headers.get("if-match") is None else await if_match(request)


def etag(version: int) -> dict[str, str]:
    """The ETag header of a record at `version`."""
    return {"ETag": f'W/"{version}"'}


ReadDB = Annotated[Session, Depends(read_session)]
DB = Annotated[Database, Depends(database)]  # writes open `db.write()` themselves, then respond
CurrentActor = Annotated[Actor, Depends(current_actor)]
Writer = Annotated[Actor, Depends(api_writer)]
IfMatch = Annotated[int | None, Depends(if_match)]
OptionalIfMatch = Annotated[int | None, Depends(optional_if_match)]
# Ids in paths fit the database's integer columns; larger numbers are a 422, not an overflow.
MAX_ID = 2_147_483_647
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
