"""Pages of the House of Change: a city's ideas by status and action field with the form to propose
one, an idea's page (the three roles' reviews and their forms, support, report, and the
facilitators' steps and hiding, asked first), and the moderation queue of the city's editors.

What a reader may see and do is the services' decision: the idea view says which forms work for
the reader (may_review, may_support, may_facilitate, moves)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.green_deals import ACTION_FIELDS, IDEA_STATUSES, REVIEW_ROLES
from citypact.domain.ideas import GPC_SECTOR_CODES, REVIEW_FORMS
from citypact.domain.measures import GPC_SECTORS, GREEN_DEAL
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.green_deal_labels import IDEA_STATUS_LABELS, REVIEW_ROLE_LABELS
from citypact.services import ideas
from citypact.services.errors import Conflict, InvalidInput, StaleVersion, require
from citypact.web.forms import (
    CHANGED_MEANWHILE,
    CHOICE,
    FormVersion,
    FormWriter,
    PageForm,
    see_other,
    typed,
    write_or_show,
)
from citypact.web.idea_forms import (
    HIDE_LABELS,
    IDEA_LABELS,
    MOVE_LABELS,
    QUESTION_LABELS,
    REPORT_LABELS,
    RESTORE_LABELS,
    ROLE_HINTS,
    STEPS,
    SUPPORT_LABELS,
    IdeaFields,
    ReviewFields,
    gpc_of,
)
from citypact.web.pages import render

router = APIRouter(route_class=ReleasingRoute)
Reason = Annotated[str, Form(max_length=2000)]
Short = Annotated[str, Form(max_length=40)]
StepCode = Annotated[str | None, Query(max_length=20)]
PageNumber = Annotated[int, Query(ge=1, le=100_000)]
WORDS = {
    "statuses": IDEA_STATUS_LABELS,
    "roles": REVIEW_ROLE_LABELS,
    "fields": GREEN_DEAL,
    "sectors": GPC_SECTORS,
    "questions": QUESTION_LABELS,
    "hints": ROLE_HINTS,
}


def _checked(value: str) -> bool:
    return value in ("1", "on", "true")


# --- a city's House of Change -------------------------------------------------------------------------


def _city_page(
    request: Request,
    session: Session,
    actor: Actor,
    city_id: int,
    form: PageForm | None,
    *,
    status: str | None = None,
    action_field: str | None = None,
    page: int = 1,
    step: str | None = None,
) -> HTMLResponse:
    name = ideas.city_name(session, city_id)
    status = status if status in IDEA_STATUSES else None
    action_field = action_field if action_field in ACTION_FIELDS else None
    found = ideas.list_ideas(
        session, actor, city_id, status=status, action_field=action_field, page=page, size=50
    )
    form = form or PageForm("idea", IDEA_LABELS, {"action_field": "climate_ambition"})
    return render(
        request,
        "ideas.html",
        status_code=form.status_code,
        actor=actor,
        city_id=city_id,
        city_name=name,
        found=found,
        pager=found,
        status=status,
        action_field=action_field,
        form=form,
        organisations=ideas.my_organisations(session, actor),
        sectors=GPC_SECTOR_CODES,
        chosen_sectors=gpc_of(form),
        words=WORDS,
        statuses=IDEA_STATUSES,
        fields=ACTION_FIELDS,
        may_moderate=actor.can_edit_city(city_id),
        step=STEPS.get(step or ""),
    )


@router.get("/cities/{city_id}/ideas", response_class=HTMLResponse)
def city_ideas(
    request: Request,
    city_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    status: Annotated[str | None, Query(max_length=20)] = None,
    action_field: Annotated[str | None, Query(max_length=40)] = None,
    page: PageNumber = 1,
    step: StepCode = None,
) -> HTMLResponse:
    """The city's ideas, filtered by links a reader can bookmark, and the form to propose one."""
    return _city_page(
        request, session, actor, city_id, None, status=status, action_field=action_field, page=page, step=step
    )


