"""Survey rounds: a network's secretariat builds a questionnaire, sends it to chosen member cities
(confirmed members only) with a deadline, and follows who answered; each city's staff read it, its
editors save drafts and submit (a submitted response is frozen); the secretariat reopens a response
with a reason. Every change is audited. One question at a time (add, change, move, remove):
services/surveys/questions.py.

Who sees what: the round, its questionnaire and the list of who answered are read by the network's
secretariat; a city's staff read the rounds their city is in and only their own city's response.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor, Role
from citypact.domain.surveys import (
    Checked,
    Question,
    SurveyError,
    clean_answers,
    file_of,
    inventory_of,
    parse_questionnaire,
)
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied, require
from citypact.services.input import clean_date, clean_text
from citypact.services.registry.networks import confirmed_networks, network_by_slug
from citypact.services.versions import check_version, flush_checked
from citypact.storage.models import City, Inventory, MeasureType, Network, utcnow
from citypact.storage.surveys import SurveyResponse, SurveyRound

MAX_ROUNDS_LISTED: Final = 200
MAX_CITIES: Final = 500  # cities one round is sent to
REASON_MAX: Final = 1000


def today_utc() -> dt.date:
    return utcnow().date()


@dataclass(frozen=True)
class RoundSummary:
    id: int
    network_id: int
    title: str
    status: str
    deadline: dt.date
    cities: int
    submitted: int


@dataclass(frozen=True)
class ResponseRow:
    city_id: int
    city: str
    country: str
    status: str
    submitted_at: dt.datetime | None
    reopened_reason: str
    version: int


@dataclass(frozen=True)
class RoundView:
    id: int
    network_id: int
    network_slug: str
    network: str
    title: str
    status: str
    deadline: dt.date
    questions: tuple[Question, ...]
    responses: tuple[ResponseRow, ...]  # all for the secretariat; only the actor's cities otherwise
    runs: bool  # the actor is the round's secretariat
    version: int
    sent_at: dt.datetime | None

    @property
    def overdue(self) -> bool:
        return self.status == "open" and self.deadline < today_utc()


def catalogue_codes(session: Session) -> list[str]:
    return list(session.scalars(select(MeasureType.code).order_by(MeasureType.code)))


def questionnaire(session: Session, round_: SurveyRound) -> tuple[Question, ...]:
    return parse_questionnaire(round_.questions, catalogue_codes(session))


def _invalid(e: SurveyError) -> InvalidInput:
    return InvalidInput(f"questions.{e.field}" if not e.field.startswith("questions") else e.field, e.message)


def _staff_cities(actor: Actor) -> set[int]:
    return actor.cities(Role.CITY_EDITOR, Role.CITY_VIEWER)


def _load(session: Session, actor: Actor, round_id: int) -> tuple[SurveyRound, bool]:
    """The round and whether the actor runs it; NotFound for those who may not read it."""
    require(actor.is_authenticated or actor.is_admin, False)
    round_ = session.get(SurveyRound, round_id)
    if round_ is None:
        raise NotFound("survey round", round_id)
    if actor.runs_network(round_.network_id):
        return round_, True
    if round_.status != "draft":
        mine = _staff_cities(actor)
        if mine and session.scalar(
            select(func.count())
            .select_from(SurveyResponse)
            .where(SurveyResponse.round_id == round_id, SurveyResponse.city_id.in_(mine))
        ):
            return round_, False
    raise NotFound("survey round", round_id)


def _load_to_run(session: Session, actor: Actor, round_id: int) -> SurveyRound:
    round_, runs = _load(session, actor, round_id)
    require(runs, actor.is_authenticated, "Only the network's secretariat changes this round.")
    return round_


def list_rounds(session: Session, actor: Actor, slug: str) -> tuple[Network, list[RoundSummary]]:
    """The network's rounds: all of them for its secretariat, the sent ones a city of the actor is
    in for city staff; newest first, at most MAX_ROUNDS_LISTED."""
    require(actor.is_authenticated or actor.is_admin, False)
    network = network_by_slug(session, slug)
    query = select(SurveyRound).where(SurveyRound.network_id == network.id)
    if not actor.runs_network(network.id):
        mine = _staff_cities(actor)
        if not mine:
            raise PermissionDenied("Only the network's secretariat and its members' staff see its surveys.")
        query = query.where(
            SurveyRound.status != "draft",
            SurveyRound.id.in_(select(SurveyResponse.round_id).where(SurveyResponse.city_id.in_(mine))),
        )
    rounds = list(session.scalars(query.order_by(SurveyRound.id.desc()).limit(MAX_ROUNDS_LISTED)))
    counts: dict[int, tuple[int, int]] = {}
    if rounds:
        for rid, total, done in session.execute(
            select(
                SurveyResponse.round_id,
                func.count(),
                func.sum(case((SurveyResponse.status == "submitted", 1), else_=0)),
            )
            .where(SurveyResponse.round_id.in_([r.id for r in rounds]))
            .group_by(SurveyResponse.round_id)
        ):
            counts[rid] = (int(total), int(done or 0))
    return network, [
        RoundSummary(r.id, r.network_id, r.title, r.status, r.deadline, *counts.get(r.id, (0, 0)))
        for r in rounds
    ]


def _check_values(session: Session, values: Mapping[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be set here; use {', '.join(sorted(allowed))}.")


def _questions(session: Session, raw: Any) -> list[dict[str, Any]]:
    try:
        return [q.as_json() for q in parse_questionnaire(raw, catalogue_codes(session))]
    except SurveyError as e:
        raise _invalid(e) from None


def _deadline(value: Any) -> dt.date:
    deadline = clean_date("deadline", value, required=True)
    assert deadline is not None
    if deadline < today_utc():
        raise InvalidInput("deadline", f"{deadline} has passed; give a day from today on.")
    return deadline


def create_round(session: Session, actor: Actor, slug: str, values: Mapping[str, Any]) -> SurveyRound:
    """A draft round of the network: title, deadline (today or later), questions (may be empty)."""
    require(actor.is_authenticated or actor.is_admin, False)
    network = network_by_slug(session, slug)
    require(actor.runs_network(network.id), True, "Only the network's secretariat creates its survey rounds.")
    _check_values(session, values, {"title", "deadline", "questions"})
    title = clean_text("title", values.get("title"), 200, required=True)
    deadline = _deadline(values.get("deadline"))
    questions = _questions(session, values.get("questions") or [])
    round_ = SurveyRound(
        network_id=network.id,
        title=title,
        deadline=deadline,
        questions=questions,
        status="draft",
        created_by=actor.user_id,
    )
    session.add(round_)
    session.flush()
    audit.record(
        session,
        actor,
        "create",
        "survey_round",
        round_.id,
        network_id=network.id,
        after={"title": title, "deadline": deadline.isoformat(), "questions": len(questions)},
    )
    return round_


def _check_draft(round_: SurveyRound) -> None:
    if round_.status != "draft":
        raise Conflict(f"The round is {round_.status}; its questionnaire changes only while it is a draft.")


def update_round(
    session: Session, actor: Actor, round_id: int, values: Mapping[str, Any], expected_version: int | None
) -> SurveyRound:
    """Change the title, deadline or the whole questionnaire of a draft round."""
    round_ = _load_to_run(session, actor, round_id)
    _check_values(session, values, {"title", "deadline", "questions"})
    check_version("survey round", round_id, round_.version, expected_version)
    _check_draft(round_)
    before = {
        "title": round_.title,
        "deadline": round_.deadline.isoformat(),
        "questions": len(round_.questions),
    }
    if "title" in values:
        round_.title = clean_text("title", values.get("title"), 200, required=True)
    if "deadline" in values:
        round_.deadline = _deadline(values.get("deadline"))
    if "questions" in values:
        round_.questions = _questions(session, values.get("questions") or [])
    flush_checked(session, "survey round", round_id, expected_version)
    audit.record(
        session,
        actor,
        "update",
        "survey_round",
        round_id,
        network_id=round_.network_id,
        before=before,
        after={
            "title": round_.title,
            "deadline": round_.deadline.isoformat(),
            "questions": len(round_.questions),
        },
    )
    return round_


def send_round(
    session: Session, actor: Actor, round_id: int, city_ids: Sequence[Any], expected_version: int | None
) -> SurveyRound:
    """Open the round for the chosen cities (each a confirmed member of the network) and queue an
    invitation to each city's editors."""
    from citypact.services.surveys.mail import queue_mails

    round_ = _load_to_run(session, actor, round_id)
    check_version("survey round", round_id, round_.version, expected_version)
    _check_draft(round_)
    if not round_.questions:
        raise Conflict("The round has no question yet; add at least one before sending it.")
    if round_.deadline < today_utc():
        raise InvalidInput("deadline", f"{round_.deadline} has passed; move the deadline before sending.")
    ids: list[int] = []
    for c in city_ids:
        try:
            cid = int(c)
        except (TypeError, ValueError):
            raise InvalidInput("city_ids", f"{c!r} is not a city id.") from None
        if cid not in ids:
            ids.append(cid)
    if not ids:
        raise InvalidInput("city_ids", "choose at least one member city.")
    if len(ids) > MAX_CITIES:
        raise InvalidInput("city_ids", f"{len(ids)} cities chosen; a round goes to at most {MAX_CITIES}.")
    members = confirmed_networks(session, ids)
    outside = [c for c in ids if round_.network_id not in members.get(c, set())]
    if outside:
        raise InvalidInput(
            "city_ids",
            f"city {outside[0]} has not confirmed it is a member of this network; it cannot be sent a round.",
        )
    round_.status = "open"
    round_.sent_at = utcnow()
    flush_checked(session, "survey round", round_id, expected_version)
    for cid in ids:
        session.add(SurveyResponse(round_id=round_id, city_id=cid, status="not_started", answers={}))
    session.flush()
    queue_mails(session, round_, ids, "invitation")
    audit.record(
        session,
        actor,
        "send",
        "survey_round",
        round_id,
        network_id=round_.network_id,
        after={"cities": ids, "deadline": round_.deadline.isoformat()},
    )
    return round_


