"""A city's answers to a survey round (/survey-rounds/{id}/cities/{city_id}): the answer form
with drafts and submission, an activity file for an inventory question (services/surveys/uploads),
and the secretariat's reopening of an answer with a reason. Who may do what:
services/surveys/rounds.py."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile as StarletteUpload

from citypact.domain.access import Actor
from citypact.domain.surveys import Question, inventory_of
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.surveys_labels import REOPEN_LABELS, SURVEY_LABELS
from citypact.services.errors import Conflict, InvalidInput, PermissionDenied
from citypact.services.surveys import responses, rounds, uploads
from citypact.services.surveys.responses import AnswersInvalid
from citypact.web.forms import (
    FormVersion,
    FormWriter,
    PageForm,
    done_url,
    form_text,
    see_other_done,
    typed,
    write_or_show,
)
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute)
R = "/survey-rounds"
MAX_FORM_ITEMS = 600  # answer fields one form may carry


async def answer_fields(request: Request) -> list[tuple[str, str]]:
    """The posted answer fields (q_<key>, q_<key>__<row>) as typed, at most MAX_FORM_ITEMS."""
    form = await request.form(max_fields=MAX_FORM_ITEMS + 10)
    return [(k, v) for k, v in form.multi_items() if k.startswith("q_") and isinstance(v, str)][
        :MAX_FORM_ITEMS
    ]


AnswerFields = Annotated[list[tuple[str, str]], Depends(answer_fields)]


async def answer_files(request: Request) -> list[tuple[str, StarletteUpload]]:
    """The files posted for inventory questions (file_<key>), those with a name only."""
    form = await request.form(max_fields=MAX_FORM_ITEMS + 10)
    return [
        (k.removeprefix("file_"), v)
        for k, v in form.multi_items()
        if k.startswith("file_") and isinstance(v, StarletteUpload) and v.filename
    ][:MAX_FORM_ITEMS]


AnswerFiles = Annotated[list[tuple[str, StarletteUpload]], Depends(answer_files)]


def _shown(q: Question, value: Any) -> Any:
    """A stored answer as the form shows it again."""
    if value is None:
        return [] if q.kind == "multi" else {} if q.kind == "matrix" else ""
    if q.kind in ("multi", "matrix"):
        return value
    if q.kind == "inventory":
        return form_text(inventory_of(value))
    return form_text(value)


def _answer_page(
    request: Request,
    session: Session,
    actor: Actor,
    round_id: int,
    city_id: int,
    typed_answers: Mapping[str, Any] | None = None,
    errors: Mapping[str, str] | None = None,
    status_code: int = 200,
    upload: uploads.UploadOutcome | None = None,
) -> HTMLResponse:
    view = responses.get_response(session, actor, round_id, city_id)
    lang = locale_of(request)
    questions = view.round.questions
    values = (
        typed_answers
        if typed_answers is not None
        else {q.key: _shown(q, view.answers.get(q.key)) for q in questions}
    )
    form = PageForm("answer", {q.key: q.text_in(lang) for q in questions}, errors=dict(errors or {}))
    return render(
        request,
        "surveys/answer.html",
        status_code=status_code,
        actor=actor,
        v=view,
        form=form,
        values=values,
        labels=SURVEY_LABELS,
        inventories=responses.city_inventories(session, actor, city_id),
        targets=uploads.targets(session, actor, round_id, city_id) if view.can_answer else {},
        upload=upload,
    )


@router.get(R + "/{round_id}/cities/{city_id}", response_class=HTMLResponse)
def answer_form(
    request: Request, round_id: PathId, city_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    return _answer_page(request, session, actor, round_id, city_id)


def _raw_answers(questions: tuple[Question, ...], fields: list[tuple[str, str]]) -> dict[str, Any]:
    by_name: dict[str, list[str]] = {}
    for name, value in fields:
        by_name.setdefault(name, []).append(value)
    raw: dict[str, Any] = {}
    for q in questions:
        name = "q_" + q.key
        if q.kind == "multi":
            raw[q.key] = by_name.get(name, [])
        elif q.kind == "matrix":
            raw[q.key] = {row: by_name.get(f"{name}__{row}", [""])[0] for row in q.rows}
        else:
            raw[q.key] = by_name.get(name, [""])[0]
    return raw


@router.post(R + "/{round_id}/cities/{city_id}", response_model=None)
def save_answers(
    request: Request,
    round_id: PathId,
    city_id: PathId,
    db: DB,
    actor: FormWriter,
    fields: AnswerFields,
    files: AnswerFiles,
    action: Annotated[str, Form(max_length=10)] = "save",
    version: FormVersion = None,
) -> Response:
    with db.read() as session:
        questions = rounds.get_round(session, actor, round_id).questions
    raw = _raw_answers(questions, fields)
    submit = action == "submit"
    errors: dict[str, str] = {}
    if files:
        return _save_with_file(request, db, actor, round_id, city_id, raw, fields, files, submit, version)
    try:
        with db.write() as session:
            responses.save_answers(
                session, actor, round_id, city_id, raw, submit=submit, expected_version=version
            )
        return see_other_done(
            f"{R}/{round_id}/cities/{city_id}", "survey_submitted" if submit else "survey_draft_saved"
        )
    except AnswersInvalid as error:
        errors = error.errors
    except (InvalidInput, Conflict) as error:
        errors = {"conflict": str(error)}
    with db.read() as session:
        return _answer_page(
            request, session, actor, round_id, city_id, raw, errors, 409 if "conflict" in errors else 422
        )


def _confirmed(fields: list[tuple[str, str]], key: str) -> int | None:
    value = dict(fields).get(f"q_{key}__confirm", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _save_with_file(
    request: Request,
    db: DB,
    actor: Actor,
    round_id: int,
    city_id: int,
    raw: dict[str, Any],
    fields: list[tuple[str, str]],
    files: list[tuple[str, StarletteUpload]],
    submit: bool,
    version: int | None,
) -> Response:
    """Answers with an activity file for an inventory question (services.surveys.uploads): all or
    nothing; on a problem the form comes back with what was typed and the file's problems."""
    errors: dict[str, str] = {}
    outcome: uploads.UploadOutcome | None = None
    key, upload = files[0]
    if len(files) > 1:
        errors[files[1][0]] = "upload one file at a time: save with the first, then upload the next."
    else:
        try:
            outcome = uploads.answer_with_file(
                db,
                actor,
                round_id,
                city_id,
                key,
                upload.file,
                upload.filename or "upload.csv",
                {k: v for k, v in raw.items() if k != key},
                submit=submit,
                confirmed_rows=_confirmed(fields, key),
                expected_version=version,
            )
            if outcome.written:
                done = "survey_inventory_named" if outcome.named_only else "survey_inventory_uploaded"
                return see_other_done(f"{R}/{round_id}/cities/{city_id}", done)
            errors[key] = (
                f"{outcome.file_name}: nothing was saved; correct the file as listed below"
                " and upload it again."
            )
        except AnswersInvalid as error:
            errors = error.errors
        except (InvalidInput, Conflict) as error:
            errors = {"conflict": str(error)}
    with db.read() as session:
        return _answer_page(
            request,
            session,
            actor,
            round_id,
            city_id,
            raw,
            errors,
            409 if "conflict" in errors else 422,
            outcome,
        )


