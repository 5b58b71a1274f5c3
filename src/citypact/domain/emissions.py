"""Emissions = activity x emission factor, per gas, and CO2 equivalents under a chosen GWP set.

Pure and vectorized: columns in, columns out. Masses of gas are tonnes (float64); CO2e always
names the GWP set it was computed with.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Column = npt.NDArray[np.float64]
GASES = ("CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3")
KG_PER_TONNE = 1000.0


@dataclass(frozen=True)
class GwpSet:
    """100-year global warming potentials of one IPCC assessment report (AR4, AR5, AR6).

    A set that splits methane by origin holds CH4_fossil and CH4_non_fossil instead of CH4, so
    that no caller can weigh methane without saying where it came from.
    """

    name: str
    values: Mapping[str, float]

    @property
    def ch4_split(self) -> tuple[float, float] | None:
        """(fossil, non-fossil) methane GWPs, or None where one value serves every source."""
        if "CH4_fossil" in self.values:
            return self.values["CH4_fossil"], self.values["CH4_non_fossil"]
        return None

    def of(self, gas: str) -> float:
        try:
            return self.values[gas]
        except KeyError:
            raise KeyError(f"GWP set {self.name} has no value for {gas}") from None


def gas_masses(activity: Column, factors_kg_per_unit: Mapping[str, Column]) -> dict[str, Column]:
    """Tonnes of each gas: activity (in the factor's unit) x factor (kg per that unit) / 1000.

    A missing factor (NaN) gives a missing mass, never a zero.
    """
    return {gas: activity * factor / KG_PER_TONNE for gas, factor in factors_kg_per_unit.items()}


def co2e(masses_t: Mapping[str, Column], gwp: GwpSet) -> Column:
    """Tonnes CO2e: the sum over gases of mass x GWP; gases whose mass is missing add nothing.

    Biogenic CO2 must not be passed here: it is a memo item outside every total.
    """
    total: Column | None = None
    for gas, mass in masses_t.items():
        weighted = np.nan_to_num(mass, nan=0.0) * gwp.of(gas)
        total = weighted if total is None else total + weighted
    if total is None:
        raise ValueError("no gases given")
    return total
