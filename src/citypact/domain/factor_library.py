"""An emission-factor library: one versioned, locked set of default factors an inventory is computed with.

The library is plain data (polars frames); `reference.factor_library` builds the shipped one from the
compact tables. An inventory names the library version it was computed with, so a recalculation with
a newer version keeps the old result comparable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import polars as pl

from citypact.domain.gpc import GPC_REFS

# Fuels whose combustion CO2 is biogenic: reported as a memo item, never in a total
# (2006 IPCC Guidelines, Vol. 2, ch. 1.4.2.1 and Table 1.4 "biomass" block; GPC 1.1 section 6.5).
BIOMASS_FUELS: Final[frozenset[str]] = frozenset(
    {
        "biodiesels",
        "biogasoline",
        "charcoal",
        "landfill gas",
        "municipal wastes (biomass fraction)",
        "other biogas",
        "other liquid biofuels",
        "other primary solid biomass",
        "sludge gas",
        "sulphite lyes (black liquor)",
        "wood/wood waste",
    }
)

# Where methane is non-fossil under a GWP set that splits it by origin (AR6-split): waste (GPC III:
# landfill, biological treatment, incineration, wastewater) and AFOLU (V: livestock, land), besides
# biomass fuels burnt anywhere. Every other source (fossil fuels burnt, fugitive I.7/I.8, IPPU) is fossil.
NON_FOSSIL_CH4_REFS: Final[frozenset[str]] = frozenset(
    ref for ref, entry in GPC_REFS.items() if entry.sector in ("III", "V")
)

# Gaseous fuels of IPCC 2006 Vol. 2 Table 1.2, for the NCV/GCV ratio of energy given on the gross basis.
GASEOUS_FUELS: Final[frozenset[str]] = frozenset(
    {
        "blast furnace gas",
        "coke oven gas",
        "gas works gas",
        "landfill gas",
        "natural gas",
        "other biogas",
        "oxygen steel furnace gas",
        "refinery gas",
        "sludge gas",
    }
)
# Net = gross x ratio (IPCC 2006 Vol. 2, ch. 1, section 1.4.1.3: NCVs are about 5 % below GCVs for
# coal and oil, about 10 % for natural gas).
NCV_PER_GCV_GAS: Final = 0.90
NCV_PER_GCV_SOLID_LIQUID: Final = 0.95

ELECTRICITY: Final = "electricity"
DISTRICT_HEAT: Final = "district_heat"
GRID_CARRIERS: Final[frozenset[str]] = frozenset({ELECTRICITY, DISTRICT_HEAT})

# Everyday names for IPCC fuels, so that "diesel" or "LPG" finds its factor.
FUEL_ALIASES: Final[dict[str, str]] = {
    "diesel": "gas/diesel oil",
    "gas oil": "gas/diesel oil",
    "heating oil": "gas/diesel oil",
    "gasoline": "motor gasoline",
    "petrol": "motor gasoline",
    "lpg": "liquefied petroleum gases",
    "kerosene": "other kerosene",
    "jet fuel": "jet kerosene",
    "fuel oil": "residual fuel oil",
    "wood": "wood/wood waste",
    "biodiesel": "biodiesels",
    "biogas": "other biogas",
    "cng": "natural gas",
    "coal": "other bituminous coal",
    "district heat": DISTRICT_HEAT,
    "district heating": DISTRICT_HEAT,
    "grid electricity": ELECTRICITY,
    "anaerobic_digestion": "anaerobic digestion",
}

# Which IPCC 2006 default table a GPC reference number takes its combustion factors from.
# I.5 (agriculture, forestry, fishing) shares Table 2.5 with residential; I.6 (non-specified) takes
# the commercial/institutional Table 2.4 as the closest general stationary table.
IPCC_CATEGORY_OF_SUBSECTOR: Final[dict[str, str]] = {
    "I.1": "residential_agriculture_stationary",
    "I.2": "commercial_institutional",
    "I.3": "manufacturing_construction",
    "I.4": "energy_industries",
    "I.5": "residential_agriculture_stationary",
    "I.6": "commercial_institutional",
    "II.1": "road_transport",
    "II.2": "railways",
    "II.3": "water_borne_navigation",
    "II.4": "civil_aviation",
    "II.5": "off_road",
    "III.2": "biological_treatment",
}

# GPC rows that use grid-supplied energy: scope 2, and the scope 3 T&D losses of stationary energy.
GRID_REFS: Final[frozenset[str]] = frozenset(
    ref for ref, entry in GPC_REFS.items() if entry.scope == 2 or (entry.sector == "I" and entry.scope == 3)
)


def fuel_key(name: str) -> str:
    """The lookup key of a fuel name: case-insensitive, spaces trimmed, everyday aliases resolved."""
    key = " ".join(name.strip().lower().split())
    return FUEL_ALIASES.get(key, key)


@dataclass(frozen=True)
class FactorLibrary:
    """Default factors of one library version.

    combustion: fuel_key, category, CO2, CH4, N2O (kg/TJ, net calorific basis), source
    ncv: fuel_key, tj_per_t, source
    density: fuel_key, t_per_m3, source
    grid: country (ISO 3166 alpha-2), year, kg_co2e_per_tj, basis (`direct` combustion or
        `life_cycle`), source (location-based, national; CO2e, not split by gas)
    per_tonne: fuel_key, category, CO2, CH4, N2O (kg per tonne of waste treated), source
    """

    name: str
    version: str
    locked: bool
    combustion: pl.DataFrame
    ncv: pl.DataFrame
    density: pl.DataFrame
    grid: pl.DataFrame
    per_tonne: pl.DataFrame

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}"

    def known_fuels(self) -> frozenset[str]:
        return (
            frozenset(self.combustion["fuel_key"].to_list() + self.per_tonne["fuel_key"].to_list())
            | GRID_CARRIERS
        )
