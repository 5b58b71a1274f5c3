"""Network pages; a network's secretariat enrols and removes member cities here."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from citypact.api.deps import DB, CurrentActor, PathId, ReadDB
from citypact.services import networks
from citypact.web.pages import render
from citypact.web.routes.forms import check_csrf, see_other

router = APIRouter(prefix="/networks")


@router.get("", response_class=HTMLResponse)
def index(request: Request, session: ReadDB) -> HTMLResponse:
    return render(request, "networks.html", networks=networks.list_networks(session))


@router.get("/{slug}", response_class=HTMLResponse)
def detail(request: Request, slug: str, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    return render(request, "network.html", actor=actor, detail=networks.get_network(session, actor, slug))


@router.post("/{slug}/members", response_model=None)
def add_member(
    request: Request,
    slug: str,
    db: DB,
    actor: CurrentActor,
    csrf_token: Annotated[str, Form()] = "",
    city_id: Annotated[int, Form(ge=1, le=2_147_483_647)] = 0,
) -> Response:
    check_csrf(request, csrf_token)
    with db.write() as session:
        networks.add_member(session, actor, slug, city_id)
    return see_other(f"/networks/{slug}")


@router.post("/{slug}/members/{city_id}/delete", response_model=None)
def remove_member(
    request: Request,
    slug: str,
    city_id: PathId,
    db: DB,
    actor: CurrentActor,
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf_token)
    with db.write() as session:
        networks.remove_member(session, actor, slug, city_id)
    return see_other(f"/networks/{slug}")
