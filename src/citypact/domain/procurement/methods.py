"""The evaluation methods, each vectorized over the bids of a lot (numpy arrays of equal length).

- price: the acquisition price;
- lcc: life-cycle cost (lcc.life_cycle_cost);
- lcc-co2: LCC + the CO2 cost: embodied tonnes x the price of year 0, plus the yearly tonnes x the
  price of each year of use, weighted as the price path's rule says (co2_weights);
- ladder: CO2 Performance Ladder, price x (1 - discount of the certified level);
- meat: weighted scoring: cost points (lowest / own x weight), CO2 points (lowest lifetime tonnes
  / own x weight) and quality points (score % x weight); the weights sum to 100.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

import numpy as np
import numpy.typing as npt

from citypact.domain.procurement.lcc import cumulative, discount_factors
from citypact.domain.procurement.schedules import Discounting

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class Method(StrEnum):
    PRICE = "price"
    LCC = "lcc"
    LCC_CO2 = "lcc-co2"
    LADDER = "ladder"
    MEAT = "meat"


# ProRail's fictitious discounts for CO2 Performance Ladder levels 1-5. Level 5's 10 % is confirmed
# (IIP network on ProRail's Ladder; ProRail, "Taking care together for less CO2", 2009), levels 1-4
# are the figures (docs/procurement.md). An example: each tender's table is an input.
PRORAIL_LADDER: Final[Mapping[int, float]] = {1: 0.01, 2: 0.02, 3: 0.04, 4: 0.07, 5: 0.10}


def co2_weights(discounting: Discounting, rate: float, years: int) -> FloatArray:
    """The weight of a tonne's CO2 cost in year t = 0 .. years: 1 / (1 + r)^t, or 1 undiscounted."""
    if discounting is Discounting.UNDISCOUNTED:
        return np.ones(years + 1)
    return discount_factors(rate, years)


def discounted_tonnes(
    yearly_t: FloatArray, embodied_t: FloatArray, lifetime: IntArray, weights: FloatArray
) -> FloatArray:
    """embodied + yearly x sum_{t=1..L} w_t: the tonnes a constant CO2 price multiplies."""
    return embodied_t + yearly_t * cumulative(weights)[lifetime]


def co2_cost(
    yearly_t: FloatArray,
    embodied_t: FloatArray,
    lifetime: IntArray,
    prices: FloatArray,
    weights: FloatArray,
) -> FloatArray:
    """embodied x price_0 + yearly x sum_{t=1..L} price_t x w_t (prices and weights by year after
    the award, index 0 .. at least max lifetime)."""
    cost: FloatArray = embodied_t * prices[0] + yearly_t * cumulative(prices * weights)[lifetime]
    return cost


def ladder_price(price: FloatArray, level: IntArray, discounts: Mapping[int, float]) -> FloatArray:
    """price x (1 - discount[level]); level 0 (no certificate) has no discount.

    ValueError for a level the table does not have, or a discount outside 0..1.
    """
    if any(not 0 <= d < 1 for d in discounts.values()):
        raise ValueError("ladder discounts are fractions from 0 up to but not including 1 (0.10 for 10 %)")
    table = np.zeros(max([0, *discounts, *level.tolist()]) + 1)
    for key, discount in discounts.items():
        table[key] = discount
    unknown = sorted({int(v) for v in level if v < 0 or (v != 0 and v not in discounts)})
    if unknown:
        raise ValueError(f"ladder level(s) {unknown} are not in the tender's table {sorted(discounts)}")
    return price * (1.0 - table[level])


@dataclass(frozen=True)
class MeatWeights:
    """Points of each criterion of weighted scoring; they must sum to 100."""

    cost: float
    co2: float = 0.0
    quality: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        weights = [self.cost, self.co2, *self.quality.values()]
        if any(not np.isfinite(w) or w < 0 for w in weights):
            raise ValueError("weights must be numbers of at least 0")
        total = sum(weights)
        if abs(total - 100.0) > 1e-9:
            raise ValueError(f"the weights sum to {total:g}, not 100; change them so that they do")


def relative_points(values: FloatArray, weight: float) -> FloatArray:
    """weight x lowest / own: the lowest gets the full weight. Where the lowest is 0, the bids of 0
    get the full weight and all others none (the formula's limit)."""
    if values.size == 0:
        return values.astype(np.float64)
    if (values < 0).any():
        raise ValueError("relative points need values of at least 0")
    lowest = float(values.min())
    if lowest == 0:
        return np.where(values == 0, weight, 0.0)
    points: FloatArray = weight * lowest / values
    return points


def meat_scores(
    cost: FloatArray, co2e_t: FloatArray, quality: Mapping[str, FloatArray], weights: MeatWeights
) -> FloatArray:
    """Total points of each bid (0-100): cost and CO2 points relative to the best, quality points
    as score (0-100 %) x weight / 100. Every weighted quality criterion needs a score for each bid."""
    missing = sorted(set(weights.quality) - set(quality))
    if missing:
        raise ValueError(f"no scores for the quality criteria {missing}")
    points = relative_points(cost, weights.cost) + relative_points(co2e_t, weights.co2)
    for name, weight in weights.quality.items():
        scores = quality[name]
        if ((scores < 0) | (scores > 100) | ~np.isfinite(scores)).any():
            raise ValueError(f"scores of {name!r} must be from 0 to 100 (% of the criterion's points)")
        points = points + scores * weight / 100.0
    return points
