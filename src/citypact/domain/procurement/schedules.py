"""CO2 price schedules: a price per tonne of CO2e by year, as a law, an ordinance or an agency sets it.

A schedule is versioned and never edited in place: a new version replaces an old one from a date, and
the old one stays readable, so an evaluation can name the version it used and be recomputed.

The rule for years the table does not list (a choice, stated in docs/co2_prices.md):
* a year after the last listed year takes the last listed year's price (the price is held, not
  extrapolated);
* a year between two listed years takes the price of the latest listed year before it (a step, as
  the fixed-price laws work; agencies that publish anchor years say nothing finer);
* a year before the first listed year takes the first listed year's price.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Discounting(StrEnum):
    """How the tonnes' cost enters a life-cycle cost."""

    # Discounted at the evaluation's discount rate, like every other future cost.
    LIKE_COSTS = "like_costs"
    # Summed without discounting (the rule in Berlin's KlimakostenV §3: VK = N × D × K).
    UNDISCOUNTED = "undiscounted"


@dataclass(frozen=True)
class Schedule:
    """One version of a CO2 price schedule: a price per tonne CO2e for each listed year."""

    key: str  # stable code, e.g. "de-behg"; the same for every version of one schedule
    version: str
    name: str
    currency: str  # ISO 4217
    price_year: int | None  # prices are in money of this year; None when the source names none
    discounting: Discounting
    prices: dict[int, float]
    publisher: str = ""
    source: str = ""  # legal basis or publication, with the section or table
    url: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    note: str = ""
    _years: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.prices:
            raise ValueError(f"schedule {self.key} {self.version} lists no prices")
        if any(price < 0 for price in self.prices.values()):
            raise ValueError(f"schedule {self.key} {self.version} has a negative price")
        object.__setattr__(self, "_years", tuple(sorted(self.prices)))

    @property
    def first_year(self) -> int:
        return self._years[0]

    @property
    def last_year(self) -> int:
        return self._years[-1]

    def price(self, year: int) -> float:
        """Price per tonne CO2e in `year` under the module's rule for unlisted years."""
        position = bisect.bisect_right(self._years, year)
        return self.prices[self._years[max(position - 1, 0)]]

    def prices_for(self, years: range | list[int]) -> list[float]:
        """The price of each year in `years`, in order (the evaluation's life, year by year)."""
        return [self.price(year) for year in years]

    def in_force(self, day: dt.date) -> bool:
        """Whether this version applies on `day` (open ends count as unbounded)."""
        after_start = self.valid_from is None or self.valid_from <= day
        before_end = self.valid_to is None or day <= self.valid_to
        return after_start and before_end


def constant_schedule(price: float, currency: str = "EUR") -> Schedule:
    """A flat price for every year: what `--co2-price 300` means."""
    return Schedule(
        key="constant",
        version="1",
        name=f"{price:g} {currency}/t",
        currency=currency,
        price_year=None,
        discounting=Discounting.LIKE_COSTS,
        prices={2000: float(price)},
    )


def version_in_force(versions: list[Schedule], day: dt.date) -> Schedule | None:
    """Among one schedule's versions, the one in force on `day`: the latest start not after it."""
    candidates = [v for v in versions if v.in_force(day)]
    if not candidates:
        return None
    return max(candidates, key=lambda v: (v.valid_from or dt.date.min, v.version))
