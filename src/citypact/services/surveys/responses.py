"""A city's response to a survey round: its staff read it, its editors save drafts and submit
(answers checked against the questionnaire, the deadline kept, a submitted response frozen), the
round's secretariat reopens it with a reason. The reader's open surveys and the inventories an
inventory question can name. Who sees what: rounds.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.surveys import Checked, Question, clean_answers, file_of, inventory_of
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.services.input import clean_text
from citypact.services.surveys import rounds  # its clock, rounds.today_utc, is the package's one
from citypact.services.surveys.rounds import (
    MAX_ROUNDS_LISTED,
    REASON_MAX,
    RoundSummary,
    RoundView,
    _load_to_run,
    _staff_cities,
    get_round,
)
from citypact.services.versions import check_version, flush_checked
from citypact.storage.models import City, Inventory, utcnow
from citypact.storage.surveys import SurveyResponse, SurveyRound


@dataclass(frozen=True)
class ResponseView:
    round: RoundView
    city_id: int
    city: str
    status: str
    answers: Mapping[str, Any]
    missing: tuple[str, ...]
    reopened_reason: str
    submitted_at: dt.datetime | None
    version: int
    can_answer: bool


def _response(session: Session, round_id: int, city_id: int) -> SurveyResponse:
    response = session.scalar(
        select(SurveyResponse).where(SurveyResponse.round_id == round_id, SurveyResponse.city_id == city_id)
    )
    if response is None:
        raise NotFound("survey response", f"{round_id}/{city_id}")
    return response


def _may_read_response(actor: Actor, runs: bool, city_id: int) -> bool:
    return runs or actor.is_admin or city_id in _staff_cities(actor)


def get_response(session: Session, actor: Actor, round_id: int, city_id: int) -> ResponseView:
    """One city's response: for the city's staff and the round's secretariat."""
    view = get_round(session, actor, round_id)
    if not _may_read_response(actor, view.runs, city_id):
        raise NotFound("survey response", f"{round_id}/{city_id}")
    response = _response(session, round_id, city_id)
    city = session.get(City, city_id)
    assert city is not None
    answers = dict(response.answers or {})
    from citypact.domain.surveys import missing

    return ResponseView(
        view,
        city_id,
        city.name,
        response.status,
        answers,
        missing(view.questions, answers),
        response.reopened_reason,
        response.submitted_at,
        response.version,
        view.status == "open"
        and response.status != "submitted"
        and actor.can_edit_city(city_id)
        and (not past_deadline(view) or bool(response.reopened_reason)),
    )


class AnswersInvalid(InvalidInput):
    """Answers with errors: `errors` holds a message per question key (the form shows each at its field)."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        key, message = next(iter(errors.items()))
        super().__init__(key, message)
        self.errors = dict(errors)


def _check_inventories(
    session: Session, questions: Sequence[Question], checked: Checked, city_id: int
) -> None:
    errors: dict[str, str] = {}
    for q in questions:
        if q.kind == "inventory" and q.key in checked.answers:
            inventory_id = inventory_of(checked.answers[q.key])
            inventory = session.get(Inventory, inventory_id) if inventory_id is not None else None
            if inventory is None or inventory.city_id != city_id:
                errors[q.key] = f"no inventory {inventory_id} of this city; choose one of its inventories."
    if errors:
        raise AnswersInvalid(errors)


def past_deadline(view: RoundView) -> bool:
    """Whether the round's deadline (a day, UTC; answers are taken through it) has passed."""
    return rounds.today_utc() > view.deadline


def check_deadline(view: RoundView, response: SurveyResponse) -> None:
    """After the deadline a city answers (drafts or submission) only when the secretariat
    reopened its response (a reason is recorded)."""
    if past_deadline(view) and not response.reopened_reason:
        raise Conflict(
            f"The deadline of this round was {view.deadline}; answers are no longer taken. Ask the"
            " network's secretariat to reopen your answers to answer late."
        )