def close_round(session: Session, actor: Actor, round_id: int, expected_version: int | None) -> SurveyRound:
    """Close an open round: no answer changes any more; results stay."""
    round_ = _load_to_run(session, actor, round_id)
    check_version("survey round", round_id, round_.version, expected_version)
    if round_.status != "open":
        raise Conflict(f"The round is {round_.status}; only an open round is closed.")
    round_.status = "closed"
    round_.closed_at = utcnow()
    flush_checked(session, "survey round", round_id, expected_version)
    audit.record(session, actor, "close", "survey_round", round_id, network_id=round_.network_id)
    return round_


def _rows(session: Session, round_id: int, city_ids: set[int] | None) -> tuple[ResponseRow, ...]:
    query = (
        select(SurveyResponse, City.name, City.country)
        .join(City, City.id == SurveyResponse.city_id)
        .where(SurveyResponse.round_id == round_id)
        .order_by(City.name, City.id)
    )
    if city_ids is not None:
        query = query.where(SurveyResponse.city_id.in_(city_ids))
    return tuple(
        ResponseRow(r.city_id, name, country, r.status, r.submitted_at, r.reopened_reason, r.version)
        for r, name, country in session.execute(query)
    )


def get_round(session: Session, actor: Actor, round_id: int) -> RoundView:
    round_, runs = _load(session, actor, round_id)
    network = session.get(Network, round_.network_id)
    assert network is not None
    return RoundView(
        round_.id,
        network.id,
        network.slug,
        network.name,
        round_.title,
        round_.status,
        round_.deadline,
        questionnaire(session, round_),
        _rows(session, round_id, None if runs else _staff_cities(actor)),
        runs,
        round_.version,
        round_.sent_at,
    )


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
    return today_utc() > view.deadline


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
    late = today_utc() > round_.deadline
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


