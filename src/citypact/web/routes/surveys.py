"""Pages of survey rounds: a network's rounds (/networks/{slug}/surveys, with the form to start a
draft), a round's page (the builder while it is a draft: add, change, move up or down and remove
questions, send it to member cities; then who answered, reminders, closing), the results with
charts and the CSV and XLSX downloads, and the reader's open surveys (/surveys). A city's answers:
survey_answers.py. Who may do what: services/surveys/rounds.py and services/surveys/questions.py."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.surveys import KINDS, Question
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.labels import N_
from citypact.i18n.surveys_labels import (
    MOVE_LABELS,
    QUESTION_FORM_LABELS,
    ROUND_FORM_LABELS,
    SEND_LABELS,
    SURVEY_LABELS,
)
from citypact.reports.charts import bar_chart
from citypact.services.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from citypact.services.surveys import mail, questions, responses, results, rounds
from citypact.web.forms import (
    FormVersion,
    FormWriter,
    PageForm,
    done_url,
    see_other_done,
    typed,
    write_or_show,
)
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute)
R = "/survey-rounds"
Slug = Annotated[str, Path(max_length=60)]
Short = Annotated[str, Form(max_length=200)]
Long = Annotated[str, Form(max_length=4000)]


def _smtp_configured(request: Request) -> bool:
    return getattr(request.app.state.settings, "smtp_host", None) is not None


# --- a network's rounds --------------------------------------------------------------------------


def _list_page(request: Request, session: Session, actor: Actor, slug: str, form: PageForm) -> HTMLResponse:
    network, found = rounds.list_rounds(session, actor, slug)
    return render(
        request,
        "surveys/rounds.html",
        status_code=form.status_code,
        actor=actor,
        network=network,
        rounds=found,
        form=form,
        runs=actor.runs_network(network.id),
        labels=SURVEY_LABELS,
    )


@router.get("/networks/{slug}/surveys", response_class=HTMLResponse)
def round_list(request: Request, slug: Slug, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    if not actor.is_authenticated:
        raise NotAuthenticated()
    return _list_page(request, session, actor, slug, PageForm("round", ROUND_FORM_LABELS))


@router.post("/networks/{slug}/surveys", response_model=None)
def create(
    request: Request, slug: Slug, db: DB, actor: FormWriter, title: Short = "", deadline: Short = ""
) -> Response:
    form = PageForm("round", ROUND_FORM_LABELS, typed(title=title, deadline=deadline))
    day = form.date("deadline")
    if form.ok:
        try:
            with db.write() as session:
                made = rounds.create_round(session, actor, slug, {"title": title, "deadline": day})
            return see_other_done(f"{R}/{made.id}", "survey_created")
        except InvalidInput as error:
            form.refuse(error)
    with db.read() as session:
        return _list_page(request, session, actor, slug, form)


@router.get("/surveys", response_class=HTMLResponse)
def my_surveys(request: Request, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    """The open rounds the reader's cities are in, with each city's state, and the networks whose
    rounds the reader runs (their secretariat)."""
    if not actor.is_authenticated:
        raise NotAuthenticated()
    return render(
        request,
        "surveys/mine.html",
        actor=actor,
        found=responses.my_responses(session, actor),
        run=rounds.networks_run(session, actor),
        labels=SURVEY_LABELS,
    )


# --- a round ---------------------------------------------------------------------------------------


def _round_page(
    request: Request,
    session: Session,
    actor: Actor,
    round_id: int,
    failed: Mapping[str, PageForm] | None = None,
) -> HTMLResponse:
    view = rounds.get_round(session, actor, round_id)
    forms = {
        "question": PageForm("question", QUESTION_FORM_LABELS, {"kind": "choice"}),
        "send": PageForm("send", SEND_LABELS),
        "round": PageForm("round", ROUND_FORM_LABELS),
        "move": PageForm("move", MOVE_LABELS),
        **(failed or {}),
    }
    status = max((f.status_code for f in (failed or {}).values()), default=200)
    return render(
        request,
        "surveys/round.html",
        status_code=status,
        actor=actor,
        r=view,
        page_forms=forms,
        failed=next(iter((failed or {}).values()), None),
        labels=SURVEY_LABELS,
        kinds=list(KINDS),
        members=rounds.member_choices(session, actor, round_id)
        if view.runs and view.status == "draft"
        else [],
        outbox=mail.outbox_state(session, actor, round_id, configured=_smtp_configured(request))
        if view.runs
        else None,
        catalogue=rounds.catalogue_codes(session) if view.runs and view.status == "draft" else [],
    )


@router.get(R + "/{round_id}", response_class=HTMLResponse)
def show(request: Request, round_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    return _round_page(request, session, actor, round_id)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def question_fields(
    key: Annotated[str, Form(max_length=40)] = "",
    kind: Annotated[str, Form(max_length=20)] = "",
    text_en: Long = "",
    text_de: Long = "",
    text_ja: Long = "",
    required: Annotated[str, Form(max_length=5)] = "",
    unit: Annotated[str, Form(max_length=40)] = "",
    low: Annotated[str, Form(max_length=30)] = "",
    high: Annotated[str, Form(max_length=30)] = "",
    year: Annotated[str, Form(max_length=10)] = "",
    options: Long = "",
    rows: Long = "",
    condition_key: Annotated[str, Form(max_length=40)] = "",
    condition_values: Long = "",
) -> dict[str, str]:
    """The fields of the question form (adding a question and changing one), as typed."""
    return typed(
        key=key,
        kind=kind,
        text_en=text_en,
        text_de=text_de,
        text_ja=text_ja,
        required=required,
        unit=unit,
        low=low,
        high=high,
        year=year,
        options=options,
        rows=rows,
        condition_key=condition_key,
        condition_values=condition_values,
    )


QuestionFields = Annotated[dict[str, str], Depends(question_fields)]


def _question_form(prefix: str, fields: Mapping[str, str]) -> tuple[PageForm, dict[str, Any]]:
    """The question form as typed and the question record it gives (problems noted in the form)."""
    form = PageForm(prefix, QUESTION_FORM_LABELS, dict(fields))
    chosen = form.choice("kind", list(KINDS))
    question: dict[str, Any] = {
        "key": form.text("key"),
        "kind": chosen,
        "text": {lang: form.value("text_" + lang) for lang in ("en", "de", "ja")},
        "required": bool(form.value("required")),
        "unit": form.value("unit"),
        "low": form.number("low"),
        "high": form.number("high"),
        "year": form.text("year") if chosen == "inventory" else "",
        "options": _lines(form.value("options")),
        "rows": _lines(form.value("rows")),
    }
    if form.text("condition_key"):
        question["condition"] = {
            "key": form.text("condition_key"),
            "values": _lines(form.value("condition_values")),
        }
    return form, question


def _refuse_question(form: PageForm, error: InvalidInput | Conflict) -> None:
    """A refused question at the form's field: questions.<key>.<part>[.lang] -> the field."""
    if not isinstance(error, InvalidInput) or error.field in ("version", "question"):
        form.refuse_write(error)
        return
    part = error.field.split(".")
    name = {
        "text": "text_" + (part[3] if len(part) > 3 else "en"),
        "condition": "condition_key",
    }.get(part[2] if len(part) > 2 else "key", part[2] if len(part) > 2 else "key")
    form.problem(name if name in QUESTION_FORM_LABELS else "key", error.message)


