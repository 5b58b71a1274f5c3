"""/api/v1 accounts: who am I, users and roles (administrators), personal API tokens, audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from citypact.api.schemas.accounts import (
    AuditOut,
    LoginIn,
    LoginOut,
    MembershipIn,
    MembershipOut,
    MeOut,
    PasswordChangeIn,
    PasswordChangeOut,
    SessionOut,
    SessionsEndedOut,
    TokenIn,
    TokenOut,
    UserIn,
    UserOut,
)
from citypact.domain.access import Role
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute, Writer
from citypact.http.security import client_address
from citypact.http.session import csrf_token, log_in, log_out, session_token
from citypact.services import audit
from citypact.services.auth import accounts, login_throttle, sessions
from citypact.services.auth import login as login_service
from citypact.services.errors import NotAuthenticated

router = APIRouter(route_class=ReleasingRoute, tags=["accounts"])


@router.get("/me", response_model=MeOut)
def me(actor: CurrentActor) -> MeOut:
    roles: list[dict[str, str | int]] = [
        {"role": g.role.value, "scope_id": g.scope_id}
        for g in sorted(actor.grants, key=lambda g: (g.role, g.scope_id))
    ]
    return MeOut(user_id=actor.user_id, is_admin=actor.is_admin, roles=roles)


@router.post(
    "/session",
    response_model=LoginOut,
    responses={
        401: {"description": "wrong email or password"},
        429: {"description": "locked; see Retry-After"},
    },
)
def api_log_in(body: LoginIn, request: Request, db: DB) -> LoginOut | Response:
    """Log in with email and password: sets the session cookie (scripts use API tokens instead).
    Throttled like the login page: 429 with Retry-After while the account or the address is locked."""
    try:
        token = login_service.log_in(
            db,
            body.email,
            body.password,
            address=client_address(request),
            user_agent=request.headers.get("user-agent", ""),
            previous_token=session_token(request),
        )
    except login_throttle.TooManyAttempts as locked:
        return JSONResponse(
            {"detail": str(locked)},
            status_code=429,
            headers={"Retry-After": str(locked.retry_after_seconds())},
        )
    if token is None:
        raise NotAuthenticated("Email or password is wrong.")
    log_in(request, token)
    with db.read() as session:
        live = sessions.live(session, token)
    assert live is not None
    return LoginOut(user_id=live.user.id, csrf_token=csrf_token(request))


@router.delete("/session", status_code=204)
def api_log_out(request: Request, db: DB, actor: Writer) -> Response:
    """End the session of this cookie (send its X-CSRF-Token header)."""
    if (token := session_token(request)) is not None:
        with db.write() as session:
            sessions.end(session, token)
    log_out(request)
    return Response(status_code=204)


@router.post("/users", response_model=UserOut, status_code=201)
def create_user(body: UserIn, db: DB, actor: Writer) -> UserOut:
    with db.write() as session:
        user = accounts.create_user(
            session, actor, body.email, body.name, body.password, is_admin=body.is_admin
        )
        return UserOut.model_validate(user, from_attributes=True)


@router.post("/users/{user_id}/memberships", response_model=MembershipOut, status_code=201)
def grant(user_id: PathId, body: MembershipIn, db: DB, actor: Writer) -> MembershipOut:
    with db.write() as session:
        membership = accounts.grant_role(session, actor, user_id, Role(body.role), body.scope_id)
        return MembershipOut.model_validate(membership, from_attributes=True)


@router.post("/me/password", response_model=PasswordChangeOut)
def change_password(body: PasswordChangeIn, request: Request, db: DB, actor: Writer) -> PasswordChangeOut:
    """Change your password; your other login sessions end (API tokens stay: revoke them apart)."""
    with db.write() as session:
        ended = accounts.change_password(
            session, actor, body.current_password, body.new_password, keep_session=session_token(request)
        )
    return PasswordChangeOut(sessions_ended=ended)


@router.get("/me/sessions", response_model=list[SessionOut])
def my_sessions(request: Request, session: ReadDB, actor: CurrentActor) -> list[SessionOut]:
    """Where you are logged in with the pages (API tokens are listed apart)."""
    if not actor.is_authenticated:
        raise NotAuthenticated()
    found = sessions.list_own(session, actor, session_token(request))
    return [SessionOut.model_validate(s, from_attributes=True) for s in found]


@router.delete("/users/{user_id}/sessions", response_model=SessionsEndedOut)
def end_sessions(user_id: PathId, db: DB, actor: Writer) -> SessionsEndedOut:
    """End every login session of a user at once (administrators; anyone for themself)."""
    with db.write() as session:
        return SessionsEndedOut(ended=sessions.end_all(session, actor, user_id))


@router.post("/tokens", response_model=TokenOut, status_code=201)
def issue_token(body: TokenIn, db: DB, actor: Writer) -> TokenOut:
    with db.write() as session:
        return TokenOut.model_validate(accounts.issue_token(session, actor, body.name), from_attributes=True)


@router.delete("/tokens/{token_id}", status_code=204)
def revoke_token(token_id: PathId, db: DB, actor: Writer) -> Response:
    with db.write() as session:
        accounts.revoke_token(session, actor, token_id)
    return Response(status_code=204)


@router.get("/audit", response_model=list[AuditOut])
def audit_log(
    session: ReadDB,
    actor: CurrentActor,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[AuditOut]:
    entries = audit.list_entries(session, actor, limit=limit, offset=offset)
    return [AuditOut.model_validate(e, from_attributes=True) for e in entries]
