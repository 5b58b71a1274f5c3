"""Why did a city's emissions change? Additive LMDI-I decomposition between two years.

Method: the additive logarithmic mean Divisia index, LMDI-I, of
B. W. Ang, "Decomposition analysis for policymaking in energy: which is the preferred method?",
Energy Policy 32 (2004) 1131-1139, and B. W. Ang, "The LMDI approach to decomposition analysis:
a practical guide", Energy Policy 33 (2005) 867-871; zero values as in B. W. Ang and N. Liu,
"Handling zero values in the logarithmic mean Divisia index decomposition approach",
Energy Policy 35 (2007) 238-246.

Identity, over the energy carriers j of a city (fuels burned in the city, grid electricity,
district heat, ...)::

    C = sum_j  P * (E / P) * (E_j / E) * (C_j / E_j)
            population, energy per capita, energy mix (share of j), carbon intensity of j

The effect of factor x between year 0 and year T is

    dC_x = sum_j L(C_j^T, C_j^0) * ln(x_j^T / x_j^0),   L(a, b) = (a - b) / (ln a - ln b), L(a, a) = a,

and the effects add up to C^T - C^0 with no residual. The intensity factor C_j/E_j is reported as two
effects: the grid factor (intensity of the ``grid_carrier``, i.e. of electricity) and the carbon
intensity of every other carrier ("fuel intensity"; district heat counts here, as its factor is the
city's own supply mix rather than the national grid's).

Zero values. A carrier can appear or disappear (no district heat in 2005, 40 GWh in 2020), or be
used without emissions in one year (a zero grid factor, biomass counted as zero CO2). The practical
guide suggests replacing zeros by a small number (1e-10 to 1e-20) and notes that the results then
converge; Ang and Liu (2007) derive the limits they converge to. We use those limits directly:

- a carrier emitting in one year only, used in only that year (it entered or left the mix): its
  whole change C_j^T - C_j^0 is the energy-mix effect, the other effects of j are 0;
- a carrier used in both years but emitting in one only (its intensity went from or to zero): its
  whole change is its intensity effect (fuel intensity, or the grid factor for electricity);
- a carrier emitting in neither year contributes nothing.

Why the limit rather than the small value: the small-value results approach the limit only
logarithmically (with delta = 1e-10 and 10,000 t some 3 % of a new carrier's emissions still leak into
the other effects per unit of log change), they depend on an arbitrary delta, and the limit keeps the
sum identity exact. The test suite checks that the small-value strategy does converge to these limits.

Units: emissions in t CO2e (any one GWP set, the same in both years), energy in any one unit per
carrier (MWh), population in persons. Everything is float64; nothing here does I/O.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

EFFECTS: Final = ("population", "energy_per_capita", "energy_mix", "fuel_intensity", "grid_factor")
_LABELS: Final = {
    "population": "population",
    "energy_per_capita": "energy per capita",
    "energy_mix": "energy mix",
    "fuel_intensity": "fuel intensity",
    "grid_factor": "grid factor",
}
_MINUS: Final = "\u2212"


@dataclass(frozen=True)
class EnergyAccount:
    """One city-year: population, final energy per carrier and the emissions of each carrier.

    A carrier missing from ``emissions`` emits nothing; one missing from ``energy`` is not used.
    Emissions of a carrier that uses no energy are an error (its intensity would be infinite).
    """

    population: float
    energy: Mapping[str, float]
    emissions: Mapping[str, float]

    def __post_init__(self) -> None:
        if not (math.isfinite(self.population) and self.population > 0):
            raise ValueError(f"population must be a positive finite number, got {self.population!r}")
        for name, values in (("energy", self.energy), ("emissions", self.emissions)):
            for carrier, value in values.items():
                if not (math.isfinite(value) and value >= 0):
                    raise ValueError(f"{name} of {carrier!r} must be finite and >= 0, got {value!r}")
        for carrier, value in self.emissions.items():
            if value > 0 and self.energy.get(carrier, 0.0) == 0:
                raise ValueError(f"{carrier!r} has emissions ({value}) but no energy use")
        # A private, read-only copy: the caller's dicts may change later.
        object.__setattr__(self, "energy", MappingProxyType({k: float(v) for k, v in self.energy.items()}))
        object.__setattr__(
            self, "emissions", MappingProxyType({k: float(v) for k, v in self.emissions.items()})
        )

    @property
    def total_energy(self) -> float:
        return math.fsum(self.energy.values())

    @property
    def total_emissions(self) -> float:
        return math.fsum(self.emissions.values())


@dataclass(frozen=True)
class Decomposition:
    """The change C^T - C^0 and its five effects, all in t CO2e; the effects sum to the change."""

    total_change: float
    population: float
    energy_per_capita: float
    energy_mix: float
    fuel_intensity: float
    grid_factor: float

    def effects(self) -> dict[str, float]:
        """The five effects by name, in the order of ``EFFECTS``."""
        return {name: float(getattr(self, name)) for name in EFFECTS}

    @property
    def residual(self) -> float:
        """Total change minus the sum of the effects: 0 up to rounding (LMDI-I is exact)."""
        return self.total_change - math.fsum(self.effects().values())

    def shares(self) -> dict[str, float]:
        """Each effect in percent of the total change (signed: they sum to 100, and one effect can be
        above 100 or negative when others offset it). NaN for every effect when the total is 0."""
        if self.total_change == 0:
            return dict.fromkeys(EFFECTS, math.nan)
        return {name: 100.0 * value / self.total_change for name, value in self.effects().items()}

    def explain(self) -> str:
        """One plain-English sentence, e.g. "Emissions fell by 150 t CO2e: population +105, ..."."""
        values = [self.total_change, *self.effects().values()]
        largest = max(abs(v) for v in values)
        decimals = 0 if largest >= 100 else 1 if largest >= 10 else 2
        total = _number(abs(self.total_change), decimals)
        if _is_zero(total):
            head = "Emissions did not change"
        else:
            head = f"Emissions {'rose' if self.total_change > 0 else 'fell'} by {total} t CO2e"
        parts = [f"{_LABELS[name]} {_signed(value, decimals)}" for name, value in self.effects().items()]
        return f"{head}: {', '.join(parts)}."


def _number(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def _is_zero(text: str) -> bool:
    return text.strip("0.,") == ""


def _signed(value: float, decimals: int) -> str:
    text = _number(abs(value), decimals)
    if _is_zero(text):
        return text
    return ("+" if value > 0 else _MINUS) + text


# --- logarithmic mean and log ratios, scalar -----------------------------------------------------


def logarithmic_mean(a: float, b: float) -> float:
    """L(a, b) = (a - b) / (ln a - ln b), with L(a, a) = a and L(a, 0) = L(0, b) = 0 (its limit).

    Near a == b it is computed as b * r / log1p(r), r = (a - b) / b, which has no cancellation.
    """
    if a < 0 or b < 0:
        raise ValueError(f"the logarithmic mean needs non-negative numbers, got {a!r} and {b!r}")
    if a == b:
        return float(a)
    if a == 0 or b == 0:
        return 0.0
    return (a - b) / _log_ratio(a, b)


def _log_ratio(x1: float, x0: float) -> float:
    """ln(x1 / x0) for positive numbers, accurate also when x1 is close to x0."""
    if x0 <= 2 * x1 and x1 <= 2 * x0:
        return math.log1p((x1 - x0) / x0)  # x1 - x0 is exact here (Sterbenz)
    return math.log(x1) - math.log(x0)


# --- one city ----------------------------------------------------------------------------------------


def decompose(
    before: EnergyAccount, after: EnergyAccount, *, grid_carrier: str = "electricity"
) -> Decomposition:
    """Decompose ``after.total_emissions - before.total_emissions`` into the five LMDI-I effects.

    Carriers are the union of both years' keys (missing means 0). ``grid_carrier`` names the carrier
    whose intensity is the grid factor; if neither year uses it the grid effect is 0.
    """
    for label, account in (("before", before), ("after", after)):
        if not account.total_energy > 0:
            raise ValueError(f"the {label} account uses no energy: nothing to decompose")
    carriers = sorted(set(before.energy) | set(after.energy) | set(before.emissions) | set(after.emissions))
    lp = _log_ratio(after.population, before.population)
    le = _log_ratio(after.total_energy, before.total_energy)
    population = per_capita = mix = fuel = grid = 0.0
    for carrier in carriers:
        c0, c1 = before.emissions.get(carrier, 0.0), after.emissions.get(carrier, 0.0)
        e0, e1 = before.energy.get(carrier, 0.0), after.energy.get(carrier, 0.0)
        if c0 > 0 and c1 > 0:
            w = logarithmic_mean(c1, c0)
            lej = _log_ratio(e1, e0)
            population += w * lp
            per_capita += w * (le - lp)
            mix += w * (lej - le)
            intensity = w * (_log_ratio(c1, c0) - lej)
        elif c0 == 0 and c1 == 0:
            continue
        elif e0 == 0 or e1 == 0:  # the carrier entered or left the mix (Ang and Liu 2007 limit)
            mix += c1 - c0
            continue
        else:  # used in both years, emitting in one only: its intensity went from or to zero
            intensity = c1 - c0
        if carrier == grid_carrier:
            grid += intensity
        else:
            fuel += intensity
    return Decomposition(
        total_change=after.total_emissions - before.total_emissions,
        population=population,
        energy_per_capita=per_capita,
        energy_mix=mix,
        fuel_intensity=fuel,
        grid_factor=grid,
    )


# --- many cities at once ----------------------------------------------------------------------------


def _as_float(name: str, value: npt.ArrayLike, ndim: int) -> FloatArray:
    array = np.asarray(value, dtype=np.float64)
    if array.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {array.shape}")
    return array


def _first_bad(mask: npt.NDArray[np.bool_]) -> int:
    rows = mask.reshape(mask.shape[0], -1).any(axis=1)
    return int(np.argmax(rows))


def _log_ratio_array(x1: FloatArray, x0: FloatArray) -> FloatArray:
    """Elementwise ln(x1 / x0); entries where either is not positive are unspecified (no warnings)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        close = (x0 <= 2 * x1) & (x1 <= 2 * x0)
        result: FloatArray = np.where(close, np.log1p((x1 - x0) / x0), np.log(x1) - np.log(x0))
    return result


