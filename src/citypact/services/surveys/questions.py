"""One question at a time of a draft round (the builder page and the API): add, change, move up or
down, remove. The whole questionnaire at once, and the round itself: services/surveys/rounds.py.

Both keep the questionnaire's law (domain/surveys.py): a condition names a question ASKED BEFORE
it. The changed questionnaire is checked by the same rules as a new one (`parse_questionnaire`), and
a change touches only the question changed: a change that would alter another question (a dependant
whose condition values are no longer options, or whose values would be dropped because the question
it depends on is no longer a choice) is refused, naming that question and the fix. Only the
network's secretariat changes its rounds, only while a round is a draft; every change is audited
with the question (or the order) before and after.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput
from citypact.services.surveys.rounds import _check_draft, _load_to_run, _questions, update_round
from citypact.services.versions import check_version, flush_checked
from citypact.storage.surveys import SurveyRound

DIRECTIONS: Final = ("up", "down")


def _position(questions: Sequence[Mapping[str, Any]], key: str) -> int:
    for i, q in enumerate(questions):
        if q.get("key") == key:
            return i
    raise InvalidInput("key", f"the round has no question {key!r}; use a key of its questionnaire.")


def _condition_key(question: Mapping[str, Any]) -> str:
    condition = question.get("condition")
    return str(condition.get("key") or "") if isinstance(condition, Mapping) else ""


def _dependants(questions: Sequence[Mapping[str, Any]], key: str) -> list[str]:
    return [str(q.get("key")) for q in questions if _condition_key(q) == key]


def reordered(questions: Sequence[Mapping[str, Any]], key: str, direction: str) -> list[dict[str, Any]]:
    """The questionnaire with question `key` swapped with its neighbour above ("up") or below
    ("down"); InvalidInput at the edge or for another direction, Conflict when the lower of the two
    depends on the upper (a condition names a question asked before it)."""
    if direction not in DIRECTIONS:
        raise InvalidInput("direction", f"{direction!r} is no direction; use up or down.")
    out = [dict(q) for q in questions]
    at = _position(out, key)
    other = at - 1 if direction == "up" else at + 1
    if not 0 <= other < len(out):
        edge = "first" if direction == "up" else "last"
        raise InvalidInput("direction", f"{key} is already the {edge} question; it cannot move {direction}.")
    upper, lower = (out[other], out[at]) if direction == "up" else (out[at], out[other])
    if _condition_key(lower) == upper.get("key"):
        raise Conflict(
            f"Question {lower['key']} is asked depending on {upper['key']}, so it stays below it;"
            f" change the condition of {lower['key']} first to swap them."
        )
    out[at], out[other] = out[other], out[at]
    return out


def add_question(
    session: Session, actor: Actor, round_id: int, question: Mapping[str, Any], expected_version: int | None
) -> SurveyRound:
    """Append one question to a draft round."""
    round_ = _load_to_run(session, actor, round_id)
    return update_round(
        session, actor, round_id, {"questions": [*round_.questions, dict(question)]}, expected_version
    )


def remove_question(
    session: Session, actor: Actor, round_id: int, key: str, expected_version: int | None
) -> SurveyRound:
    """Take one question out of a draft round; refused while another question's condition names it."""
    round_ = _load_to_run(session, actor, round_id)
    kept = [q for q in round_.questions if q.get("key") != key]
    if len(kept) == len(round_.questions):
        raise InvalidInput("key", f"the round has no question {key!r}.")
    dependent = _dependants(kept, key)
    if dependent:
        raise Conflict(f"Question {dependent[0]} is asked depending on {key}; change or remove it first.")
    return update_round(session, actor, round_id, {"questions": kept}, expected_version)


def _start(session: Session, actor: Actor, round_id: int, expected_version: int | None) -> SurveyRound:
    """The round, once the actor may change it, the version is the one read and it is a draft."""
    round_ = _load_to_run(session, actor, round_id)
    check_version("survey round", round_id, round_.version, expected_version)
    _check_draft(round_)
    return round_


def change_question(
    session: Session,
    actor: Actor,
    round_id: int,
    key: str,
    question: Mapping[str, Any],
    expected_version: int | None,
) -> SurveyRound:
    """Replace question `key` of a draft round by `question`, at the same place. A new key is refused
    while another question's condition names the old one. Nothing is written on an error."""
    round_ = _start(session, actor, round_id, expected_version)
    if not isinstance(question, Mapping):
        raise InvalidInput("question", "give the question as a record (key, kind, text, ...).")
    stored: list[dict[str, Any]] = [dict(q) for q in round_.questions]
    at = _position(stored, key)
    new_key = str(question.get("key") or "").strip()
    dependants = _dependants(stored, key)
    if new_key != key and dependants:
        raise Conflict(
            f"Question {dependants[0]} is asked depending on {key}; keep the key {key}, or change the"
            f" condition of {dependants[0]} first."
        )
    changed = [*stored[:at], dict(question), *stored[at + 1 :]]
    try:
        checked = _questions(session, changed)
    except InvalidInput as error:
        other = error.field.split(".")
        if len(other) > 2 and other[1] != new_key and other[1] in dependants:
            raise Conflict(
                f"Question {other[1]} is asked depending on {key} and would no longer fit it: its"
                f" {'.'.join(other[2:])} {error.message} Change the condition of {other[1]} first."
            ) from None
        raise
    for i, (before, after) in enumerate(zip(stored, checked, strict=True)):
        if i != at and before != after:
            raise Conflict(
                f"Question {after['key']} is asked depending on {key} by its answer; {key} must stay a"
                f" choice with those options. Change the condition of {after['key']} first."
            )
    round_.questions = checked
    flush_checked(session, "survey round", round_id, expected_version)
    audit.record(
        session,
        actor,
        "change_question",
        "survey_round",
        round_id,
        network_id=round_.network_id,
        before={"position": at + 1, "question": stored[at]},
        after={"position": at + 1, "question": checked[at]},
    )
    return round_


def move_question(
    session: Session,
    actor: Actor,
    round_id: int,
    key: str,
    direction: str,
    expected_version: int | None,
) -> SurveyRound:
    """Swap question `key` of a draft round with the one above ("up") or below ("down"). Refused
    when the question would come before the question its condition names (or a question depending
    on it before it), and at the edge (the first question does not move up, the last not down)."""
    round_ = _start(session, actor, round_id, expected_version)
    order = [str(q.get("key")) for q in round_.questions]
    round_.questions = _questions(session, reordered(round_.questions, key, direction))
    flush_checked(session, "survey round", round_id, expected_version)
    audit.record(
        session,
        actor,
        "move_question",
        "survey_round",
        round_id,
        network_id=round_.network_id,
        before={"order": order},
        after={"order": [str(q["key"]) for q in round_.questions]},
    )
    return round_
