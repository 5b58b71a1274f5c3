"""Pages of the national scopes of action: /scopes (the profiles side by side with their sources) and
/scopes/{country} (one country's cells, notes and sources). Public reference data (services/scopes)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from citypact.domain.measures import FIELDS, INSTRUMENTS
from citypact.http.deps import ReleasingRoute
from citypact.i18n.scopes_labels import SAY_HELP, SAY_LABELS
from citypact.services import scopes
from citypact.web.pages import render

router = APIRouter(route_class=ReleasingRoute)
Country = Annotated[str, Path(min_length=2, max_length=2)]


@router.get("/scopes", response_class=HTMLResponse)
def all_scopes(request: Request) -> HTMLResponse:
    shipped = scopes.all_scopes()
    views = [scopes.country_scope(c) for c in shipped.profiles]
    return render(
        request,
        "scopes.html",
        shipped=shipped,
        views=views,
        fields=FIELDS,
        instruments=INSTRUMENTS,
        say_labels=SAY_LABELS,
        say_help=SAY_HELP,
    )


@router.get("/scopes/{country}", response_class=HTMLResponse)
def one_scope(request: Request, country: Country) -> HTMLResponse:
    view = scopes.country_scope(country)
    return render(
        request,
        "scope.html",
        view=view,
        shipped=scopes.all_scopes(),
        fields=FIELDS,
        instruments=INSTRUMENTS,
        say_labels=SAY_LABELS,
        say_help=SAY_HELP,
    )
