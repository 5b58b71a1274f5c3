"""The House of Change rules: lifecycle moves, review forms, readiness, SDG and GPC codes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain.ideas import (
    MOVES,
    REVIEW_FORMS,
    SDG_TARGET_COUNTS,
    IdeaError,
    check_answers,
    check_move,
    check_sdg_code,
    missing_roles,
    normalise_gpc_sectors,
    normalise_sdgs,
    sdg_targets,
    split_codes,
)

ALL_TARGETS = [t for goal in SDG_TARGET_COUNTS for t in sdg_targets(goal)]


def test_the_un_list_has_169_targets_under_17_goals() -> None:
    assert len(SDG_TARGET_COUNTS) == 17
    assert len(ALL_TARGETS) == 169
    assert len(set(ALL_TARGETS)) == 169


def test_targets_of_goal_7_and_11_are_the_official_ones() -> None:
    assert sdg_targets(7) == ["7.1", "7.2", "7.3", "7.a", "7.b"]
    assert sdg_targets(11)[-3:] == ["11.a", "11.b", "11.c"]
    assert sdg_targets(17)[-1] == "17.19"
    assert sdg_targets(13) == ["13.1", "13.2", "13.3", "13.a", "13.b"]


@pytest.mark.parametrize("code", ["7", "7.2", "11.a", "17.19", "13.B", " 3.d "])
def test_real_goals_and_targets_pass(code: str) -> None:
    assert check_sdg_code(code) == code.strip().lower()


@pytest.mark.parametrize("code", ["0", "18", "7.4", "7.c", "17.20", "17.a", "7.02", "7.", "x", "7.2.1"])
def test_codes_outside_the_un_list_are_refused(code: str) -> None:
    with pytest.raises(IdeaError) as error:
        check_sdg_code(code)
    assert error.value.field == "sdg_targets"


def test_sdgs_are_normalised_in_goal_and_target_order() -> None:
    assert normalise_sdgs(["11.a", "7.2", "11", "7", "7.a", "7.3", "11.6", "7.2"]) == (
        "7;7.2;7.3;7.a;11;11.6;11.a"
    )
    assert normalise_sdgs(split_codes("13.2, 9.5;9.2 9")) == "9;9.2;9.5;13.2"
    assert normalise_sdgs([]) == ""


def test_numbered_targets_sort_as_numbers() -> None:
    assert normalise_sdgs(["8.10", "8.2", "8.a"]) == "8.2;8.10;8.a"


@given(st.lists(st.sampled_from(ALL_TARGETS + [str(g) for g in range(1, 18)]), max_size=40))
def test_normalising_is_idempotent_and_order_free(codes: list[str]) -> None:
    once = normalise_sdgs(codes)
    assert normalise_sdgs(split_codes(once)) == once
    assert normalise_sdgs(list(reversed(codes))) == once
    assert set(split_codes(once)) == set(codes)


def test_gpc_sectors_are_normalised_in_gpc_order() -> None:
    assert normalise_gpc_sectors(["iii", "I", "VI", "I"]) == "I;III;VI"
    with pytest.raises(IdeaError):
        normalise_gpc_sectors(["VII"])


@given(st.lists(st.sampled_from(["I", "II", "III", "IV", "V", "VI", "iv", " v "])))
def test_gpc_normalising_is_idempotent(codes: list[str]) -> None:
    once = normalise_gpc_sectors(codes)
    assert normalise_gpc_sectors(split_codes(once)) == once


def test_the_lifecycle_allows_its_moves_only() -> None:
    check_move("open", "in_review")
    check_move("in_review", "ready", roles_reviewed=["critic", "dreamer", "realist"])
    check_move("ready", "became_deal")
    with pytest.raises(IdeaError):
        check_move("open", "ready", roles_reviewed=["dreamer", "realist", "critic"])
    with pytest.raises(IdeaError):
        check_move("became_deal", "archived", reason="late")
    with pytest.raises(IdeaError):
        check_move("archived", "open")
    assert not MOVES["archived"] and not MOVES["became_deal"]


def test_archiving_needs_a_reason() -> None:
    with pytest.raises(IdeaError) as error:
        check_move("open", "archived", reason="  ")
    assert error.value.field == "reason"
    check_move("open", "archived", reason="a duplicate of idea 3")


def test_ready_needs_a_review_in_each_role() -> None:
    with pytest.raises(IdeaError) as error:
        check_move("in_review", "ready", roles_reviewed=["dreamer", "dreamer", "critic"])
    assert "realist" in error.value.message
    assert missing_roles(["critic"]) == ["dreamer", "realist"]
    assert missing_roles(["critic", "realist", "dreamer"]) == []


def test_a_review_keeps_its_answers_in_form_order() -> None:
    answers = {"who_benefits": " tenants ", "could_become": "solar roofs on every school"}
    assert list(check_answers("dreamer", answers)) == ["could_become", "who_benefits"]
    assert check_answers("dreamer", answers)["who_benefits"] == "tenants"


def test_a_review_refuses_missing_unknown_and_long_answers() -> None:
    with pytest.raises(IdeaError) as missing:
        check_answers("critic", {"risks": "cost"})
    assert missing.value.field == "must_be_true"
    with pytest.raises(IdeaError) as unknown:
        check_answers("critic", {"risks": "a", "must_be_true": "b", "dreams": "c"})
    assert unknown.value.field == "dreams"
    with pytest.raises(IdeaError) as long:
        check_answers("realist", {"steps": "a", "resources_costs": "b", "time": "x" * 301})
    assert long.value.field == "time"
    with pytest.raises(IdeaError):
        check_answers("judge", {})


def test_every_role_has_required_questions() -> None:
    for form in REVIEW_FORMS.values():
        assert any(q.required for q in form)
