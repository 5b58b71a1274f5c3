"""The phases of a joint procurement: order, skipping the market dialogue, the conditions of
publication and of the bid deadline, withdrawal, and the form of CPV codes."""

from __future__ import annotations

import datetime as dt

import pytest

from citypact.domain.procurement.phases import (
    PHASES,
    Phase,
    PhaseError,
    Readiness,
    check_deadline,
    check_forming,
    check_move,
    check_withdrawal,
    clean_cpv,
    forming,
    next_phases,
    published,
)

NOW = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(days=30)
READY = Readiness(lots=1, joined=2, demand_lines=3, bids_due_at=LATER)


def test_phases_in_order() -> None:
    assert [p.value for p in PHASES] == [
        "needs_assessment", "market_dialogue", "tender_published", "bids_due",
        "evaluation", "award", "contract", "call_offs",
    ]  # fmt: skip


def test_next_phases_skip_only_the_market_dialogue() -> None:
    assert next_phases("needs_assessment") == (Phase.MARKET_DIALOGUE, Phase.TENDER_PUBLISHED)
    assert next_phases("market_dialogue") == (Phase.TENDER_PUBLISHED,)
    assert next_phases("evaluation") == (Phase.AWARD,)
    assert next_phases("call_offs") == ()


def test_moves_forward_one_phase() -> None:
    assert check_move("needs_assessment", "market_dialogue", READY, NOW) is Phase.MARKET_DIALOGUE
    assert check_move("needs_assessment", "tender_published", READY, NOW) is Phase.TENDER_PUBLISHED
    assert check_move("award", "contract", READY, NOW) is Phase.CONTRACT


@pytest.mark.parametrize(
    ("current", "target"),
    [("market_dialogue", "needs_assessment"), ("needs_assessment", "bids_due"), ("award", "award")],
)
def test_no_move_backwards_or_over_a_phase(current: str, target: str) -> None:
    with pytest.raises(PhaseError) as error:
        check_move(current, target, READY, NOW)
    assert error.value.field == "phase"


def test_last_phase_and_unknown_phase() -> None:
    with pytest.raises(PhaseError, match="last phase"):
        check_move("call_offs", "award", READY, NOW)
    with pytest.raises(PhaseError, match="unknown phase"):
        check_move("needs_assessment", "signed", READY, NOW)


@pytest.mark.parametrize(
    ("ready", "field", "words"),
    [
        (Readiness(0, 2, 3, LATER), "phase", "lot"),
        (Readiness(1, 0, 0, LATER), "phase", "demand"),
        (Readiness(1, 2, 0, LATER), "phase", "demand"),
        (Readiness(1, 2, 3, None), "bids_due_at", "deadline"),
        (Readiness(1, 2, 3, NOW), "bids_due_at", "passed"),
    ],
)
def test_publication_needs_lots_demand_and_a_future_deadline(
    ready: Readiness, field: str, words: str
) -> None:
    with pytest.raises(PhaseError, match=words) as error:
        check_move("market_dialogue", "tender_published", ready, NOW)
    assert error.value.field == field


def test_bids_due_only_after_the_deadline() -> None:
    with pytest.raises(PhaseError, match="sealed"):
        check_move("tender_published", "bids_due", READY, NOW)
    after = LATER + dt.timedelta(seconds=1)
    assert check_move("tender_published", "bids_due", READY, after) is Phase.BIDS_DUE
    assert check_move("tender_published", "bids_due", READY, LATER) is Phase.BIDS_DUE


def test_deadline_changes() -> None:
    assert check_deadline("needs_assessment", LATER, NOW) == LATER
    assert check_deadline("tender_published", LATER, NOW) == LATER
    with pytest.raises(PhaseError, match="future"):
        check_deadline("tender_published", NOW - dt.timedelta(hours=1), NOW)
    with pytest.raises(PhaseError, match="cannot change"):
        check_deadline("bids_due", LATER, NOW)
    with pytest.raises(PhaseError, match="time zone"):
        check_deadline("needs_assessment", dt.datetime(2026, 6, 1, 12), NOW)


def test_forming_and_published() -> None:
    assert [forming(p) for p in PHASES] == [True, True] + [False] * 6
    assert [published(p) for p in PHASES] == [False, False] + [True] * 6


def test_withdrawal_before_publication_only() -> None:
    check_withdrawal("needs_assessment")
    check_withdrawal("market_dialogue")
    with pytest.raises(PhaseError, match="cannot withdraw after publication"):
        check_withdrawal("tender_published")
    with pytest.raises(PhaseError, match="lots"):
        check_forming("award", "lots")


@pytest.mark.parametrize("code", ["34144910-0", " 09310000-5 ", "31527200-8"])
def test_cpv_codes(code: str) -> None:
    assert clean_cpv(code) == code.strip()


@pytest.mark.parametrize("code", ["34144910", "3414491-0", "34144910-00", "3414491a-0", "34144910 0", ""])
def test_cpv_codes_refused(code: str) -> None:
    with pytest.raises(PhaseError) as error:
        clean_cpv(code)
    assert error.value.field == "cpv"
