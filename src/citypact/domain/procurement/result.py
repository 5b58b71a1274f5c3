"""What an evaluation answers: per lot a ranking, best first, with every tonne's origin."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class TonneSource:
    """Where one part of a bid's tonnes comes from.

    One yearly energy use (carrier, amount per year, unit) times the factor library's factors of
    the buyer's country and `factor_year`: per gas (t a year, None where the factor is CO2e only,
    as national grid factors are), their CO2e under `gwp`, the effective factor
    (t CO2e per unit), and the factor's kind and source as the inventory engine names them.
    The bid's declared embodied tonnes are a source of carrier `embodied` (factor_kind `declared`),
    counted once in year 0.
    """

    carrier: str
    amount_per_year: float
    unit: str
    gpc_ref: str | None
    co2_t_per_year: float | None
    ch4_t_per_year: float | None
    n2o_t_per_year: float | None
    co2e_t_per_year: float
    t_co2e_per_unit: float | None
    gwp: str
    factor_kind: str
    factor_source: str
    factor_year: int
    row: int | None


@dataclass(frozen=True)
class RankedBid:
    """One bid's place in its lot.

    evaluated_cost: what the method ranks by (cost methods: lowest first; `meat`: the cost its
    price points came from, ranked by `score`, highest first). lcc: the life-cycle cost (for every
    method, for comparison). co2e_t: lifetime tonnes (yearly x lifetime + embodied, undiscounted).
    co2_cost: the CO2 cost inside evaluated_cost (0 where the method counts none).
    """

    rank: int
    supplier: str
    evaluated_cost: float
    lcc: float
    co2e_t: float
    co2_cost: float
    acquisition: float
    discounted_t_co2e: float
    ladder_level: int | None
    score: float | None
    sources: tuple[TonneSource, ...]
    row: int | None


@dataclass(frozen=True)
class SwitchingPrice:
    """A constant CO2 price at which the order of the first two bids changes.

    `suppliers`: the two bids whose costs cross there, the one that moves up first, then the one it
    passes; `first_two_below` and `first_two_above`:
    the first two just below and just above the price (best first).
    """

    co2_price: float
    suppliers: tuple[str, str]
    first_two_below: tuple[str, ...]
    first_two_above: tuple[str, ...]


@dataclass(frozen=True)
class Sensitivity:
    """Evaluated cost of each bid over constant CO2 `prices`: lcc + price x discounted tonnes.

    Kept as the two numbers of each bid's line (a curve of 10,000 bids x 201 prices as Python
    floats would cost 2 million objects); costs() draws the lines at the prices.
    """

    prices: tuple[float, ...]
    suppliers: tuple[str, ...]
    lcc: tuple[float, ...]
    discounted_t_co2e: tuple[float, ...]

    def costs(self) -> npt.NDArray[np.float64]:
        """costs[i, k]: bid i at prices[k]."""
        lcc = np.asarray(self.lcc, dtype=np.float64)
        tonnes = np.asarray(self.discounted_t_co2e, dtype=np.float64)
        prices = np.asarray(self.prices, dtype=np.float64)
        costs: npt.NDArray[np.float64] = lcc[:, None] + tonnes[:, None] * prices[None, :]
        return costs


@dataclass(frozen=True)
class LotResult:
    """One lot's ranking, best first; its switching prices (lcc and lcc-co2 only: the other methods'
    order does not come from the LCC + CO2 lines); the lines themselves for the chart."""

    lot: str
    quantity: float | None
    ranking: tuple[RankedBid, ...]
    switching_prices: tuple[SwitchingPrice, ...]
    sensitivity: Sensitivity


@dataclass(frozen=True)
class Evaluation:
    """The evaluation of every lot of a bid file, with the inputs it depends on (to recompute it)."""

    method: str
    discount_rate: float
    co2_schedule: str | None  # the schedule's key, version and name: what recomputes the figures
    co2_schedule_version: str | None
    co2_schedule_name: str | None
    co2_discounting: str | None
    currency: str
    country: str
    year: int
    gwp: str
    factor_library: str
    lots: tuple[LotResult, ...]
    # The method's own inputs, so that a frozen evaluation can be recomputed: the ladder's
    # discounts by level (ladder), the criteria's points and the cost basis (meat).
    ladder_discounts: tuple[tuple[int, float], ...] | None = None
    meat_weights: tuple[tuple[str, float], ...] | None = None
    meat_cost: str | None = None