@router.get(R + "/{round_id}/cities/{city_id}/reopen", response_class=HTMLResponse)
def reopen_form(
    request: Request, round_id: PathId, city_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    view = responses.get_response(session, actor, round_id, city_id)
    if not view.round.runs:
        raise PermissionDenied("Only the network's secretariat reopens answers.")
    return render(request, "surveys/reopen.html", actor=actor, v=view, form=PageForm("reopen", REOPEN_LABELS))


@router.post(R + "/{round_id}/cities/{city_id}/reopen", response_model=None)
def reopen(
    request: Request,
    round_id: PathId,
    city_id: PathId,
    db: DB,
    actor: FormWriter,
    reason: Annotated[str, Form(max_length=1000)] = "",
    version: FormVersion = None,
) -> Response:
    form = PageForm("reopen", REOPEN_LABELS, typed(reason=reason))

    def write(session: Session) -> str:
        responses.reopen_response(session, actor, round_id, city_id, reason, version)
        return done_url(f"{R}/{round_id}#responses", "survey_reopened")

    def page(session: Session) -> HTMLResponse:
        view = responses.get_response(session, actor, round_id, city_id)
        return render(
            request, "surveys/reopen.html", status_code=form.status_code, actor=actor, v=view, form=form
        )

    return write_or_show(form, db, write, page)
