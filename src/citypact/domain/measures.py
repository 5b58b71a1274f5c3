"""The classification of climate measures: one taxonomy for the catalogue, cases, plans and profiles.

Axes: field of action, instrument type, municipal role, degree of implementation, decision level, and
tags (European Green Deal action fields, the 17 SDGs, co-benefits, GPC sectors). Every value has a
stable code (stored, sent over the API) and an English label (translated where it is shown).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

from citypact.domain.gpc import SECTOR_NAMES

FIELDS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "governance": "Climate policy and governance",
        "energy_supply": "Energy supply",
        "buildings_municipal": "Municipal buildings",
        "buildings_residential": "Residential buildings",
        "buildings_commercial": "Commercial buildings",
        "transport": "Transport and mobility",
        "urban_planning": "Urban and spatial planning",
        "waste": "Waste and wastewater",
        "industry": "Industry and business",
        "land_use": "Land use and nature",
        "communication": "Communication and cooperation",
        "adaptation": "Adaptation",
    }
)
INSTRUMENTS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "regulatory": "Regulatory and administrative",
        "fiscal": "Fiscal and economic (incentives, pricing, subsidies)",
        "soft": "Soft (information, advice, education, networks)",
        "own_operations": "Own operations and investment",
    }
)
MUNICIPAL_ROLES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "consumer": "Consumer and role model",
        "planner": "Planner and regulator",
        "supplier": "Supplier and provider",
        "advisor": "Advisor and promoter",
    }
)
# In order: a measure moves forward through these; "evaluated" is the last step.
IMPLEMENTATION: Final[Mapping[str, str]] = MappingProxyType(
    {
        "idea": "Idea",
        "planned": "Planned",
        "adopted": "Adopted",
        "in_implementation": "In implementation",
        "implemented": "Implemented",
        "evaluated": "Evaluated",
    }
)
DECISION_LEVELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "municipality": "Municipality",
        "region": "Region",
        "nation": "Nation",
        "international": "EU or international",
    }
)
GREEN_DEAL: Final[Mapping[str, str]] = MappingProxyType(
    {
        "climate_ambition": "Climate ambition",
        "clean_energy": "Clean, affordable and secure energy",
        "circular_economy": "Industry for a clean and circular economy",
        "buildings_renovation": "Energy- and resource-efficient building and renovation",
        "sustainable_mobility": "Sustainable and smart mobility",
        "farm_to_fork": "Farm to fork: a fair, healthy and environmentally friendly food system",
        "biodiversity": "Ecosystems and biodiversity",
        "zero_pollution": "Zero pollution for a toxic-free environment",
    }
)
# The 17 Sustainable Development Goals by their short UN titles (A/RES/70/1).
SDGS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "1": "SDG 1: No poverty",
        "2": "SDG 2: Zero hunger",
        "3": "SDG 3: Good health and well-being",
        "4": "SDG 4: Quality education",
        "5": "SDG 5: Gender equality",
        "6": "SDG 6: Clean water and sanitation",
        "7": "SDG 7: Affordable and clean energy",
        "8": "SDG 8: Decent work and economic growth",
        "9": "SDG 9: Industry, innovation and infrastructure",
        "10": "SDG 10: Reduced inequalities",
        "11": "SDG 11: Sustainable cities and communities",
        "12": "SDG 12: Responsible consumption and production",
        "13": "SDG 13: Climate action",
        "14": "SDG 14: Life below water",
        "15": "SDG 15: Life on land",
        "16": "SDG 16: Peace, justice and strong institutions",
        "17": "SDG 17: Partnerships for the goals",
    }
)
CO_BENEFITS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "air_quality": "Air quality",
        "health": "Health",
        "jobs": "Jobs",
        "cost_savings": "Cost savings",
        "equity": "Equity",
        "biodiversity": "Biodiversity",
        "resilience": "Resilience",
    }
)
GPC_SECTORS: Final[Mapping[str, str]] = SECTOR_NAMES

AXES: Final[Mapping[str, Mapping[str, str]]] = MappingProxyType(
    {
        "field": FIELDS,
        "instrument": INSTRUMENTS,
        "municipal_role": MUNICIPAL_ROLES,
        "implementation": IMPLEMENTATION,
        "decision_level": DECISION_LEVELS,
    }
)
TAGS: Final[Mapping[str, Mapping[str, str]]] = MappingProxyType(
    {
        "green_deal": GREEN_DEAL,
        "sdgs": SDGS,
        "co_benefits": CO_BENEFITS,
        "gpc_sectors": GPC_SECTORS,
    }
)


class ClassificationError(ValueError):
    """A value outside the taxonomy, naming the field and the values allowed."""

    def __init__(self, field: str, value: object, allowed: Iterable[str]) -> None:
        self.field = field
        self.message = f"unknown value {value!r}; use one of {', '.join(allowed)}"
        super().__init__(f"{field}: {self.message}")


def check_axis(axis: str, value: str) -> str:
    """`value` if it is a code of `axis` (field, instrument, ...), else ClassificationError."""
    codes = AXES[axis]
    if value not in codes:
        raise ClassificationError(axis, value, codes)
    return value


def check_tags(kind: str, values: Iterable[str]) -> tuple[str, ...]:
    """The tags of one kind (green_deal, sdgs, co_benefits, gpc_sectors), deduplicated, in taxonomy
    order; an unknown tag is a ClassificationError."""
    codes = TAGS[kind]
    given = {str(v).strip() for v in values if str(v).strip()}
    unknown = sorted(given - set(codes))
    if unknown:
        raise ClassificationError(kind, unknown[0], codes)
    return tuple(code for code in codes if code in given)
