"""A measure of a city's plan changed on its own page, and cancelled after a confirmation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.action_plans import FUNDING_SOURCES
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.labels import N_
from citypact.services.errors import InvalidInput, StaleVersion
from citypact.services.plans import action_plans
from citypact.web.forms import CHANGED_MEANWHILE, FormVersion, FormWriter, PageForm, see_other_done, typed
from citypact.web.pages import render
from citypact.web.plan_forms import MEASURE_LABELS, MeasureFields, parse_measure

router = APIRouter(route_class=ReleasingRoute)


def _edit_page(
    request: Request, session: Session, actor: Actor, city_id: int, plan_id: int, form: PageForm | None
) -> HTMLResponse:
    measure = action_plans.get_plan_measure(session, actor, city_id, plan_id)
    if form is None:
        stored = {name: getattr(measure, name) for name in MEASURE_LABELS if name != "measure"}
        stored["co_benefits"] = ",".join(measure.co_benefits)
        form = PageForm("measure", MEASURE_LABELS, typed(**stored))
    return render(
        request,
        "plan_measure_edit.html",
        status_code=form.status_code,
        actor=actor,
        city_id=city_id,
        measure=measure,
        form=form,
        funding_sources=FUNDING_SOURCES,
    )


@router.get("/cities/{city_id}/plan/measures/{plan_id}/edit", response_class=HTMLResponse)
def edit_measure_form(
    request: Request, city_id: PathId, plan_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    return _edit_page(request, session, actor, city_id, plan_id, None)


@router.post("/cities/{city_id}/plan/measures/{plan_id}/edit", response_model=None)
def edit_measure(
    request: Request,
    city_id: PathId,
    plan_id: PathId,
    db: DB,
    actor: FormWriter,
    fields: Annotated[MeasureFields, Form()],
    version: FormVersion = None,
) -> Response:
    form = PageForm("measure", MEASURE_LABELS, fields.typed(with_measure=False))
    values = parse_measure(form, clearing=True)
    if form.ok:
        try:
            with db.write() as session:
                action_plans.save_plan_measure(
                    session, actor, city_id, values, plan_id, expected_version=version
                )
            return see_other_done(f"/cities/{city_id}/plan#measure-{plan_id}", "measure_saved")
        except InvalidInput as error:
            form.refuse(error)
        except StaleVersion:
            form.problem("version", CHANGED_MEANWHILE)  # the page carries the new version
    with db.read() as session:
        return _edit_page(request, session, actor, city_id, plan_id, form)


@router.get("/cities/{city_id}/plan/measures/{plan_id}/cancel", response_class=HTMLResponse)
def confirm_cancel_measure(
    request: Request, city_id: PathId, plan_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    """Asks before a measure is cancelled (it stays in the plan, marked cancelled, with its history)."""
    measure = action_plans.get_plan_measure(session, actor, city_id, plan_id)
    return render(
        request,
        "confirm_delete.html",
        actor=actor,
        heading=N_("Cancel this measure?"),
        facts=[(N_("Title"), measure.title), (N_("Owner department"), measure.owner_department)],
        consequence=N_(
            "The measure stays in the plan, marked cancelled, and no longer counts towards the target."
        ),
        action=f"/cities/{city_id}/plan/measures/{plan_id}/cancel",
        record_version=measure.version,
        cancel=f"/cities/{city_id}/plan#measure-{plan_id}",
        confirm=N_("Cancel the measure"),
        back=N_("Keep it"),
    )


@router.post("/cities/{city_id}/plan/measures/{plan_id}/cancel", response_model=None)
def cancel_measure(
    request: Request,
    city_id: PathId,
    plan_id: PathId,
    db: DB,
    actor: FormWriter,
    version: FormVersion = None,
) -> Response:
    with db.write() as session:
        action_plans.set_cancelled(session, actor, city_id, plan_id, True, expected_version=version)
    return see_other_done(f"/cities/{city_id}/plan#measure-{plan_id}", "measure_cancelled")
