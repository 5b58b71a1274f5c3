"""The questionnaire rules: conditions, required answers, answer types, and the aggregates, with
hand-made cases and hypothesis properties."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain.surveys import (
    SurveyError,
    aggregate,
    answer_text,
    asked,
    check_answer,
    clean_answers,
    missing,
    parse_questionnaire,
)

CATALOGUE = ("led_streetlights", "bike_lanes")
RAW: list[dict[str, Any]] = [
    {
        "key": "has_plan",
        "kind": "choice",
        "text": {"en": "Do you have a climate plan?", "de": "Klimaplan?"},
        "options": ["yes", "no"],
        "required": True,
    },
    {
        "key": "plan_year",
        "kind": "year",
        "text": "Adopted in which year?",
        "required": True,
        "condition": {"key": "has_plan", "values": ["yes"]},
    },
    {"key": "budget", "kind": "number", "unit": "EUR", "text": "Budget", "low": 0},
    {"key": "topics", "kind": "multi", "text": "Topics", "options": ["energy", "mobility", "waste"]},
    {
        "key": "why",
        "kind": "text",
        "text": "Why mobility?",
        "required": True,
        "condition": {"key": "topics", "values": ["mobility"]},
    },
    {"key": "measures", "kind": "matrix", "text": "Measures", "rows": list(CATALOGUE)},
    {"key": "inventory", "kind": "inventory", "text": "Latest inventory"},
]
Q = parse_questionnaire(RAW, CATALOGUE)


def test_text_falls_back_to_english() -> None:
    assert Q[0].text_in("de") == "Klimaplan?"
    assert Q[0].text_in("ja") == "Do you have a climate plan?"


def test_condition_asks_only_when_met() -> None:
    assert asked(Q, {}) == ("has_plan", "budget", "topics", "measures", "inventory")
    assert "plan_year" in asked(Q, {"has_plan": "yes"})
    assert "plan_year" not in asked(Q, {"has_plan": "no"})
    assert "why" in asked(Q, {"topics": ["energy", "mobility"]})
    assert "why" not in asked(Q, {"topics": ["energy"]})


def test_missing_lists_required_asked_questions() -> None:
    assert missing(Q, {}) == ("has_plan",)
    assert missing(Q, {"has_plan": "yes"}) == ("plan_year",)
    assert missing(Q, {"has_plan": "no"}) == ()
    assert missing(Q, {"has_plan": "yes", "plan_year": 2020, "topics": ["mobility"]}) == ("why",)


def test_unasked_answers_are_dropped() -> None:
    checked = clean_answers(Q, {"has_plan": "no", "plan_year": "2019", "budget": "1,500.5", "nope": 1})
    assert dict(checked.answers) == {"has_plan": "no", "budget": 1500.5}
    assert checked.errors == {}
    assert checked.missing == ()


def test_type_checks_name_the_question() -> None:
    checked = clean_answers(Q, {"has_plan": "maybe", "budget": "-3", "topics": ["sports"]})
    assert set(checked.errors) == {"has_plan", "budget", "topics"}
    assert "not an option" in checked.errors["has_plan"]
    assert "below 0" in checked.errors["budget"]
    with pytest.raises(SurveyError, match="not a year"):
        check_answer(Q[1], "1850")
    with pytest.raises(SurveyError, match="not a degree"):
        check_answer(Q[5], {"bike_lanes": "done"})
    with pytest.raises(SurveyError, match="not a row"):
        check_answer(Q[5], {"trams": "idea"})
    assert check_answer(Q[5], {"bike_lanes": "adopted", "led_streetlights": ""}) == {"bike_lanes": "adopted"}
    assert check_answer(Q[6], "12") == 12
    assert check_answer(Q[3], ["waste", "energy"]) == ["energy", "waste"]


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ([{"key": "A", "kind": "text", "text": "x"}], "key"),
        ([{"key": "a", "kind": "essay", "text": "x"}], "a.kind"),
        ([{"key": "a", "kind": "text", "text": {"de": "x"}}], "a.text.en"),
        ([{"key": "a", "kind": "choice", "text": "x", "options": ["one"]}], "a.options"),
        ([{"key": "a", "kind": "matrix", "text": "x", "rows": ["trams"]}], "a.rows"),
        ([{"key": "a", "kind": "text", "text": "x", "condition": {"key": "b"}}], "a.condition"),
        ([{"key": "a", "kind": "text", "text": "x"}, {"key": "a", "kind": "text", "text": "y"}], "a.key"),
        ([{"key": "a", "kind": "number", "text": "x", "low": 5, "high": 1}], "a.low"),
    ],
)
def test_bad_questionnaires(raw: list[dict[str, Any]], field: str) -> None:
    with pytest.raises(SurveyError) as e:
        parse_questionnaire(raw, CATALOGUE)
    assert e.value.field == field


def test_aggregates_by_hand() -> None:
    budgets = aggregate(Q[2], [100.0, None, 300.0, 50.0, 1000.0])
    assert (budgets.answered, budgets.minimum, budgets.median, budgets.maximum) == (4, 50.0, 200.0, 1000.0)
    plans = aggregate(Q[0], ["yes", "no", "yes", None])
    assert plans.answered == 3 and plans.distribution == (("yes", 2), ("no", 1))
    topics = aggregate(Q[3], [["energy", "mobility"], ["mobility"], None])
    assert topics.distribution == (("energy", 1), ("mobility", 2), ("waste", 0))
    matrix = aggregate(
        Q[5], [{"bike_lanes": "adopted"}, {"bike_lanes": "adopted", "led_streetlights": "idea"}]
    )
    rows = dict(matrix.matrix)
    assert dict(rows["bike_lanes"])["adopted"] == 2
    assert dict(rows["led_streetlights"])["idea"] == 1
    assert sum(dict(rows["led_streetlights"]).values()) == 1
    years = aggregate(Q[1], [2010, 2020, 2015])
    assert (years.minimum, years.median, years.maximum) == (2010.0, 2015.0, 2020.0)
    assert aggregate(Q[4], ["a", "", "b"]).texts == ("a", "b")
    assert answer_text(Q[3], ["energy", "waste"]) == "energy; waste"
    assert answer_text(Q[5], {"bike_lanes": "adopted"}) == "bike_lanes=adopted"


ANSWER = st.fixed_dictionaries(
    {},
    optional={
        "has_plan": st.sampled_from(["yes", "no", "", "maybe"]),
        "plan_year": st.one_of(st.integers(1800, 2200).map(str), st.just("")),
        "budget": st.one_of(st.floats(allow_nan=True), st.text(max_size=5)),
        "topics": st.lists(st.sampled_from(["energy", "mobility", "waste", "x"]), max_size=3),
        "why": st.text(max_size=20),
        "measures": st.dictionaries(st.sampled_from(CATALOGUE), st.sampled_from(["idea", "adopted", ""])),
    },
)


@given(ANSWER)
def test_unasked_never_required_and_never_kept(raw: dict[str, Any]) -> None:
    checked = clean_answers(Q, raw)
    keys = set(asked(Q, checked.answers))
    assert set(checked.answers) <= keys
    assert set(checked.missing) <= keys
    assert set(checked.errors) <= keys
    # cleaning is idempotent: what was kept stays kept, with the same missing list
    again = clean_answers(Q, dict(checked.answers))
    assert dict(again.answers) == dict(checked.answers)
    assert again.missing == checked.missing


@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=30))
def test_number_aggregate_orders(values: list[float]) -> None:
    a = aggregate(Q[2], values)
    assert a.answered == len(values)
    assert a.minimum is not None and a.median is not None and a.maximum is not None
    assert a.minimum <= a.median <= a.maximum
    assert a.minimum == min(values) and a.maximum == max(values)


def test_an_inventory_question_names_its_year_and_keeps_an_uploads_file_name() -> None:
    from citypact.domain.surveys import file_of, inventory_of

    raw = {"key": "inv", "kind": "inventory", "year": "2024", "text": "Your 2024 inventory"}
    [q] = parse_questionnaire([raw])
    assert q.year == 2024 and q.as_json()["year"] == 2024
    assert parse_questionnaire([q.as_json()]) == (q,)  # stored and read back unchanged
    for bad, says in (("24x", "not a year"), (1980, "from 1990 on"), (True, "not a year")):
        with pytest.raises(SurveyError) as e:
            parse_questionnaire([{**raw, "year": bad}])
        assert e.value.field == "inv.year" and says in e.value.message
    assert parse_questionnaire([{**raw, "kind": "text"}])[0].year is None  # only inventories
    assert check_answer(q, "12") == 12
    assert check_answer(q, {"inventory": 12, "file": " a.csv "}) == {"inventory": 12, "file": "a.csv"}
    assert check_answer(q, {"inventory": "12", "file": ""}) == 12  # no name: just the inventory
    with pytest.raises(SurveyError):
        check_answer(q, {"inventory": {"inventory": 1}})
    with pytest.raises(SurveyError):
        check_answer(q, {"file": "a.csv"})
    uploaded = {"inventory": 12, "file": "a.csv"}
    assert (inventory_of(uploaded), file_of(uploaded), inventory_of(12), file_of(12)) == (12, "a.csv", 12, "")
    assert answer_text(q, uploaded) == "12 (a.csv)" and answer_text(q, 12) == "12"
    assert aggregate(q, [uploaded, 7, None]).answered == 2
