"""Methodologies of carbon-credit projects as code: each a pure function from its monitored
parameters to the emission reductions in t CO2e, with the parameter schema that checks inputs
field by field before any function runs.

Rules that are choices (docs/carbon_credits.md, "Methodologies"):
- a result below zero is kept and shown as it is, and yields no credits for its period
  (`credited_t` is 0); it is not carried to the next period;
- a factor the project gives itself (instead of the platform's grid factor) must name its source;
- the ex-ante estimate is per year; for a monitoring period it is taken pro rata by days, calendar
  year by calendar year (days in the period in that year / days of that year), so a whole calendar
  year is exactly the yearly estimate, leap years included.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from citypact.domain.credits import METHODOLOGIES
from citypact.domain.units import factor_to

MAX_ENERGY: Final = 1e9  # MWh or GJ in one period: beyond the largest plants, a typing error
MAX_TONNES: Final = 1e9
MAX_GRID_FACTOR: Final = 2.0  # t CO2/MWh; lignite plants emit about 1.2
ENERGY_UNITS: Final = ("MWh", "GJ")
GWP_CHOICES: Final = ("AR4", "AR5", "AR6")
DEFAULT_GWP: Final = "AR5"
SOURCE_MAX: Final = 300


class MethodologyError(ValueError):
    """A parameter that is missing or out of bounds, naming the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Parameter:
    """One input of a methodology. `kind` is "number", "text" or "choice" (one of `choices`);
    a number lies in [low, high]; `unit` is what the number is measured in ("" for text)."""

    name: str
    kind: str
    unit: str = ""
    low: float = 0.0
    high: float = MAX_TONNES
    required: bool = True
    choices: tuple[str, ...] = ()


SCHEMAS: Final[dict[str, tuple[Parameter, ...]]] = {
    "grid_renewable": (
        Parameter("eg_mwh", "number", "MWh", 0.0, MAX_ENERGY),
        # Empty: the platform's grid factor of the host country and year is used.
        Parameter("ef_grid_t_per_mwh", "number", "t CO2/MWh", 0.0, MAX_GRID_FACTOR, required=False),
        Parameter("ef_grid_source", "text", required=False),
    ),
    "energy_efficiency": (
        Parameter("energy_unit", "choice", choices=ENERGY_UNITS),
        Parameter("e_ref", "number", "energy_unit", 0.0, MAX_ENERGY),
        Parameter("e_project", "number", "energy_unit", 0.0, MAX_ENERGY),
        Parameter("ef_t_per_mwh", "number", "t CO2e/MWh", 0.0, MAX_GRID_FACTOR),
        Parameter("ef_source", "text"),
    ),
    "landfill_gas": (
        Parameter("ch4_destroyed_t", "number", "t CH4", 0.0, MAX_TONNES),
        Parameter("project_emissions_t", "number", "t CO2e", 0.0, MAX_TONNES),
        Parameter("gwp_set", "choice", required=False, choices=GWP_CHOICES),
    ),
    "reported": (
        Parameter("reported_t", "number", "t CO2e", 0.0, MAX_TONNES),
        Parameter("report_reference", "text"),
    ),
}


def grid_renewable(eg_mwh: float, ef_grid_t_per_mwh: float) -> float:
    """ER = EG x EF_grid, t CO2: net electricity delivered to the grid (MWh) times the grid's
    emission factor (t CO2/MWh). Follows CDM ACM0002 / AMS-I.D (grid-connected renewable
    electricity generation), baseline emissions with project and leakage emissions of zero."""
    return eg_mwh * ef_grid_t_per_mwh


def energy_efficiency(e_ref: float, e_project: float, ef_t_per_mwh: float, energy_unit: str = "MWh") -> float:
    """ER = (E_ref - E_project) x EF, t CO2e: the energy the reference would have used less the
    energy used, both in `energy_unit` (MWh or GJ, converted to MWh), times the emission factor of
    that energy (t CO2e/MWh). Follows CDM AMS-II.C / AMS-II.E (demand-side and building energy
    efficiency), baseline minus project energy times its factor."""
    to_mwh = 1.0 if energy_unit == "MWh" else factor_to(energy_unit, "MWh")
    return (e_ref - e_project) * to_mwh * ef_t_per_mwh


def landfill_gas(ch4_destroyed_t: float, gwp_ch4: float, project_emissions_t: float) -> float:
    """ER = CH4 destroyed x GWP_CH4 - PE, t CO2e: methane flared or used (t CH4) weighed with the
    100-year GWP of methane, less the project's own emissions (t CO2e, e.g. its electricity).
    Follows CDM ACM0001 (flaring or use of landfill gas), with IPCC 2006 Guidelines Vol. 5 ch. 3
    for the methane; the GWP set is named with the result (AR5 by default: 28)."""
    return ch4_destroyed_t * gwp_ch4 - project_emissions_t


def reported(reported_t: float) -> float:
    """The external verifier's figure, t CO2e, taken as it is; its report reference goes with it
    (methodologies the platform does not compute, e.g. under another standard)."""
    return reported_t


@dataclass(frozen=True)
class Result:
    """What a methodology made of its parameters: `reductions_t` as computed (may be below zero),
    `credited_t` what may become credits (never below zero), and the factors it used."""

    reductions_t: float
    credited_t: float
    factors: dict[str, float | str]


