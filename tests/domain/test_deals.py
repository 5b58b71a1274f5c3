"""The rules of a deal, by hand: lifecycle steps, the signing day, frozen terms, commitment checks."""

from __future__ import annotations

import datetime as dt

import pytest

from citypact.domain.deals import (
    CommitmentTerms,
    DealError,
    Signature,
    check_commitment,
    check_due_dates_in_period,
    check_open,
    check_step,
    clean_gpc_sectors,
    clean_sdg_targets,
    signed_on,
)

D = dt.date


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("draft", "negotiating"),
        ("signed", "implementing"),
        ("implementing", "reviewed"),
        ("reviewed", "completed"),
    ],
)
def test_steps_go_one_on(current: str, target: str) -> None:
    assert check_step(current, target) == target


@pytest.mark.parametrize(
    ("current", "target", "code"),
    [
        ("draft", "implementing", "step"),
        ("negotiating", "signed", "sign"),  # only the last signature signs
        ("completed", "reviewed", "step"),
        ("draft", "ended_early", "step"),  # a draft is deleted, not ended
        ("completed", "ended_early", "step"),
        ("signed", "reviewed", "step"),
    ],
)
def test_steps_refused(current: str, target: str, code: str) -> None:
    with pytest.raises(DealError) as error:
        check_step(current, target, "a reason")
    assert error.value.code == code


def test_ending_early_needs_a_reason() -> None:
    with pytest.raises(DealError) as error:
        check_step("implementing", "ended_early", "  ")
    assert error.value.field == "status_reason"
    assert check_step("negotiating", "ended_early", "the utility was sold") == "ended_early"


def test_signed_on_is_the_latest_signature_once_all_signed() -> None:
    city = Signature("Eckart Würzner", D(2026, 3, 2))
    utility = Signature("Michael Teigeler", D(2026, 3, 5))
    housing = Signature("A. Bauer", D(2026, 2, 27))
    assert signed_on([city, utility, housing]) == D(2026, 3, 5)
    assert signed_on([city, Signature("", D(2026, 3, 5))]) is None  # no name
    assert signed_on([city, Signature("Michael Teigeler", None)]) is None  # no date
    assert signed_on([city]) is None  # the city alone makes no deal


def test_terms_frozen_once_signed() -> None:
    check_open("draft")
    check_open("negotiating")
    for status in ("signed", "implementing", "reviewed", "completed", "ended_early"):
        with pytest.raises(DealError) as error:
            check_open(status)
        assert error.value.code == "frozen"


def test_commitment_checks() -> None:
    start, end = D(2026, 1, 1), D(2030, 12, 31)
    fine = CommitmentTerms("action", False, D(2030, 6, 30), 2025, 2030, 1200.0)
    check_commitment(fine, start, end)
    cases = [
        (CommitmentTerms("action", False, kpi_baseline_year=2025, kpi_target_year=2024), "kpi_target_year"),
        (CommitmentTerms("action", False, D(2031, 1, 1)), "due_date"),
        (CommitmentTerms("action", False, D(2025, 12, 31)), "due_date"),
        (CommitmentTerms("action", False, expected_reduction_t=-0.5), "expected_reduction_t"),
        (CommitmentTerms("support", False), "kind"),  # organisations commit to actions
        (CommitmentTerms("action", True), "kind"),  # the city supports, permits, funds
        (CommitmentTerms("funding", True, currency="EUR"), "amount"),
        (CommitmentTerms("funding", True, amount_minor=25_000_000), "currency"),
    ]
    for terms, field in cases:
        with pytest.raises(DealError) as error:
            check_commitment(terms, start, end)
        assert error.value.field == field, terms
    check_commitment(CommitmentTerms("funding", True, amount_minor=25_000_000, currency="EUR"), start, end)
    check_commitment(CommitmentTerms("action", False, kpi_baseline_year=2025, kpi_target_year=2025))


def test_a_new_period_must_hold_the_due_dates() -> None:
    check_due_dates_in_period([(1, D(2027, 5, 1)), (2, None)], D(2026, 1, 1), D(2028, 1, 1))
    with pytest.raises(DealError) as error:
        check_due_dates_in_period([(1, D(2027, 5, 1)), (7, D(2029, 1, 1))], D(2026, 1, 1), D(2028, 1, 1))
    assert error.value.field == "end_date" and "commitment 7" in error.value.message


def test_codes_are_tidied() -> None:
    assert clean_sdg_targets("13, 7.2 ;7 11.a 7") == "7;7.2;11.a;13"
    assert clean_gpc_sectors("ii;i, I") == "I;II"
    with pytest.raises(DealError):
        clean_sdg_targets("18")
    with pytest.raises(DealError):
        clean_gpc_sectors("VII")
