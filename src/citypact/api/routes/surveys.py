"""/api/v1/networks/{slug}/surveys: a network's survey rounds (list, create a draft);
/api/v1/survey-rounds/...: one round (read, change while a draft, and one of its questions changed
or moved up or down; send, close, remind), its results (JSON, CSV, XLSX) and each city's response
(read, save a draft or submit, reopen). Who may do what: services/surveys/rounds.py and
services/surveys/questions.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Response, UploadFile

from citypact.api.schemas.surveys import (
    AggregateOut,
    AnswersIn,
    CityAnswersOut,
    InventoryAnswerOut,
    InventoryUploadOut,
    MoveIn,
    QuestionIn,
    QueuedOut,
    ReopenIn,
    ResponseOut,
    ResponseRowOut,
    ResultsOut,
    RoundIn,
    RoundOut,
    RoundPatch,
    RoundSummaryOut,
    SendIn,
)
from citypact.domain.access import Actor
from citypact.formats.errors import ImportErrors
from citypact.http.deps import (
    DB,
    CurrentActor,
    IfMatch,
    OptionalIfMatch,
    PathId,
    ReadDB,
    ReleasingRoute,
    Writer,
    etag,
)
from citypact.services.surveys import mail, questions, responses, results, rounds, uploads
from citypact.storage.db import Database

router = APIRouter(route_class=ReleasingRoute, tags=["survey rounds"])
R = "/survey-rounds"
Slug = Annotated[str, Path(max_length=60)]


def _round(db: Database, actor: Actor, round_id: int, response: Response | None = None) -> RoundOut:
    with db.read() as session:
        view = rounds.get_round(session, actor, round_id)
    if response is not None:
        response.headers.update(etag(view.version))
    return RoundOut(
        id=view.id,
        network=view.network_slug,
        title=view.title,
        status=view.status,
        deadline=view.deadline,
        questions=[q.as_json() for q in view.questions],
        responses=[
            ResponseRowOut(
                city_id=r.city_id,
                city=r.city,
                country=r.country,
                status=r.status,
                submitted_at=r.submitted_at,
                reopened_reason=r.reopened_reason,
            )
            for r in view.responses
        ],
        version=view.version,
    )


def _response(db: Database, actor: Actor, round_id: int, city_id: int, response: Response) -> ResponseOut:
    with db.read() as session:
        view = responses.get_response(session, actor, round_id, city_id)
    response.headers.update(etag(view.version))
    return ResponseOut(
        round_id=round_id,
        city_id=city_id,
        status=view.status,
        answers=dict(view.answers),
        missing=list(view.missing),
        reopened_reason=view.reopened_reason,
        submitted_at=view.submitted_at,
        version=view.version,
    )


@router.get("/networks/{slug}/surveys", response_model=list[RoundSummaryOut])
def list_all(slug: Slug, session: ReadDB, actor: CurrentActor) -> list[RoundSummaryOut]:
    """The network's rounds: all for its secretariat, those your cities are in for city staff."""
    _, found = rounds.list_rounds(session, actor, slug)
    return [
        RoundSummaryOut(
            id=r.id,
            title=r.title,
            status=r.status,
            deadline=r.deadline,
            cities=r.cities,
            submitted=r.submitted,
        )
        for r in found
    ]


@router.post("/networks/{slug}/surveys", response_model=RoundOut, status_code=201)
def create(slug: Slug, body: RoundIn, db: DB, actor: Writer, response: Response) -> RoundOut:
    """A draft round of the network (its secretariat): title, deadline, questions."""
    with db.write() as session:
        round_id = rounds.create_round(session, actor, slug, body.model_dump(mode="json")).id
    return _round(db, actor, round_id, response)


@router.get(R + "/{round_id}", response_model=RoundOut)
def detail(round_id: PathId, db: DB, actor: CurrentActor, response: Response) -> RoundOut:
    """A round with its questionnaire and who answered; the ETag is its version."""
    return _round(db, actor, round_id, response)


