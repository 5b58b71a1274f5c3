"""III.2 biological treatment (Vol. 5 ch. 4): composting and anaerobic digestion."""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from citypact.domain.waste.common import WasteEmissions, _amount, _amounts

# --- Vol. 5 ch. 4: biological treatment ------------------------------------------------------------

# Table 4.1 (p. 4.6): g of gas per kg of waste treated, on a wet basis (60 % moisture assumed) or dry basis,
# as printed in the 2006 Guidelines.
BIOLOGICAL_TREATMENT_EF: Final[Mapping[str, Mapping[str, Mapping[str, float]]]] = MappingProxyType(
    {
        "composting": MappingProxyType(
            {
                "wet": MappingProxyType({"CH4": 4.0, "N2O": 0.3}),
                "dry": MappingProxyType({"CH4": 10.0, "N2O": 0.6}),
            }
        ),
        "anaerobic_digestion": MappingProxyType(
            {
                "wet": MappingProxyType({"CH4": 1.0, "N2O": 0.0}),
                "dry": MappingProxyType({"CH4": 2.0, "N2O": 0.0}),
            }
        ),
    }
)


# --- III.2 biological treatment ------------------------------------------------------------------------


def biological_treatment(
    treated_t: Mapping[str, float],
    *,
    basis: str = "wet",
    recovered_ch4_t: float = 0.0,
    factors: Mapping[str, Mapping[str, Mapping[str, float]]] = BIOLOGICAL_TREATMENT_EF,
) -> WasteEmissions:
    """CH4 and N2O of composting and anaerobic digestion (Vol. 5 eq. 4.1, 4.2, Table 4.1).

    ``treated_t`` maps "composting" / "anaerobic_digestion" to tonnes treated on the given
    ``basis`` ("wet" or "dry"); ``recovered_ch4_t`` is subtracted from the CH4 (eq. 4.1).
    """
    amounts = _amounts("treated_t", treated_t, factors)
    if basis not in ("wet", "dry"):
        raise ValueError(f"unknown basis {basis!r}; use 'wet' or 'dry'")
    # tonnes x g/kg = kg x g/kg / 1000 = t x 1e-3
    ch4 = math.fsum(t * factors[name][basis]["CH4"] for name, t in amounts.items()) / 1000.0
    n2o = math.fsum(t * factors[name][basis]["N2O"] for name, t in amounts.items()) / 1000.0
    recovered = _amount("recovered_ch4_t", recovered_ch4_t)
    if recovered > ch4 * (1.0 + 1e-12) + 1e-12:
        raise ValueError(
            f"recovered_ch4_t is {recovered:g} t, more than the {ch4:g} t CH4 generated; check it"
        )
    return WasteEmissions(ch4_t=max(ch4 - recovered, 0.0), n2o_t=n2o)