def _typed_question(q: Question) -> dict[str, str]:
    """A stored question as its form shows it."""
    return typed(
        key=q.key,
        kind=q.kind,
        text_en=q.text.get("en"),
        text_de=q.text.get("de"),
        text_ja=q.text.get("ja"),
        required=q.required,
        unit=q.unit,
        low=q.low,
        high=q.high,
        year=q.year,
        options="\n".join(q.options),
        rows="\n".join(q.rows),
        condition_key=q.condition.key if q.condition else "",
        condition_values="\n".join(q.condition.values) if q.condition else "",
    )


@router.post(R + "/{round_id}/questions", response_model=None)
def add_question(
    request: Request,
    round_id: PathId,
    db: DB,
    actor: FormWriter,
    fields: QuestionFields,
    version: FormVersion = None,
) -> Response:
    form, question = _question_form("question", fields)

    def write(session: Session) -> str:
        questions.add_question(session, actor, round_id, question, version)
        return done_url(f"{R}/{round_id}#questions", "survey_question_added")

    return write_or_show(
        form,
        db,
        write,
        lambda session: _round_page(request, session, actor, round_id, {"question": form}),
        _refuse_question,
    )


QuestionKey = Annotated[str, Path(max_length=40)]


def _change_page(
    request: Request, session: Session, actor: Actor, round_id: int, key: str, form: PageForm | None = None
) -> HTMLResponse:
    view = rounds.get_round(session, actor, round_id)
    if not view.runs:
        raise PermissionDenied("Only the network's secretariat changes the questionnaire.")
    question = next((q for q in view.questions if q.key == key), None)
    if question is None:
        raise NotFound("question of the round", key)
    if view.status != "draft":
        raise Conflict(f"The round is {view.status}; its questionnaire changes only while it is a draft.")
    shown = form or PageForm("question", QUESTION_FORM_LABELS, _typed_question(question))
    return render(
        request,
        "surveys/question_change.html",
        status_code=shown.status_code,
        actor=actor,
        r=view,
        key=key,
        f=shown,
        labels=SURVEY_LABELS,
        kinds=list(KINDS),
        catalogue=rounds.catalogue_codes(session),
    )


