"""The GPC reference numbers: sector, subsector, scope and reporting level of each one.

Reference: GPC (Greenhouse Gas Protocol for Cities) version 1.1, WRI, C40 Cities, ICLEI, 2021,
i.e. the Global Protocol for Community-Scale Greenhouse Gas Emission Inventories. This module holds
our own transcription of its classification (the reference numbers from I.1.1 to VI.1) as plain
data, so that the rest of the program can ask, for any reference number, which scope it belongs to
and which inventory totals it counts in. Names and descriptions are short labels of our own.

How the totals are built from the reference numbers:

* BASIC: scope 1 and scope 2 stationary energy and transportation, and waste generated in the
  city wherever it is treated (scope 1 when treated inside, scope 3 when treated outside).
* BASIC+: everything in BASIC, plus the scope 3 transmission-and-distribution losses of stationary
  energy, the scope 3 part of transboundary transportation, IPPU and AFOLU.
* Territorial (the scope 1 total): every scope 1 source inside the boundary, including two kinds
  that BASIC and BASIC+ leave out to avoid counting the same emissions twice: generation of
  grid-supplied energy (I.4.4, already met as other users' scope 2) and waste brought in from
  outside the city for treatment (III.x.3, the other city's scope 3).
* Other scope 3 (VI.1) is reported but counts in neither BASIC nor BASIC+ (nor the scope 1 total).

The module is pure: no I/O, standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final, Literal

Scope = Literal[1, 2, 3]


class ReportingLevel(StrEnum):
    """The narrowest GPC total a reference number counts in."""

    BASIC = "basic"  # counts in BASIC, hence also in BASIC+
    BASIC_PLUS = "basic+"  # counts in BASIC+ only
    TERRITORIAL = "territorial"  # only in the scope 1 (territorial) total
    OTHER = "other"  # reported, but in neither BASIC nor BASIC+


SECTOR_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "I": "Stationary energy",
        "II": "Transportation",
        "III": "Waste",
        "IV": "Industrial processes and product use (IPPU)",
        "V": "Agriculture, forestry and other land use (AFOLU)",
        "VI": "Other scope 3",
    }
)

SUBSECTOR_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "I.1": "Residential buildings",
        "I.2": "Commercial and institutional buildings and facilities",
        "I.3": "Manufacturing industries and construction",
        "I.4": "Energy industries",
        "I.5": "Agriculture, forestry and fishing activities",
        "I.6": "Non-specified sources",
        "I.7": "Fugitive emissions from mining, processing, storage and transportation of coal",
        "I.8": "Fugitive emissions from oil and natural gas systems",
        "II.1": "On-road",
        "II.2": "Railways",
        "II.3": "Waterborne navigation",
        "II.4": "Aviation",
        "II.5": "Off-road",
        "III.1": "Solid waste disposal",
        "III.2": "Biological treatment of waste",
        "III.3": "Incineration and open burning",
        "III.4": "Wastewater treatment and discharge",
        "IV.1": "Industrial processes",
        "IV.2": "Product use",
        "V.1": "Livestock",
        "V.2": "Land",
        "V.3": "Aggregate sources and non-CO2 emission sources on land",
        "VI.1": "Other scope 3",
    }
)


@dataclass(frozen=True, slots=True)
class GpcRef:
    """One GPC reference number with its place in the classification."""

    ref: str  # "I.1.1"; IPPU, AFOLU and other scope 3 stop at the subsector: "IV.1", "VI.1"
    sector: str  # roman numeral, "I" .. "VI"
    sector_name: str
    subsector: str  # "I.1"
    subsector_name: str
    scope: Scope
    level: ReportingLevel
    description: str

    @property
    def in_basic(self) -> bool:
        return self.level is ReportingLevel.BASIC

    @property
    def in_basic_plus(self) -> bool:
        """BASIC+ is BASIC plus the BASIC+ items."""
        return self.level in (ReportingLevel.BASIC, ReportingLevel.BASIC_PLUS)

    @property
    def in_territorial(self) -> bool:
        """The territorial total is the sum of every scope 1 source, whatever its level."""
        return self.scope == 1


# (ref, scope, level, description), in GPC order.
_SE_FUEL = "Fuel combustion in the city"
_SE_GRID = "Grid-supplied energy used in the city"
_SE_TD = "Transmission and distribution losses of grid-supplied energy"
_WASTE_IN_IN = "Generated in the city and treated in the city"
_WASTE_IN_OUT = "Generated in the city and treated outside it"
_WASTE_OUT_IN = "Generated outside the city and treated in the city"
_TR_FUEL = "Fuel combustion for journeys inside the city"
_TR_GRID = "Grid-supplied energy used for transport in the city"
_TR_SCOPE3 = "Out-of-boundary share of transboundary trips, and T&D losses of grid energy"

_B = ReportingLevel.BASIC
_BP = ReportingLevel.BASIC_PLUS
_T = ReportingLevel.TERRITORIAL
_O = ReportingLevel.OTHER

_ROWS: Final[tuple[tuple[str, Scope, ReportingLevel, str], ...]] = (
    # I Stationary energy: I.1 .. I.6 each have fuel (1, BASIC), grid (2, BASIC), T&D losses (3, BASIC+).
    ("I.1.1", 1, _B, _SE_FUEL),
    ("I.1.2", 2, _B, _SE_GRID),
    ("I.1.3", 3, _BP, _SE_TD),
    ("I.2.1", 1, _B, _SE_FUEL),
    ("I.2.2", 2, _B, _SE_GRID),
    ("I.2.3", 3, _BP, _SE_TD),
    ("I.3.1", 1, _B, _SE_FUEL),
    ("I.3.2", 2, _B, _SE_GRID),
    ("I.3.3", 3, _BP, _SE_TD),
    ("I.4.1", 1, _B, "Energy used for power plant auxiliary operations in the city"),
    ("I.4.2", 2, _B, "Grid-supplied energy used for power plant auxiliary operations in the city"),
    ("I.4.3", 3, _BP, "Transmission and distribution losses of energy for power plant auxiliaries"),
    # Generation that feeds the grid is scope 1 but stays out of BASIC and BASIC+: its emissions
    # already reach those totals as the scope 2 (I.x.2, II.x.2) of the energy's users.
    ("I.4.4", 1, _T, "Generation of energy supplied to the grid"),
    ("I.5.1", 1, _B, _SE_FUEL),
    ("I.5.2", 2, _B, _SE_GRID),
    ("I.5.3", 3, _BP, _SE_TD),
    ("I.6.1", 1, _B, _SE_FUEL),
    ("I.6.2", 2, _B, _SE_GRID),
    ("I.6.3", 3, _BP, _SE_TD),
    # Fugitive emissions have no scope 2 or scope 3 entries.
    ("I.7.1", 1, _B, "Fugitive emissions in the city"),
    ("I.8.1", 1, _B, "Fugitive emissions in the city"),
    # II Transportation: in-city fuel (1, BASIC), grid energy (2, BASIC), transboundary (3, BASIC+).
    ("II.1.1", 1, _B, _TR_FUEL),
    ("II.1.2", 2, _B, _TR_GRID),
    ("II.1.3", 3, _BP, _TR_SCOPE3),
    ("II.2.1", 1, _B, _TR_FUEL),
    ("II.2.2", 2, _B, _TR_GRID),
    ("II.2.3", 3, _BP, _TR_SCOPE3),
    ("II.3.1", 1, _B, _TR_FUEL),
    ("II.3.2", 2, _B, _TR_GRID),
    ("II.3.3", 3, _BP, _TR_SCOPE3),
    ("II.4.1", 1, _B, _TR_FUEL),
    ("II.4.2", 2, _B, _TR_GRID),
    ("II.4.3", 3, _BP, _TR_SCOPE3),
    ("II.5.1", 1, _B, _TR_FUEL),
    ("II.5.2", 2, _B, _TR_GRID),
    # Off-road transport has no scope 3 entry in the GPC table: off-road machines stay in the
    # city. (Some inventory templates carry an II.5.3 column anyway; we follow the standard.)
    # III Waste: generated in, treated in (1, BASIC); generated in, treated out (3, BASIC);
    # generated outside, treated in (1, territorial only: it is the sending city's scope 3).
    ("III.1.1", 1, _B, _WASTE_IN_IN),
    ("III.1.2", 3, _B, _WASTE_IN_OUT),
    ("III.1.3", 1, _T, _WASTE_OUT_IN),
    ("III.2.1", 1, _B, _WASTE_IN_IN),
    ("III.2.2", 3, _B, _WASTE_IN_OUT),
    ("III.2.3", 1, _T, _WASTE_OUT_IN),
    ("III.3.1", 1, _B, _WASTE_IN_IN),
    ("III.3.2", 3, _B, _WASTE_IN_OUT),
    ("III.3.3", 1, _T, _WASTE_OUT_IN),
    ("III.4.1", 1, _B, _WASTE_IN_IN),
    ("III.4.2", 3, _B, _WASTE_IN_OUT),
    ("III.4.3", 1, _T, _WASTE_OUT_IN),
    # IV IPPU and V AFOLU: scope 1 sources in the city, counted from BASIC+ on.
    ("IV.1", 1, _BP, "Industrial processes in the city"),
    ("IV.2", 1, _BP, "Product use in the city"),
    ("V.1", 1, _BP, "Livestock in the city"),
    ("V.2", 1, _BP, "Land in the city"),
    ("V.3", 1, _BP, "Aggregate and non-CO2 sources on land in the city"),
    # VI Other scope 3: reported on its own, outside BASIC and BASIC+.
    ("VI.1", 3, _O, "Other scope 3 emissions"),
)


def _build(rows: tuple[tuple[str, Scope, ReportingLevel, str], ...]) -> Mapping[str, GpcRef]:
    table: dict[str, GpcRef] = {}
    for ref, scope, level, description in rows:
        parts = ref.split(".")
        sector, subsector = parts[0], ".".join(parts[:2])
        if ref in table:
            raise ValueError(f"duplicate GPC reference {ref!r}")
        table[ref] = GpcRef(
            ref=ref,
            sector=sector,
            sector_name=SECTOR_NAMES[sector],
            subsector=subsector,
            subsector_name=SUBSECTOR_NAMES[subsector],
            scope=scope,
            level=level,
            description=description,
        )
    return MappingProxyType(table)


GPC_REFS: Final[Mapping[str, GpcRef]] = _build(_ROWS)
"""Every GPC 1.1 reference number, ordered by sector (I .. VI) and subsector as in the GPC."""

SECTORS: Final[tuple[str, ...]] = tuple(SECTOR_NAMES)


def normalize_ref(ref: str) -> str:
    """'  i.1.1 ' -> 'I.1.1'. Does not check that the reference exists."""
    return ref.strip().upper()


def gpc_ref(ref: str) -> GpcRef:
    """The entry for a reference number (case-insensitive, surrounding spaces ignored)."""
    try:
        return GPC_REFS[normalize_ref(ref)]
    except KeyError:
        raise KeyError(f"unknown GPC reference {ref!r}; use e.g. I.1.1 … VI.1") from None


def in_basic(ref: str) -> bool:
    return gpc_ref(ref).in_basic


def in_basic_plus(ref: str) -> bool:
    return gpc_ref(ref).in_basic_plus


def in_territorial(ref: str) -> bool:
    return gpc_ref(ref).in_territorial


def scope_of(ref: str) -> Scope:
    return gpc_ref(ref).scope


def refs_of_sector(sector: str) -> tuple[GpcRef, ...]:
    """The entries of one sector, "I" .. "VI" (case-insensitive), in GPC order."""
    key = sector.strip().upper()
    if key not in SECTOR_NAMES:
        raise KeyError(f"unknown GPC sector {sector!r}; use one of {', '.join(SECTORS)}")
    return tuple(entry for entry in GPC_REFS.values() if entry.sector == key)
