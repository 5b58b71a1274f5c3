"""Pages of the funding catalogue: the list (filters, the stated order), a programme's page (its
calls and their states today, the source and the day it was checked; for its keepers the forms to
add calls, mark it checked and end it; for reviewers of a suggestion accept and decline), new and
edit forms, a call's edit form and its removal (asked first), a city's suggestion form and the
review list of suggestions.

What a reader may see and do is the services' decision (services/funding/programme_access.py); the pages
show a form where the view says the reader may use it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor, Role
from citypact.domain.funding import FUNDER_LEVELS, INSTRUMENTS
from citypact.domain.measures import FIELDS
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.labels import N_
from citypact.services.errors import Conflict, InvalidInput, NotAuthenticated, PermissionDenied, StaleVersion
from citypact.services.funding import (
    catalogue,
    programme_access,
    programme_calls,
    programme_status,
    programme_writes,
)
from citypact.services.funding.programme_input import today_utc
from citypact.web.forms import CHANGED_MEANWHILE, CHOICE, FormVersion, FormWriter, PageForm, see_other, typed
from citypact.web.funding_forms import (
    CALL_LABELS,
    CLOSED_NOTICE,
    ORDER_RULE,
    PROGRAMME_LABELS,
    REASON_LABELS,
    STALE_NOTICE,
    CallFields,
    ProgrammeFields,
    amount_text,
    call_values,
    programme_values,
    stored_programme,
    words,
)
from citypact.web.pages import render

router = APIRouter(route_class=ReleasingRoute)
P = "/funding/programmes"
Reason = Annotated[str, Form(max_length=2000)]
PAGE_SIZE = 25


def _common() -> dict[str, Any]:
    return {
        "labels": words(),
        "instruments": INSTRUMENTS,
        "funder_levels": FUNDER_LEVELS,
        "field_codes": list(FIELDS),
        "order_rule": ORDER_RULE,
        "stale_notice": STALE_NOTICE,
        "closed_notice": CLOSED_NOTICE,
    }


def _refuse(form: PageForm, error: InvalidInput | Conflict) -> None:
    if isinstance(error, StaleVersion):
        form.problem("version", CHANGED_MEANWHILE)
    elif isinstance(error, InvalidInput):
        form.refuse(error)
    else:
        form.problem("conflict", str(error))


def _my_networks(session: Session, actor: Actor) -> list[tuple[str, str]]:
    return [(str(i), n) for i, n in programme_access.networks_run_by(session, actor)]


def _my_cities(session: Session, actor: Actor) -> list[tuple[str, str]]:
    return [(str(i), n) for i, n in programme_access.cities_edited_by(session, actor)]


# --- the list -----------------------------------------------------------------------------------------


@router.get(P, response_class=HTMLResponse)
def programme_list(
    request: Request,
    session: ReadDB,
    actor: CurrentActor,
    instrument: Annotated[str, Query(max_length=30)] = "",
    funder_level: Annotated[str, Query(max_length=20)] = "",
    country: Annotated[str, Query(max_length=2)] = "",
    field: Annotated[str, Query(max_length=40)] = "",
    open_now: Annotated[str, Query(max_length=1)] = "",
    q: Annotated[str, Query(max_length=100)] = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    """Active and ended programmes, filtered, in the order the page states."""
    today = today_utc()
    found = catalogue.list_programmes(
        session,
        actor,
        instrument=instrument or None,
        funder_level=funder_level or None,
        country=country or None,
        field=field or None,
        open_on=today if open_now else None,
        text=q or None,
        page=page,
        size=PAGE_SIZE,
        today=today,
    )
    chosen = {
        "instrument": instrument,
        "funder_level": funder_level,
        "country": country,
        "field": field,
        "open_now": open_now,
        "q": q,
    }
    return render(
        request,
        "funding/programmes.html",
        actor=actor,
        found=found,
        chosen=chosen,
        today=today,
        can_add=actor.keeps_funding_catalogue(),
        can_suggest=bool(actor.cities(Role.CITY_EDITOR)),
        money=_money(request),
        **_common(),
    )


def _money(request: Request) -> Any:
    from citypact.web.deal_forms import money_in
    from citypact.web.pages import locale_of

    return money_in(locale_of(request))


# --- new, suggest, edit -------------------------------------------------------------------------------


def _programme_form_page(
    request: Request, session: Session, actor: Actor, form: PageForm, mode: str, view: Any = None
) -> HTMLResponse:
    return render(
        request,
        "funding/programme_form.html",
        status_code=form.status_code,
        actor=actor,
        form=form,
        mode=mode,
        p=view,
        networks=_my_networks(session, actor),
        cities=_my_cities(session, actor),
        **_common(),
    )


def _blank(**extra: str) -> PageForm:
    start = {
        "funder_level": "national",
        "instrument": "grant",
        "min_cities": "1",
        "min_countries": "1",
        "currency": "EUR",
        "checked_on": today_utc().isoformat(),
        **extra,
    }
    return PageForm("programme", PROGRAMME_LABELS, start)


@router.get(P + "/new", response_class=HTMLResponse)
def new_programme_form(request: Request, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    if not actor.is_authenticated:
        raise NotAuthenticated()
    if not actor.keeps_funding_catalogue():
        raise PermissionDenied("Only a network's secretariat or an administrator adds funding programmes.")
    networks = _my_networks(session, actor)
    return _programme_form_page(
        request, session, actor, _blank(maintainer_network_id=networks[0][0] if networks else ""), "new"
    )


@router.post(P + "/new", response_model=None)
def create_programme(
    request: Request, db: DB, actor: FormWriter, fields: Annotated[ProgrammeFields, Form()]
) -> Response:
    form = fields.form()
    values = programme_values(form)
    if form.ok:
        try:
            with db.write() as session:
                made = programme_writes.create_programme(
                    session, actor, values, maintainer_network_id=form.text("maintainer_network_id") or None
                )
            return see_other(f"{P}/{made.id}")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return _programme_form_page(request, session, actor, form, "new")


@router.get("/funding/suggestions/new", response_class=HTMLResponse)
def suggest_form(request: Request, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    if not actor.is_authenticated:
        raise NotAuthenticated()
    cities = _my_cities(session, actor)
    if not cities and not actor.is_admin:
        raise PermissionDenied("Only a city's editors suggest programmes.")
    return _programme_form_page(
        request, session, actor, _blank(city_id=cities[0][0] if cities else ""), "suggest"
    )


@router.post("/funding/suggestions/new", response_model=None)
def suggest(
    request: Request, db: DB, actor: FormWriter, fields: Annotated[ProgrammeFields, Form()]
) -> Response:
    form = fields.form()
    values = programme_values(form)
    city = form.whole_number("city_id")
    if city is None:
        form.problem("city_id", CHOICE)
    if form.ok and city is not None:
        try:
            with db.write() as session:
                made = programme_writes.suggest_programme(session, actor, city, values)
            return see_other(f"{P}/{made.id}")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return _programme_form_page(request, session, actor, form, "suggest")


@router.get("/funding/suggestions", response_class=HTMLResponse)
def suggestions(request: Request, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    """Suggestions waiting for review: for those who keep the catalogue all of them, for a city's
    staff their city's."""
    if not actor.is_authenticated:
        raise NotAuthenticated()
    found = catalogue.list_programmes(session, actor, status="suggested", size=200)
    declined = catalogue.list_programmes(session, actor, status="declined", size=50)
    return render(
        request,
        "funding/suggestions.html",
        actor=actor,
        found=found,
        declined=declined,
        can_review=actor.keeps_funding_catalogue(),
        **_common(),
    )


