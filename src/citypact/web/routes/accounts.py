"""Log in and out, one's account and API tokens, the platform audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from citypact.api.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.api.session import log_in, log_out
from citypact.services import accounts, audit
from citypact.services.errors import NotAuthenticated
from citypact.web.pages import render
from citypact.web.routes.forms import check_csrf, see_other

router = APIRouter(route_class=ReleasingRoute)


def _safe_next(target: str) -> str:
    """Only same-site paths: a login link must not send people elsewhere."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: Annotated[str, Query(max_length=300)] = "/") -> HTMLResponse:
    return render(request, "login.html", next=_safe_next(next), failed=False)


@router.post("/login", response_model=None)
def login(
    request: Request,
    db: DB,
    csrf_token: Annotated[str, Form()] = "",
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=300)] = "/",
) -> Response:
    check_csrf(request, csrf_token)
    with db.read() as session:
        user = accounts.authenticate(session, email, password)
    if user is None:
        return render(request, "login.html", status_code=401, next=_safe_next(next), failed=True, email=email)
    log_in(request, user.id)
    return see_other(_safe_next(next))


@router.post("/logout", response_model=None)
def logout(request: Request, csrf_token: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf_token)
    log_out(request)
    return see_other("/")


def _account_page(
    request: Request, session: ReadDB, actor: CurrentActor, issued: accounts.IssuedToken | None = None
) -> HTMLResponse:
    if not actor.is_authenticated:
        raise NotAuthenticated("Log in to see your account.")
    return render(
        request,
        "account.html",
        status_code=201 if issued else 200,
        actor=actor,
        issued=issued,
        tokens=accounts.list_tokens(session, actor),
    )


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    return _account_page(request, session, actor)


@router.post("/account/tokens", response_model=None)
def issue_token(
    request: Request,
    db: DB,
    actor: CurrentActor,
    csrf_token: Annotated[str, Form()] = "",
    name: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    check_csrf(request, csrf_token)
    with db.write() as session:
        issued = accounts.issue_token(session, actor, name)
    with db.read() as session:
        return _account_page(request, session, actor, issued)


@router.post("/account/tokens/{token_id}/revoke", response_model=None)
def revoke_token(
    request: Request,
    token_id: PathId,
    db: DB,
    actor: CurrentActor,
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf_token)
    with db.write() as session:
        accounts.revoke_token(session, actor, token_id)
    return see_other("/account")


@router.get("/audit", response_class=HTMLResponse)
def audit_log(
    request: Request,
    session: ReadDB,
    actor: CurrentActor,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    entries = audit.list_entries(session, actor, limit=100, offset=(page - 1) * 100)
    return render(request, "audit.html", actor=actor, entries=entries, city=None, page=page)
