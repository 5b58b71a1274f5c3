"""III.3 incineration and open burning (Vol. 5 ch. 5): fossil and biogenic CO2, CH4 and N2O."""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from citypact.domain.waste.common import (
    C_TO_CO2,
    GRAMS_PER_TONNE,
    WasteEmissions,
    _amounts,
    _fraction,
    _lookup,
)
from citypact.domain.waste.materials import CARBON_PROPERTIES, CarbonProperties

# --- Vol. 5 ch. 5: incineration and open burning ---------------------------------------------------

# Table 5.2 (section 5.2.2): oxidation factor, fraction of carbon input oxidised: 100 % in
# incinerators, 58 % in open burning.
INCINERATION_OXIDATION_FACTOR: Final = 1.0
OPEN_BURNING_OXIDATION_FACTOR: Final = 0.58

# Table 5.3 (and section 5.4.2 for open burning): g CH4 per tonne of MSW, wet weight (kg/Gg).
# "~0" for continuous fluidised bed is taken as 0.
INCINERATION_CH4_G_PER_T: Final[Mapping[str, float]] = MappingProxyType(
    {
        "continuous_stoker": 0.2,
        "continuous_fluidised_bed": 0.0,
        "semi_continuous_stoker": 6.0,
        "semi_continuous_fluidised_bed": 188.0,
        "batch_stoker": 60.0,
        "batch_fluidised_bed": 237.0,
        "open_burning": 6500.0,
    }
)

# Table 5.6: g N2O per tonne of MSW; wet weight for incinerators, dry weight for open burning.
INCINERATION_N2O_G_PER_T: Final[Mapping[str, float]] = MappingProxyType(
    {
        "continuous_stoker": 50.0,
        "continuous_fluidised_bed": 50.0,
        "semi_continuous_stoker": 50.0,
        "semi_continuous_fluidised_bed": 50.0,
        "batch_stoker": 60.0,
        "batch_fluidised_bed": 60.0,
        "open_burning": 150.0,  # dry weight
    }
)


# --- III.3 incineration and open burning ------------------------------------------------------------


def _combustion(
    waste_t: Mapping[str, float],
    technology: str,
    oxidation_factor: float,
    properties: Mapping[str, CarbonProperties],
) -> WasteEmissions:
    amounts = _amounts("waste_t", waste_t, properties)
    ch4_factor = _lookup("technology", technology, INCINERATION_CH4_G_PER_T)
    of = _fraction("oxidation_factor", oxidation_factor)
    for name, props in properties.items():
        _fraction(f"dry_matter of {name!r}", props.dry_matter)
        _fraction(f"carbon_content of {name!r}", props.carbon_content)
        _fraction(f"fossil_fraction of {name!r}", props.fossil_fraction)
    # eq. 5.1 / 5.2: carbon oxidised = SW x dm x CF x OF, split by FCF into fossil and biogenic
    fossil_c = math.fsum(
        t * properties[n].dry_matter * properties[n].carbon_content * properties[n].fossil_fraction
        for n, t in amounts.items()
    )
    total_c = math.fsum(
        t * properties[n].dry_matter * properties[n].carbon_content for n, t in amounts.items()
    )
    biogenic_c = max(total_c - fossil_c, 0.0)
    wet = math.fsum(amounts.values())
    dry = math.fsum(t * properties[n].dry_matter for n, t in amounts.items())
    n2o_basis = dry if technology == "open_burning" else wet  # Table 5.6: open burning per dry tonne
    return WasteEmissions(
        ch4_t=wet * ch4_factor / GRAMS_PER_TONNE,  # eq. 5.4
        n2o_t=n2o_basis * INCINERATION_N2O_G_PER_T[technology] / GRAMS_PER_TONNE,  # eq. 5.5
        co2_fossil_t=fossil_c * of * C_TO_CO2,
        co2_biogenic_t=biogenic_c * of * C_TO_CO2,
    )


def incineration(
    waste_t: Mapping[str, float],
    *,
    technology: str = "continuous_stoker",
    oxidation_factor: float = INCINERATION_OXIDATION_FACTOR,
    properties: Mapping[str, CarbonProperties] = CARBON_PROPERTIES,
) -> WasteEmissions:
    """Fossil CO2, biogenic CO2, CH4 and N2O of incinerated MSW (Vol. 5 eq. 5.1-5.5).

    ``waste_t`` maps Table 2.4 waste types to wet tonnes incinerated; ``technology`` is a key of
    Table 5.3 other than open burning. ``properties`` overrides the Table 2.4 carbon data.
    """
    if technology == "open_burning":
        raise ValueError("technology 'open_burning' belongs to open_burning(); choose an incinerator type")
    return _combustion(waste_t, technology, oxidation_factor, properties)


def open_burning(
    waste_t: Mapping[str, float],
    *,
    oxidation_factor: float = OPEN_BURNING_OXIDATION_FACTOR,
    properties: Mapping[str, CarbonProperties] = CARBON_PROPERTIES,
) -> WasteEmissions:
    """Emissions of MSW burned in the open (Vol. 5 eq. 5.2, 5.4, 5.5; OF 0.58 from Table 5.2).

    ``waste_t`` maps Table 2.4 waste types to wet tonnes burned; N2O is per dry tonne (Table 5.6).
    """
    return _combustion(waste_t, "open_burning", oxidation_factor, properties)