@router.post("/cities/{city_id}/ideas", response_model=None)
def propose(
    request: Request, city_id: PathId, db: DB, actor: FormWriter, fields: Annotated[IdeaFields, Form()]
) -> Response:
    form = fields.form()
    organisation = form.text("organisation_id")
    if organisation and not organisation.isdigit():
        form.problem("organisation_id", CHOICE)
    if form.ok:
        try:
            with db.write() as session:
                idea_id = ideas.propose(
                    session,
                    actor,
                    city_id,
                    title=form.text("title"),
                    action_field=form.text("action_field"),
                    description=form.text("description"),
                    sdg_targets=form.text("sdg_targets"),
                    gpc_sectors=gpc_of(form),
                    needs=form.text("needs"),
                    who_could_join=form.text("who_could_join"),
                    organisation_id=int(organisation) if organisation else None,
                    show_name=_checked(form.text("show_name")),
                ).id
            return see_other(f"/ideas/{idea_id}?step=proposed")
        except (InvalidInput, Conflict) as error:  # a conflict: the day's proposals are used up
            form.refuse_write(error)
    with db.read() as session:
        return _city_page(request, session, actor, city_id, form)


@router.get("/cities/{city_id}/ideas/reports", response_class=HTMLResponse)
def moderation_queue(
    request: Request,
    city_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    page: PageNumber = 1,
    step: StepCode = None,
) -> HTMLResponse:
    """The reports waiting for the city's editors, oldest first."""
    found = ideas.open_reports(session, actor, city_id, page=page, size=50)
    return render(
        request,
        "ideas_reports.html",
        actor=actor,
        city_id=city_id,
        city_name=ideas.city_name(session, city_id),
        found=found,
        pager=found,
        step=STEPS.get(step or ""),
    )


@router.post("/ideas/reports/{report_id}/keep", response_model=None)
def keep(report_id: PathId, db: DB, actor: FormWriter) -> Response:
    with db.write() as session:
        city_id = ideas.load_idea(session, actor, ideas.keep(session, actor, report_id).idea_id).city_id
    return see_other(f"/cities/{city_id}/ideas/reports?step=kept")


# --- one idea --------------------------------------------------------------------------------------------


def _idea_page(
    request: Request,
    session: Session,
    actor: Actor,
    idea_id: int,
    step: str | None = None,
    **forms: PageForm,
) -> HTMLResponse:
    view = ideas.get_idea(session, actor, idea_id)
    defaults = {f"review-{role}": PageForm(f"review-{role}", QUESTION_LABELS) for role in REVIEW_ROLES}
    defaults |= {
        "support": PageForm("support", SUPPORT_LABELS),
        "report": PageForm("report", REPORT_LABELS),
        "move": PageForm("move", MOVE_LABELS),
        "restore": PageForm("restore", RESTORE_LABELS),
    }
    defaults.update(forms)
    failed = next((f for f in forms.values() if not f.ok), None)
    organisations = dict(ideas.my_organisations(session, actor))
    return render(
        request,
        "idea.html",
        status_code=failed.status_code if failed else 200,
        actor=actor,
        idea=view,
        words=WORDS,
        roles=REVIEW_ROLES,
        questions={role: [q.code for q in form] for role, form in REVIEW_FORMS.items()},
        required={q.code for form in REVIEW_FORMS.values() for q in form if q.required},
        page_forms=defaults,
        failed=failed,
        support_choices=[(str(o), organisations[o]) for o in view.may_support if o in organisations],
        step=STEPS.get(step or ""),
    )


@router.get("/ideas/{idea_id}", response_class=HTMLResponse)
def idea_page(
    request: Request, idea_id: PathId, session: ReadDB, actor: CurrentActor, step: StepCode = None
) -> HTMLResponse:
    return _idea_page(request, session, actor, idea_id, step)


