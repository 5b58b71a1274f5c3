"""Log in and out, one's account and API tokens, the platform audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.http.security import client_address
from citypact.http.session import log_in, log_out, session_token
from citypact.services import audit
from citypact.services.auth import accounts, login_throttle, sessions
from citypact.services.auth import login as login_service
from citypact.services.auth.passwords import MAX_LENGTH as MAX_PASSWORD_LENGTH
from citypact.services.errors import InvalidInput, NotAuthenticated
from citypact.web.forms import FORM_CSRF, FormWriter, see_other
from citypact.web.pages import render

router = APIRouter(route_class=ReleasingRoute)


def _safe_next(target: str) -> str:
    """Only same-site paths: a login link must not send people elsewhere."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: Annotated[str, Query(max_length=300)] = "/") -> HTMLResponse:
    return render(request, "login.html", next=_safe_next(next), failed=False)


@router.post("/login", response_model=None, dependencies=[FORM_CSRF])
def login(
    request: Request,
    db: DB,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=MAX_PASSWORD_LENGTH)] = "",
    next: Annotated[str, Form(max_length=300)] = "/",
) -> Response:
    try:
        token = login_service.log_in(
            db,
            email,
            password,
            address=client_address(request),
            user_agent=request.headers.get("user-agent", ""),
            previous_token=session_token(request),
        )
    except login_throttle.TooManyAttempts as locked:
        response = render(
            request,
            "login.html",
            status_code=429,
            next=_safe_next(next),
            locked_until=locked.retry_at,
            email=email,
        )
        response.headers["Retry-After"] = str(locked.retry_after_seconds())
        return response
    if token is None:
        return render(request, "login.html", status_code=401, next=_safe_next(next), failed=True, email=email)
    log_in(request, token)
    # From the home page (or no page in particular) a signed-in user starts on "My city".
    target = _safe_next(next)
    return see_other("/my" if target == "/" else target)


@router.post("/logout", response_model=None, dependencies=[FORM_CSRF])
def logout(request: Request, db: DB) -> Response:
    if (token := session_token(request)) is not None:
        with db.write() as session:
            sessions.end(session, token)
    log_out(request)
    return see_other("/")


def _account_page(
    request: Request,
    session: ReadDB,
    actor: CurrentActor,
    issued: accounts.IssuedToken | None = None,
    *,
    status_code: int | None = None,
    password_error: InvalidInput | None = None,
    password_changed: int | None = None,
) -> HTMLResponse:
    if not actor.is_authenticated:
        raise NotAuthenticated("Log in to see your account.")
    return render(
        request,
        "account.html",
        status_code=status_code or (201 if issued else 200),
        actor=actor,
        issued=issued,
        tokens=accounts.list_tokens(session, actor),
        sessions=sessions.list_own(session, actor, session_token(request)),
        password_error=password_error,
        password_changed=password_changed,
    )


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    return _account_page(request, session, actor)


@router.post("/account/tokens", response_model=None)
def issue_token(
    request: Request,
    db: DB,
    actor: FormWriter,
    name: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    with db.write() as session:
        issued = accounts.issue_token(session, actor, name)
    with db.read() as session:
        return _account_page(request, session, actor, issued)


@router.post("/account/tokens/{token_id}/revoke", response_model=None)
def revoke_token(
    request: Request,
    token_id: PathId,
    db: DB,
    actor: FormWriter,
) -> Response:
    with db.write() as session:
        accounts.revoke_token(session, actor, token_id)
    return see_other("/account")


@router.post("/account/password", response_model=None)
def change_password(
    request: Request,
    db: DB,
    actor: FormWriter,
    current_password: Annotated[str, Form(max_length=MAX_PASSWORD_LENGTH)] = "",
    new_password: Annotated[str, Form(max_length=MAX_PASSWORD_LENGTH + 1)] = "",
) -> Response:
    """Change one's password; every other session of the account ends, this one stays."""
    if not actor.is_authenticated:
        raise NotAuthenticated("Log in to change your password.")
    try:
        with db.write() as session:
            ended = accounts.change_password(
                session, actor, current_password, new_password, keep_session=session_token(request)
            )
    except InvalidInput as error:
        with db.read() as session:
            return _account_page(request, session, actor, status_code=422, password_error=error)
    with db.read() as session:
        return _account_page(request, session, actor, password_changed=ended)


@router.post("/account/sessions/{session_id}/end", response_model=None)
def end_session(
    request: Request,
    session_id: PathId,
    db: DB,
    actor: FormWriter,
) -> Response:
    with db.write() as session:
        sessions.end_one(session, actor, session_id)
    return see_other("/account")


@router.post("/account/sessions/end-others", response_model=None)
def end_other_sessions(request: Request, db: DB, actor: FormWriter) -> Response:
    """Log out everywhere else, e.g. after using a shared computer."""
    if not actor.is_authenticated or actor.user_id is None:
        raise NotAuthenticated("Log in to end your sessions.")
    with db.write() as session:
        sessions.end_all(session, actor, actor.user_id, keep_token=session_token(request))
    return see_other("/account")


@router.get("/audit", response_class=HTMLResponse)
def audit_log(
    request: Request,
    session: ReadDB,
    actor: CurrentActor,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    entries = audit.page_entries(session, actor, page=page)
    return render(request, "audit.html", actor=actor, entries=entries.items, pager=entries, city=None)
