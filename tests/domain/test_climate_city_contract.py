"""The Climate City Contract's three parts from plain inputs, with hand-computed figures."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain.climate_city_contract import (
    CommitmentInput,
    CostLine,
    DealInput,
    FundingLine,
    MeasureInput,
    Target,
    assemble,
    investment_plan,
    spread_evenly,
)

D = dt.date
TARGET = Target(base_year=2015, base_emissions_t=1000.0, target_year=2030, reduction_pct=50.0)


def test_spread_gives_the_units_left_to_the_earliest_years() -> None:
    assert spread_evenly(1000, [2025, 2026, 2027]) == {2025: 334, 2026: 333, 2027: 333}
    assert spread_evenly(1001, [2025, 2026, 2027]) == {2025: 334, 2026: 334, 2027: 333}
    assert spread_evenly(2, [2025, 2026, 2027]) == {2025: 1, 2026: 1, 2027: 0}
    with pytest.raises(ValueError):
        spread_evenly(5, [])


@given(st.integers(min_value=0, max_value=10**15), st.integers(min_value=1, max_value=80))
def test_spread_sums_exactly_and_shares_differ_by_one_unit_at_most(amount: int, n: int) -> None:
    shares = spread_evenly(amount, list(range(2020, 2020 + n)))
    assert sum(shares.values()) == amount
    assert max(shares.values()) - min(shares.values()) <= 1
    assert list(shares.values()) == sorted(shares.values(), reverse=True)


def test_investment_plan_from_cost_lines_and_assumed_spreading() -> None:
    lines = MeasureInput(
        1,
        "Bus depot",
        D(2025, 1, 1),
        D(2026, 12, 31),
        currency="EUR",
        capex_minor=999_999_00,  # ignored: the cost lines say more
        costs=(CostLine("capex", 2025, 2027, 100_000_00), CostLine("opex", 2026, 2027, 5_000_00)),
        funding=(
            FundingLine("eu_grant", "CEF", "secured", 40_000_00),
            FundingLine("loan", "EIB", "sought", 30_000_00),
        ),
    )
    assumed = MeasureInput(
        2,
        "Heat pumps",
        D(2026, 3, 1),
        D(2027, 6, 30),
        currency="EUR",
        capex_minor=1_001,
        opex_minor_per_year=10,
    )
    part, missing = investment_plan([lines, assumed])
    first, second = part.measures
    # 100 000.00 EUR over 3 years: 3 333 333.33... cents, the one cent left to 2025
    assert first.capex_by_year == {2025: 3_333_334, 2026: 3_333_333, 2027: 3_333_333}
    assert first.opex_by_year == {2026: 5_000_00, 2027: 5_000_00}
    assert first.basis == "lines" and first.cost_minor == 110_000_00
    assert second.basis == "assumed"
    assert second.capex_by_year == {2026: 501, 2027: 500}
    assert second.opex_by_year == {2026: 10, 2027: 10}
    assert [a.code for a in part.assumptions] == ["capex_spread_evenly", "opex_every_year"]
    (eur,) = part.totals
    assert eur.capex_by_year == {2025: 3_333_334, 2026: 3_333_834, 2027: 3_333_833}
    assert eur.cost_minor == 110_000_00 + 1_001 + 20
    assert eur.secured_by_source == {"eu_grant": 40_000_00}
    assert eur.sought_by_source == {"loan": 30_000_00}
    assert eur.gap_after_secured_minor == 110_000_00 + 1_021 - 40_000_00
    assert eur.gap_after_sought_minor == 110_000_00 + 1_021 - 70_000_00
    assert part.years == (2025, 2026, 2027)
    assert [(m.code, m.item_id) for m in missing] == [("measure_without_funding", 2)]


def test_currencies_are_never_added_and_yen_have_no_minor_unit() -> None:
    yen = MeasureInput(
        1,
        "Solar roofs",
        D(2025, 4, 1),
        D(2027, 3, 31),
        currency="JPY",
        capex_minor=1_000_000,  # 1 000 000 yen
        funding=(FundingLine("national_grant", "", "secured", 250_000),),
    )
    euro = MeasureInput(
        2, "Bike lanes", currency="EUR", costs=(CostLine("capex", 2025, 2025, 5_00),), funding=()
    )
    part, _ = investment_plan([yen, euro])
    eur, jpy = part.totals
    assert (eur.currency, eur.cost_minor, eur.gap_after_secured_minor) == ("EUR", 500, 500)
    assert jpy.currency == "JPY"
    assert jpy.capex_by_year == {2025: 333_334, 2026: 333_333, 2027: 333_333}
    assert (jpy.cost_minor, jpy.secured_minor, jpy.gap_after_secured_minor) == (1_000_000, 250_000, 750_000)


def test_a_measure_without_dates_keeps_its_capex_unscheduled_and_is_named() -> None:
    undated = MeasureInput(3, "Street lights", currency="EUR", capex_minor=70_00, opex_minor_per_year=5_00)
    contract = assemble(None, [], [undated], [], with_money=True)
    assert contract.investment is not None
    (row,) = contract.investment.measures
    assert (row.basis, row.unscheduled_minor, row.capex_by_year, row.opex_by_year) == (
        "undated",
        70_00,
        {},
        {},
    )
    assert contract.investment.totals[0].cost_minor == 70_00
    codes = [(m.code, m.item_id) for m in contract.missing]
    assert codes == [
        ("no_target", None),
        ("no_inventory", None),
        ("no_deals", None),
        ("measure_without_reduction", 3),
        ("measure_without_dates", 3),
        ("measure_without_funding", 3),
    ]


def test_action_plan_closes_part_of_the_gap_through_the_wedge() -> None:
    """Goal 1000 t - 50 % = 500 t in 2030; the 2020 inventory holds 800 t. The measure cuts 100 t
    by 2030, the deal's commitment 50 t more; the commitment tied to the measure counts once."""
    measure = MeasureInput(7, "Retrofit", D(2025, 1, 1), D(2025, 12, 31), expected_reduction_t=100.0)
    deal = DealInput(
        4,
        "Harbour deal",
        "implementing",
        signed_on=D(2024, 6, 1),
        commitments=(
            CommitmentInput(
                11, "Port Ltd", "action", "Shore power", D(2026, 6, 1), "berths", "n", 6, 2026, 50.0
            ),
            CommitmentInput(
                12,
                "Port Ltd",
                "action",
                "Retrofit offices",
                D(2025, 1, 1),
                "m2",
                "m2",
                9.0,
                2025,
                30.0,
                plan_measure_id=7,
            ),
        ),
    )
    draft = DealInput(5, "Bakery deal", "draft")
    contract = assemble(TARGET, [(2015, 1000.0), (2020, 800.0)], [measure], [deal, draft], with_money=False)
    part = contract.action_plan
    assert part.city_gap is not None and part.gap is not None
    assert part.latest_year == 2020 and part.latest_t == 800.0
    assert part.city_gap.expected_t == pytest.approx(700.0)
    assert part.city_gap.to_find_t == pytest.approx(200.0)
    assert part.gap.expected_t == pytest.approx(650.0)
    assert part.gap.to_find_t == pytest.approx(150.0)
    assert part.closed_t == pytest.approx(150.0)
    assert (part.measures_t, part.commitments_t) == (100.0, 50.0)
    assert [(r.item, r.item_id, r.counted) for r in part.lines] == [
        ("measure", 7, True),
        ("commitment", 11, True),
        ("commitment", 12, False),
    ]
    assert contract.commitments.goal_t == 500.0
    assert [s.commitment.id for s in contract.commitments.signed] == [11, 12]
    assert contract.investment is None
    assert [(m.code, m.item_id) for m in contract.missing] == [("deal_unsigned", 5)]


def test_commitment_without_kpi_is_named_unless_its_kpis_are_withheld() -> None:
    deal = DealInput(
        1,
        "Deal",
        "signed",
        commitments=(
            CommitmentInput(1, "A", "action", "No KPI", D(2027, 1, 1)),
            CommitmentInput(2, "A", "action", "Hidden KPI", D(2027, 1, 1), withheld=frozenset({"kpis"})),
            CommitmentInput(3, "", "support", "City helps"),
            CommitmentInput(4, "A", "action", "No date", None, "kWh", "kWh", 5.0, 2027),
        ),
    )
    contract = assemble(TARGET, [(2015, 1000.0)], [], [deal], with_money=False)
    codes = [(m.code, m.item_id) for m in contract.missing]
    assert codes == [
        ("no_measures", None),
        ("commitment_without_kpi", 1),
        ("commitment_without_due_date", 4),
    ]


def test_an_empty_city_lists_everything_missing() -> None:
    contract = assemble(None, [], [], [], with_money=True)
    assert [m.code for m in contract.missing] == ["no_target", "no_inventory", "no_measures", "no_deals"]
    assert contract.action_plan.gap is None and contract.action_plan.closed_t is None
    assert contract.investment is not None and contract.investment.totals == ()
