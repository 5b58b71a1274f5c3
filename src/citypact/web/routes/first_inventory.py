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
from citypact.domain.first_inventory import DATA_NEEDS
from citypact.domain.gpc import SECTOR_NAMES, SUBSECTOR_NAMES
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.catalog import translations
from citypact.i18n.first_inventory_labels import FIRST_INVENTORY_LABELS
from citypact.i18n.labels import N_
from citypact.services.inventory import first_inventory
from citypact.web.forms import FormWriter, PageForm, typed, write_or_show
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute)
ESTIMATE_LABELS = {"year": N_("Inventory year"), "population": N_("Population")}
COMMENT_LABELS = {"subsector": N_("Subsector"), "body": N_("Comment")}


def _page(
    request: Request,
    session: Session,
    actor: Actor,
    city_id: int,
    form: PageForm | None = None,
    comment_form: PageForm | None = None,
) -> HTMLResponse:
    view = first_inventory.first_inventory(session, actor, city_id)
    _ = translations(locale_of(request)).gettext
    if form is None:
        form = PageForm("estimate", ESTIMATE_LABELS, typed(population=view.population or ""))
    comment_form = comment_form or PageForm("comment", COMMENT_LABELS)
    return render(
        request,
        "first_inventory.html",
        status_code=max(form.status_code, comment_form.status_code),
        actor=actor,
        view=view,
        form=form,
        comment_form=comment_form,
        subsector_choices=[(s, f"{s} {_(SUBSECTOR_NAMES[s])}") for s in DATA_NEEDS],
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


@router.post("/cities/{city_id}/first-inventory/comments", response_model=None)
def comment(
    request: Request,
    city_id: PathId,
    db: DB,
    actor: FormWriter,
    subsector: Annotated[str, Form(max_length=8)] = "",
    body: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    form = PageForm("comment", COMMENT_LABELS, typed(subsector=subsector, body=body))
    chosen = form.choice("subsector", DATA_NEEDS)

    def write(session: Session) -> str:
        first_inventory.add_comment(session, actor, city_id, subsector=chosen, body=form.value("body"))
        return f"/cities/{city_id}/first-inventory?done=comment_added#comments"

    return write_or_show(
        form, db, write, lambda session: _page(request, session, actor, city_id, comment_form=form)
    )
