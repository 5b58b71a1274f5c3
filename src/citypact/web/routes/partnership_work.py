"""Pages for a partnership's work: inviting members, goals, tasks, the exchange log (with the twin
towns' history) and adding an event. A refused form comes back on the partnership page with what
was typed (422)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from citypact.http.deps import DB, PathId, ReleasingRoute
from citypact.services.cooperation import events, partnerships
from citypact.services.errors import InvalidInput
from citypact.web.city_names import one_city
from citypact.web.event_form import EVENT_LABELS, parse_event, typed_event
from citypact.web.forms import FormVersion, FormWriter, PageForm, see_other_done, typed
from citypact.web.partnership_forms import EXCHANGE_LABELS, GOAL_LABELS, MEMBER_LABELS, TASK_LABELS
from citypact.web.partnership_pages import LABELS, back, date_text, partnership_view

router = APIRouter(route_class=ReleasingRoute)
Text = Annotated[str, Form(max_length=300)]
LongText = Annotated[str, Form(max_length=20_000)]
Short = Annotated[str, Form(max_length=20)]


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
                partnerships.add_member(session, actor, partnership_id, one_city(session, "city", city), role)
            return see_other_done(f"/partnerships/{partnership_id}#members", "member_invited")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return partnership_view(request, session, actor, partnership_id, refused=form)


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
        return partnership_view(request, session, actor, partnership_id, refused=form)


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
    return back(partnership_id, "goals")


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
        return partnership_view(request, session, actor, partnership_id, refused=form)


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
            session, actor, partnership_id, task_id, date_text(done_on), expected_version=version
        )
    return back(partnership_id, "work-plan")


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
        return partnership_view(request, session, actor, partnership_id, refused=form)


@router.post("/partnerships/{partnership_id}/twinning-import", response_model=None)
def import_twinning(request: Request, partnership_id: PathId, db: DB, actor: FormWriter) -> Response:
    with db.write() as session:
        partnerships.import_twinning_history(session, actor, partnership_id)
    return back(partnership_id, "exchange-log")


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
        return partnership_view(request, session, actor, partnership_id, refused=form)