@router.get(P + "/{programme_id}/edit", response_class=HTMLResponse)
def edit_form(request: Request, programme_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    view = catalogue.get_programme(session, actor, programme_id)
    if not view.can_edit:
        if not actor.is_authenticated:
            raise NotAuthenticated()
        raise PermissionDenied("Only the secretariat that keeps this entry, or an administrator, changes it.")
    form = PageForm("programme", PROGRAMME_LABELS, stored_programme(view))
    return _programme_form_page(request, session, actor, form, "edit", view)


@router.post(P + "/{programme_id}/edit", response_model=None)
def edit(
    request: Request,
    programme_id: PathId,
    db: DB,
    actor: FormWriter,
    fields: Annotated[ProgrammeFields, Form()],
    version: FormVersion = None,
) -> Response:
    form = fields.form()
    values = programme_values(form)
    if form.ok:
        try:
            with db.write() as session:
                programme_writes.update_programme(
                    session, actor, programme_id, values, expected_version=version
                )
            return see_other(f"{P}/{programme_id}")
        except (InvalidInput, Conflict) as error:
            _refuse(form, error)
    with db.read() as session:
        view = catalogue.get_programme(session, actor, programme_id)
        return _programme_form_page(request, session, actor, form, "edit", view)


# --- one programme -----------------------------------------------------------------------------------


def _programme_page(
    request: Request,
    session: Session,
    actor: Actor,
    programme_id: int,
    failed: dict[str, PageForm] | None = None,
) -> HTMLResponse:
    view = catalogue.get_programme(session, actor, programme_id)
    failed = failed or {}
    page_forms = {
        "call": PageForm("call", CALL_LABELS),
        "end": PageForm("end", REASON_LABELS),
        "decline": PageForm("decline", REASON_LABELS),
        "review": PageForm("review", PROGRAMME_LABELS),
        **failed,
    }
    status = max((f.status_code for f in failed.values()), default=200)
    return render(
        request,
        "funding/programme.html",
        status_code=status,
        actor=actor,
        p=view,
        page_forms=page_forms,
        networks=_my_networks(session, actor),
        money=_money(request),
        **_common(),
    )


@router.get(P + "/{programme_id}", response_class=HTMLResponse)
def show(request: Request, programme_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    return _programme_page(request, session, actor, programme_id)


@router.post(P + "/{programme_id}/calls", response_model=None)
def add_call(
    request: Request, programme_id: PathId, db: DB, actor: FormWriter, fields: Annotated[CallFields, Form()]
) -> Response:
    form = fields.form()
    values = call_values(form)
    if form.ok:
        try:
            with db.write() as session:
                programme_calls.add_call(session, actor, programme_id, values)
            return see_other(f"{P}/{programme_id}#calls")
        except (InvalidInput, Conflict) as error:
            _refuse(form, error)
    with db.read() as session:
        return _programme_page(request, session, actor, programme_id, {"call": form})


def _call_of(view: catalogue.ProgrammeView, call_id: int) -> catalogue.CallView:
    for call in view.calls:
        if call.id == call_id:
            return call
    from citypact.services.errors import NotFound

    raise NotFound("call", call_id)


def _call_page(
    request: Request, session: Session, actor: Actor, programme_id: int, call_id: int, form: PageForm | None
) -> HTMLResponse:
    view = catalogue.get_programme(session, actor, programme_id)
    call = _call_of(view, call_id)
    if not view.can_edit:
        if not actor.is_authenticated:
            raise NotAuthenticated()
        raise PermissionDenied("Only the secretariat that keeps this entry, or an administrator, changes it.")
    if form is None:
        form = PageForm(
            "call",
            CALL_LABELS,
            typed(
                title=call.title,
                opens_on=call.opens_on,
                closes_on=call.closes_on,
                budget=amount_text(call.budget_minor, view.currency),
                url=call.url,
                note=call.note,
            ),
        )
    return render(
        request,
        "funding/call_form.html",
        status_code=form.status_code,
        actor=actor,
        p=view,
        call=call,
        form=form,
    )


@router.get(P + "/{programme_id}/calls/{call_id}/edit", response_class=HTMLResponse)
def call_form(
    request: Request, programme_id: PathId, call_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    return _call_page(request, session, actor, programme_id, call_id, None)


@router.post(P + "/{programme_id}/calls/{call_id}/edit", response_model=None)
def edit_call(
    request: Request,
    programme_id: PathId,
    call_id: PathId,
    db: DB,
    actor: FormWriter,
    fields: Annotated[CallFields, Form()],
    version: FormVersion = None,
) -> Response:
    form = fields.form()
    values = call_values(form)
    if form.ok:
        try:
            with db.write() as session:
                programme_calls.update_call(
                    session, actor, programme_id, call_id, values, expected_version=version
                )
            return see_other(f"{P}/{programme_id}#calls")
        except (InvalidInput, Conflict) as error:
            _refuse(form, error)
    with db.read() as session:
        return _call_page(request, session, actor, programme_id, call_id, form)


@router.get(P + "/{programme_id}/calls/{call_id}/remove", response_class=HTMLResponse)
def remove_call_page(
    request: Request, programme_id: PathId, call_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    """Asks before the call goes."""
    view = catalogue.get_programme(session, actor, programme_id)
    call = _call_of(view, call_id)
    if not view.can_edit:
        if not actor.is_authenticated:
            raise NotAuthenticated()
        raise PermissionDenied("Only the secretariat that keeps this entry, or an administrator, changes it.")
    return render(
        request,
        "confirm_delete.html",
        actor=actor,
        heading=N_("Remove this call?"),
        facts=[
            (N_("Programme"), view.name),
            (N_("Title of the call"), call.title),
            (N_("Closes on (empty: rolling)"), call.closes_on.isoformat() if call.closes_on else ""),
        ],
        consequence=N_("The call is taken off the programme; the audit trail keeps what it said."),
        action=f"{P}/{programme_id}/calls/{call_id}/remove",
        record_version=call.version,
        confirm=N_("Remove the call"),
        cancel=f"{P}/{programme_id}#calls",
    )


@router.post(P + "/{programme_id}/calls/{call_id}/remove", response_model=None)
def remove_call(
    programme_id: PathId, call_id: PathId, db: DB, actor: FormWriter, version: FormVersion = None
) -> Response:
    with db.write() as session:
        programme_calls.remove_call(session, actor, programme_id, call_id, expected_version=version)
    return see_other(f"{P}/{programme_id}#calls")


@router.post(P + "/{programme_id}/checked", response_model=None)
def checked(programme_id: PathId, db: DB, actor: FormWriter, version: FormVersion = None) -> Response:
    with db.write() as session:
        programme_status.mark_checked(session, actor, programme_id, expected_version=version)
    return see_other(f"{P}/{programme_id}")


def _reasoned(
    request: Request, programme_id: int, db: Any, actor: Actor, reason: str, prefix: str, act: Any
) -> Response:
    form = PageForm(prefix, REASON_LABELS, typed(reason=reason))
    try:
        with db.write() as session:
            act(session, actor, programme_id, reason)
        return see_other(f"{P}/{programme_id}")
    except (InvalidInput, Conflict) as error:
        _refuse(form, error)
    with db.read() as session:
        return _programme_page(request, session, actor, programme_id, {prefix: form})


@router.post(P + "/{programme_id}/end", response_model=None)
def end(request: Request, programme_id: PathId, db: DB, actor: FormWriter, reason: Reason = "") -> Response:
    return _reasoned(request, programme_id, db, actor, reason, "end", programme_status.end_programme)


@router.post(P + "/{programme_id}/decline", response_model=None)
def decline(
    request: Request, programme_id: PathId, db: DB, actor: FormWriter, reason: Reason = ""
) -> Response:
    return _reasoned(request, programme_id, db, actor, reason, "decline", programme_status.decline_suggestion)


@router.post(P + "/{programme_id}/accept", response_model=None)
def accept(
    request: Request,
    programme_id: PathId,
    db: DB,
    actor: FormWriter,
    maintainer_network_id: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    form = PageForm("review", PROGRAMME_LABELS, typed(maintainer_network_id=maintainer_network_id))
    try:
        with db.write() as session:
            programme_status.accept_suggestion(
                session, actor, programme_id, maintainer_network_id=maintainer_network_id or None
            )
        return see_other(f"{P}/{programme_id}")
    except (InvalidInput, Conflict) as error:
        _refuse(form, error)
    with db.read() as session:
        return _programme_page(request, session, actor, programme_id, {"review": form})