def decompose_many(
    p0: npt.ArrayLike,
    p1: npt.ArrayLike,
    e0: npt.ArrayLike,
    e1: npt.ArrayLike,
    c0: npt.ArrayLike,
    c1: npt.ArrayLike,
    *,
    grid_index: int | None,
) -> dict[str, FloatArray]:
    """``decompose`` for many cities at once, vectorized over cities and carriers.

    ``p0``, ``p1``: population, shape (cities,); ``e0``, ``e1``: energy and ``c0``, ``c1``:
    emissions (t CO2e), shape (cities, carriers), with the same carrier order in all four.
    ``grid_index`` is the column of grid electricity (None: no grid carrier, the grid effect is 0).
    Returns arrays of shape (cities,) under "total_change" and each name of ``EFFECTS``.
    """
    pop0, pop1 = _as_float("p0", p0, 1), _as_float("p1", p1, 1)
    en0, en1 = _as_float("e0", e0, 2), _as_float("e1", e1, 2)
    em0, em1 = _as_float("c0", c0, 2), _as_float("c1", c1, 2)
    cities, n_carriers = en0.shape
    if pop0.shape != (cities,) or pop1.shape != (cities,):
        raise ValueError(f"p0 and p1 must have shape ({cities},), got {pop0.shape} and {pop1.shape}")
    for name, array in (("e1", en1), ("c0", em0), ("c1", em1)):
        if array.shape != en0.shape:
            raise ValueError(f"{name} must have shape {en0.shape} like e0, got {array.shape}")
    if grid_index is not None and not -n_carriers <= grid_index < n_carriers:
        raise ValueError(f"grid_index {grid_index} is out of range for {n_carriers} carriers")

    for name, array in (("p0", pop0), ("p1", pop1)):
        bad = ~(np.isfinite(array) & (array > 0))
        if bad.any():
            raise ValueError(f"{name} must be positive and finite (city {_first_bad(bad)})")
    for name, array in (("e0", en0), ("e1", en1), ("c0", em0), ("c1", em1)):
        bad = ~(np.isfinite(array) & (array >= 0))
        if bad.any():
            raise ValueError(f"{name} must be finite and >= 0 (city {_first_bad(bad)})")
    for year, energy, emissions in ((0, en0, em0), (1, en1, em1)):
        bad = (emissions > 0) & (energy == 0)
        if bad.any():
            raise ValueError(f"emissions without energy use in year {year} (city {_first_bad(bad)})")
    total0, total1 = en0.sum(axis=1), en1.sum(axis=1)
    for year, total in ((0, total0), (1, total1)):
        bad = ~(total > 0)
        if bad.any():
            raise ValueError(f"no energy use in year {year} (city {_first_bad(bad)})")

    both = (em0 > 0) & (em1 > 0)
    safe0, safe1 = np.where(both, em0, 1.0), np.where(both, em1, 1.0)
    lc = _log_ratio_array(safe1, safe0)
    with np.errstate(divide="ignore", invalid="ignore"):
        weight = np.where(both & (safe1 != safe0), (safe1 - safe0) / lc, safe1)
    weight = np.where(both, weight, 0.0)
    lej = _log_ratio_array(np.where(both, en1, 1.0), np.where(both, en0, 1.0))
    lp = _log_ratio_array(pop1, pop0)[:, None]
    le = _log_ratio_array(total1, total0)[:, None]

    # Zero values (Ang and Liu 2007 limits): the whole change of the carrier goes to one effect.
    limit = np.where(both, 0.0, em1 - em0)
    entered_or_left = (en0 == 0) | (en1 == 0)
    mix = weight * (np.where(both, lej, 0.0) - le) + np.where(entered_or_left, limit, 0.0)
    intensity = weight * (np.where(both, lc, 0.0) - lej) + np.where(entered_or_left, 0.0, limit)
    weight_sum = weight.sum(axis=1)
    is_grid = np.zeros(n_carriers, dtype=bool)
    if grid_index is not None:
        is_grid[grid_index] = True
    return {
        "total_change": em1.sum(axis=1) - em0.sum(axis=1),
        "population": weight_sum * lp[:, 0],
        "energy_per_capita": weight_sum * (le - lp)[:, 0],
        "energy_mix": mix.sum(axis=1),
        "fuel_intensity": intensity[:, ~is_grid].sum(axis=1),
        "grid_factor": intensity[:, is_grid].sum(axis=1),
    }
