"""Pages of joint procurement: a city's procurements with the form to open one, and a procurement's
page for each role (the lead buyer runs it; a participant states its demand and sees the group's
totals; the public sees the published part). This module holds the procurement itself (opening,
editing, phases, timeline, cancelling); procurement_parts.py the group, lots, demand, dialogue and
documents. What a reader may see and do is the services' decision."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor, Role
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.procurement_labels import PROCUREMENT_LABELS
from citypact.services.errors import InvalidInput
from citypact.services.procurement import procurements, views
from citypact.services.procurement.procurements import CURRENCIES
from citypact.services.registry import cities
from citypact.web.city_names import city_ids_from
from citypact.web.forms import FormVersion, FormWriter, PageForm, see_other_done, typed
from citypact.web.pages import render
from citypact.web.procurement_forms import (
    EDIT_LABELS,
    OPEN_LABELS,
    TIMELINE_LABELS,
    moment,
)
from citypact.web.procurement_page import back, procurement_page

router = APIRouter(route_class=ReleasingRoute)
Text = Annotated[str, Form(max_length=300)]
LongText = Annotated[str, Form(max_length=20_000)]
Short = Annotated[str, Form(max_length=40)]


@router.get("/procurements", response_class=HTMLResponse)
def published(request: Request, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    """Every procurement whose tender is published, and links to the reader's own cities' lists."""
    own = sorted(actor.cities(Role.CITY_EDITOR, Role.CITY_VIEWER))
    return render(
        request,
        "procurements_published.html",
        actor=actor,
        found=views.published_procurements(session),
        own=[cities.get_profile(session, actor, c) for c in own[:20]],
        labels=PROCUREMENT_LABELS,
    )


# --- a city's procurements ------------------------------------------------------------------------


def _city_page(
    request: Request, session: Session, actor: Actor, city_id: int, form: PageForm | None = None
) -> HTMLResponse:
    city = cities.get_profile(session, actor, city_id)
    return render(
        request,
        "procurements.html",
        status_code=form.status_code if form else 200,
        actor=actor,
        city=city,
        found=views.city_procurements(session, actor, city_id),
        labels=PROCUREMENT_LABELS,
        currencies=CURRENCIES,
        form=form or PageForm("open", OPEN_LABELS, typed(currency="EUR")),
    )


@router.get("/cities/{city_id}/procurements", response_class=HTMLResponse)
def city_procurements(
    request: Request, city_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    return _city_page(request, session, actor, city_id)


@router.post("/cities/{city_id}/procurements", response_model=None)
def open_procurement(
    request: Request,
    city_id: PathId,
    db: DB,
    actor: FormWriter,
    title: Text = "",
    subject: LongText = "",
    cpv: Short = "",
    currency: Short = "EUR",
    participants: Annotated[str, Form(max_length=2000)] = "",
    department: Annotated[str, Form(max_length=200)] = "",
    bids_due_at: Short = "",
) -> Response:
    form = PageForm(
        "open",
        OPEN_LABELS,
        typed(
            title=title,
            subject=subject,
            cpv=cpv,
            currency=currency,
            participants=participants,
            department=department,
            bids_due_at=bids_due_at,
        ),
    )
    form.choice("currency", CURRENCIES)
    deadline = moment(form, "bids_due_at")
    if form.ok:
        try:
            with db.write() as session:
                pid = procurements.open_procurement(
                    session,
                    actor,
                    title=title,
                    subject=subject,
                    cpv=cpv or None,
                    currency=currency,
                    lead_city_id=city_id,
                    participants=city_ids_from(session, "participants", participants),
                    department=department,
                    bids_due_at=deadline,
                ).id
            return see_other_done(f"/procurements/{pid}", "procurement_opened")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return _city_page(request, session, actor, city_id, form)


# --- one procurement ----------------------------------------------------------------------------------


@router.get("/procurements/{procurement_id}", response_class=HTMLResponse)
def procurement(
    request: Request, procurement_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    return procurement_page(request, session, actor, procurement_id)


@router.post("/procurements/{procurement_id}/edit", response_model=None)
def edit(
    request: Request,
    procurement_id: PathId,
    db: DB,
    actor: FormWriter,
    title: Text = "",
    subject: LongText = "",
    cpv: Short = "",
    bids_due_at: Short = "",
    version: FormVersion = None,
) -> Response:
    form = PageForm(
        "edit", EDIT_LABELS, typed(title=title, subject=subject, cpv=cpv, bids_due_at=bids_due_at)
    )
    deadline = moment(form, "bids_due_at")
    if form.ok:
        try:
            with db.write() as session:
                procurements.update_procurement(
                    session,
                    actor,
                    procurement_id,
                    {"title": title, "subject": subject, "cpv": cpv or None, "bids_due_at": deadline},
                    expected_version=version,
                )
            return back(procurement_id, "procurement_saved")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return procurement_page(request, session, actor, procurement_id, form)


@router.post("/procurements/{procurement_id}/phase", response_model=None)
def move_phase(
    request: Request,
    procurement_id: PathId,
    db: DB,
    actor: FormWriter,
    phase: Short = "",
    version: FormVersion = None,
) -> Response:
    with db.write() as session:
        procurements.move_phase(session, actor, procurement_id, phase, expected_version=version)
    return back(procurement_id, "phase_moved", "timeline")


@router.post("/procurements/{procurement_id}/timeline", response_model=None)
def set_milestone(
    request: Request,
    procurement_id: PathId,
    db: DB,
    actor: FormWriter,
    phase: Short = "",
    planned_on: Short = "",
    actual_on: Short = "",
) -> Response:
    form = PageForm(
        "timeline", TIMELINE_LABELS, typed(phase=phase, planned_on=planned_on, actual_on=actual_on)
    )
    form.choice("phase", PROCUREMENT_LABELS["phases"])
    planned, actual = form.date("planned_on"), form.date("actual_on")
    if form.ok:
        try:
            with db.write() as session:
                procurements.set_milestone(
                    session, actor, procurement_id, phase, planned_on=planned, actual_on=actual
                )
            return back(procurement_id, "milestone_saved", "timeline")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return procurement_page(request, session, actor, procurement_id, form)


@router.get("/procurements/{procurement_id}/cancel", response_class=HTMLResponse)
def confirm_cancel(
    request: Request, procurement_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    """Asks before the procurement is cancelled, with the reason to give."""
    view = views.get_procurement(session, actor, procurement_id)
    return render(request, "procurement_cancel.html", actor=actor, p=view, error=None, reason="")


@router.post("/procurements/{procurement_id}/cancel", response_model=None)
def cancel(
    request: Request,
    procurement_id: PathId,
    db: DB,
    actor: FormWriter,
    reason: Annotated[str, Form(max_length=2000)] = "",
    version: FormVersion = None,
) -> Response:
    try:
        with db.write() as session:
            procurements.cancel(session, actor, procurement_id, reason, expected_version=version)
    except InvalidInput as error:
        with db.read() as session:
            view = views.get_procurement(session, actor, procurement_id)
        return render(
            request,
            "procurement_cancel.html",
            status_code=422,
            actor=actor,
            p=view,
            error=error.message,
            reason=reason,
        )
    return back(procurement_id, "procurement_cancelled")
