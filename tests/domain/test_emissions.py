"""Activity x factor per gas and CO2e, checked by hand against IPCC 2006 defaults."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain.emissions import GwpSet, co2e, gas_masses

AR4 = GwpSet("AR4", {"CO2": 1.0, "CH4": 25.0, "N2O": 298.0})
AR5 = GwpSet("AR5", {"CO2": 1.0, "CH4": 28.0, "N2O": 265.0})

# IPCC 2006 Vol. 2 Table 2.5 (residential): natural gas CO2 56,100, CH4 5, N2O 0.1 kg/TJ.
NATURAL_GAS_RESIDENTIAL = {"CO2": 56_100.0, "CH4": 5.0, "N2O": 0.1}


def _factors(n: int) -> dict[str, np.ndarray]:
    return {gas: np.full(n, value) for gas, value in NATURAL_GAS_RESIDENTIAL.items()}


def test_natural_gas_in_homes_by_hand() -> None:
    # 1,000 MWh = 3.6 TJ
    masses = gas_masses(np.array([3.6]), _factors(1))
    assert masses["CO2"][0] == pytest.approx(201.96)  # 3.6 x 56,100 kg = 201,960 kg
    assert masses["CH4"][0] == pytest.approx(0.018)  # 18 kg
    assert masses["N2O"][0] == pytest.approx(0.00036)  # 0.36 kg
    # AR5: 201.96 + 0.018 x 28 + 0.00036 x 265 = 202.5594 t CO2e
    assert co2e(masses, AR5)[0] == pytest.approx(202.5594)
    # AR4: 201.96 + 0.018 x 25 + 0.00036 x 298 = 202.51728 t CO2e; the GWP set changes the result
    assert co2e(masses, AR4)[0] == pytest.approx(202.51728)


def test_missing_factor_is_missing_not_zero() -> None:
    masses = gas_masses(np.array([1.0]), {"CO2": np.array([np.nan])})
    assert np.isnan(masses["CO2"][0])


def test_unknown_gas_in_gwp_set_is_named() -> None:
    with pytest.raises(KeyError, match="AR5 has no value for SF6"):
        co2e({"SF6": np.array([1.0])}, AR5)


@given(
    st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=20),
    st.floats(0, 1000, allow_nan=False),
)
def test_linear_in_activity(activity: list[float], k: float) -> None:
    a = np.array(activity)
    base = co2e(gas_masses(a, _factors(len(a))), AR5)
    scaled = co2e(gas_masses(a * k, _factors(len(a))), AR5)
    np.testing.assert_allclose(scaled, base * k, rtol=1e-9, atol=1e-9)


@given(st.floats(0.1, 1e6, allow_nan=False), st.floats(1, 100))
def test_gwp_scaling_moves_only_that_gas(tj: float, gwp_ch4: float) -> None:
    masses = gas_masses(np.array([tj]), _factors(1))
    low = co2e(masses, GwpSet("x", {"CO2": 1.0, "CH4": gwp_ch4, "N2O": 265.0}))
    high = co2e(masses, GwpSet("x", {"CO2": 1.0, "CH4": gwp_ch4 + 1, "N2O": 265.0}))
    assert high[0] - low[0] == pytest.approx(masses["CH4"][0], rel=1e-6)
