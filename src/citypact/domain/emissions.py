"""The greenhouse gases and the GWP sets that weigh them into CO2 equivalents.

Masses of gas are tonnes (float64); CO2e always names the GWP set it was computed with. The
engine (domain.calculation) applies them to whole columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

GASES = ("CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3")


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
