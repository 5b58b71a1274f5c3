"""Pages of applications to funding programmes: the reader's applications, a new one (prefilled
from `programme`, `cities` (comma-separated ids, the first the lead) and `network` (slug), as the
secretariat's pipeline links here), an application's page with its cities, what the programme's
joint rule still lacks, the forms to add a partner city and change the status, and a partner's
removal (asked first). Who may do what: services/funding/applications.py."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor, Role
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.labels import N_
from citypact.services.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, StaleVersion
from citypact.services.funding import applications, catalogue, programme_access
from citypact.web.forms import CHANGED_MEANWHILE, FormVersion, FormWriter, PageForm, see_other, typed
from citypact.web.funding_forms import APPLICATION_LABELS, words
from citypact.web.pages import render

router = APIRouter(route_class=ReleasingRoute)
A = "/funding/applications"
Short = Annotated[str, Form(max_length=40)]


def _money(request: Request) -> Any:
    from citypact.web.deal_forms import money_in
    from citypact.web.pages import locale_of

    return money_in(locale_of(request))


def _refuse(form: PageForm, error: InvalidInput | Conflict) -> None:
    if isinstance(error, StaleVersion):
        form.problem("version", CHANGED_MEANWHILE)
    elif isinstance(error, InvalidInput):
        form.refuse(error)
    else:
        form.problem("conflict", str(error))


@router.get(A, response_class=HTMLResponse)
def application_list(request: Request, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    if not actor.is_authenticated:
        raise NotAuthenticated()
    found = applications.list_applications(session, actor)
    return render(request, "funding/applications.html", actor=actor, found=found, labels=words())


def _new_page(request: Request, session: Session, actor: Actor, form: PageForm) -> HTMLResponse:
    programmes = catalogue.list_programmes(session, actor, size=500).items
    choices = [(str(p.id), p.name) for p in programmes if p.status == "active"]
    chosen = next((p for p in programmes if str(p.id) == form.text("programme_id")), None)
    calls = [("", "–")] + [
        (str(c.id), c.title) for c in (chosen.calls if chosen else ()) if c.state != "closed"
    ]
    leads = [(str(i), n) for i, n in programme_access.cities_edited_by(session, actor)]
    return render(
        request,
        "funding/application_form.html",
        status_code=form.status_code,
        actor=actor,
        form=form,
        programmes=choices,
        calls=calls,
        chosen=chosen,
        leads=leads,
    )


@router.get(A + "/new", response_class=HTMLResponse)
def new_form(
    request: Request,
    session: ReadDB,
    actor: CurrentActor,
    programme: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    cities: Annotated[str, Query(max_length=600, pattern=r"^[0-9, ]*$")] = "",
    network: Annotated[str, Query(max_length=60)] = "",
) -> HTMLResponse:
    """The form, prefilled from the query: programme id, cities (the first leads), network slug."""
    if not actor.is_authenticated:
        raise NotAuthenticated()
    ids = [c.strip() for c in cities.split(",") if c.strip()][:50]
    lead = ids[0] if ids else next(iter(sorted(str(c) for c in actor.cities(Role.CITY_EDITOR))), "")
    values = typed(
        programme_id=programme or "",
        lead_city_id=lead,
        partner_city_ids=", ".join(ids[1:]),
        network=network,
    )
    return _new_page(request, session, actor, PageForm("application", APPLICATION_LABELS, values))


@router.post(A + "/new", response_model=None)
def create(
    request: Request,
    db: DB,
    actor: FormWriter,
    programme_id: Short = "",
    call_id: Short = "",
    lead_city_id: Short = "",
    partner_city_ids: Annotated[str, Form(max_length=600)] = "",
    network: Annotated[str, Form(max_length=60)] = "",
    title: Annotated[str, Form(max_length=300)] = "",
    amount_sought: Short = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    form = PageForm(
        "application",
        APPLICATION_LABELS,
        typed(
            programme_id=programme_id,
            call_id=call_id,
            lead_city_id=lead_city_id,
            partner_city_ids=partner_city_ids,
            network=network,
            title=title,
            amount_sought=amount_sought,
            note=note,
        ),
    )
    values = {
        "programme_id": form.text("programme_id"),
        "call_id": form.text("call_id") or None,
        "lead_city_id": form.text("lead_city_id"),
        "partner_city_ids": form.text("partner_city_ids"),
        "network": form.text("network") or None,
        "title": form.text("title"),
        "amount_sought": form.text("amount_sought"),
        "note": form.text("note"),
    }
    try:
        with db.write() as session:
            made = applications.create_application(session, actor, values)
        return see_other(f"{A}/{made.id}")
    except InvalidInput as error:
        form.refuse(error)
    with db.read() as session:
        return _new_page(request, session, actor, form)


def _page(
    request: Request,
    session: Session,
    actor: Actor,
    application_id: int,
    failed: dict[str, PageForm] | None = None,
) -> HTMLResponse:
    view = applications.get_application(session, actor, application_id)
    failed = failed or {}
    page_forms = {
        "city": PageForm("city", APPLICATION_LABELS),
        "status": PageForm("status", APPLICATION_LABELS),
        **failed,
    }
    status = max((f.status_code for f in failed.values()), default=200)
    return render(
        request,
        "funding/application.html",
        status_code=status,
        actor=actor,
        a=view,
        page_forms=page_forms,
        labels=words(),
        money=_money(request),
        failed=next(iter(failed.values()), None),
    )


@router.get(A + "/{application_id}", response_class=HTMLResponse)
def show(request: Request, application_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    return _page(request, session, actor, application_id)


@router.post(A + "/{application_id}/status", response_model=None)
def set_status(
    request: Request,
    application_id: PathId,
    db: DB,
    actor: FormWriter,
    status: Annotated[str, Form(max_length=12)] = "",
    version: FormVersion = None,
) -> Response:
    form = PageForm("status", APPLICATION_LABELS, typed(status=status))
    try:
        with db.write() as session:
            applications.set_status(session, actor, application_id, status, expected_version=version)
        return see_other(f"{A}/{application_id}")
    except (InvalidInput, Conflict) as error:
        _refuse(form, error)
    with db.read() as session:
        return _page(request, session, actor, application_id, {"status": form})


@router.post(A + "/{application_id}/cities", response_model=None)
def add_city(
    request: Request,
    application_id: PathId,
    db: DB,
    actor: FormWriter,
    city_id: Short = "",
    plan_measure_id: Short = "",
) -> Response:
    form = PageForm("city", APPLICATION_LABELS, typed(city_id=city_id, plan_measure_id=plan_measure_id))
    try:
        with db.write() as session:
            applications.add_city(
                session, actor, application_id, city_id.strip(), plan_measure_id.strip() or None
            )
        return see_other(f"{A}/{application_id}#cities")
    except (InvalidInput, Conflict) as error:
        _refuse(form, error)
    with db.read() as session:
        return _page(request, session, actor, application_id, {"city": form})


@router.get(A + "/{application_id}/cities/{city_id}/remove", response_class=HTMLResponse)
def remove_city_page(
    request: Request, application_id: PathId, city_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    view = applications.get_application(session, actor, application_id)
    city = next((c for c in view.cities if c.city_id == city_id and not c.lead), None)
    if city is None:
        raise NotFound("partner city of the application", city_id)
    return render(
        request,
        "confirm_delete.html",
        actor=actor,
        heading=N_("Take this city off the application?"),
        facts=[(N_("Application"), view.title), (N_("City"), f"{city.name} ({city.country})")],
        consequence=N_(
            "The city no longer takes part; it can be added again while the application is forming."
        ),
        action=f"{A}/{application_id}/cities/{city_id}/remove",
        confirm=N_("Take the city off"),
        cancel=f"{A}/{application_id}#cities",
    )


@router.post(A + "/{application_id}/cities/{city_id}/remove", response_model=None)
def remove_city(application_id: PathId, city_id: PathId, db: DB, actor: FormWriter) -> Response:
    with db.write() as session:
        applications.remove_city(session, actor, application_id, city_id)
    return see_other(f"{A}/{application_id}#cities")
