"""Units: hand-checked factors, per-distinct-unit column conversion, unit invariance."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain.units import Dimension, UnitError, convert_column, dimension_of, factor_to


@pytest.mark.parametrize(
    ("unit", "target", "factor"),
    [
        ("MWh", "TJ", 0.0036),  # 1 MWh = 3.6 GJ
        ("kWh", "GJ", 0.0036),
        ("GJ", "TJ", 0.001),
        ("therm", "MJ", 105.5056),  # international-table Btu
        ("bbl", "L", 158.987294928),  # the 42-gallon oil barrel
        ("gal", "L", 3.785411784),  # US gallon
        ("short_ton", "kg", 907.18474),
        ("long_ton", "kg", 1016.0469088),
        ("Dth", "GJ", 1.055056),
        ("Mcf", "m3", 28.316846592),
        ("MMBtu", "GJ", 1.055056),
        ("toe", "GJ", 41.868),  # IEA tonne of oil equivalent
        ("t", "kg", 1000.0),
        ("L", "m3", 0.001),
        ("mile", "km", 1.609344),
        ("mwh", "TJ", 0.0036),  # case is forgiven where it cannot change the meaning
    ],
)
def test_factors(unit: str, target: str, factor: float) -> None:
    assert factor_to(unit, target) == pytest.approx(factor, rel=1e-9)


@pytest.mark.parametrize(
    ("unit", "dimension"),
    [
        ("MWh", Dimension.ENERGY),
        ("therm", Dimension.ENERGY),
        ("kg", Dimension.MASS),
        ("m3", Dimension.VOLUME),
        ("L", Dimension.VOLUME),
        ("km", Dimension.DISTANCE),
    ],
)
def test_dimension(unit: str, dimension: Dimension) -> None:
    assert dimension_of(unit) is dimension


def test_units_that_do_not_fit_are_errors_not_guesses() -> None:
    with pytest.raises(UnitError, match="cannot be converted"):
        factor_to("t", "TJ")
    with pytest.raises(UnitError, match="unknown unit 'barrels of joy'"):
        factor_to("barrels of joy", "TJ")
    with pytest.raises(UnitError, match="accepted spellings"):
        dimension_of("s")  # pint knows seconds; an activity amount is never in them


def test_column_conversion_per_distinct_unit() -> None:
    converted = convert_column(np.array([1000.0, 1.0, 3.6]), ["MWh", "TJ", "GJ"], "TJ")
    assert converted == pytest.approx([3.6, 1.0, 0.0036])


@given(
    st.floats(min_value=0, max_value=1e9, allow_nan=False),
    st.sampled_from(["kWh", "MWh", "GJ", "MJ", "therm", "MMBtu", "toe"]),
)
def test_unit_invariance(mwh: float, unit: str) -> None:
    """The same energy written in another unit converts to the same TJ."""
    in_unit = mwh * factor_to("MWh", unit)
    assert convert_column(np.array([in_unit]), [unit], "TJ")[0] == pytest.approx(
        mwh * 0.0036, rel=1e-9, abs=1e-12
    )


@given(st.text(max_size=20))
def test_any_text_is_a_unit_or_a_clear_error(text: str) -> None:
    try:
        outcome: Dimension | UnitError = dimension_of(text)
    except UnitError as error:  # anything else escaping would fail the test
        outcome = error
    assert isinstance(outcome, Dimension) or "unit" in str(outcome)
