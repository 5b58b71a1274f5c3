"""One units registry for the whole program, and conversion per distinct unit.

A scalar pint conversion costs about 0.2 ms; converting a column of millions of rows one value at
a time would take minutes. So a conversion factor is computed once per distinct unit spelling and
applied to whole columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from functools import cache

import numpy as np
import numpy.typing as npt
import pint

registry: pint.UnitRegistry[float] = pint.UnitRegistry()
registry.define("MMBtu = 1e6 * Btu")
registry.define("MMBTU = MMBtu")


class Dimension(StrEnum):
    """What an activity amount measures, with the unit the engine computes in."""

    ENERGY = "TJ"
    MASS = "t"
    VOLUME = "m**3"
    DISTANCE = "km"


class UnitError(ValueError):
    """A unit that is unknown, or that cannot measure what it is asked to measure."""


def _parse(unit: str) -> pint.Unit:
    try:
        return registry.Unit(unit.strip())
    # pint parses with tokenize and its own evaluator: any error at all means "not a unit".
    except Exception as error:
        raise UnitError(
            f"unknown unit {unit!r}; use e.g. MWh, GJ, TJ, therm, MMBtu, t, kg, m3, L, km"
        ) from error


@cache
def dimension_of(unit: str) -> Dimension:
    """Which of energy, mass, volume or distance `unit` measures."""
    parsed = _parse(unit.replace("m3", "m**3"))
    for dimension in Dimension:
        if parsed.dimensionality == registry.Unit(dimension.value).dimensionality:
            return dimension
    raise UnitError(f"{unit!r} is not a unit of energy, mass, volume or distance")


@cache
def factor_to(unit: str, target: str) -> float:
    """How many `target` one `unit` is (e.g. factor_to("MWh", "TJ") == 0.0036)."""
    source = _parse(unit.replace("m3", "m**3"))
    goal = _parse(target.replace("m3", "m**3"))
    if source.dimensionality != goal.dimensionality:
        raise UnitError(f"{unit!r} cannot be converted to {target!r}")
    return float(registry.Quantity(1.0, source).to(goal).magnitude)


def convert_column(
    amounts: npt.NDArray[np.float64], units: Iterable[str], target: str
) -> npt.NDArray[np.float64]:
    """`amounts` (one unit spelling per row) in `target`, converting once per distinct unit."""
    unit_array = np.asarray(list(units), dtype=object)
    distinct, index = np.unique(unit_array, return_inverse=True)
    factors = np.array([factor_to(str(u), target) for u in distinct], dtype=np.float64)
    return np.asarray(amounts, dtype=np.float64) * factors[index]
