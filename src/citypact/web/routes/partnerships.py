"""Pages for running a partnership: a city's partnerships and the proposal form, one partnership with
the next steps the reader may take, its declaration (HTML and PDF), and its events.

Forms work without JavaScript; each posts, then redirects back. What a reader may see and do is the
services' decision; the pages show the buttons the service lists as next steps.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.http.downloads import attachment
from citypact.http.security import csp_nonce
from citypact.i18n.catalog import translations
from citypact.i18n.labels import N_, PARTICIPANT_LABELS, PARTNERSHIP_LABELS
from citypact.reports.declaration import declaration_document
from citypact.reports.documents import Document
from citypact.services.cooperation import events, partnerships
from citypact.services.errors import InvalidInput, StaleVersion
from citypact.services.registry import cities
from citypact.services.registry.networks import list_networks
from citypact.web.city_names import city_ids_from
from citypact.web.city_names import one_city as _one_city
from citypact.web.event_form import EVENT_LABELS, parse_event, typed_event
from citypact.web.forms import (
    CHANGED_MEANWHILE,
    FormVersion,
    FormWriter,
    PageForm,
    form_text,
    see_other,
    see_other_done,
    typed,
)
from citypact.web.pages import locale_of, render
from citypact.web.partnership_forms import (
    EXCHANGE_LABELS,
    GOAL_LABELS,
    MEMBER_LABELS,
    PARTICIPANT_FORM_LABELS,
    TASK_LABELS,
    page_forms,
)

router = APIRouter(route_class=ReleasingRoute)
LABELS = PARTNERSHIP_LABELS  # the pages of partnerships and events show these
Text = Annotated[str, Form(max_length=300)]
LongText = Annotated[str, Form(max_length=20_000)]
Short = Annotated[str, Form(max_length=20)]
PROPOSAL_LABELS = {
    "title": N_("Title"),
    "kind": N_("Kind"),
    "role": N_("Your city's role"),
    "partners": N_("Partner cities (names or ids, separated by commas)"),
    "partner_role": N_("Role of the partner cities"),
    "network": N_("Network (optional)"),
    "description": N_("Description"),
    "is_public": N_("Public: everyone sees the title, members, status, goals and public events"),
}


def _date_text(text: str) -> str | None:
    return text.strip() or None


# --- a city's partnerships ----------------------------------------------------------------------------


# A suggestion of the partners page opens the proposal with this kind and roles (own, partner's).
FROM_GOAL: dict[str, tuple[str, str, str]] = {
    "peer": ("peer", "partner", "partner"),
    "neighbour": ("peer", "partner", "partner"),
    "mentor": ("mentoring", "mentee", "mentor"),
    "mentee": ("mentoring", "mentor", "mentee"),
    "cooperation": ("technical", "partner", "partner"),
}


@router.get("/cities/{city_id}/partnerships", response_class=HTMLResponse)
def city_partnerships(
    request: Request,
    city_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    partner: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    goal: Annotated[str, Query(max_length=20)] = "",
    reason: Annotated[str, Query(max_length=2000)] = "",
) -> HTMLResponse:
    if partner is None:
        return partnerships_view(request, session, actor, city_id)
    city = cities.get_profile(session, actor, city_id)
    other = cities.get_profile(session, actor, partner)
    kind, own_role, partner_role = FROM_GOAL.get(goal, FROM_GOAL["peer"])
    # From a suggestion: the proposal filled in with the partner, kind, roles and reason.
    form = PageForm(
        "proposal",
        PROPOSAL_LABELS,
        typed(
            title=f"{city.name} – {other.name}",
            partners=other.id,
            kind=kind,
            role=own_role,
            partner_role=partner_role,
            description=reason,
        ),
    )
    return partnerships_view(request, session, actor, city_id, form, prefilled=other.name)


def partnerships_view(
    request: Request,
    session: Session,
    actor: Actor,
    city_id: int,
    form: PageForm | None = None,
    prefilled: str | None = None,
) -> HTMLResponse:
    """A city's partnerships; with the proposal form as typed and refused (422), or filled in from a
    suggestion (`prefilled` names the partner), when given."""
    city = cities.get_profile(session, actor, city_id)
    return render(
        request,
        "partnerships.html",
        status_code=form.status_code if form else 200,
        actor=actor,
        city=city,
        found=partnerships.list_partnerships(session, actor, city_id),
        networks=list_networks(session) if city.can_edit else [],
        labels=LABELS,
        form=form or PageForm("proposal", PROPOSAL_LABELS, typed(role="partner", partner_role="partner")),
        prefilled=prefilled,
    )


@router.post("/cities/{city_id}/partnerships", response_model=None)
def propose(
    request: Request,
    city_id: PathId,
    db: DB,
    actor: FormWriter,
    title: Text = "",
    kind: Short = "",
    role: Short = "partner",
    partners: Annotated[str, Form(max_length=2000)] = "",
    partner_role: Short = "partner",
    description: LongText = "",
    network: Annotated[str, Form(max_length=60)] = "",
    is_public: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    typed_values = typed(
        title=title, kind=kind, role=role, partners=partners, partner_role=partner_role,
        description=description, network=network, is_public=bool(is_public),
    )  # fmt: skip
    form = PageForm("proposal", PROPOSAL_LABELS, typed_values)
    form.choice("kind", LABELS["kinds"])
    form.choice("role", LABELS["roles"])
    form.choice("partner_role", LABELS["roles"])
    if form.ok:
        try:
            with db.write() as session:
                partnerships.check_may_propose(session, actor, city_id)  # before looking up any partner
                ids = city_ids_from(session, "partners", partners)
                pid = partnerships.propose(
                    session,
                    actor,
                    city_id,
                    title=title,
                    kind=kind,
                    role=role,
                    partners=[{"city_id": i, "role": partner_role} for i in ids],
                    description=description,
                    is_public=bool(is_public),
                    network=network or None,
                ).id
            return see_other_done(f"/partnerships/{pid}", "partnership_proposed")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return partnerships_view(request, session, actor, city_id, form)


# --- one partnership ----------------------------------------------------------------------------------


@router.get("/partnerships/{partnership_id}", response_class=HTMLResponse)
def partnership_page(
    request: Request, partnership_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    return _partnership_view(request, session, actor, partnership_id)


def _partnership_view(
    request: Request, session: Session, actor: Actor, partnership_id: int, refused: PageForm | None = None
) -> HTMLResponse:
    """The partnership page; after a refused add form (an event, a goal, a task) that form keeps
    what was typed (422)."""
    view = partnerships.get_partnership(session, actor, partnership_id)
    forms = page_forms(refused)
    return render(
        request,
        "partnership.html",
        status_code=refused.status_code if refused else 200,
        actor=actor,
        p=view,
        labels=LABELS,
        names={m.city_id: m.name for m in view.members},
        today=partnerships.today_utc().isoformat(),
        forms_by_id=forms,
        new_event=forms["add-event"],
    )


def _back(partnership_id: int, section: str = "") -> Response:
    return see_other(f"/partnerships/{partnership_id}" + (f"#{section}" if section else ""))


@router.post("/partnerships/{partnership_id}/accept", response_model=None)
def accept(
    request: Request,
    partnership_id: PathId,
    db: DB,
    actor: FormWriter,
    city_id: Annotated[int, Form(ge=1, le=2_147_483_647)] = 0,
) -> Response:
    with db.write() as session:
        partnerships.accept(session, actor, partnership_id, city_id)
    return _back(partnership_id, "status")


@router.post("/partnerships/{partnership_id}/sign", response_model=None)
def sign(
    request: Request,
    partnership_id: PathId,
    db: DB,
    actor: FormWriter,
    city_id: Annotated[int, Form(ge=1, le=2_147_483_647)] = 0,
    signed_on: Annotated[str, Form(max_length=10)] = "",
    signatory: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    with db.write() as session:
        partnerships.sign(
            session, actor, partnership_id, city_id, signed_on=_date_text(signed_on), signatory=signatory
        )
    return _back(partnership_id, "status")


@router.post("/partnerships/{partnership_id}/status", response_model=None)
def set_status(
    request: Request,
    partnership_id: PathId,
    db: DB,
    actor: FormWriter,
    status: Short = "",
    note: LongText = "",
) -> Response:
    with db.write() as session:
        partnerships.set_status(session, actor, partnership_id, status, note=note)
    return _back(partnership_id, "status")


@router.post("/partnerships/{partnership_id}/visibility", response_model=None)
def visibility(
    request: Request,
    partnership_id: PathId,
    db: DB,
    actor: FormWriter,
    is_public: Annotated[str, Form(max_length=5)] = "",
    version: FormVersion = None,
) -> Response:
    with db.write() as session:
        partnerships.update_partnership(
            session, actor, partnership_id, {"is_public": is_public == "1"}, expected_version=version
        )
    return _back(partnership_id)


@router.post("/partnerships/{partnership_id}/members", response_model=None)
def add_member(
    request: Request,
    partnership_id: PathId,
    db: DB,
    actor: FormWriter,
    city: Text = "",
    role: Short = "observer",
) -> Response:
    form = PageForm("add-member", MEMBER_LABELS, typed(city=city, role=role))
    form.choice("role", LABELS["roles"])
    if form.ok:
        try:
            with db.write() as session:
                partnerships.add_member(
                    session, actor, partnership_id, _one_city(session, "city", city), role
                )
            return see_other_done(f"/partnerships/{partnership_id}#members", "member_invited")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return _partnership_view(request, session, actor, partnership_id, refused=form)


@router.post("/partnerships/{partnership_id}/goals", response_model=None)
def add_goal(
    request: Request,
    partnership_id: PathId,
    db: DB,
    actor: FormWriter,
    text: Annotated[str, Form(max_length=2000)] = "",
    target_date: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    form = PageForm("add-goal", GOAL_LABELS, typed(text=text, target_date=target_date))
    target = form.date("target_date")
    if form.ok:
        try:
            with db.write() as session:
                partnerships.add_goal(session, actor, partnership_id, text=text, target_date=target)
            return see_other_done(f"/partnerships/{partnership_id}#goals", "goal_added")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return _partnership_view(request, session, actor, partnership_id, refused=form)


@router.post("/partnerships/{partnership_id}/goals/{goal_id}/status", response_model=None)
def goal_status(
    request: Request,
    partnership_id: PathId,
    goal_id: PathId,
    db: DB,
    actor: FormWriter,
    status: Short = "",
    version: FormVersion = None,
) -> Response:
    with db.write() as session:
        partnerships.set_goal_status(
            session, actor, partnership_id, goal_id, status, expected_version=version
        )
    return _back(partnership_id, "goals")


@router.post("/partnerships/{partnership_id}/tasks", response_model=None)
def add_task(
    request: Request,
    partnership_id: PathId,
    db: DB,
    actor: FormWriter,
    title: Text = "",
    owner_city_id: Annotated[str, Form(max_length=12)] = "",
    due_on: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    form = PageForm("add-task", TASK_LABELS, typed(title=title, owner_city_id=owner_city_id, due_on=due_on))
    owner = form.whole_number("owner_city_id")
    due = form.date("due_on")
    if form.ok:
        try:
            with db.write() as session:
                partnerships.add_task(
                    session, actor, partnership_id, title=title, owner_city_id=owner, due_on=due
                )
            return see_other_done(f"/partnerships/{partnership_id}#work-plan", "task_added")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return _partnership_view(request, session, actor, partnership_id, refused=form)


@router.post("/partnerships/{partnership_id}/tasks/{task_id}/done", response_model=None)
def task_done(
    request: Request,
    partnership_id: PathId,
    task_id: PathId,
    db: DB,
    actor: FormWriter,
    done_on: Annotated[str, Form(max_length=10)] = "",
    version: FormVersion = None,
) -> Response:
    with db.write() as session:
        partnerships.complete_task(
            session, actor, partnership_id, task_id, _date_text(done_on), expected_version=version
        )
    return _back(partnership_id, "work-plan")


@router.post("/partnerships/{partnership_id}/exchanges", response_model=None)
def add_exchange(
    request: Request,
    partnership_id: PathId,
    db: DB,
    actor: FormWriter,
    kind: Short = "",
    happened_on: Annotated[str, Form(max_length=10)] = "",
    year: Annotated[str, Form(max_length=4)] = "",
    title: Text = "",
    summary: LongText = "",
    is_internal: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    form = PageForm(
        "add-exchange",
        EXCHANGE_LABELS,
        typed(kind=kind, happened_on=happened_on, year=year, title=title, summary=summary,
              is_internal=bool(is_internal)),
    )  # fmt: skip
    values: dict[str, Any] = {
        "kind": form.choice("kind", LABELS["exchange_kinds"]),
        "happened_on": form.date("happened_on"),
        "title": title,
        "summary": summary,
        "is_internal": bool(is_internal),
    }
    if year.strip():
        values["year"] = form.year("year")
    if form.ok:
        try:
            with db.write() as session:
                partnerships.add_exchange(session, actor, partnership_id, values)
            return see_other_done(f"/partnerships/{partnership_id}#exchange-log", "exchange_added")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return _partnership_view(request, session, actor, partnership_id, refused=form)


@router.post("/partnerships/{partnership_id}/twinning-import", response_model=None)
def import_twinning(request: Request, partnership_id: PathId, db: DB, actor: FormWriter) -> Response:
    with db.write() as session:
        partnerships.import_twinning_history(session, actor, partnership_id)
    return _back(partnership_id, "exchange-log")


@router.post("/partnerships/{partnership_id}/events", response_model=None)
def add_event(
    request: Request,
    partnership_id: PathId,
    db: DB,
    actor: FormWriter,
    kind: Short = "",
    title: Text = "",
    starts_on: Annotated[str, Form(max_length=10)] = "",
    ends_on: Annotated[str, Form(max_length=10)] = "",
    place: Text = "",
    online: Annotated[str, Form(max_length=5)] = "",
    is_public: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    form = PageForm(
        "add-event", EVENT_LABELS, typed_event(kind, title, starts_on, ends_on, place, online, is_public)
    )
    values = parse_event(form)
    if form.ok:
        try:
            with db.write() as session:
                event_id = events.create_event(session, actor, values, partnership_id=partnership_id).id
            return see_other_done(f"/events/{event_id}", "event_added")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return _partnership_view(request, session, actor, partnership_id, refused=form)


# --- the declaration ----------------------------------------------------------------------------------


def _declaration(request: Request, session: Session, actor: Actor, partnership_id: int) -> Document:
    view = partnerships.get_partnership(session, actor, partnership_id)
    return declaration_document(view, locale_of(request), csp_nonce(request))


@router.get("/partnerships/{partnership_id}/declaration", response_class=HTMLResponse)
def declaration(
    request: Request, partnership_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    return HTMLResponse(_declaration(request, session, actor, partnership_id).html)


@router.get("/partnerships/{partnership_id}/declaration.pdf", response_class=Response)
def declaration_pdf(
    request: Request, partnership_id: PathId, session: ReadDB, actor: CurrentActor
) -> Response:
    """The declaration as PDF, in the reader's language, rendered offline."""
    document = _declaration(request, session, actor, partnership_id)
    return Response(document.pdf(), media_type="application/pdf", headers=attachment(document.pdf_name))


