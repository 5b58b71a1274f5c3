"""Pages for one event: the event with its edit form (and the comparison after a stale save), its
participants, and removing one after asking."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.catalog import translations
from citypact.i18n.labels import N_, PARTICIPANT_LABELS
from citypact.services.cooperation import events
from citypact.services.errors import InvalidInput, StaleVersion
from citypact.web.city_names import one_city
from citypact.web.event_form import EVENT_LABELS, parse_event
from citypact.web.forms import (
    CHANGED_MEANWHILE,
    FormVersion,
    FormWriter,
    PageForm,
    form_text,
    see_other_done,
    typed,
)
from citypact.web.pages import locale_of, render
from citypact.web.partnership_forms import PARTICIPANT_FORM_LABELS
from citypact.web.partnership_pages import LABELS

router = APIRouter(route_class=ReleasingRoute)
Text = Annotated[str, Form(max_length=300)]
LongText = Annotated[str, Form(max_length=20_000)]
Short = Annotated[str, Form(max_length=20)]


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
                    session, actor, event_id, one_city(session, "city", city), role=role,
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