@router.patch(R + "/{round_id}", response_model=RoundOut)
def change(
    round_id: PathId, body: RoundPatch, db: DB, actor: Writer, version: IfMatch, response: Response
) -> RoundOut:
    """Change a draft round's title, deadline or questionnaire; If-Match: its ETag."""
    with db.write() as session:
        rounds.update_round(
            session, actor, round_id, body.model_dump(mode="json", exclude_unset=True), version
        )
    return _round(db, actor, round_id, response)


Key = Annotated[str, Path(max_length=40)]


@router.put(R + "/{round_id}/questions/{key}", response_model=RoundOut)
def change_question(
    round_id: PathId, key: Key, body: QuestionIn, db: DB, actor: Writer, version: IfMatch, response: Response
) -> RoundOut:
    """Replace question `key` of a draft round, at its place (a new key only while no condition
    names the old one); If-Match: the round's ETag."""
    with db.write() as session:
        questions.change_question(
            session, actor, round_id, key, body.model_dump(mode="json", exclude_none=True), version
        )
    return _round(db, actor, round_id, response)


@router.post(R + "/{round_id}/questions/{key}/move", response_model=RoundOut)
def move_question(
    round_id: PathId, key: Key, body: MoveIn, db: DB, actor: Writer, version: IfMatch, response: Response
) -> RoundOut:
    """Move question `key` of a draft round one place up or down (never above the question its
    condition names); If-Match: the round's ETag."""
    with db.write() as session:
        questions.move_question(session, actor, round_id, key, body.direction, version)
    return _round(db, actor, round_id, response)


@router.post(R + "/{round_id}/send", response_model=RoundOut)
def send(
    round_id: PathId, body: SendIn, db: DB, actor: Writer, version: OptionalIfMatch, response: Response
) -> RoundOut:
    """Send the draft to confirmed member cities; invitations are queued for their editors."""
    with db.write() as session:
        rounds.send_round(session, actor, round_id, body.city_ids, version)
    return _round(db, actor, round_id, response)


@router.post(R + "/{round_id}/close", response_model=RoundOut)
def close(round_id: PathId, db: DB, actor: Writer, version: OptionalIfMatch, response: Response) -> RoundOut:
    """Close an open round: answers are frozen."""
    with db.write() as session:
        rounds.close_round(session, actor, round_id, version)
    return _round(db, actor, round_id, response)


@router.post(R + "/{round_id}/reminders", response_model=QueuedOut)
def remind(round_id: PathId, db: DB, actor: Writer) -> QueuedOut:
    """Queue a reminder to the editors of every city that has not submitted."""
    with db.write() as session:
        return QueuedOut(queued=mail.remind(session, actor, round_id))


@router.get(R + "/{round_id}/results", response_model=ResultsOut)
def show_results(round_id: PathId, session: ReadDB, actor: CurrentActor) -> ResultsOut:
    """Aggregates per question over the submitted responses, and the answers of the cities you may see."""
    res = results.results(session, actor, round_id)
    return ResultsOut(
        round_id=round_id,
        submitted=res.submitted,
        sent_to=res.sent_to,
        aggregates=[
            AggregateOut(
                key=a.key,
                kind=a.kind,
                answered=a.answered,
                distribution=dict(a.distribution),
                minimum=a.minimum,
                median=a.median,
                maximum=a.maximum,
                texts=list(a.texts),
                matrix={row: dict(degrees) for row, degrees in a.matrix},
            )
            for a in res.aggregates
        ],
        cities=[CityAnswersOut(city_id=c.city_id, city=c.city, answers=dict(c.answers)) for c in res.cities],
        inventories=[
            InventoryAnswerOut(
                city_id=i.city_id,
                key=i.key,
                inventory_id=i.inventory_id,
                file=i.file,
                year=i.year,
                status=i.status,
                total_t=i.total_t,
                gwp=i.gwp,
            )
            for i in res.inventories
        ],
    )