def _edit_page(
    request: Request, session: Session, actor: Actor, idea_id: int, form: PageForm | None, version: int | None
) -> HTMLResponse:
    view = ideas.get_idea(session, actor, idea_id)
    require(
        view.may_edit,
        actor.is_authenticated,
        "Only the person who proposed the idea edits it, while it is open.",
    )
    if form is None:
        values = {
            "title": view.title,
            "description": view.description,
            "action_field": view.action_field,
            "sdg_targets": "; ".join(view.sdg_targets),
            "gpc_sectors": ";".join(view.gpc_sectors),
            "needs": view.needs,
            "who_could_join": view.who_could_join,
            "show_name": "on" if view.show_name else "",
        }
        form = PageForm("idea", IDEA_LABELS, values)
    return render(
        request,
        "idea_edit.html",
        status_code=form.status_code,
        actor=actor,
        idea=view,
        form=form,
        # A conflicting save shows the idea as it is now, to be saved again on purpose.
        record_version=view.version if version is None or "version" in form.errors else version,
        words=WORDS,
        fields=ACTION_FIELDS,
        sectors=GPC_SECTOR_CODES,
        chosen_sectors=gpc_of(form),
    )


@router.get("/ideas/{idea_id}/edit", response_class=HTMLResponse)
def edit_form(request: Request, idea_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    return _edit_page(request, session, actor, idea_id, None, None)


@router.post("/ideas/{idea_id}/edit", response_model=None)
def edit(
    request: Request,
    idea_id: PathId,
    db: DB,
    actor: FormWriter,
    fields: Annotated[IdeaFields, Form()],
    version: FormVersion = None,
) -> Response:
    form = fields.form()
    try:
        with db.write() as session:
            ideas.update_idea(
                session,
                actor,
                idea_id,
                {
                    "title": form.text("title"),
                    "description": form.text("description"),
                    "action_field": form.text("action_field"),
                    "sdg_targets": form.text("sdg_targets"),
                    "gpc_sectors": gpc_of(form),
                    "needs": form.text("needs"),
                    "who_could_join": form.text("who_could_join"),
                    "show_name": _checked(form.text("show_name")),
                },
                expected_version=version,
            )
        return see_other(f"/ideas/{idea_id}?step=edited")
    except InvalidInput as error:
        form.refuse(error)
    except StaleVersion:
        form.problem("version", CHANGED_MEANWHILE)
    with db.read() as session:
        return _edit_page(request, session, actor, idea_id, form, version)


def _write_or_refuse(
    request: Request,
    db: DB,
    actor: Actor,
    idea_id: int,
    key: str,
    form: PageForm,
    write: Callable[[Session], str],
) -> Response:
    """Run `write`, which returns the step's code; on a refusal show the idea page with the form."""
    return write_or_show(
        form,
        db,
        lambda session: f"/ideas/{idea_id}?step={write(session)}",
        lambda session: _idea_page(request, session, actor, idea_id, None, **{key: form}),
    )


@router.post("/ideas/{idea_id}/reviews", response_model=None)
def review(
    request: Request,
    idea_id: PathId,
    db: DB,
    actor: FormWriter,
    role: Annotated[str, Form(max_length=10)],
    fields: Annotated[ReviewFields, Form()],
) -> Response:
    if role not in REVIEW_FORMS:
        raise InvalidInput("role", f"use one of {', '.join(REVIEW_ROLES)}.")
    codes = [q.code for q in REVIEW_FORMS[role]]
    posted = fields.model_dump()
    form = PageForm(f"review-{role}", QUESTION_LABELS, typed(**{c: posted[c] for c in [*codes, "show_name"]}))
    answers = {c: posted[c] for c in codes if posted[c].strip()}

    def write(session: Session) -> str:
        ideas.add_review(session, actor, idea_id, role, answers, show_name=_checked(posted["show_name"]))
        return "reviewed"

    return _write_or_refuse(request, db, actor, idea_id, f"review-{role}", form, write)


@router.post("/ideas/{idea_id}/support", response_model=None)
def support(
    request: Request,
    idea_id: PathId,
    db: DB,
    actor: FormWriter,
    organisation_id: Short = "",
    note: Reason = "",
) -> Response:
    form = PageForm("support", SUPPORT_LABELS, typed(organisation_id=organisation_id, note=note))
    if not organisation_id.isdigit():
        form.problem("organisation_id", CHOICE)

    def write(session: Session) -> str:
        ideas.add_support(session, actor, idea_id, int(organisation_id), note=note)
        return "supported"

    return _write_or_refuse(request, db, actor, idea_id, "support", form, write)


@router.post("/ideas/{idea_id}/reports", response_model=None)
def report(
    request: Request, idea_id: PathId, db: DB, actor: FormWriter, reason: Reason = "", review_id: Short = ""
) -> Response:
    form = PageForm("report", REPORT_LABELS, typed(reason=reason, review_id=review_id))
    target = int(review_id) if review_id.isdigit() else None

    def write(session: Session) -> str:
        ideas.report(session, actor, idea_id, reason, review_id=ideas.check_report_target(target))
        return "reported"

    return _write_or_refuse(request, db, actor, idea_id, "report", form, write)


@router.post("/ideas/{idea_id}/status", response_model=None)
def move(
    request: Request,
    idea_id: PathId,
    db: DB,
    actor: FormWriter,
    status: Short = "",
    reason: Reason = "",
    version: Annotated[int | None, Form(ge=1, le=2_147_483_647)] = None,
) -> Response:
    form = PageForm("move", MOVE_LABELS, typed(status=status, reason=reason))

    def write(session: Session) -> str:
        ideas.move(session, actor, idea_id, status, reason=reason, expected_version=version)
        return "moved"

    return _write_or_refuse(request, db, actor, idea_id, "move", form, write)


@router.post("/ideas/{idea_id}/restore", response_model=None)
def restore(
    request: Request, idea_id: PathId, db: DB, actor: FormWriter, reason: Reason = "", review_id: Short = ""
) -> Response:
    """The city's editors show a hidden idea or review again; no page asks first, since nothing is lost."""
    form = PageForm("restore", RESTORE_LABELS, typed(reason=reason, review_id=review_id))
    target = int(review_id) if review_id.isdigit() else None

    def write(session: Session) -> str:
        ideas.restore(session, actor, idea_id, reason, review_id=ideas.check_report_target(target))
        return "restored"

    return _write_or_refuse(request, db, actor, idea_id, "restore", form, write)


def _hide_page(
    request: Request, session: Session, actor: Actor, idea_id: int, review_id: int | None, form: PageForm
) -> HTMLResponse:
    view = ideas.get_idea(session, actor, idea_id)
    require(view.may_facilitate, actor.is_authenticated, "The city's editors moderate its ideas.")
    review = next((r for r in view.reviews if r.id == review_id), None)
    if review_id is not None and review is None:
        raise InvalidInput("review_id", f"idea {idea_id} has no review {review_id}.")
    return render(
        request,
        "idea_hide.html",
        status_code=form.status_code,
        actor=actor,
        idea=view,
        review=review,
        form=form,
        words=WORDS,
    )


@router.get("/ideas/{idea_id}/hide", response_class=HTMLResponse)
def hide_form(
    request: Request,
    idea_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    review_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
) -> HTMLResponse:
    """Asks before hiding: what will disappear for the public, and why (the reason is required)."""
    return _hide_page(request, session, actor, idea_id, review_id, PageForm("hide", HIDE_LABELS))


@router.post("/ideas/{idea_id}/hide", response_model=None)
def hide(
    request: Request,
    idea_id: PathId,
    db: DB,
    actor: FormWriter,
    reason: Reason = "",
    review_id: Short = "",
) -> Response:
    form = PageForm("hide", HIDE_LABELS, typed(reason=reason))
    target = ideas.check_report_target(int(review_id) if review_id.isdigit() else None)
    try:
        with db.write() as session:
            ideas.hide(session, actor, idea_id, reason, review_id=target)
        return see_other(f"/ideas/{idea_id}?step=hidden")
    except InvalidInput as error:
        form.refuse(error)
    with db.read() as session:
        return _hide_page(request, session, actor, idea_id, target, form)