def _number(field: str, value: object, parameter: Parameter) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        if isinstance(value, str):
            try:
                value = float(value.strip())
            except ValueError:
                raise MethodologyError(field, "give a number.") from None
        else:
            raise MethodologyError(field, "give a number.")
    number = float(value)
    if not math.isfinite(number):
        raise MethodologyError(field, "give a number.")
    if not parameter.low <= number <= parameter.high:
        raise MethodologyError(field, f"give a number from {parameter.low:g} to {parameter.high:g}.")
    return number


def check_parameters(methodology: str, values: Mapping[str, object]) -> dict[str, float | str]:
    """The clean parameters of `methodology`: each known field checked (a number in its bounds,
    text of at most SOURCE_MAX characters, a choice among its values), unknown fields refused,
    an empty optional field left out. Raises MethodologyError naming the first wrong field."""
    if methodology not in SCHEMAS:
        raise MethodologyError("methodology", f"use one of {', '.join(METHODOLOGIES)}.")
    schema = {p.name: p for p in SCHEMAS[methodology]}
    unknown = sorted(set(values) - set(schema))
    if unknown:
        raise MethodologyError(unknown[0], f"not a parameter of {methodology}; use {', '.join(schema)}.")
    clean: dict[str, float | str] = {}
    for name, parameter in schema.items():
        value = values.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if parameter.required:
                raise MethodologyError(name, "this field is required.")
            continue
        if parameter.kind == "number":
            clean[name] = _number(name, value, parameter)
        elif not isinstance(value, str):
            raise MethodologyError(name, "give text.")
        elif parameter.kind == "choice":
            if value.strip() not in parameter.choices:
                raise MethodologyError(name, f"use one of {', '.join(parameter.choices)}.")
            clean[name] = value.strip()
        elif len(value.strip()) > SOURCE_MAX:
            raise MethodologyError(name, f"use at most {SOURCE_MAX} characters.")
        else:
            clean[name] = value.strip()
    if methodology == "grid_renewable" and "ef_grid_t_per_mwh" in clean and "ef_grid_source" not in clean:
        raise MethodologyError("ef_grid_source", "a project's own grid factor needs its source.")
    return clean


def compute(
    methodology: str,
    parameters: Mapping[str, float | str],
    *,
    grid_factor_t_per_mwh: float | None = None,
    grid_factor_source: str = "",
    gwp_ch4: float | None = None,
) -> Result:
    """The reductions of checked `parameters`. The caller looks up what is not a parameter: the
    platform's grid factor (used when the project gives none) and the methane GWP of the set the
    parameters name (AR5 when none)."""
    p = parameters
    if methodology == "grid_renewable":
        own = p.get("ef_grid_t_per_mwh")
        if isinstance(own, float):
            factor, source = own, str(p.get("ef_grid_source", ""))
        elif grid_factor_t_per_mwh is not None:
            factor, source = grid_factor_t_per_mwh, grid_factor_source
        else:
            raise MethodologyError("ef_grid_t_per_mwh", "no grid factor for this country and year; give one.")
        value = grid_renewable(float(p["eg_mwh"]), factor)
        factors: dict[str, float | str] = {"ef_grid_t_per_mwh": factor, "ef_grid_source": source}
    elif methodology == "energy_efficiency":
        value = energy_efficiency(
            float(p["e_ref"]), float(p["e_project"]), float(p["ef_t_per_mwh"]), str(p["energy_unit"])
        )
        factors = {"ef_t_per_mwh": float(p["ef_t_per_mwh"]), "ef_source": str(p["ef_source"])}
    elif methodology == "landfill_gas":
        if gwp_ch4 is None:
            raise MethodologyError("gwp_set", "the methane GWP of the set is needed.")
        value = landfill_gas(float(p["ch4_destroyed_t"]), gwp_ch4, float(p["project_emissions_t"]))
        factors = {"gwp_set": str(p.get("gwp_set", DEFAULT_GWP)), "gwp_ch4": gwp_ch4}
    elif methodology == "reported":
        value = reported(float(p["reported_t"]))
        factors = {"report_reference": str(p["report_reference"])}
    else:
        raise MethodologyError("methodology", f"use one of {', '.join(METHODOLOGIES)}.")
    return Result(reductions_t=value, credited_t=max(0.0, value), factors=factors)


def _days_in_year(year: int) -> int:
    return (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days


def ex_ante_for_period(t_per_year: float, start: dt.date, end: dt.date) -> float:
    """The yearly ex-ante estimate taken pro rata by days for the period `start`..`end` (both
    included), calendar year by calendar year."""
    if end < start:
        raise MethodologyError("period_end", "the period ends before it starts.")
    total = 0.0
    for year in range(start.year, end.year + 1):
        first = max(start, dt.date(year, 1, 1))
        last = min(end, dt.date(year, 12, 31))
        total += t_per_year * ((last - first).days + 1) / _days_in_year(year)
    return total


@dataclass(frozen=True)
class PeriodComparison:
    """A monitoring period's estimate beside its result; `ratio` is monitored / ex ante (None when
    the estimate is 0 or missing)."""

    period_start: dt.date
    period_end: dt.date
    ex_ante_t: float | None
    monitored_t: float
    ratio: float | None


def compare(t_per_year: float | None, start: dt.date, end: dt.date, monitored_t: float) -> PeriodComparison:
    """The ex-ante estimate of the period (pro rata by days) beside the monitored result."""
    expected = None if t_per_year is None else ex_ante_for_period(t_per_year, start, end)
    ratio = monitored_t / expected if expected else None
    return PeriodComparison(start, end, expected, monitored_t, ratio)
