"""Evaluating lots end to end: hand-computed rankings and the laws the methods obey."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citypact.domain.procurement.bids import Bid, EnergyUse
from citypact.domain.procurement.evaluation import EvaluationSettings, evaluate
from citypact.domain.procurement.lcc import life_cycle_cost
from citypact.domain.procurement.methods import MeatWeights, Method
from citypact.domain.procurement.schedules import Discounting, Schedule, constant_schedule
from citypact.domain.procurement.tonnes import BidTonnes


def _tonnes(bids: list[Bid], yearly: list[float]) -> BidTonnes:
    embodied = np.array([b.embodied_t_co2e for b in bids], dtype=np.float64)
    return BidTonnes(np.array(yearly, dtype=np.float64), embodied, tuple(() for _ in bids), "AR5", "test")


def _ranking(bids: list[Bid], yearly: list[float], how: EvaluationSettings) -> list[str]:
    result = evaluate(bids, _tonnes(bids, yearly), how, country="DE", year=2026)
    return [r.supplier for r in result.lots[0].ranking]


BUSES = [
    Bid("buses", "Diesel", 1000.0, 2, maintenance_per_year=100.0, embodied_t_co2e=10.0),
    Bid("buses", "Electric", 1500.0, 2, maintenance_per_year=50.0, embodied_t_co2e=2.0),
]


def test_lcc_co2_at_a_constant_price_and_no_discounting() -> None:
    """At 0 %: Diesel LCC 1000 + 2 x 100 = 1200, CO2 10 t x 100 = 1000, evaluated 2200;
    Electric 1500 + 2 x 50 = 1600, CO2 2 x 100 = 200, evaluated 1800: Electric first.
    They cross at (1600 - 1200) / (10 - 2) = 50 per tonne."""
    how = EvaluationSettings(Method.LCC_CO2, discount_rate=0.0, co2_price=constant_schedule(100))
    lot = evaluate(BUSES, _tonnes(BUSES, [0.0, 0.0]), how, country="de", year=2026).lots[0]
    first, second = lot.ranking
    assert (first.supplier, first.evaluated_cost, first.lcc, first.co2_cost) == ("Electric", 1800, 1600, 200)
    assert (second.supplier, second.evaluated_cost, second.co2e_t) == ("Diesel", 2200, 10)
    assert [s.co2_price for s in lot.switching_prices] == pytest.approx([50.0])
    assert lot.switching_prices[0].first_two_below == ("Diesel", "Electric")
    diesel_at_0_5_10 = lot.sensitivity.costs()[0, :3].tolist()
    assert diesel_at_0_5_10 == [1200.0, 1250.0, 1300.0]


def test_a_schedule_prices_each_year_of_use() -> None:
    """Yearly 1 t, embodied 0, two years from 2026, prices 100 (2026), 200 (2027), 400 (2028 on),
    undiscounted: 1 x 200 + 1 x 400 = 600 on top of the LCC 1000 + 2 x 100 = 1200."""
    path = Schedule(
        "test", "1", "test", "EUR", None, Discounting.UNDISCOUNTED, {2026: 100, 2027: 200, 2028: 400}
    )
    bids = [Bid("lot", "A", 1000.0, 2, maintenance_per_year=100.0)]
    how = EvaluationSettings(Method.LCC_CO2, discount_rate=0.0, co2_price=path)
    ranked = evaluate(bids, _tonnes(bids, [1.0]), how, country="DE", year=2026).lots[0].ranking[0]
    assert (ranked.co2_cost, ranked.evaluated_cost) == (600.0, 1800.0)


def test_price_ladder_and_meat_rank_by_their_own_figures() -> None:
    """Price: Diesel 1000 < Electric 1500. Ladder, Electric at level 5: 1500 x 0.9 = 1350, still
    behind. Meat with cost 50, CO2 50: Diesel 50 + 50 x 2/10 = 60, Electric 50 x 1000/1500 + 50
    = 83.33: Electric first (lifetime tonnes 10 and 2)."""
    assert _ranking(BUSES, [0, 0], EvaluationSettings(Method.PRICE)) == ["Diesel", "Electric"]
    laddered = [BUSES[0], dataclasses.replace(BUSES[1], ladder_level=5)]
    result = evaluate(
        laddered, _tonnes(laddered, [0, 0]), EvaluationSettings(Method.LADDER), country="DE", year=2026
    )
    assert [r.evaluated_cost for r in result.lots[0].ranking] == [1000.0, 1350.0]
    meat = EvaluationSettings(Method.MEAT, meat_weights=MeatWeights(cost=50, co2=50))
    ranked = evaluate(BUSES, _tonnes(BUSES, [0, 0]), meat, country="DE", year=2026).lots[0].ranking
    assert [(r.supplier, r.score) for r in ranked] == [
        ("Electric", pytest.approx(50 * 1000 / 1500 + 50)),
        ("Diesel", pytest.approx(60.0)),
    ]


def test_lots_are_ranked_separately_in_the_order_they_appear() -> None:
    bids = [Bid("b", "X", 5.0, 1), Bid("a", "Y", 1.0, 1), Bid("b", "Z", 3.0, 1)]
    lots = evaluate(
        bids, _tonnes(bids, [0, 0, 0]), EvaluationSettings(Method.PRICE), country="DE", year=2026
    ).lots
    assert [(lot.lot, [r.supplier for r in lot.ranking]) for lot in lots] == [("b", ["Z", "X"]), ("a", ["Y"])]


def test_settings_that_do_not_fit_the_method_are_refused() -> None:
    with pytest.raises(ValueError, match="needs a CO2 price"):
        evaluate(BUSES, _tonnes(BUSES, [0, 0]), EvaluationSettings(Method.LCC_CO2), country="DE", year=2026)
    with pytest.raises(ValueError, match="weights"):
        evaluate(BUSES, _tonnes(BUSES, [0, 0]), EvaluationSettings(Method.MEAT), country="DE", year=2026)


# Money in whole cents: a float such as 5e-324 scaled to k€ underflows to 0 and makes a tie no tender has.
money = st.integers(0, 10**9).map(lambda cents: cents / 100)
bid_strategy = st.tuples(money, money, money, money, st.integers(1, 25), st.floats(0, 1e3), st.floats(0, 1e3))


def _bids(rows: list[tuple[float, float, float, float, int, float, float]]) -> tuple[list[Bid], list[float]]:
    bids = [
        Bid(
            "lot",
            f"s{i}",
            price,
            life,
            maintenance_per_year=yearly,
            end_of_life_cost=eol,
            residual_value=residual,
            embodied_t_co2e=embodied,
            energy=(EnergyUse("electricity", 1.0, "kWh", 0.0),),
        )
        for i, (price, yearly, eol, residual, life, _, embodied) in enumerate(rows)
    ]
    return bids, [row[5] for row in rows]


def _scaled(bids: list[Bid], k: float) -> list[Bid]:
    return [
        dataclasses.replace(
            b,
            price=b.price * k,
            maintenance_per_year=b.maintenance_per_year * k,
            end_of_life_cost=b.end_of_life_cost * k,
            residual_value=b.residual_value * k,
        )
        for b in bids
    ]


@settings(max_examples=60, deadline=None)
@given(st.lists(bid_strategy, min_size=2, max_size=6), st.sampled_from(list(Method)))
def test_unit_invariance_euro_or_thousand_euro(rows: list, method: Method) -> None:
    """The ranking is the same whether every amount is in € or in k€ (and the CO2 price with them)."""
    bids, yearly = _bids(rows)
    kwargs = {"meat_weights": MeatWeights(cost=70, co2=30)} if method is Method.MEAT else {}
    euro = EvaluationSettings(method, co2_price=constant_schedule(300), **kwargs)  # type: ignore[arg-type]
    kilo = EvaluationSettings(method, co2_price=constant_schedule(0.3), **kwargs)  # type: ignore[arg-type]
    assert _ranking(bids, yearly, euro) == _ranking(_scaled(bids, 1e-3), yearly, kilo)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(bid_strategy, min_size=1, max_size=6), st.floats(-0.05, 0.2), st.floats(0, 10), st.floats(0, 10)
)
def test_lcc_is_linear_in_the_costs(rows: list, rate: float, a: float, b: float) -> None:
    """LCC(a x + b y) = a LCC(x) + b LCC(y) for two sets of costs of the same lives."""
    x = np.array([r[:4] for r in rows], dtype=np.float64).T
    y = x[::-1] * 0.5 + 7.0
    life = np.array([r[4] for r in rows], dtype=np.int64)

    def lcc(c: np.ndarray) -> np.ndarray:
        return life_cycle_cost(c[0], c[1], c[2], c[3], life, rate)

    assert lcc(a * x + b * y) == pytest.approx(a * lcc(x) + b * lcc(y), rel=1e-9, abs=1e-3)


@settings(max_examples=60, deadline=None)
@given(st.lists(bid_strategy, min_size=1, max_size=6), st.sampled_from(list(Discounting)))
def test_a_zero_co2_price_gives_the_lcc(rows: list, rule: Discounting) -> None:
    bids, yearly = _bids(rows)
    zero = dataclasses.replace(constant_schedule(0.0), discounting=rule)
    with_co2 = evaluate(
        bids,
        _tonnes(bids, yearly),
        EvaluationSettings(Method.LCC_CO2, co2_price=zero),
        country="DE",
        year=2026,
    )
    lcc = evaluate(bids, _tonnes(bids, yearly), EvaluationSettings(Method.LCC), country="DE", year=2026)
    assert [(r.supplier, r.evaluated_cost) for r in with_co2.lots[0].ranking] == [
        (r.supplier, r.evaluated_cost) for r in lcc.lots[0].ranking
    ]


@settings(max_examples=60, deadline=None)
@given(st.lists(bid_strategy, min_size=1, max_size=6), st.floats(0, 500), st.floats(0, 500))
def test_evaluated_cost_is_monotone_in_the_co2_price(rows: list, p: float, q: float) -> None:
    bids, yearly = _bids(rows)
    low, high = sorted((p, q))

    def costs(price: float) -> dict[str, float]:
        how = EvaluationSettings(Method.LCC_CO2, co2_price=constant_schedule(price))
        ranking = evaluate(bids, _tonnes(bids, yearly), how, country="DE", year=2026).lots[0].ranking
        return {r.supplier: r.evaluated_cost for r in ranking}

    at_low, at_high = costs(low), costs(high)
    assert all(at_low[s] <= at_high[s] + 1e-9 * max(1.0, abs(at_high[s])) for s in at_low)


def test_switching_prices_only_where_the_ranking_is_on_the_lines() -> None:
    """LCC: Diesel 1200 + 10 p, Electric 1600 + 2 p cross at 50 (at 0 %); the price method's order
    does not come from these lines, so it reports none (the lines are still there for the chart)."""
    tonnes = _tonnes(BUSES, [0.0, 0.0])
    lcc = evaluate(BUSES, tonnes, EvaluationSettings(Method.LCC, discount_rate=0.0), country="DE", year=2026)
    assert [s.co2_price for s in lcc.lots[0].switching_prices] == pytest.approx([50.0])
    price = evaluate(
        BUSES, tonnes, EvaluationSettings(Method.PRICE, discount_rate=0.0), country="DE", year=2026
    )
    assert price.lots[0].switching_prices == ()
    assert price.lots[0].sensitivity.lcc == (1200.0, 1600.0)


def _loop_lcc_co2(bid: Bid, yearly_t: float, rate: float, path: Schedule, year: int) -> float:
    """The definition, year by year (docs/procurement.md), as a reader would compute it by hand."""
    weight = (lambda t: (1 + rate) ** -t) if path.discounting is Discounting.LIKE_COSTS else (lambda t: 1.0)
    cost = bid.price + bid.embodied_t_co2e * path.price(year)
    for t in range(1, bid.lifetime_years + 1):
        cost += bid.yearly_cost / (1 + rate) ** t + yearly_t * path.price(year + t) * weight(t)
    return cost + (bid.end_of_life_cost - bid.residual_value) / (1 + rate) ** bid.lifetime_years


@settings(max_examples=60, deadline=None)
@given(
    st.lists(bid_strategy, min_size=1, max_size=6),
    st.floats(0, 0.1),
    st.sampled_from(list(Discounting)),
    st.dictionaries(st.integers(2020, 2060), st.floats(0, 1000), min_size=1, max_size=5),
)
def test_vectorized_evaluation_equals_the_year_by_year_definition(
    rows: list, rate: float, rule: Discounting, prices: dict[int, float]
) -> None:
    bids, yearly = _bids(rows)
    path = Schedule("p", "1", "p", "EUR", None, rule, prices)
    how = EvaluationSettings(Method.LCC_CO2, discount_rate=rate, co2_price=path)
    ranking = evaluate(bids, _tonnes(bids, yearly), how, country="DE", year=2030).lots[0].ranking
    got = {r.supplier: r.evaluated_cost for r in ranking}
    for bid, tonnes in zip(bids, yearly, strict=True):
        assert got[bid.supplier] == pytest.approx(
            _loop_lcc_co2(bid, tonnes, rate, path, 2030), rel=1e-9, abs=1e-6
        )