# {question_key}, not {key}: the form's own field is called key (the question's new key)
@router.get(R + "/{round_id}/questions/{question_key}/change", response_class=HTMLResponse)
def change_question_page(
    request: Request, round_id: PathId, question_key: QuestionKey, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    return _change_page(request, session, actor, round_id, question_key)


@router.post(R + "/{round_id}/questions/{question_key}/change", response_model=None)
def change_question(
    request: Request,
    round_id: PathId,
    question_key: QuestionKey,
    db: DB,
    actor: FormWriter,
    fields: QuestionFields,
    version: FormVersion = None,
) -> Response:
    form, question = _question_form("question", fields)

    def write(session: Session) -> str:
        questions.change_question(session, actor, round_id, question_key, question, version)
        return done_url(f"{R}/{round_id}#q-{question['key']}", "survey_question_changed")

    return write_or_show(
        form,
        db,
        write,
        lambda session: _change_page(request, session, actor, round_id, question_key, form),
        _refuse_question,
    )


@router.post(R + "/{round_id}/questions/{key}/move", response_model=None)
def move_question(
    request: Request,
    round_id: PathId,
    key: QuestionKey,
    db: DB,
    actor: FormWriter,
    direction: Annotated[str, Form(max_length=10)] = "",
    version: FormVersion = None,
) -> Response:
    form = PageForm("move", MOVE_LABELS, typed(direction=direction))

    def write(session: Session) -> str:
        questions.move_question(session, actor, round_id, key, direction, version)
        return done_url(f"{R}/{round_id}#q-{key}", "survey_question_moved")

    return write_or_show(
        form, db, write, lambda session: _round_page(request, session, actor, round_id, {"move": form})
    )


@router.get(R + "/{round_id}/questions/{key}/remove", response_class=HTMLResponse)
def remove_question_page(
    request: Request,
    round_id: PathId,
    key: QuestionKey,
    session: ReadDB,
    actor: CurrentActor,
) -> HTMLResponse:
    view = rounds.get_round(session, actor, round_id)
    question = next((q for q in view.questions if q.key == key), None)
    if not view.runs:
        raise PermissionDenied("Only the network's secretariat changes the questionnaire.")
    if question is None:
        raise NotFound("question of the round", key)
    return render(
        request,
        "confirm_delete.html",
        actor=actor,
        heading=N_("Take this question out of the round?"),
        facts=[(N_("Round"), view.title), (N_("Question"), question.text_in(locale_of(request)))],
        consequence=N_("The question is removed from the draft; you can add it again before sending."),
        action=f"{R}/{round_id}/questions/{key}/remove",
        confirm=N_("Remove the question"),
        cancel=f"{R}/{round_id}#questions",
    )


@router.post(R + "/{round_id}/questions/{key}/remove", response_model=None)
def remove_question(round_id: PathId, key: QuestionKey, db: DB, actor: FormWriter) -> Response:
    with db.write() as session:
        questions.remove_question(session, actor, round_id, key, None)
    return see_other_done(f"{R}/{round_id}#questions", "survey_question_removed")


@router.post(R + "/{round_id}/send", response_model=None)
def send(
    request: Request,
    round_id: PathId,
    db: DB,
    actor: FormWriter,
    city_ids: Annotated[list[str], Form(max_length=500)] = [],  # noqa: B006 - FastAPI copies defaults
    version: FormVersion = None,
) -> Response:
    form = PageForm("send", SEND_LABELS, {"city_ids": ",".join(city_ids)})

    def write(session: Session) -> str:
        rounds.send_round(session, actor, round_id, city_ids, version)
        return done_url(f"{R}/{round_id}", "survey_sent")

    return write_or_show(
        form, db, write, lambda session: _round_page(request, session, actor, round_id, {"send": form})
    )


@router.post(R + "/{round_id}/reminders", response_model=None)
def remind(round_id: PathId, db: DB, actor: FormWriter) -> Response:
    with db.write() as session:
        mail.remind(session, actor, round_id)
    return see_other_done(f"{R}/{round_id}#responses", "survey_reminded")


@router.get(R + "/{round_id}/close", response_class=HTMLResponse)
def close_page(request: Request, round_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    view = rounds.get_round(session, actor, round_id)
    if not view.runs:
        raise PermissionDenied("Only the network's secretariat closes the round.")
    return render(
        request,
        "confirm_delete.html",
        actor=actor,
        heading=N_("Close this round?"),
        facts=[(N_("Round"), view.title)],
        consequence=N_("No city can save or submit answers any more; the results stay."),
        action=f"{R}/{round_id}/close",
        confirm=N_("Close the round"),
        cancel=f"{R}/{round_id}",
    )


@router.post(R + "/{round_id}/close", response_model=None)
def close(round_id: PathId, db: DB, actor: FormWriter) -> Response:
    with db.write() as session:
        rounds.close_round(session, actor, round_id, None)
    return see_other_done(f"{R}/{round_id}", "survey_closed")


# --- results -------------------------------------------------------------------------------------


def _charts(res: results.Results, lang: str, words: Any) -> dict[str, str]:
    charts: dict[str, str] = {}
    for q, a in zip(res.round.questions, res.aggregates, strict=True):
        if a.distribution and a.answered:
            charts[q.key] = bar_chart(
                {o: float(n) for o, n in a.distribution}, words("Cities"), q.text_in(lang)
            )
    return charts


@router.get(R + "/{round_id}/results", response_class=HTMLResponse)
def results_page(request: Request, round_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    res = results.results(session, actor, round_id)
    lang = locale_of(request)
    from citypact.i18n.catalog import translations

    return render(
        request,
        "surveys/results.html",
        actor=actor,
        res=res,
        labels=SURVEY_LABELS,
        charts=_charts(res, lang, translations(lang).gettext),
        pairs=list(zip(res.round.questions, res.aggregates, strict=True)),
    )


@router.get(R + "/{round_id}/results.csv", response_class=Response)
def results_csv(round_id: PathId, session: ReadDB, actor: CurrentActor) -> Response:
    text = results.results_csv(results.results(session, actor, round_id))
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="survey-{round_id}.csv"'},
    )


@router.get(R + "/{round_id}/results.xlsx", response_class=Response)
def results_xlsx(round_id: PathId, session: ReadDB, actor: CurrentActor) -> Response:
    data = results.results_xlsx(results.results(session, actor, round_id))
    return Response(
        data,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="survey-{round_id}.xlsx"'},
    )