# --- events -------------------------------------------------------------------------------------------


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    return _event_view(request, session, actor, event_id)


def _event_view(
    request: Request,
    session: Session,
    actor: Actor,
    event_id: int,
    form: PageForm | None = None,
    participant: PageForm | None = None,
) -> HTMLResponse:
    """The event page; after a refused save its form keeps what was typed, and after a stale save
    (409, with the new version) a table lists where the event as saved meanwhile differs from it.
    A refused participant keeps what was typed in the add-participant form (422)."""
    view = events.get_event(session, actor, event_id)
    differences: list[tuple[str, str, str]] = []
    if form is None:
        form = PageForm("event", EVENT_LABELS, typed(**{name: getattr(view, name) for name in EVENT_LABELS}))
    elif "version" in form.errors:
        differences = [
            (name, form_text(getattr(view, name)), text)
            for name, text in form.values.items()
            if form_text(getattr(view, name)) != text
        ]
    participant = participant or PageForm("add-participant", PARTICIPANT_FORM_LABELS, {"role": "participant"})
    return render(
        request, "event.html", status_code=max(form.status_code, participant.status_code), actor=actor,
        e=view, labels=LABELS, event_form=form, differences=differences, participant_form=participant,
    )  # fmt: skip


@router.post("/events/{event_id}", response_model=None)
def change_event(
    request: Request,
    event_id: PathId,
    db: DB,
    actor: FormWriter,
    kind: Short = "",
    title: Text = "",
    starts_on: Annotated[str, Form(max_length=10)] = "",
    ends_on: Annotated[str, Form(max_length=10)] = "",
    place: Text = "",
    online: Annotated[str, Form(max_length=5)] = "",
    is_public: Annotated[str, Form(max_length=5)] = "",
    agenda: LongText = "",
    outcomes: LongText = "",
    recommendations: LongText = "",
    version: FormVersion = None,
) -> Response:
    typed_values = typed(
        kind=kind, title=title, starts_on=starts_on, ends_on=ends_on, place=place,
        online=bool(online), is_public=bool(is_public), agenda=agenda, outcomes=outcomes,
        recommendations=recommendations,
    )  # fmt: skip
    form = PageForm("event", EVENT_LABELS, typed_values)
    values = parse_event(form)
    if form.ok:
        try:
            with db.write() as session:
                events.update_event(session, actor, event_id, values, expected_version=version)
            return see_other_done(f"/events/{event_id}", "event_saved")
        except InvalidInput as error:
            form.refuse(error)
        except StaleVersion:
            form.problem("version", CHANGED_MEANWHILE)  # the page carries the new version
    with db.read() as session:
        return _event_view(request, session, actor, event_id, form)


