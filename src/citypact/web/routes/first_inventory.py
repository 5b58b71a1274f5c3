"""The first-inventory page of a city: the guided path through the GPC BASIC subsectors, the first
estimate (a form for its year and population), the checklist of subsectors still on the estimate,
the completeness, and the mentor city's comments. Who may do what:
services/inventory/first_inventory.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.gpc import SECTOR_NAMES, SUBSECTOR_NAMES
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.first_inventory_labels import FIRST_INVENTORY_LABELS
from citypact.i18n.labels import N_
from citypact.services.inventory import first_inventory
from citypact.web.forms import FormWriter, PageForm, typed, write_or_show
from citypact.web.pages import render

router = APIRouter(route_class=ReleasingRoute)
ESTIMATE_LABELS = {"year": N_("Inventory year"), "population": N_("Population")}


def _page(request: Request, session: Session, actor: Actor, city_id: int, form: PageForm | None = None) -> HTMLResponse:
    view = first_inventory.first_inventory(session, actor, city_id)
    if form is None:
        form = PageForm("estimate", ESTIMATE_LABELS, typed(population=view.population or ""))
    return render(
        request,
        "first_inventory.html",
        status_code=form.status_code,
        actor=actor,
        view=view,
        form=form,
        labels=FIRST_INVENTORY_LABELS,
        sectors=SECTOR_NAMES,
        subsectors=SUBSECTOR_NAMES,
        states={item.subsector: item.state for item in view.checklist},
    )


@router.get("/cities/{city_id}/first-inventory", response_class=HTMLResponse)
def page(request: Request, city_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    return _page(request, session, actor, city_id)


@router.post("/cities/{city_id}/first-inventory", response_model=None)
def estimate(
    request: Request,
    city_id: PathId,
    db: DB,
    actor: FormWriter,
    year: Annotated[str, Form(max_length=8)] = "",
    population: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    form = PageForm("estimate", ESTIMATE_LABELS, typed(year=year, population=population))
    chosen_year = form.year("year")
    people = form.whole_number("population")

    def write(session: Session) -> str:
        assert chosen_year is not None
        first_inventory.write_first_estimate(session, actor, city_id, year=chosen_year, population=people)
        return f"/cities/{city_id}/first-inventory?done=first_estimate_written#checklist"

    return write_or_show(form, db, write, lambda session: _page(request, session, actor, city_id, form))