@router.get(R + "/{round_id}/results.csv", response_class=Response)
def results_csv(round_id: PathId, session: ReadDB, actor: CurrentActor) -> Response:
    """The answers of the cities you may see as CSV (one row a city, one column a question)."""
    text = results.results_csv(results.results(session, actor, round_id))
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="survey-{round_id}.csv"'},
    )


@router.get(R + "/{round_id}/results.xlsx", response_class=Response)
def results_xlsx(round_id: PathId, session: ReadDB, actor: CurrentActor) -> Response:
    """The answers and the aggregates as a workbook."""
    data = results.results_xlsx(results.results(session, actor, round_id))
    return Response(
        data,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="survey-{round_id}.xlsx"'},
    )


@router.get(R + "/{round_id}/cities/{city_id}", response_model=ResponseOut)
def response_detail(
    round_id: PathId, city_id: PathId, db: DB, actor: CurrentActor, response: Response
) -> ResponseOut:
    """A city's response (its staff, the round's secretariat); the ETag is its version."""
    return _response(db, actor, round_id, city_id, response)


@router.put(R + "/{round_id}/cities/{city_id}", response_model=ResponseOut)
def answer(
    round_id: PathId,
    city_id: PathId,
    body: AnswersIn,
    db: DB,
    actor: Writer,
    version: IfMatch,
    response: Response,
) -> ResponseOut:
    """Save the city's answers as a draft, or submit them (`submit`: every required question
    answered); If-Match: the response's ETag (each save changes it)."""
    with db.write() as session:
        responses.save_answers(
            session, actor, round_id, city_id, body.answers, submit=body.submit, expected_version=version
        )
    return _response(db, actor, round_id, city_id, response)


@router.post(R + "/{round_id}/cities/{city_id}/inventory-file", response_model=InventoryUploadOut)
def answer_with_file(
    round_id: PathId,
    city_id: PathId,
    db: DB,
    actor: Writer,
    version: OptionalIfMatch,
    response: Response,
    key: Annotated[str, Form(max_length=40, description="the inventory question's key")],
    file: Annotated[UploadFile, File(description="activity template (CSV, XLSX) or a CityCatalyst export")],
    submit: Annotated[bool, Form(description="submit the answers with it")] = False,
    confirm_replace: Annotated[
        int | None,
        Form(ge=0, le=10_000_000, description="a draft's rows replaced: their number, as confirmation"),
    ] = None,
) -> InventoryUploadOut:
    """Answer an inventory question with an activity file: imported into the city's inventory of
    the question's year (a draft created when there is none; a draft's rows replaced only with
    `confirm_replace`; a submitted or verified one only named). The other stored answers are
    kept. All or nothing: a file with problems is a 422 listing them and writes nothing."""
    outcome = uploads.answer_with_file(
        db,
        actor,
        round_id,
        city_id,
        key,
        file.file,
        file.filename or "upload.csv",
        None,
        submit=submit,
        confirmed_rows=confirm_replace,
        expected_version=version,
    )
    if not outcome.written:
        raise ImportErrors(outcome.problems, outcome.total_problems)
    return InventoryUploadOut(
        key=outcome.key,
        file_name=outcome.file_name,
        year=outcome.year,
        inventory_id=outcome.inventory_id,
        created=outcome.created,
        imported_rows=outcome.imported_rows,
        named_only=outcome.named_only,
        response=_response(db, actor, round_id, city_id, response),
    )


@router.post(R + "/{round_id}/cities/{city_id}/reopen", response_model=ResponseOut)
def reopen(
    round_id: PathId,
    city_id: PathId,
    body: ReopenIn,
    db: DB,
    actor: Writer,
    version: OptionalIfMatch,
    response: Response,
) -> ResponseOut:
    """The secretariat reopens a submitted response with a reason the city reads."""
    with db.write() as session:
        responses.reopen_response(session, actor, round_id, city_id, body.reason, version)
    return _response(db, actor, round_id, city_id, response)
