"""One units registry for the whole program, the unit spellings activity data may use, and
conversion per distinct unit.

Activity amounts accept only the spellings in ACTIVITY_UNITS. pint alone reads far too much: `mt`
is a millitonne, `ton` a short ton, `bbl` a 31.5-gallon barrel; a guessed unit changes the amount
silently by a factor of a thousand. What people in this field write is listed below (see
docs/accounting.md), everything else is refused with the accepted spellings.

A scalar pint conversion costs about 0.2 ms; converting a column of millions of rows one value at
a time would take minutes. So a conversion factor is computed once per distinct unit spelling and
applied to whole columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Final

import numpy as np
import numpy.typing as npt
import pint

registry: pint.UnitRegistry[float] = pint.UnitRegistry()
registry.define("MMBtu = 1e6 * Btu")
registry.define("MMBTU = MMBtu")
registry.define("oil_barrel = 42 * gallon")  # the petroleum barrel; pint's `bbl` is 31.5 gallons
registry.define("passenger = [passenger]")  # passenger-km are not vehicle-km: a dimension of their own


class Dimension(StrEnum):
    """What an activity amount measures, with the unit the engine computes in."""

    ENERGY = "TJ"
    MASS = "t"
    VOLUME = "m**3"
    DISTANCE = "km"
    PASSENGER_DISTANCE = "passenger * km"


class UnitError(ValueError):
    """A unit that is unknown, or that cannot measure what it is asked to measure."""


# Spelling -> pint expression. Written as people in municipal energy and GHG accounting write them
# (utility bills, fuel sales statistics, IPCC and GPC tables, US EIA and EPA figures).
ACTIVITY_UNITS: Final[dict[str, str]] = {
    # energy
    "Wh": "Wh",
    "kWh": "kWh",
    "MWh": "MWh",
    "GWh": "GWh",
    "TWh": "TWh",
    "MJ": "MJ",
    "GJ": "GJ",
    "TJ": "TJ",
    "PJ": "PJ",
    "therm": "therm",  # 100,000 Btu (international table)
    "therms": "therm",
    "Dth": "10 * therm",  # dekatherm, on US gas bills
    "MMBtu": "MMBtu",
    "Btu": "Btu",
    "toe": "toe",  # IEA tonne of oil equivalent, 41.868 GJ
    "ktoe": "1e3 * toe",
    "Mtoe": "1e6 * toe",
    "Gcal": "Gcal",  # district heat
    # mass
    "kg": "kg",
    "t": "t",
    "tonne": "t",
    "tonnes": "t",
    "metric_ton": "t",
    "kt": "kt",
    "Gg": "Gg",  # = kt, as IPCC tables write it
    "Mt": "Mt",
    "short_ton": "short_ton",  # 2,000 lb
    "long_ton": "long_ton",  # 2,240 lb
    "lb": "lb",
    # volume
    "l": "l",
    "L": "l",
    "litre": "l",
    "liter": "l",
    "litres": "l",
    "liters": "l",
    "kl": "kl",
    "kL": "kl",
    "m3": "m**3",
    "m³": "m**3",
    "gal": "gallon",  # US liquid gallon, 3.785 L
    "gallon": "gallon",
    "gallons": "gallon",
    "bbl": "oil_barrel",  # 42 US gallons, for oil
    "ft3": "ft**3",
    "ccf": "100 * ft**3",  # US gas bills
    "Mcf": "1000 * ft**3",
    # distance
    "km": "km",
    "vkm": "km",  # vehicle-km
    "mile": "mile",
    "mi": "mile",
    "vmi": "mile",  # vehicle-miles
    "pkm": "passenger * km",
    "pmi": "passenger * mile",
}

# Spellings that mean different amounts to different people: refused with the choices.
AMBIGUOUS: Final[dict[str, str]] = {
    "mt": "write t (tonnes) or Mt (million tonnes)",
    "ton": "write t (metric tonne), short_ton (2,000 lb) or long_ton (2,240 lb)",
    "tons": "write t (metric tonne), short_ton (2,000 lb) or long_ton (2,240 lb)",
    "barrel": "write bbl for the 42-gallon oil barrel, or give the amount in L or m3",
    "cal": "write Gcal, or give the amount in kWh or GJ",
    "imp_gal": "give the amount in L: only the US gallon (gal) is accepted",
}

# Gas-utility units are billed on the gross calorific value; SI units follow the IPCC's net basis.
GROSS_BY_DEFAULT: Final = frozenset({"therm", "therms", "Dth", "MMBtu", "Btu"})
_BASIS = re.compile(r"^(?P<unit>.+?)[\s_]*\(?\s*(?P<basis>gcv|hhv|ncv|lhv)\s*\)?$", re.IGNORECASE)
_GROSS = frozenset({"gcv", "hhv"})

# Lower-case spellings map back when unique and unambiguous ("mwh" -> MWh), never "mt" -> Mt.
_LOWER: Final[dict[str, str]] = {
    low: spelling
    for spelling in ACTIVITY_UNITS
    if (low := spelling.lower()) not in AMBIGUOUS
    and sum(
        other.lower() == low for other in ACTIVITY_UNITS if ACTIVITY_UNITS[other] != ACTIVITY_UNITS[spelling]
    )
    == 0
}
ACCEPTED_HINT: Final = "e.g. kWh, MWh, GJ, TJ, therm, MMBtu, toe, t, kg, L, m3, gal, bbl, km, vkm, pkm"
_UNKNOWN: Final = "unknown unit {!r}; use one of the accepted spellings, " + ACCEPTED_HINT


@dataclass(frozen=True)
class ActivityUnit:
    """An accepted spelling: its pint expression, and for energy whether it is on the gross basis."""

    spelling: str
    expression: str
    gross: bool


@cache
def activity_unit(unit: str) -> ActivityUnit:
    """The accepted activity unit `unit` names, or UnitError with the accepted spellings.

    A suffix gcv/hhv or ncv/lhv ("MMBtu (GCV)", "kWh_ncv") states the calorific basis of an
    energy amount; without one, therm, Dth, MMBtu and Btu are gross and every other unit net.
    """
    text = unit.strip()
    basis: str | None = None
    if matched := _BASIS.match(text):
        text, basis = matched["unit"].strip(), matched["basis"].lower()
    spelling = text if text in ACTIVITY_UNITS else _LOWER.get(text.lower())
    if spelling is None:
        hint = AMBIGUOUS.get(text) or AMBIGUOUS.get(text.lower())
        if hint is not None:
            raise UnitError(f"the unit {unit!r} is ambiguous; {hint}")
        raise UnitError(_UNKNOWN.format(unit))
    expression = ACTIVITY_UNITS[spelling]
    if basis is not None and _dimension(expression) is not Dimension.ENERGY:
        raise UnitError(f"{basis.upper()} is a calorific basis of energy; {spelling!r} is not an energy unit")
    gross = basis in _GROSS if basis is not None else spelling in GROSS_BY_DEFAULT
    return ActivityUnit(spelling, expression, gross)


def _parse(expression: str) -> pint.Unit:
    try:
        return registry.Unit(expression)
    # pint parses with tokenize and its own evaluator: any error at all means "not a unit".
    except Exception as error:
        raise UnitError(
            f"unknown unit {expression!r}; use one of the accepted spellings, {ACCEPTED_HINT}"
        ) from error


def _quantity(expression: str) -> pint.Quantity[float]:
    try:
        return registry.Quantity(expression)
    except Exception as error:
        raise UnitError(
            f"unknown unit {expression!r}; use one of the accepted spellings, {ACCEPTED_HINT}"
        ) from error


def _dimension(expression: str) -> Dimension | None:
    dimensionality = _quantity(expression).dimensionality
    for dimension in Dimension:
        if dimensionality == registry.Quantity(dimension.value).dimensionality:
            return dimension
    return None


@cache
def dimension_of(unit: str) -> Dimension:
    """Which of energy, mass, volume, distance or passenger distance the activity unit `unit` measures."""
    dimension = _dimension(activity_unit(unit).expression)
    if dimension is None:  # every accepted spelling has one; kept for the type checker
        raise UnitError(f"{unit!r} is not a unit of energy, mass, volume or distance")
    return dimension


@cache
def factor_to(unit: str, target: str) -> float:
    """How many `target` one activity unit `unit` is (e.g. factor_to("MWh", "TJ") == 0.0036).

    `target` is a pint expression of the program's own (TJ, t, m**3, km); `unit` must be accepted.
    """
    source = _quantity(activity_unit(unit).expression)
    goal = _quantity(target.replace("m3", "m**3"))
    if source.dimensionality != goal.dimensionality:
        raise UnitError(f"{unit!r} cannot be converted to {target!r}")
    return float((source / goal).to("dimensionless").magnitude)


_MASSES: Final[dict[str, str]] = {"g": "g", "kg": "kg", "t": "t", "tonne": "t", "lb": "lb", "mg": "mg"}


@cache
def factor_unit_to_kg(ef_unit: str, unit: str) -> float:
    """kg of gas per one `unit` of activity for an emission factor of 1 `ef_unit` (mass/activity unit).

    E.g. factor_unit_to_kg("g/kWh", "MWh") == 1.0: 1 g per kWh is 1 kg per MWh.
    """
    mass, slash, per = ef_unit.strip().partition("/")
    mass = mass.strip()
    if not slash or mass not in _MASSES:
        raise UnitError(
            f"the factor unit {ef_unit!r} is not a mass per activity unit; write it as e.g. kg/MWh"
        )
    per_unit = _quantity(activity_unit(per.strip().strip("()")).expression)
    activity = _quantity(activity_unit(unit).expression)
    if per_unit.dimensionality != activity.dimensionality:
        raise UnitError(f"the factor unit {ef_unit!r} does not fit an activity in {unit!r}")
    return float((_quantity(_MASSES[mass]) / per_unit * activity).to("kg").magnitude)


def convert_column(
    amounts: npt.NDArray[np.float64], units: Iterable[str], target: str
) -> npt.NDArray[np.float64]:
    """`amounts` (one unit spelling per row) in `target`, converting once per distinct unit."""
    unit_array = np.asarray(list(units), dtype=object)
    distinct, index = np.unique(unit_array, return_inverse=True)
    factors = np.array([factor_to(str(u), target) for u in distinct], dtype=np.float64)
    return np.asarray(amounts, dtype=np.float64) * factors[index]
