"""Survey rounds: a network's secretariat builds a questionnaire, sends it to chosen member cities
(confirmed members only) with a deadline, and follows who answered; each city's staff read it, its
editors save drafts and submit (a submitted response is frozen); the secretariat reopens a response
with a reason. Every change is audited. One question at a time (add, change, move, remove):
questions.py; a city's response (drafts, submission, reopening): responses.py.

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
    Question,
    SurveyError,
    parse_questionnaire,
)
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied, require
from citypact.services.input import clean_date, clean_text
from citypact.services.registry.networks import confirmed_networks, network_by_slug
from citypact.services.versions import check_version, flush_checked
from citypact.storage.models import City, MeasureType, Network, utcnow
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
