"""Home and About pages."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from citypact.http.deps import CurrentActor, ReadDB, ReleasingRoute
from citypact.services import my_city
from citypact.services.registry import info as registry_info
from citypact.services.registry.networks import list_networks
from citypact.web.pages import render

router = APIRouter(route_class=ReleasingRoute)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    """What citypact is for, a way into each capability with live figures, and "My city" for staff."""
    return render(
        request,
        "home.html",
        actor=actor,
        figures=registry_info.home_figures(session),
        networks=list_networks(session),
        has_home=bool(my_city.my_cities(session, actor) or my_city.my_networks(session, actor)),
    )


@router.get("/about", response_class=HTMLResponse)
def about(request: Request, session: ReadDB) -> HTMLResponse:
    return render(request, "about.html", sources=registry_info.sources(session))
