"""What every waste method shares: the result in tonnes of each gas, the conversion constants and
the checks of the arguments (each refusal is a ValueError naming the field and what to do).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, TypeVar

import numpy as np
import numpy.typing as npt

Column = npt.NDArray[np.float64]
V = TypeVar("V")

C_TO_CH4: Final = 16.0 / 12.0
C_TO_CO2: Final = 44.0 / 12.0
N2O_N_TO_N2O: Final = 44.0 / 28.0
SHARE_TOLERANCE: Final = 1e-9
GRAMS_PER_TONNE: Final = 1e6


@dataclass(frozen=True)
class WasteEmissions:
    """Tonnes of each gas; ``co2_fossil_t`` never includes ``co2_biogenic_t``."""

    ch4_t: float = 0.0
    n2o_t: float = 0.0
    co2_fossil_t: float = 0.0
    co2_biogenic_t: float = 0.0

    def as_dict(self) -> dict[str, float]:
        """Gas masses keyed as elsewhere in citypact: CH4, N2O, CO2 (fossil) and biogenic_CO2."""
        return {
            "CH4": self.ch4_t,
            "N2O": self.n2o_t,
            "CO2": self.co2_fossil_t,
            "biogenic_CO2": self.co2_biogenic_t,
        }


# --- validation ------------------------------------------------------------------------------------


def _number(field: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{field} is {value!r}; give a number")
    return float(value)


def _amount(field: str, value: float) -> float:
    value = _number(field, value)
    if not math.isfinite(value):
        raise ValueError(f"{field} is {value}; give a finite number")
    if value < 0:
        raise ValueError(f"{field} is {value:g}; it must not be negative")
    return value


def _fraction(field: str, value: float) -> float:
    value = _number(field, value)
    if not math.isfinite(value) or not 0.0 <= value <= 1.0:
        raise ValueError(f"{field} is {value:g}; it must be a fraction between 0 and 1")
    return value


def _lookup(field: str, key: str, table: Mapping[str, V]) -> V:
    try:
        return table[key]
    except KeyError:
        known = ", ".join(sorted(table))
        raise ValueError(f"unknown {field} {key!r}; use one of: {known}") from None


def _shares(field: str, shares: Mapping[str, float], known: Mapping[str, object]) -> dict[str, float]:
    """Fractions keyed by a known name, each in [0, 1], summing to 1 within SHARE_TOLERANCE."""
    _check_mapping(field, shares)
    if not shares:
        raise ValueError(f"{field} is empty; give fractions that sum to 1")
    checked: dict[str, float] = {}
    for name, value in shares.items():
        _lookup(f"{field} key", name, known)
        checked[name] = _fraction(f"{field}[{name!r}]", value)
    total = math.fsum(checked.values())
    if abs(total - 1.0) > SHARE_TOLERANCE:
        raise ValueError(f"{field} sum to {total:g}; they must sum to 1")
    return checked


def _check_mapping(field: str, value: object) -> None:
    if not isinstance(value, Mapping):
        example = ", ".join(f"{name!r}: ..." for name in ("food", "paper"))
        raise ValueError(f"{field} must name each type with its figure, e.g. {{{example}}}")


def _amounts(field: str, amounts: Mapping[str, float], known: Mapping[str, object]) -> dict[str, float]:
    _check_mapping(field, amounts)
    checked: dict[str, float] = {}
    for name, value in amounts.items():
        _lookup(f"{field} key", name, known)
        checked[name] = _amount(f"{field}[{name!r}]", value)
    return checked


def _series(field: str, values: Sequence[float] | Column) -> Column:
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{field} must be a non-empty sequence of yearly tonnes")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{field} holds a missing or infinite value; give finite tonnes for every year")
    if np.any(array < 0):
        first = int(np.argmax(array < 0))
        raise ValueError(f"{field}[{first}] is {array[first]:g}; amounts must not be negative")
    return array
