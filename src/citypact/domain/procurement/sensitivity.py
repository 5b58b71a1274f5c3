"""How a lot's ranking moves with a constant CO2 price, and where it switches.

Under a constant CO2 price p the evaluated cost of a bid is linear in p: lcc + D x p, with D its
discounted tonnes (methods.discounted_tonnes). So the costs of two bids cross at exactly one price,
(lcc_b - lcc_a) / (D_a - D_b), and the switching prices follow in closed form.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from citypact.domain.procurement.result import SwitchingPrice

FloatArray = npt.NDArray[np.float64]

# 0 to 1,000 per tonne in steps of 5 (201 prices): the range the issue asks the chart to cover.
DEFAULT_PRICES: tuple[float, ...] = tuple(float(p) for p in np.linspace(0.0, 1000.0, 201))
_REL = 1e-12


def curve(lcc: FloatArray, discounted_t: FloatArray, prices: FloatArray) -> FloatArray:
    """Evaluated cost of bid i at prices[k], as costs[i, k]."""
    return lcc[:, None] + discounted_t[:, None] * prices[None, :]


def first_two_above(lcc: FloatArray, discounted_t: FloatArray, price: float) -> tuple[int, ...]:
    """Indices of the two lowest costs just above `price`: equal costs at the price are ordered by
    slope (the lower slope is lower just above), then by index."""
    values = lcc + discounted_t * price
    chosen: list[int] = []
    for _ in range(min(2, values.size)):
        free = np.ones(values.size, dtype=bool)
        free[chosen] = False
        lowest = values[free].min()
        near = free & (values <= lowest + _REL * max(1.0, abs(lowest)))
        candidates = np.flatnonzero(near)
        chosen.append(int(candidates[np.lexsort((candidates, discounted_t[candidates]))[0]]))
    return tuple(chosen)


def _crossing(lcc: FloatArray, d: FloatArray, upper: int, lower: npt.NDArray[np.int64] | int) -> FloatArray:
    with np.errstate(over="ignore", divide="ignore"):  # an infinite crossing lies beyond any range
        return np.asarray((lcc[lower] - lcc[upper]) / (d[upper] - d[lower]), dtype=np.float64)


def switching_prices(
    lcc: FloatArray,
    discounted_t: FloatArray,
    suppliers: Sequence[str],
    low: float = 0.0,
    high: float = 1000.0,
) -> list[SwitchingPrice]:
    """The constant CO2 prices in (low, high] where the first two bids change (who or in which order).

    A sweep from `low`: with a first and b second, the next change is a bid c (or b itself) whose
    line comes down through b's (or a's) from above; the earliest such crossing is the next
    switching price. Each step is one vectorized pass over the bids.
    """
    n = lcc.size
    if n < 2:
        return []
    d = discounted_t
    found: list[SwitchingPrice] = []
    price = low
    top = first_two_above(lcc, d, price)
    for _ in range(4 * n + 8):
        a, b = top
        others = np.ones(n, dtype=bool)
        others[[a, b]] = False
        candidates: list[tuple[float, int, int]] = []
        if d[b] < d[a]:
            candidates.append((float(_crossing(lcc, d, a, b)), b, a))
        steeper = np.flatnonzero(others & (d < d[b])).astype(np.int64)
        if steeper.size:
            crossings = _crossing(lcc, d, b, steeper)
            crossings = np.where(crossings > price, crossings, np.inf)  # ties at the price are behind
            k = int(np.argmin(crossings))
            candidates.append((float(crossings[k]), int(steeper[k]), b))
        ahead = [c for c in candidates if price < c[0] <= high]
        if not ahead:
            break
        at, x, y = min(ahead)
        new_top = first_two_above(lcc, d, at)
        if new_top != top:
            found.append(
                SwitchingPrice(
                    co2_price=at,
                    suppliers=(suppliers[x], suppliers[y]),
                    first_two_below=tuple(suppliers[i] for i in top),
                    first_two_above=tuple(suppliers[i] for i in new_top),
                )
            )
        price, top = at, new_top
    return found
