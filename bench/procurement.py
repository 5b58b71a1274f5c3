"""Benchmark of tender evaluation (domain/procurement): 10,000 bids, a 20-year life, 200 CO2 prices.

python -m bench procurement [--procurement-bids 10000] [--procurement-repeats 5]

* Data: one lot of `--procurement-bids` random bids (seeded numpy): price, yearly energy by one
  of three carriers (diesel, natural gas, grid electricity), maintenance, end-of-life cost,
  residual value, embodied tonnes, lives of 5-20 years (half of them 20), ladder levels 0-5.
* Tonnes: the bids' energy through the inventory engine (domain.calculation), DE 2026, AR5.
* Evaluation: LCC + CO2 under the UBA-like path 2026-2046 discounted like costs at 3 %, then the
  sensitivity curve over 200 constant CO2 prices (5 to 1,000 per tonne) and the switching prices.
  Median of `--procurement-repeats` runs; peak memory of one run by tracemalloc.
* Baseline: a plain per-bid Python loop on the same inputs (year by year for the LCC, the CO2 cost
  and the discounted tonnes, then price by price for the curve); the two agree on a sample of
  bids (asserted), the times are printed side by side. Target: under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

from citypact.domain.procurement.bids import Bid, EnergyUse
from citypact.domain.procurement.evaluation import EvaluationSettings, evaluate
from citypact.domain.procurement.lcc import life_cycle_cost
from citypact.domain.procurement.methods import Method, co2_cost, co2_weights, discounted_tonnes
from citypact.domain.procurement.result import Evaluation
from citypact.domain.procurement.schedules import Discounting, Schedule
from citypact.domain.procurement.sensitivity import curve, switching_prices
from citypact.domain.procurement.tonnes import BidTonnes, bid_tonnes
from citypact.reference.factor_library import default_library, gwp_set

SEED = 2026
YEAR = 2026
RATE = 0.03
LIFE = 20
PRICES = tuple(float(p) for p in np.linspace(5.0, 1000.0, 200))
CARRIERS = (("Gas/Diesel Oil", "GJ", "II.1.1"), ("Natural Gas", "GJ", "I.2.1"), ("electricity", "kWh", None))
SCHEDULE = Schedule(
    "bench", "1", "rising path", "EUR", 2020, Discounting.LIKE_COSTS, {2026: 200.0, 2030: 215.0, 2040: 235.0}
)


def make_bids(count: int) -> list[Bid]:
    rng = np.random.default_rng(SEED)
    carrier = rng.integers(0, 3, count)
    amount = np.where(carrier == 2, rng.uniform(1e4, 1e6, count), rng.uniform(100, 5000, count))
    lives = np.where(rng.random(count) < 0.5, LIFE, rng.integers(5, LIFE + 1, count))
    bids = []
    for i in range(count):
        name, unit, ref = CARRIERS[int(carrier[i])]
        bids.append(
            Bid(
                lot="lot 1",
                supplier=f"supplier {i:05d}",
                price=float(rng.uniform(1e5, 1e6)),
                lifetime_years=int(lives[i]),
                quantity=10.0,
                energy=(EnergyUse(name, float(amount[i]), unit, float(rng.uniform(1e3, 5e4)), ref, i + 2),),
                maintenance_per_year=float(rng.uniform(1e3, 2e4)),
                end_of_life_cost=float(rng.uniform(0, 1e4)),
                residual_value=float(rng.uniform(0, 5e4)),
                embodied_t_co2e=float(rng.uniform(0, 200)),
                ladder_level=int(rng.integers(0, 6)),
                row=i + 2,
            )
        )
    return bids


def settings() -> EvaluationSettings:
    return EvaluationSettings(Method.LCC_CO2, RATE, SCHEDULE, sensitivity_prices=PRICES)


def vectorized(bids: list[Bid], tonnes: BidTonnes) -> tuple[Evaluation, np.ndarray]:
    result = evaluate(bids, tonnes, settings(), country="DE", year=YEAR)
    return result, result.lots[0].sensitivity.costs()


def array_core(bids: list[Bid], tonnes: BidTonnes) -> Callable[[], None]:
    """The numeric part alone, on columns made beforehand: LCC, CO2 cost, curve, switching prices."""
    price = np.array([b.price for b in bids])
    yearly = np.array([b.yearly_cost for b in bids])
    end_of_life = np.array([b.end_of_life_cost for b in bids])
    residual = np.array([b.residual_value for b in bids])
    life = np.array([b.lifetime_years for b in bids], dtype=np.int64)
    names = [b.supplier for b in bids]

    def work() -> None:
        lcc = life_cycle_cost(price, yearly, end_of_life, residual, life, RATE)
        weights = co2_weights(Discounting.LIKE_COSTS, RATE, LIFE)
        path = np.array(SCHEDULE.prices_for(range(YEAR, YEAR + LIFE + 1)))
        co2_cost(tonnes.yearly_t_co2e, tonnes.embodied_t_co2e, life, path, weights)
        discounted = discounted_tonnes(tonnes.yearly_t_co2e, tonnes.embodied_t_co2e, life, weights)
        curve(lcc, discounted, np.array(PRICES))
        switching_prices(lcc, discounted, names, 0.0, 1000.0)

    return work


def plain_loop(bids: list[Bid], tonnes: BidTonnes) -> tuple[list[float], list[list[float]]]:
    """Evaluated cost under the schedule and the curve over PRICES, bid by bid, year by year."""
    evaluated: list[float] = []
    curves: list[list[float]] = []
    price_0 = SCHEDULE.price(YEAR)
    for i, bid in enumerate(bids):
        yearly = bid.energy[0].cost_per_year + bid.maintenance_per_year + bid.operation_per_year
        lcc = bid.price
        co2 = bid.embodied_t_co2e * price_0
        discounted_t = bid.embodied_t_co2e
        tonnes_a_year = float(tonnes.yearly_t_co2e[i])
        for t in range(1, bid.lifetime_years + 1):
            factor = 1.0 / (1.0 + RATE) ** t
            lcc += yearly * factor
            co2 += tonnes_a_year * SCHEDULE.price(YEAR + t) * factor
            discounted_t += tonnes_a_year * factor
        lcc += (bid.end_of_life_cost - bid.residual_value) / (1.0 + RATE) ** bid.lifetime_years
        evaluated.append(lcc + co2)
        curves.append([lcc + price * discounted_t for price in PRICES])
    return evaluated, curves


def _median_time(work: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--procurement-bids", type=int, default=10_000, help="bids in the lot")
    parser.add_argument("--procurement-repeats", type=int, default=5, help="runs per timing (median)")


def run(args: argparse.Namespace) -> None:
    count, repeats = args.procurement_bids, args.procurement_repeats
    print(f"== tender evaluation: {count:,} bids, {LIFE}-year life, {len(PRICES)} CO2 prices, LCC + CO2")
    bids = make_bids(count)
    library, gwp = default_library(), gwp_set("AR5")
    tonnes = bid_tonnes(bids, library, gwp, country="DE", year=YEAR)  # warm: factor tables loaded
    tonnes_s = _median_time(lambda: bid_tonnes(bids, library, gwp, country="DE", year=YEAR), repeats)
    evaluate_s = _median_time(lambda: vectorized(bids, tonnes), repeats)
    core_s = _median_time(array_core(bids, tonnes), repeats)
    tracemalloc.start()
    result, costs = vectorized(bids, tonnes)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    started = time.perf_counter()
    evaluated, curves = plain_loop(bids, tonnes)
    loop_s = time.perf_counter() - started
    lot = result.lots[0]
    by_supplier = {bid.supplier: bid.evaluated_cost for bid in lot.ranking}
    sample = np.random.default_rng(SEED + 1).choice(count, size=min(count, 200), replace=False)
    for i in sample:
        assert np.isclose(by_supplier[bids[i].supplier], evaluated[i], rtol=1e-9), bids[i].supplier
        assert np.allclose(costs[i], curves[i], rtol=1e-9), bids[i].supplier
    cells = count * len(PRICES)
    print(
        f"  tonnes through the inventory engine   {tonnes_s * 1000:8.1f} ms ({count / tonnes_s:,.0f} bids/s)"
    )
    print(
        f"  evaluation + curve + switching prices {evaluate_s * 1000:8.1f} ms"
        f" ({cells / evaluate_s / 1e6:,.1f} M bid-prices/s); peak memory {peak / 1e6:,.1f} MB (tracemalloc)"
    )
    print(
        f"    of which the numeric core on arrays   {core_s * 1000:8.1f} ms (the rest builds the ranked bids)"
    )
    print(
        f"  total {(tonnes_s + evaluate_s) * 1000:,.1f} ms (target < 1 s);"
        f" {len(lot.switching_prices)} switching prices in 0-1,000"
    )
    print(
        f"  baseline: plain per-bid Python loop      {loop_s * 1000:8.1f} ms"
        f" ({loop_s / evaluate_s:,.1f}x the evaluation, {loop_s / core_s:,.0f}x its numeric core);"
        f" agree on {sample.size} sampled bids"
    )
