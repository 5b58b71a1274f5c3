"""Life-cycle cost (EU Directive 2014/24/EU Art. 68), vectorized over bids.

LCC = acquisition + sum_{t=1..L} yearly_t / (1 + r)^t + (end_of_life - residual) / (1 + r)^L

with end-of-year discounting: year 1 is the first year of use, its costs fall at its end; the
acquisition is paid in year 0, undiscounted (docs/procurement.md).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def discount_factors(rate: float, years: int) -> FloatArray:
    """1 / (1 + r)^t for t = 0 .. years."""
    if not np.isfinite(rate) or rate <= -1:
        raise ValueError(f"discount rate {rate} must be above -1 (e.g. 0.03 for 3 %)")
    return np.power(1.0 + rate, -np.arange(years + 1, dtype=np.float64))


def cumulative(weights: FloatArray) -> FloatArray:
    """Sums of weights[1..L] for L = 0 .. len - 1 (index L): the annuity factors of a constant
    yearly amount over a life of L years."""
    out = np.zeros_like(weights)
    out[1:] = np.cumsum(weights[1:])
    return out


def life_cycle_cost(
    acquisition: FloatArray,
    yearly_cost: FloatArray,
    end_of_life: FloatArray,
    residual: FloatArray,
    lifetime: IntArray,
    rate: float,
) -> FloatArray:
    """The discounted life-cycle cost of each bid (arrays of equal length; lifetime in whole years >= 1)."""
    if lifetime.size == 0:
        return np.zeros(0)
    if lifetime.min() < 1:
        raise ValueError("a lifetime must be at least one year")
    factors = discount_factors(rate, int(lifetime.max()))
    annuity = cumulative(factors)[lifetime]
    return acquisition + yearly_cost * annuity + (end_of_life - residual) * factors[lifetime]
