"""The evaluation methods on hand-computed cases (the arithmetic in each docstring)."""

from __future__ import annotations

import numpy as np
import pytest

from citypact.domain.procurement.bids import Bid, VolumeBand, acquisition_price, band_for
from citypact.domain.procurement.lcc import discount_factors, life_cycle_cost
from citypact.domain.procurement.methods import (
    PRORAIL_LADDER,
    MeatWeights,
    co2_cost,
    co2_weights,
    discounted_tonnes,
    ladder_price,
    meat_scores,
    relative_points,
)
from citypact.domain.procurement.schedules import Discounting


def _a(*values: float) -> np.ndarray:
    return np.array(values, dtype=np.float64)


def _i(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def test_lcc_discounts_each_year_at_its_end() -> None:
    """1000 + 100/1.1 + 100/1.1^2 + (50 - 20)/1.1^2 = 1000 + 90.909091 + 82.644628 + 24.793388
    = 1198.347107; at 0 %: 1000 + 2 x 100 + 30 = 1230."""
    args = (_a(1000), _a(100), _a(50), _a(20), _i(2))
    assert life_cycle_cost(*args, 0.10)[0] == pytest.approx(1000 + 100 / 1.1 + 130 / 1.21, rel=1e-12)
    assert life_cycle_cost(*args, 0.10)[0] == pytest.approx(1198.347107, abs=1e-6)
    assert life_cycle_cost(*args, 0.0)[0] == pytest.approx(1230.0)


def test_lcc_of_bids_with_different_lives() -> None:
    """At 5 %: 500 + 10/1.05 = 509.52381 (one year); 500 + 10 x (1/1.05 + 1/1.05^2 + 1/1.05^3)
    = 500 + 27.232480 = 527.232480 (three years)."""
    lcc = life_cycle_cost(_a(500, 500), _a(10, 10), _a(0, 0), _a(0, 0), _i(1, 3), 0.05)
    assert lcc == pytest.approx([509.523810, 527.232480], abs=1e-6)


def test_lcc_refuses_a_life_of_no_year_and_a_rate_of_minus_one() -> None:
    with pytest.raises(ValueError, match="at least one year"):
        life_cycle_cost(_a(1), _a(1), _a(0), _a(0), _i(0), 0.03)
    with pytest.raises(ValueError, match="above -1"):
        discount_factors(-1.0, 3)


def test_co2_cost_discounted_like_costs_and_undiscounted() -> None:
    """Embodied 5 t at year 0's 100, then 2 t a year at 200 and 300 (years 1, 2), 10 %:
    5 x 100 + 2 x (200/1.1 + 300/1.21) = 500 + 2 x (181.818182 + 247.933884) = 1359.504132;
    undiscounted: 500 + 2 x 500 = 1500."""
    prices = _a(100, 200, 300)
    discounted = co2_cost(_a(2), _a(5), _i(2), prices, co2_weights(Discounting.LIKE_COSTS, 0.10, 2))
    assert discounted[0] == pytest.approx(1359.504132, abs=1e-6)
    flat = co2_cost(_a(2), _a(5), _i(2), prices, co2_weights(Discounting.UNDISCOUNTED, 0.10, 2))
    assert flat[0] == pytest.approx(1500.0)


def test_discounted_tonnes_are_what_a_constant_price_multiplies() -> None:
    """5 + 2 x (1/1.1 + 1/1.21) = 5 + 2 x 1.735537 = 8.471074; x 300 is the CO2 cost at 300."""
    weights = co2_weights(Discounting.LIKE_COSTS, 0.10, 2)
    d = discounted_tonnes(_a(2), _a(5), _i(2), weights)
    assert d[0] == pytest.approx(8.471074, abs=1e-6)
    assert co2_cost(_a(2), _a(5), _i(2), np.full(3, 300.0), weights)[0] == pytest.approx(300 * d[0])


def test_ladder_discounts_prorails_table() -> None:
    """1000 x (1 - 0.04) = 960 at level 3; x 0.90 = 900 at level 5; level 0: no discount."""
    prices = ladder_price(_a(1000, 1000, 1000, 1000), _i(3, 5, 0, 1), PRORAIL_LADDER)
    assert prices == pytest.approx([960.0, 900.0, 1000.0, 990.0])


def test_ladder_refuses_a_level_the_table_lacks() -> None:
    with pytest.raises(ValueError, match=r"\[6\]"):
        ladder_price(_a(1000), _i(6), PRORAIL_LADDER)
    with pytest.raises(ValueError, match="fractions"):
        ladder_price(_a(1000), _i(1), {1: 10.0})


def test_meat_weighted_scoring() -> None:
    """Cost 60, CO2 20, service 20 points. A: 60 x 100/100 + 20 x 5/10 + 20 x 50 % = 60 + 10 + 10
    = 80; B: 60 x 100/125 + 20 x 5/5 + 20 x 100 % = 48 + 20 + 20 = 88."""
    weights = MeatWeights(cost=60, co2=20, quality={"service": 20})
    scores = meat_scores(_a(100, 125), _a(10, 5), {"service": _a(50, 100)}, weights)
    assert scores == pytest.approx([80.0, 88.0])


def test_meat_refuses_weights_that_do_not_sum_to_100() -> None:
    with pytest.raises(ValueError, match="sum to 90"):
        MeatWeights(cost=60, co2=20, quality={"service": 10})
    with pytest.raises(ValueError, match="no scores"):
        meat_scores(_a(1), _a(1), {}, MeatWeights(cost=50, quality={"service": 50}))


def test_relative_points_give_full_points_to_zero_when_the_best_is_zero() -> None:
    assert relative_points(_a(0, 4), 20) == pytest.approx([20.0, 0.0])
    assert relative_points(_a(2, 4), 20) == pytest.approx([20.0, 10.0])


def test_volume_band_containing_the_total_quantity_applies() -> None:
    """Bands from 1 at 420 and from 50 at 400: 60 units cost 60 x 400 = 24,000; 49 units 49 x 420."""
    bands = (VolumeBand(1, 420.0), VolumeBand(50, 400.0))
    bid = Bid("lot", "s", 0.0, 10, quantity=60, volume_bands=bands)
    assert band_for(bands, 50) == bands[1]
    assert acquisition_price(bid) == pytest.approx(24_000.0)
    assert acquisition_price(bid, 49) == pytest.approx(49 * 420.0)
    with pytest.raises(ValueError, match="no volume price for 0.5"):
        acquisition_price(bid, 0.5)
    assert acquisition_price(Bid("lot", "s", 900.0, 10)) == 900.0
