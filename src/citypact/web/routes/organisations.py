"""Pages of stakeholder organisations: a city's list, registering one, an organisation's page (its
details, people, deals, commitments and progress), the city editors' queue, and one's own."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n import green_deal_labels as words
from citypact.i18n.labels import N_
from citypact.services.errors import Conflict, InvalidInput, NotFound, StaleVersion
from citypact.services.registry.cities import readable_city
from citypact.services.stakeholders import reading, registration
from citypact.web.forms import CHANGED_MEANWHILE, FormVersion, FormWriter, PageForm, see_other, typed
from citypact.web.organisation_forms import JOIN_LABELS, ORGANISATION_LABELS, parse_organisation, reason_form
from citypact.web.pages import render

router = APIRouter(route_class=ReleasingRoute)
Name = Annotated[str, Form(max_length=200)]
Short = Annotated[str, Form(max_length=20)]
Email = Annotated[str, Form(max_length=254)]
Website = Annotated[str, Form(max_length=300)]
Reason = Annotated[str, Form(max_length=2_000)]
LABELS = {
    "kinds": words.ORGANISATION_TYPE_LABELS,
    "sizes": words.ORGANISATION_SIZE_LABELS,
    "statuses": words.ORGANISATION_STATUS_LABELS,
    "person_statuses": words.PERSON_STATUS_LABELS,
    "deal_statuses": words.DEAL_STATUS_LABELS,
    "commitment_kinds": words.COMMITMENT_KIND_LABELS,
}


@router.get("/cities/{city_id}/organisations", response_class=HTMLResponse)
def city_organisations(
    request: Request,
    city_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> HTMLResponse:
    """A city's confirmed organisations, 100 a page."""
    city = readable_city(session, actor, city_id)
    found = reading.list_organisations(session, actor, city_id, page=page, size=100)
    return render(
        request, "organisations.html", actor=actor, city=city, page=found, labels=LABELS,
        may_decide=actor.can_edit_city(city_id),
    )  # fmt: skip


def _register_page(
    request: Request, session: Session, actor: Actor, city_id: int, form: PageForm
) -> HTMLResponse:
    city = readable_city(session, actor, city_id)
    return render(
        request, "organisation_new.html", status_code=form.status_code, actor=actor, city=city, form=form,
        labels=LABELS,
    )  # fmt: skip


