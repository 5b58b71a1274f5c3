"""Cost sharing of joint infrastructure projects: each rule by hand, and the laws of the
largest-remainder split (exact sums, at most a cent from the exact share, order does not matter)."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain.joint_projects import (
    CostLine,
    JointProjectError,
    attribute_reduction,
    check_transition,
    largest_remainder,
    share_table,
    weights,
    yearly_costs,
)


def _parts(table_partner_years: object) -> list[tuple[int, int, int]]:
    return [(y.year, y.capex_minor, y.opex_minor) for y in table_partner_years]  # type: ignore[attr-defined]


def test_by_population_hand_computed() -> None:
    # 100 : 200 : 300 people -> 1/6, 1/3, 1/2 of EUR 10,000.00 (1,000,000 cents):
    # 166,666.67 / 333,333.33 / 500,000 -> floors 166,666 + 333,333 + 500,000 = 999,999; the cent
    # left goes to the largest remainder (.67, partner 1).
    table = share_table(
        "population", {1: 100, 2: 200, 3: 300}, [CostLine("capex", 2026, None, 1_000_000)], 2040
    )
    assert [p.weight for p in table.partners] == [Fraction(1, 6), Fraction(1, 3), Fraction(1, 2)]
    assert [p.capex_minor for p in table.partners] == [166_667, 333_333, 500_000]
    assert [_parts(p.years) for p in table.partners][0] == [(2026, 166_667, 0)]
    assert table.total_minor == 1_000_000


def test_by_use_opex_every_year_of_its_period() -> None:
    # 30 : 70 MWh -> 0.3 / 0.7 of 100.01 a year: 3,000.3 / 7,000.7 cents -> 3,000 / 7,000 and the
    # cent left to the larger remainder (.7, partner 2), in each of 2027 and 2028.
    table = share_table("use", {1: 30.0, 2: 70.0}, [CostLine("opex", 2027, 2028, 10_001)], 2040)
    assert _parts(table.partners[0].years) == [(2027, 0, 3_000), (2028, 0, 3_000)]
    assert _parts(table.partners[1].years) == [(2027, 0, 7_001), (2028, 0, 7_001)]
    assert table.partners[1].total_minor == 14_002


def test_by_benefit_ties_go_to_the_smaller_key() -> None:
    # Three equal benefits of 1 euro: 33.33 cents each, the cent left to partner 1 (a tie).
    table = share_table("benefit", {3: 5.0, 1: 5.0, 2: 5.0}, [CostLine("capex", 2026, None, 100)], 2030)
    assert [(p.key, p.capex_minor) for p in table.partners] == [(1, 34), (2, 33), (3, 33)]


def test_by_agreed_shares() -> None:
    # 33.33 % / 33.33 % / 33.34 % of 10.00: 333.3 / 333.3 / 333.4 -> 333, 333, 334 (largest: .4).
    shares = weights("agreed", {1: 33.33, 2: 33.33, 3: 33.34})
    assert shares == {1: Fraction(3333, 10000), 2: Fraction(3333, 10000), 3: Fraction(3334, 10000)}
    assert largest_remainder(1_000, shares) == {1: 333, 2: 333, 3: 334}


def test_agreed_shares_must_sum_to_100() -> None:
    with pytest.raises(JointProjectError, match="99.9"):
        weights("agreed", {1: 50, 2: 49.9})


@pytest.mark.parametrize(
    ("rule", "inputs", "field"),
    [
        ("population", {1: 100, 2: None}, "population"),
        ("use", {1: 0.0, 2: 0.0}, "use"),
        ("benefit", {1: -1.0}, "benefit"),
        ("use", {1: math.nan}, "use"),
        ("by_size", {1: 1}, "rule"),
        ("use", {}, "partners"),
    ],
)
def test_bad_inputs_name_the_field(rule: str, inputs: dict[int, float | None], field: str) -> None:
    with pytest.raises(JointProjectError) as error:
        weights(rule, inputs)
    assert error.value.field == field


def test_capex_over_several_years_is_spread_evenly() -> None:
    # 10.00 over 2026-2028: 333.33 a year -> 334, 333, 333 (the cent to the earliest year); opex of
    # 5.00 from 2028 runs to the project's end (2029).
    lines = [CostLine("capex", 2026, 2028, 1_000), CostLine("opex", 2028, None, 500)]
    assert yearly_costs(lines, 2029) == {2026: (334, 0), 2027: (333, 0), 2028: (333, 500), 2029: (0, 500)}


def test_a_cost_line_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(JointProjectError, match="before"):
        yearly_costs([CostLine("opex", 2030, 2029, 1)], 2040)


def test_reduction_attributed_in_kilograms_never_above_the_whole() -> None:
    # 1,000.0005 t -> 1,000,000 kg (rounded down); thirds: 333,333.33 -> 333,334 / 333,333 / 333,333.
    thirds = {1: Fraction(1, 3), 2: Fraction(1, 3), 3: Fraction(1, 3)}
    assert attribute_reduction(1000.0005, thirds) == {1: 333_334, 2: 333_333, 3: 333_333}
    table = share_table("use", {1: 1.0, 2: 3.0}, [], 2030, reduction_t=1200.0)
    assert [p.reduction_kg for p in table.partners] == [300_000, 900_000]
    assert table.reduction_kg == 1_200_000


@pytest.mark.parametrize(
    ("current", "target", "ok"),
    [
        ("idea", "planned", True),
        ("planned", "building", True),
        ("building", "operating", True),
        ("operating", "closed", True),
        ("idea", "closed", True),
        ("idea", "operating", False),
        ("planned", "idea", False),
        ("closed", "closed", False),
        ("idea", "finished", False),
    ],
)
def test_status_steps(current: str, target: str, ok: bool) -> None:
    if ok:
        assert check_transition(current, target) == target
    else:
        with pytest.raises(JointProjectError):
            check_transition(current, target)


inputs_strategy = st.dictionaries(
    st.integers(1, 10_000), st.integers(0, 10_000_000), min_size=1, max_size=12
).filter(lambda d: sum(d.values()) > 0)


@given(inputs=inputs_strategy, whole=st.integers(0, 10**12))
def test_split_sums_exactly_and_stays_within_a_unit(inputs: dict[int, int], whole: int) -> None:
    shares = weights("population", inputs)
    parts = largest_remainder(whole, shares)
    assert sum(parts.values()) == whole
    for key, part in parts.items():
        assert abs(part - shares[key] * whole) < 1


@given(inputs=inputs_strategy, whole=st.integers(0, 10**10), seed=st.integers(0, 1000))
def test_split_does_not_depend_on_partner_order(inputs: dict[int, int], whole: int, seed: int) -> None:
    keys = list(inputs)
    random.Random(seed).shuffle(keys)
    shuffled = {key: inputs[key] for key in keys}
    assert largest_remainder(whole, weights("use", shuffled)) == largest_remainder(
        whole, weights("use", inputs)
    )


@given(
    inputs=inputs_strategy,
    reduction=st.floats(0, 1e9, allow_nan=False, allow_infinity=False),
    capex=st.integers(0, 10**11),
    opex=st.integers(0, 10**9),
)
def test_table_sums_to_the_whole_and_never_attributes_more(
    inputs: dict[int, int], reduction: float, capex: int, opex: int
) -> None:
    lines = [CostLine("capex", 2026, 2028, capex), CostLine("opex", 2029, None, opex)]
    table = share_table("benefit", inputs, lines, 2035, reduction_t=reduction)
    for index, year in enumerate(table.years):
        assert sum(p.years[index].capex_minor for p in table.partners) == year.capex_minor
        assert sum(p.years[index].opex_minor for p in table.partners) == year.opex_minor
    assert sum(p.total_minor for p in table.partners) == table.total_minor == capex + 7 * opex
    attributed = sum(p.reduction_kg or 0 for p in table.partners)
    assert attributed == table.reduction_kg
    assert attributed / 1000 <= reduction