def all_rounds(session: Session, actor: Actor) -> list[tuple[str, RoundSummary]]:
    """Every network's rounds, newest first (administrators: the command line), with the network slug."""
    require(actor.is_admin, actor.is_authenticated, "Only an administrator lists every network's rounds.")
    out: list[tuple[str, RoundSummary]] = []
    slugs = dict(session.execute(select(Network.id, Network.slug)).all())
    for slug in sorted({slugs[r] for r in session.scalars(select(SurveyRound.network_id).distinct())}):
        _, rounds = list_rounds(session, actor, slug)
        out.extend((slug, r) for r in rounds)
    return sorted(out, key=lambda item: -item[1].id)[:MAX_ROUNDS_LISTED]


def member_choices(session: Session, actor: Actor, round_id: int) -> list[tuple[int, str, str]]:
    """The confirmed member cities a draft round may be sent to: (id, name, country), by name."""
    round_ = _load_to_run(session, actor, round_id)
    from citypact.storage.models import NetworkMember

    return [
        (cid, name, country)
        for cid, name, country in session.execute(
            select(City.id, City.name, City.country)
            .join(NetworkMember, NetworkMember.city_id == City.id)
            .where(NetworkMember.network_id == round_.network_id, NetworkMember.confirmed_at.is_not(None))
            .order_by(City.name, City.id)
            .limit(MAX_CITIES)
        )
    ]


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


def networks_run(session: Session, actor: Actor) -> list[tuple[str, str]]:
    """The networks whose survey rounds the actor runs as their secretariat: (slug, name), by name
    (administrators run every network's, and reach them from the network pages)."""
    ids = actor.networks()
    if not ids:
        return []
    return [
        (slug, name)
        for slug, name in session.execute(
            select(Network.slug, Network.name)
            .where(Network.id.in_(ids))
            .order_by(Network.name)
            .limit(MAX_ROUNDS_LISTED)
        )
    ]