@router.get("/cities/{city_id}/organisations/new", response_class=HTMLResponse)
def register_form(request: Request, city_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    return _register_page(request, session, actor, city_id, PageForm("organisation", ORGANISATION_LABELS))


@router.post("/cities/{city_id}/organisations/new", response_model=None)
def register(
    request: Request,
    city_id: PathId,
    db: DB,
    actor: FormWriter,
    name: Name = "",
    kind: Short = "",
    sector: Annotated[str, Form(max_length=120)] = "",
    size: Short = "",
    contact_email: Email = "",
    website: Website = "",
    position: Name = "",
) -> Response:
    values = typed(
        name=name, kind=kind, sector=sector, size=size, contact_email=contact_email, website=website,
        position=position,
    )  # fmt: skip
    form = PageForm("organisation", ORGANISATION_LABELS, values)
    fields = parse_organisation(form)
    if form.ok:
        try:
            with db.write() as session:
                org_id = registration.register(session, actor, city_id, fields, position=position).id
            return see_other(f"/organisations/{org_id}")
        except InvalidInput as error:
            form.refuse(error)
        except Conflict as error:
            form.problem("name", str(error))
    with db.read() as session:
        return _register_page(request, session, actor, city_id, form)


def _organisation_view(
    request: Request,
    session: Session,
    actor: Actor,
    organisation_id: int,
    *,
    edit: PageForm | None = None,
    join: PageForm | None = None,
    ending: PageForm | None = None,
    ending_person: int | None = None,
) -> HTMLResponse:
    """The organisation's page; a refused form comes back with what was typed and the problem at its
    field (422), a stale edit with the saved version (409)."""
    found = reading.get_organisation(session, actor, organisation_id)
    org = found.organisation
    if edit is None:
        edit = PageForm(
            "edit-organisation",
            ORGANISATION_LABELS,
            typed(**{name: getattr(org, name) for name in ORGANISATION_LABELS if name != "position"}),
        )
    join = join or PageForm("join", JOIN_LABELS)
    status = max(edit.status_code, join.status_code, ending.status_code if ending else 200)
    return render(
        request, "organisation.html", status_code=status, actor=actor, o=found, org=org, labels=LABELS,
        edit_form=edit, join_form=join, ending_form=ending, ending_person=ending_person,
        reason_form=reason_form,
    )  # fmt: skip


@router.get("/organisations/{organisation_id}", response_class=HTMLResponse)
def organisation_page(
    request: Request, organisation_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    return _organisation_view(request, session, actor, organisation_id)


@router.post("/organisations/{organisation_id}", response_model=None)
def change(
    request: Request,
    organisation_id: PathId,
    db: DB,
    actor: FormWriter,
    name: Name = "",
    kind: Short = "",
    sector: Annotated[str, Form(max_length=120)] = "",
    size: Short = "",
    contact_email: Email = "",
    website: Website = "",
    version: FormVersion = None,
) -> Response:
    values = typed(
        name=name, kind=kind, sector=sector, size=size, contact_email=contact_email, website=website
    )
    form = PageForm("edit-organisation", ORGANISATION_LABELS, values)
    fields = parse_organisation(form)
    if form.ok:
        try:
            with db.write() as session:
                registration.update_organisation(
                    session, actor, organisation_id, fields, expected_version=version
                )
            return see_other(f"/organisations/{organisation_id}")
        except InvalidInput as error:
            form.refuse(error)
        except StaleVersion:
            form.problem("version", CHANGED_MEANWHILE)
    with db.read() as session:
        return _organisation_view(request, session, actor, organisation_id, edit=form)


@router.post("/organisations/{organisation_id}/join", response_model=None)
def join(
    request: Request, organisation_id: PathId, db: DB, actor: FormWriter, position: Name = ""
) -> Response:
    form = PageForm("join", JOIN_LABELS, typed(position=position))
    try:
        with db.write() as session:
            registration.request_to_join(session, actor, organisation_id, position=position)
        return see_other(f"/organisations/{organisation_id}")
    except InvalidInput as error:
        form.refuse(error)
    with db.read() as session:
        return _organisation_view(request, session, actor, organisation_id, join=form)


@router.get("/organisations/{organisation_id}/leave", response_class=HTMLResponse)
def confirm_leave(
    request: Request, organisation_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    page = reading.get_organisation(session, actor, organisation_id)
    if page.my_status not in ("requested", "confirmed"):
        raise NotFound("request to speak for the organisation", organisation_id)
    leaving = page.my_status == "confirmed"
    return render(
        request, "confirm_delete.html", actor=actor,
        heading=N_("Stop speaking for this organisation?") if leaving else N_("Withdraw your request?"),
        facts=[(N_("Organisation"), page.organisation.name)],
        consequence=N_(
            "You can no longer act in its name: its commitments and reports stay, and to speak for it again "
            "you ask anew and the city confirms you again."
        ) if leaving else N_("The city will not decide on your request; you can ask again later."),
        action=f"/organisations/{organisation_id}/leave", cancel=f"/organisations/{organisation_id}",
        confirm=N_("Stop speaking for it") if leaving else N_("Withdraw my request"),
    )  # fmt: skip


@router.post("/organisations/{organisation_id}/leave", response_model=None)
def leave(organisation_id: PathId, db: DB, actor: FormWriter) -> Response:
    with db.write() as session:
        registration.leave(session, actor, organisation_id)
    return see_other(f"/organisations/{organisation_id}")


@router.post("/organisations/{organisation_id}/people/{person_id}/end", response_model=None)
def end_person(
    request: Request,
    organisation_id: PathId,
    person_id: PathId,
    db: DB,
    actor: FormWriter,
    reason: Reason = "",
) -> Response:
    form = reason_form(f"end-{person_id}", reason)
    try:
        with db.write() as session:
            registration.end_person(session, actor, organisation_id, person_id, reason=reason)
        return see_other(f"/organisations/{organisation_id}#people")
    except InvalidInput as error:
        form.refuse(error)
    with db.read() as session:
        return _organisation_view(
            request, session, actor, organisation_id, ending=form, ending_person=person_id
        )


# --- the city editors' queue ---------------------------------------------------------------------


def _queue_view(
    request: Request, session: Session, actor: Actor, city_id: int, refusing: PageForm | None = None
) -> HTMLResponse:
    """What waits for the city's editors, each with confirm and refuse; a refusal without a reason
    comes back with the problem at its reason field (422)."""
    city = readable_city(session, actor, city_id)
    found = reading.queue(session, actor, city_id)
    return render(
        request, "organisation_queue.html", status_code=refusing.status_code if refusing else 200,
        actor=actor, city=city, queue=found, labels=LABELS, refusing=refusing, reason_form=reason_form,
    )  # fmt: skip


@router.get("/cities/{city_id}/organisations/queue", response_class=HTMLResponse)
def queue(request: Request, city_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    return _queue_view(request, session, actor, city_id)


def _decided(city_id: int) -> Response:
    return see_other(f"/cities/{city_id}/organisations/queue")


@router.post("/cities/{city_id}/organisations/queue/{organisation_id}/confirm", response_model=None)
def confirm(city_id: PathId, organisation_id: PathId, db: DB, actor: FormWriter) -> Response:
    with db.write() as session:
        _in_city(session, organisation_id, city_id)
        registration.decide_organisation(session, actor, organisation_id, confirm=True)
    return _decided(city_id)


@router.post("/cities/{city_id}/organisations/queue/{organisation_id}/refuse", response_model=None)
def refuse(
    request: Request, city_id: PathId, organisation_id: PathId, db: DB, actor: FormWriter, reason: Reason = ""
) -> Response:
    form = reason_form(f"refuse-{organisation_id}", reason)
    try:
        with db.write() as session:
            _in_city(session, organisation_id, city_id)
            registration.decide_organisation(session, actor, organisation_id, confirm=False, reason=reason)
        return _decided(city_id)
    except InvalidInput as error:
        form.refuse(error)
    with db.read() as session:
        return _queue_view(request, session, actor, city_id, form)


@router.post(
    "/cities/{city_id}/organisations/queue/{organisation_id}/people/{person_id}/confirm", response_model=None
)
def confirm_person(
    city_id: PathId, organisation_id: PathId, person_id: PathId, db: DB, actor: FormWriter
) -> Response:
    with db.write() as session:
        _in_city(session, organisation_id, city_id)
        registration.decide_person(session, actor, organisation_id, person_id, confirm=True)
    return _decided(city_id)


@router.post(
    "/cities/{city_id}/organisations/queue/{organisation_id}/people/{person_id}/refuse", response_model=None
)
def refuse_person(
    request: Request,
    city_id: PathId,
    organisation_id: PathId,
    person_id: PathId,
    db: DB,
    actor: FormWriter,
    reason: Reason = "",
) -> Response:
    form = reason_form(f"refuse-person-{person_id}", reason)
    try:
        with db.write() as session:
            _in_city(session, organisation_id, city_id)
            registration.decide_person(
                session, actor, organisation_id, person_id, confirm=False, reason=reason
            )
        return _decided(city_id)
    except InvalidInput as error:
        form.refuse(error)
    with db.read() as session:
        return _queue_view(request, session, actor, city_id, form)


def _in_city(session: Session, organisation_id: int, city_id: int) -> None:
    """A decision posted through one city's queue is about an organisation of that city."""
    if registration.organisation(session, organisation_id).city_id != city_id:
        raise NotFound("organisation", organisation_id)


# --- one's own -----------------------------------------------------------------------------------


@router.get("/account/organisations", response_class=HTMLResponse)
def mine(request: Request, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    return render(
        request, "organisations_mine.html", actor=actor, mine=reading.my_organisations(session, actor),
        labels=LABELS,
    )  # fmt: skip
