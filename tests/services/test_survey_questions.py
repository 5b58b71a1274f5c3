"""Changing one question of a draft round and moving questions up and down: the change keeps the
place, every rule of a new question holds, a condition still names a question asked before it, a
refused change writes nothing; only C40's secretariat changes its drafts."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from citypact.domain.access import Role
from citypact.domain.surveys import SurveyError, parse_questionnaire
from citypact.services.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, StaleVersion
from citypact.services.surveys import questions
from citypact.services.surveys.questions import DIRECTIONS, reordered
from citypact.storage.models import AuditEntry, Network
from citypact.storage.surveys import SurveyRound
from tests.conftest import World
from tests.factories import user
from tests.surveys_fixture import QUESTIONS, draft_round, members, sent_round

KEYS = [q["key"] for q in QUESTIONS]  # has_plan, plan_year (if has_plan is yes), staff, topics, ...
SEC = "c40_secretariat"


def _stored(world: World, round_id: int) -> tuple[list[dict[str, Any]], int]:
    with world.db.read() as session:
        r = session.get(SurveyRound, round_id)
        assert r is not None
        return [dict(q) for q in r.questions], r.version


def _keys(world: World, round_id: int) -> list[str]:
    return [q["key"] for q in _stored(world, round_id)[0]]


def _change(world: World, round_id: int, key: str, question: dict[str, Any], who: str = SEC) -> None:
    with world.db.write() as session:
        questions.change_question(session, world.actor(who), round_id, key, question, None)


def _move(world: World, round_id: int, key: str, direction: str, version: int | None = None) -> None:
    with world.db.write() as session:
        questions.move_question(session, world.actor(SEC), round_id, key, direction, version)


@pytest.fixture
def draft(world: World) -> int:
    members(world)
    return draft_round(world)


def test_a_change_keeps_the_place_and_is_audited(world: World, draft: int) -> None:
    staff = {"key": "staff_total", "kind": "number", "unit": "persons", "low": "0", "high": "500",
             "text": {"en": "Staff working on climate", "ja": "気候担当職員"}}  # fmt: skip
    _change(world, draft, "staff", staff)
    stored, version = _stored(world, draft)
    assert [q["key"] for q in stored] == [k if k != "staff" else "staff_total" for k in KEYS]
    assert stored[2] == {"key": "staff_total", "kind": "number", "required": False, "unit": "persons",
                         "low": 0.0, "high": 500.0,
                         "text": {"en": "Staff working on climate", "ja": "気候担当職員"}}  # fmt: skip
    assert stored[:2] == QUESTIONS[:2] and version == 2
    with world.db.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "change_question")).one()
    assert entry.before == {"position": 3, "question": {**QUESTIONS[2], "required": False}}
    assert entry.after is not None and entry.after["question"]["key"] == "staff_total"


def test_the_options_of_a_choice_change_while_its_dependants_still_fit(world: World, draft: int) -> None:
    _change(world, draft, "has_plan", {**QUESTIONS[0], "options": ["yes", "no", "in preparation"]})
    assert _stored(world, draft)[0][0]["options"] == ["yes", "no", "in preparation"]


def test_a_rename_is_refused_while_a_condition_names_the_question(world: World, draft: int) -> None:
    with pytest.raises(Conflict, match="plan_year is asked depending on has_plan"):
        _change(world, draft, "has_plan", {**QUESTIONS[0], "key": "plan"})
    _change(world, draft, "plan_year", {**QUESTIONS[1], "key": "adopted_in"})  # nothing depends on it
    assert _keys(world, draft)[1] == "adopted_in"


def test_a_change_a_dependant_would_no_longer_fit_is_refused(world: World, draft: int) -> None:
    before = _stored(world, draft)
    with pytest.raises(Conflict, match="plan_year .*'yes' is not an option of has_plan"):
        _change(world, draft, "has_plan", {**QUESTIONS[0], "options": ["adopted", "not adopted"]})
    with pytest.raises(Conflict, match="plan_year"):  # a text question would drop the values "yes"
        _change(world, draft, "has_plan", {**QUESTIONS[0], "kind": "text"})
    assert _stored(world, draft) == before


@pytest.mark.parametrize(
    ("changed", "field"),
    [
        ({"kind": "choice", "options": ["only one"]}, "questions.staff.options"),
        ({"kind": "sketch"}, "questions.staff.kind"),
        ({"text": {"en": ""}}, "questions.staff.text.en"),
        ({"text": {"en": "x", "fr": "y"}}, "questions.staff.text"),
        ({"low": "9", "high": "1"}, "questions.staff.low"),
        ({"condition": {"key": "topics"}}, "questions.staff.condition"),  # topics comes after staff
        ({"key": "remarks"}, "questions.remarks.key"),  # the key of another question
        ({"key": "Staff!"}, "questions.key"),
    ],
)
def test_an_invalid_change_names_the_field_and_writes_nothing(
    world: World, draft: int, changed: dict[str, Any], field: str
) -> None:
    before = _stored(world, draft)
    with pytest.raises(InvalidInput) as e:
        _change(world, draft, "staff", {**QUESTIONS[2], **changed})
    assert e.value.field == field
    assert _stored(world, draft) == before


def test_an_unknown_key_is_refused(world: World, draft: int) -> None:
    with pytest.raises(InvalidInput, match="no question 'nope'"):
        _change(world, draft, "nope", QUESTIONS[2])
    with pytest.raises(InvalidInput, match="no question 'nope'"):
        _move(world, draft, "nope", "up")


def test_moves_swap_with_the_neighbour(world: World, draft: int) -> None:
    _move(world, draft, "topics", "up")
    assert _keys(world, draft) == ["has_plan", "plan_year", "topics", "staff", *KEYS[4:]]
    _move(world, draft, "topics", "down", version=2)
    assert _keys(world, draft) == KEYS
    _move(world, draft, "staff", "up")  # above plan_year: staff depends on nothing
    assert _keys(world, draft)[:3] == ["has_plan", "staff", "plan_year"]
    with world.db.read() as session:
        entries = list(session.scalars(select(AuditEntry).where(AuditEntry.action == "move_question")))
    assert len(entries) == 3 and entries[0].before == {"order": KEYS}


def test_a_move_that_breaks_a_condition_is_refused(world: World, draft: int) -> None:
    with pytest.raises(Conflict, match="plan_year is asked depending on has_plan, so it stays below it"):
        _move(world, draft, "plan_year", "up")
    with pytest.raises(Conflict, match="plan_year is asked depending on has_plan"):
        _move(world, draft, "has_plan", "down")
    assert _stored(world, draft)[1] == 1


def test_a_move_at_the_edge_or_without_direction_is_refused(world: World, draft: int) -> None:
    with pytest.raises(InvalidInput, match="already the first question; it cannot move up") as e:
        _move(world, draft, "has_plan", "up")
    assert e.value.field == "direction"
    with pytest.raises(InvalidInput, match="already the last question"):
        _move(world, draft, "inventory", "down")
    with pytest.raises(InvalidInput, match="use up or down"):
        _move(world, draft, "staff", "sideways")
    assert _stored(world, draft)[1] == 1


def test_a_stale_version_is_refused(world: World, draft: int) -> None:
    _move(world, draft, "topics", "up")
    with pytest.raises(StaleVersion):
        _move(world, draft, "topics", "down", version=1)
    with pytest.raises(StaleVersion), world.db.write() as session:
        questions.change_question(session, world.actor(SEC), draft, "staff", QUESTIONS[2], 1)


def test_a_sent_round_is_not_changed(world: World) -> None:
    s = sent_round(world)
    with pytest.raises(Conflict, match="open; its questionnaire changes only while it is a draft"):
        _change(world, s.round_id, "staff", QUESTIONS[2])
    with pytest.raises(Conflict, match="only while it is a draft"):
        _move(world, s.round_id, "topics", "up")


def test_only_the_rounds_secretariat_changes_it(world: World, draft: int) -> None:
    with world.db.write() as session:
        other = Network(slug="other", name="Other network", description="")
        session.add(other)
        session.flush()
        world.users["other_secretariat"] = user(
            session, name="other_secretariat", role=Role.NETWORK_SECRETARIAT, scope_id=other.id
        )
    for who in ("other_secretariat", "heidelberg_editor", "plain_user"):
        with pytest.raises(NotFound):  # a draft is invisible outside its secretariat
            _change(world, draft, "staff", QUESTIONS[2], who=who)
        with pytest.raises(NotFound), world.db.write() as session:
            questions.move_question(session, world.actor(who), draft, "topics", "up", None)
    with pytest.raises(NotAuthenticated), world.db.write() as session:
        questions.move_question(session, world.actor("public"), draft, "topics", "up", None)
    assert _stored(world, draft)[1] == 1


# --- the law of moves, over generated questionnaires (no database) --------------------------------


@st.composite
def questionnaires(draw: st.DrawFn) -> list[dict[str, Any]]:
    """q0..qn, each a choice (a, b) or a text, some asked only on an answer to an earlier one."""
    out: list[dict[str, Any]] = []
    for i in range(draw(st.integers(1, 8))):
        q: dict[str, Any] = {"key": f"q{i}", "kind": draw(st.sampled_from(["choice", "text"])),
                             "text": {"en": f"Question {i}"}}  # fmt: skip
        if q["kind"] == "choice":
            q["options"] = ["a", "b"]
        if i and draw(st.booleans()):
            q["condition"] = {"key": f"q{draw(st.integers(0, i - 1))}"}
        out.append(q)
    return [qq.as_json() for qq in parse_questionnaire(out)]


@given(questionnaires(), st.lists(st.tuples(st.integers(0, 7), st.sampled_from(DIRECTIONS)), max_size=12))
def test_a_move_is_refused_exactly_when_it_would_break_a_condition(
    start: list[dict[str, Any]], moves: list[tuple[int, str]]
) -> None:
    current = start
    for index, direction in moves:
        key = f"q{index}"
        if key not in {q["key"] for q in current}:
            continue
        at = [q["key"] for q in current].index(key)
        other = at - 1 if direction == "up" else at + 1
        try:
            after = reordered(current, key, direction)
        except InvalidInput as e:  # only at the edge
            assert e.field == "direction" and not 0 <= other < len(current)
            continue
        except Conflict:  # only when the swapped questionnaire breaks the law
            swapped = list(current)
            swapped[at], swapped[other] = swapped[other], swapped[at]
            with pytest.raises(SurveyError, match="not an earlier question"):
                parse_questionnaire(swapped)
            continue
        assert [q.as_json() for q in parse_questionnaire(after)] == after  # still a valid questionnaire
        assert sorted(after, key=str) == sorted(current, key=str)  # the same questions
        assert reordered(after, key, "down" if direction == "up" else "up") == current  # undone
        current = after
