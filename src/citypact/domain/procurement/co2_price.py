"""A CO2 shadow price path: a price per tonne of CO2e for each calendar year, and how it is discounted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


class Discounting(StrEnum):
    """How the CO2 cost of a future year enters the evaluated cost.

    DISCOUNTED: like the costs, tonnes_t x price_t / (1 + r)^t (year 0 undiscounted);
    UNDISCOUNTED: tonnes_t x price_t, as the price of the year the tonne is emitted.
    Which one applies is the schedule's rule (docs/procurement.md).
    """

    DISCOUNTED = "discounted"
    UNDISCOUNTED = "undiscounted"


@dataclass(frozen=True)
class Co2PricePath:
    """Prices per tonne of CO2e by calendar year, in `currency`.

    A year not in `prices` takes the price of the latest year before it; a year before the first
    takes the first year's price (stated in docs/procurement.md).
    """

    name: str
    prices: Mapping[int, float]
    discounting: Discounting = Discounting.DISCOUNTED
    currency: str = "EUR"

    def __post_init__(self) -> None:
        if not self.prices:
            raise ValueError(f"CO2 price path {self.name!r} has no price")
        if any(not np.isfinite(p) or p < 0 for p in self.prices.values()):
            raise ValueError(f"CO2 price path {self.name!r}: prices must be finite and not negative")

    @classmethod
    def constant(
        cls, price: float, discounting: Discounting = Discounting.DISCOUNTED, currency: str = "EUR"
    ) -> Co2PricePath:
        """The same price in every year (the sensitivity curve's and `--co2-price`'s path)."""
        return cls(f"constant {price:g}", {0: float(price)}, discounting, currency)

    def price_in(self, year: int) -> float:
        years = sorted(self.prices)
        earlier = [y for y in years if y <= year]
        return float(self.prices[earlier[-1] if earlier else years[0]])

    def by_offset(self, start_year: int, years: int) -> FloatArray:
        """Prices of years start_year + 0 .. start_year + years (index = years after the award)."""
        return np.array([self.price_in(start_year + t) for t in range(years + 1)], dtype=np.float64)