def save_answers(
    session: Session,
    actor: Actor,
    round_id: int,
    city_id: int,
    answers: Mapping[str, Any],
    *,
    submit: bool = False,
    expected_version: int | None = None,
    files: Mapping[str, str] | None = None,
) -> Checked:
    """Save a city's answers as a draft (answers may be missing, not wrong), or submit them (every
    asked, required question answered). Answers to questions not asked are dropped. Nothing is
    written when an answer is wrong.

    An inventory answer keeps the name of the file it was uploaded from only as the upload stored
    it (`files`, given by services.surveys.uploads: question key -> file name); naming the same
    inventory again keeps that name, naming another drops it. A client never writes a file name."""
    view = get_round(session, actor, round_id)
    if not _may_read_response(actor, view.runs, city_id):
        raise NotFound("survey response", f"{round_id}/{city_id}")
    require(actor.can_edit_city(city_id), True, "Only the city's editors answer its survey.")
    if not isinstance(answers, Mapping):
        raise InvalidInput("answers", "give the answers as {question key: answer}.")
    response = _response(session, round_id, city_id)
    check_version("survey response", response.id, response.version, expected_version)
    if view.status != "open":
        raise Conflict(f"The round is {view.status}; answers are taken only while it is open.")
    if response.status == "submitted":
        raise Conflict(
            "The answers are submitted; ask the network's secretariat to reopen them to change them."
        )
    check_deadline(view, response)
    checked = clean_answers(view.questions, answers)
    if checked.errors:
        raise AnswersInvalid(checked.errors)
    _check_inventories(session, view.questions, checked, city_id)
    if submit and checked.missing:
        raise AnswersInvalid(dict.fromkeys(checked.missing, "is required; answer it before submitting."))
    kept = _with_files(view.questions, checked.answers, response.answers or {}, files or {})
    before_status = response.status
    response.answers = kept
    response.status = "submitted" if submit else "draft"
    response.updated_by = actor.user_id
    response.updated_at = utcnow()
    if submit:
        response.submitted_at = utcnow()
        response.submitted_by = actor.user_id
    flush_checked(session, "survey response", response.id, expected_version)
    audit.record(
        session,
        actor,
        "submit" if submit else "save",
        "survey_response",
        response.id,
        city_id=city_id,
        network_id=view.network_id,
        before={"status": before_status},
        after={"status": response.status, "answers": kept},
    )
    return checked


def _with_files(
    questions: Sequence[Question],
    answers: Mapping[str, Any],
    stored: Mapping[str, Any],
    files: Mapping[str, str],
) -> dict[str, Any]:
    out = dict(answers)
    for q in questions:
        if q.kind != "inventory" or q.key not in out:
            continue
        inventory_id = inventory_of(out[q.key])
        before = stored.get(q.key)
        if q.key in files:
            out[q.key] = {"inventory": inventory_id, "file": files[q.key]}
        elif file_of(before) and inventory_of(before) == inventory_id:
            out[q.key] = {"inventory": inventory_id, "file": file_of(before)}
        else:
            out[q.key] = inventory_id
    return out


def reopen_response(
    session: Session,
    actor: Actor,
    round_id: int,
    city_id: int,
    reason: Any,
    expected_version: int | None = None,
) -> SurveyResponse:
    """The secretariat sends a submitted response back to draft, with a reason the city sees;
    after the deadline also a response not submitted, so that the city may answer late."""
    round_ = _load_to_run(session, actor, round_id)
    text = clean_text("reason", reason, REASON_MAX, required=True)
    response = _response(session, round_id, city_id)
    check_version("survey response", response.id, response.version, expected_version)
    if round_.status != "open":
        raise Conflict(f"The round is {round_.status}; a response is reopened only while it is open.")
    late = rounds.today_utc() > round_.deadline
    if response.status != "submitted" and not late:
        raise Conflict(
            "Only a submitted response is reopened (before the deadline a city answers without it)."
        )
    before_status = response.status
    response.status = "draft"
    response.reopened_reason = text
    response.updated_by = actor.user_id
    response.updated_at = utcnow()
    flush_checked(session, "survey response", response.id, expected_version)
    audit.record(
        session,
        actor,
        "reopen",
        "survey_response",
        response.id,
        city_id=city_id,
        network_id=round_.network_id,
        before={"status": before_status},
        after={"status": "draft", "reason": text},
    )
    return response


def my_responses(session: Session, actor: Actor) -> list[tuple[RoundSummary, int, str, str]]:
    """The open rounds the actor's cities are in: (round, city id, city name, response status)."""
    mine = _staff_cities(actor)
    if not mine:
        return []
    out = []
    for r, resp, name in session.execute(
        select(SurveyRound, SurveyResponse, City.name)
        .join(SurveyResponse, SurveyResponse.round_id == SurveyRound.id)
        .join(City, City.id == SurveyResponse.city_id)
        .where(SurveyResponse.city_id.in_(mine), SurveyRound.status == "open")
        .order_by(SurveyRound.deadline, City.name)
        .limit(MAX_ROUNDS_LISTED)
    ):
        out.append(
            (
                RoundSummary(r.id, r.network_id, r.title, r.status, r.deadline, 0, 0),
                resp.city_id,
                name,
                resp.status,
            )
        )
    return out


def city_inventories(session: Session, actor: Actor, city_id: int) -> list[tuple[int, int, str]]:
    """The city's inventories an inventory question may name: (id, year, status), newest first;
    for the city's staff only (the answer form)."""
    if not (actor.is_admin or city_id in _staff_cities(actor)):
        return []
    return [
        (i, year, status)
        for i, year, status in session.execute(
            select(Inventory.id, Inventory.year, Inventory.status)
            .where(Inventory.city_id == city_id)
            .order_by(Inventory.year.desc(), Inventory.id.desc())
            .limit(100)
        )
    ]
