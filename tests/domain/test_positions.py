"""The lifecycle rules of joint positions, pure."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from citypact.domain import positions as rules

TODAY = dt.date(2026, 6, 1)


def test_public_once_sent() -> None:
    assert not rules.is_public("draft")
    assert all(rules.is_public(s) for s in rules.STATUSES if s != "draft")


def test_signing_only_in_the_group_once_and_in_the_draft() -> None:
    assert rules.sign_problem("draft", 1, [1, 2], []) is None
    assert rules.sign_problem("draft", 3, [1, 2], []) == "not_in_group"
    assert rules.sign_problem("draft", 1, [1, 2], [1]) == "signed_already"
    assert rules.sign_problem("sent", 1, [1, 2], []) == "not_draft"


def test_withdrawing_only_a_given_signature_before_sending() -> None:
    assert rules.withdraw_problem("draft", 1, [1]) is None
    assert rules.withdraw_problem("draft", 2, [1]) == "not_signed"
    assert rules.withdraw_problem("sent", 1, [1]) == "not_draft"


def test_sending_needs_asks_a_signature_for_a_position_and_no_future_date() -> None:
    assert rules.send_problem("position", "draft", "Ask", [1], TODAY, TODAY) is None
    assert rules.send_problem("position", "draft", " \n ", [1], TODAY, TODAY) == "no_asks"
    assert rules.send_problem("position", "draft", "Ask", [], TODAY, TODAY) == "no_signature"
    assert rules.send_problem("recommendation", "draft", "Ask", [], TODAY, TODAY) is None
    assert (
        rules.send_problem("position", "draft", "Ask", [1], TODAY + dt.timedelta(days=1), TODAY)
        == "future_date"
    )
    assert rules.send_problem("position", "sent", "Ask", [1], TODAY, TODAY) == "not_draft"


def test_following_steps() -> None:
    sent = dt.date(2026, 3, 1)
    assert rules.follow_problem("sent", "answered", TODAY, sent, TODAY) is None
    assert rules.follow_problem("answered", "adopted", TODAY, sent, TODAY) is None
    assert rules.follow_problem("adopted_in_part", "adopted", TODAY, sent, TODAY) is None
    assert rules.follow_problem("draft", "answered", TODAY, None, TODAY) == "not_sent"
    assert rules.follow_problem("adopted", "rejected", TODAY, sent, TODAY) == "no_such_step"
    assert rules.follow_problem("answered", "answered", TODAY, sent, TODAY) == "no_such_step"
    assert rules.follow_problem("sent", "rejected", dt.date(2026, 2, 28), sent, TODAY) == "before_sent"
    assert (
        rules.follow_problem("sent", "rejected", TODAY + dt.timedelta(days=1), sent, TODAY) == "future_date"
    )


def test_final_states_lead_nowhere_and_every_step_is_an_outcome() -> None:
    for status in rules.FINAL:
        assert rules.FOLLOW[status] == ()
    for steps in rules.FOLLOW.values():
        assert set(steps) <= set(rules.OUTCOMES)


def test_ask_lines_and_share() -> None:
    assert rules.ask_lines(" a \n\n b\n") == ["a", "b"]
    assert rules.signature_share(2, 3) == 2 / 3
    assert rules.signature_share(0, 0) == 0.0


@given(st.lists(st.sampled_from(rules.OUTCOMES), max_size=6))
def test_no_path_returns_to_the_draft_or_to_sent(steps: list[str]) -> None:
    """Whatever outcomes are tried in order, a followed position never goes back to draft or sent,
    and it takes at most three steps to a final state."""
    status = "sent"
    taken = 0
    for step in steps:
        if rules.follow_problem(status, step, TODAY, None, TODAY) is None:
            status = step
            taken += 1
    assert status != "draft"
    assert taken <= 3
    assert status == "sent" or status in rules.OUTCOMES
