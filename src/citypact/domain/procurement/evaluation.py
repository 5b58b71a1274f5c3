"""Evaluate the bids of every lot with one method: the ranking, the switching prices, the curve."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from citypact.domain.procurement.bids import Bid, acquisition_price
from citypact.domain.procurement.lcc import life_cycle_cost
from citypact.domain.procurement.methods import (
    PRORAIL_LADDER,
    MeatWeights,
    Method,
    co2_cost,
    co2_weights,
    discounted_tonnes,
    ladder_price,
    meat_scores,
)
from citypact.domain.procurement.result import Evaluation, LotResult, RankedBid, Sensitivity
from citypact.domain.procurement.schedules import Discounting, Schedule
from citypact.domain.procurement.sensitivity import DEFAULT_PRICES, switching_prices
from citypact.domain.procurement.tonnes import BidTonnes

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class EvaluationSettings:
    """Everything an evaluation depends on besides the bids and their tonnes.

    co2_price: required by lcc-co2; its discounting rule also weights the sensitivity curve
    (without a path, discounted like the costs). lot_quantities: the pooled total quantity of each
    lot, for volume prices (default: each bid's own quantity). meat_cost: the cost the price points
    of weighted scoring come from, `price` or `lcc`.
    """

    method: Method
    discount_rate: float = 0.03
    co2_price: Schedule | None = None
    ladder_discounts: Mapping[int, float] = field(default_factory=lambda: dict(PRORAIL_LADDER))
    meat_weights: MeatWeights | None = None
    meat_cost: str = "price"
    sensitivity_prices: tuple[float, ...] = DEFAULT_PRICES
    lot_quantities: Mapping[str, float] = field(default_factory=dict)


def _lot_order(bids: Sequence[Bid]) -> list[str]:
    return list(dict.fromkeys(bid.lot for bid in bids))


def evaluate(
    bids: Sequence[Bid], tonnes: BidTonnes, settings: EvaluationSettings, *, country: str, year: int
) -> Evaluation:
    """Rank the bids of each lot (lots in the order they first appear). ValueError when the settings
    do not fit the method (lcc-co2 without a price, meat without weights, an unknown ladder level)."""
    method = settings.method
    if method is Method.LCC_CO2 and settings.co2_price is None:
        raise ValueError("the lcc-co2 method needs a CO2 price: a schedule or a constant price")
    if method is Method.MEAT and settings.meat_weights is None:
        raise ValueError("the meat method needs the weights of its criteria")
    if settings.meat_cost not in ("price", "lcc"):
        raise ValueError(f"meat_cost is 'price' or 'lcc', not {settings.meat_cost!r}")
    lots = []
    for lot in _lot_order(bids):
        index = np.array([i for i, bid in enumerate(bids) if bid.lot == lot], dtype=np.int64)
        lots.append(_evaluate_lot(lot, [bids[i] for i in index], tonnes, index, settings, year))
    path = settings.co2_price
    return Evaluation(
        method=method.value,
        discount_rate=settings.discount_rate,
        co2_schedule=path.key if path else None,
        co2_schedule_version=path.version if path else None,
        co2_schedule_name=path.name if path else None,
        co2_discounting=path.discounting.value if path else None,
        currency=path.currency if path else "EUR",
        country=country.upper(),
        year=year,
        gwp=tonnes.gwp,
        factor_library=tonnes.factor_library,
        lots=tuple(lots),
        ladder_discounts=tuple(sorted(settings.ladder_discounts.items()))
        if method is Method.LADDER
        else None,
        meat_weights=_weights(settings.meat_weights) if method is Method.MEAT else None,
        meat_cost=settings.meat_cost if method is Method.MEAT else None,
    )


def _weights(weights: MeatWeights | None) -> tuple[tuple[str, float], ...] | None:
    if weights is None:
        return None
    return (("cost", weights.cost), ("co2", weights.co2), *sorted(weights.quality.items()))


def _evaluate_lot(
    lot: str,
    bids: list[Bid],
    tonnes: BidTonnes,
    index: npt.NDArray[np.int64],
    settings: EvaluationSettings,
    year: int,
) -> LotResult:
    quantity = settings.lot_quantities.get(lot)
    acquisition = np.array([acquisition_price(bid, quantity) for bid in bids], dtype=np.float64)
    lifetime = np.array([bid.lifetime_years for bid in bids], dtype=np.int64)
    lcc = life_cycle_cost(
        acquisition,
        np.array([bid.yearly_cost for bid in bids], dtype=np.float64),
        np.array([bid.end_of_life_cost for bid in bids], dtype=np.float64),
        np.array([bid.residual_value for bid in bids], dtype=np.float64),
        lifetime,
        settings.discount_rate,
    )
    yearly_t = tonnes.yearly_t_co2e[index]
    embodied_t = tonnes.embodied_t_co2e[index]
    lifetime_t = yearly_t * lifetime + embodied_t
    path = settings.co2_price
    rule = path.discounting if path else Discounting.LIKE_COSTS
    longest = int(lifetime.max())
    weights = co2_weights(rule, settings.discount_rate, longest)
    discounted_t = discounted_tonnes(yearly_t, embodied_t, lifetime, weights)
    zero = np.zeros(len(bids))
    score: FloatArray | None = None
    co2 = zero
    method = settings.method
    if method is Method.PRICE:
        evaluated = acquisition
    elif method is Method.LCC:
        evaluated = lcc
    elif method is Method.LCC_CO2:
        assert path is not None  # checked by evaluate
        prices = np.array(path.prices_for(range(year, year + longest + 1)), dtype=np.float64)
        co2 = co2_cost(yearly_t, embodied_t, lifetime, prices, weights)
        evaluated = lcc + co2
    elif method is Method.LADDER:
        levels = np.array([bid.ladder_level or 0 for bid in bids], dtype=np.int64)
        evaluated = ladder_price(acquisition, levels, settings.ladder_discounts)
    else:
        assert settings.meat_weights is not None  # checked by evaluate
        evaluated = acquisition if settings.meat_cost == "price" else lcc
        names = settings.meat_weights.quality
        quality = {name: np.array([_score(bid, name) for bid in bids], dtype=np.float64) for name in names}
        score = meat_scores(evaluated, lifetime_t, quality, settings.meat_weights)
    suppliers = [bid.supplier for bid in bids]
    # Best first; ties by supplier, then by the order given (a stable sort).
    by_name = np.argsort(np.array(suppliers), kind="stable")
    keys = evaluated[by_name] if score is None else np.stack([evaluated[by_name], -score[by_name]])
    order = by_name[np.lexsort(keys if keys.ndim > 1 else (keys,))].tolist()
    # Python floats once per column (indexing numpy scalars one by one costs more than the maths).
    columns = [a.tolist() for a in (evaluated, lcc, lifetime_t, co2, acquisition, discounted_t)]
    points = [None] * len(bids) if score is None else score.tolist()
    positions = index.tolist()
    ranking = tuple(
        RankedBid(
            rank=place,
            supplier=suppliers[i],
            evaluated_cost=columns[0][i],
            lcc=columns[1][i],
            co2e_t=columns[2][i],
            co2_cost=columns[3][i],
            acquisition=columns[4][i],
            discounted_t_co2e=columns[5][i],
            ladder_level=bids[i].ladder_level,
            score=points[i],
            sources=tonnes.sources[positions[i]],
            row=bids[i].row,
        )
        for place, i in enumerate(order, start=1)
    )
    prices = np.asarray(settings.sensitivity_prices, dtype=np.float64)
    sensitivity = Sensitivity(
        prices=tuple(float(p) for p in prices),
        suppliers=tuple(suppliers),
        lcc=tuple(lcc.tolist()),
        discounted_t_co2e=tuple(discounted_t.tolist()),
    )
    low, high = (float(prices.min()), float(prices.max())) if prices.size else (0.0, 0.0)
    # Only where the ranking is a point of these lines (lcc: at 0; lcc-co2: a price path): the
    # order of price, ladder and meat does not come from them.
    on_the_lines = method in (Method.LCC, Method.LCC_CO2)
    switching = switching_prices(lcc, discounted_t, suppliers, low, high) if on_the_lines else []
    return LotResult(lot, quantity, ranking, tuple(switching), sensitivity)


def _score(bid: Bid, name: str) -> float:
    if name not in bid.quality:
        where = f" (row {bid.row})" if bid.row is not None else ""
        raise ValueError(f"the bid of {bid.supplier} for lot {bid.lot}{where} has no score for {name!r}")
    return float(bid.quality[name])
