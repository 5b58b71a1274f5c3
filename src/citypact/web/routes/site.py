"""Home and About pages."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from citypact.http.deps import ReadDB, ReleasingRoute
from citypact.services.registry import info as registry_info
from citypact.services.registry.networks import list_networks
from citypact.web.pages import render

router = APIRouter(route_class=ReleasingRoute)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: ReadDB) -> HTMLResponse:
    return render(request, "home.html", counts=registry_info.counts(session), networks=list_networks(session))


@router.get("/about", response_class=HTMLResponse)
def about(request: Request, session: ReadDB) -> HTMLResponse:
    return render(request, "about.html", sources=registry_info.sources(session))
