"""Splitting an awarded cost among participants: exact cents, savings and CO2e avoided."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain.procurement.savings import Participant, SplitRule, participant_shares, split_minor


def test_split_by_quantity_with_savings_and_avoided_tonnes() -> None:
    """1,000.00 € (100,000 cents) and 30 t for quantities 2 and 1: 66,667 and 33,333 cents (the
    cent left goes to the larger remainder, 0.67 of 66,666.67); 20 t and 10 t. Savings: 70,000 -
    66,667 = 3,333 and 40,000 - 33,333 = 6,667; avoided 50 - 20 = 30 t, 12 - 10 = 2 t."""
    shares = participant_shares(
        100_000,
        30.0,
        [Participant("Aachen", 2, 70_000, 50.0), Participant("Bonn", 1, 40_000, 12.0)],
    )
    assert [(s.cost_minor, s.saving_minor) for s in shares] == [(66_667, 3_333), (33_333, 6_667)]
    assert [s.t_co2e for s in shares] == pytest.approx([20.0, 10.0])
    assert [s.avoided_t_co2e for s in shares] == pytest.approx([30.0, 2.0])


def test_equal_and_agreed_shares() -> None:
    """100 cents equally among three: 34, 33, 33; agreed 1:3: 25 and 75."""
    three = [Participant(n, q) for n, q in (("a", 5), ("b", 1), ("c", 1))]
    assert [s.cost_minor for s in participant_shares(100, 0.0, three, SplitRule.EQUAL)] == [34, 33, 33]
    two = three[:2]
    agreed = participant_shares(100, 0.0, two, SplitRule.AGREED, {"a": 1, "b": 3})
    assert [s.cost_minor for s in agreed] == [25, 75]
    assert agreed[0].saving_minor is None
    with pytest.raises(ValueError, match="every participant"):
        participant_shares(100, 0.0, two, SplitRule.AGREED, {"a": 1})


@given(st.integers(0, 10**12), st.lists(st.floats(0.01, 1e6), min_size=1, max_size=20))
def test_the_shares_add_up_to_the_whole_cent(total: int, weights: list[float]) -> None:
    fractions = [w / sum(weights) for w in weights]
    assert sum(split_minor(total, fractions)) == total
