"""Municipal solid waste by component (2006 IPCC Guidelines Vol. 5 ch. 2, Table 2.4): degradable
organic carbon, dry matter, total and fossil carbon; and the GPC's DOC weights.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final


@dataclass(frozen=True)
class CarbonProperties:
    """Per waste component: dry matter (fraction of wet weight), total carbon (fraction of dry
    weight) and fossil carbon (fraction of total carbon)."""

    dry_matter: float
    carbon_content: float
    fossil_fraction: float


# --- Vol. 5 ch. 2, Table 2.4: defaults per MSW component (wet-weight DOC) --------------------------

WASTE_TYPES: Final = (
    "food",
    "garden",
    "paper",
    "wood",
    "textiles",
    "nappies",
    "rubber_leather",
    "plastics",
    "metal",
    "glass",
    "other_inert",
)

# Table 2.4 (p. 2.14): degradable organic carbon in solid waste disposal, fraction of wet weight.
# Rubber and leather: the table prints its DOC (39 % wet) in brackets, with the note that natural
# rubber is likely not degraded under the anaerobic conditions of a disposal site, and the IPCC Waste
# Model leaves it out of the degradable fractions: it carries no DOC here (its carbon still counts
# when incinerated, CARBON_PROPERTIES).
DOC_CONTENT: Final[Mapping[str, float]] = MappingProxyType(
    {
        "food": 0.15,
        "garden": 0.20,
        "paper": 0.40,
        "wood": 0.43,
        "textiles": 0.24,
        "nappies": 0.24,
        "rubber_leather": 0.0,  # (0.39) in brackets: not degraded in a disposal site
        "plastics": 0.0,
        "metal": 0.0,
        "glass": 0.0,
        "other_inert": 0.0,
    }
)

# Table 2.4 (p. 2.14): dry matter, total carbon (of dry weight) and fossil carbon (of total carbon).
# Metal and glass carry no carbon (the table says NA).
CARBON_PROPERTIES: Final[Mapping[str, CarbonProperties]] = MappingProxyType(
    {
        "food": CarbonProperties(0.40, 0.38, 0.0),
        "garden": CarbonProperties(0.40, 0.49, 0.0),
        "paper": CarbonProperties(0.90, 0.46, 0.01),
        "wood": CarbonProperties(0.85, 0.50, 0.0),
        "textiles": CarbonProperties(0.80, 0.50, 0.20),
        "nappies": CarbonProperties(0.40, 0.70, 0.10),
        "rubber_leather": CarbonProperties(0.84, 0.67, 0.20),
        "plastics": CarbonProperties(1.00, 0.75, 1.00),
        "metal": CarbonProperties(1.00, 0.0, 0.0),
        "glass": CarbonProperties(1.00, 0.0, 0.0),
        "other_inert": CarbonProperties(0.90, 0.03, 1.00),
    }
)

# GPC section 8.3: DOC = 0.15 A + 0.2 B + 0.4 C + 0.43 D + 0.24 E + 0.15 F (wet-weight fractions).
GPC_DOC_WEIGHTS: Final[Mapping[str, float]] = MappingProxyType(
    {"food": 0.15, "garden": 0.20, "paper": 0.40, "wood": 0.43, "textiles": 0.24, "industrial": 0.15}
)