@router.post("/events/{event_id}/participants", response_model=None)
def add_participant(
    request: Request,
    event_id: PathId,
    db: DB,
    actor: FormWriter,
    city: Text = "",
    role: Short = "participant",
    people_count: Annotated[str, Form(max_length=7)] = "",
    people: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    form = PageForm(
        "add-participant",
        PARTICIPANT_FORM_LABELS,
        typed(city=city, role=role, people_count=people_count, people=people),
    )
    count = form.whole_number("people_count")
    form.choice("role", PARTICIPANT_LABELS)
    if form.ok:
        try:
            with db.write() as session:
                events.add_participant(
                    session, actor, event_id, _one_city(session, "city", city), role=role,
                    people_count=count, people=people,
                )  # fmt: skip
            return see_other_done(f"/events/{event_id}#participants", "participant_added")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return _event_view(request, session, actor, event_id, participant=form)


@router.get("/events/{event_id}/participants/{city_id}/delete", response_class=HTMLResponse)
def confirm_remove_participant(
    request: Request, event_id: PathId, city_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    """Asks before a participation goes (the POST below removes it)."""
    found = events.participant_to_remove(session, actor, event_id, city_id)
    role = translations(locale_of(request)).gettext(PARTICIPANT_LABELS.get(found.role, found.role))
    return render(
        request,
        "confirm_delete.html",
        actor=actor,
        heading=N_("Remove this participant?"),
        facts=[
            (N_("City"), found.name),
            (N_("Role"), role),
            (N_("People"), found.people_count),
            (N_("Names"), found.people),
        ],
        consequence=N_("The city is no longer listed at the event. This cannot be undone."),
        action=f"/events/{event_id}/participants/{city_id}/delete",
        confirm=N_("Remove"),
        cancel=f"/events/{event_id}#participants",
    )


@router.post("/events/{event_id}/participants/{city_id}/delete", response_model=None)
def remove_participant(
    request: Request, event_id: PathId, city_id: PathId, db: DB, actor: FormWriter
) -> Response:
    with db.write() as session:
        events.remove_participant(session, actor, event_id, city_id)
    return see_other_done(f"/events/{event_id}#participants", "participant_removed")
