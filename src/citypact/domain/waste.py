"""GPC sector III (waste): tonnes of CH4, N2O and CO2 from the IPCC default methods.

Reference: 2006 IPCC Guidelines for National Greenhouse Gas Inventories, Volume 5: Waste
(Eggleston H.S., Buendia L., Miwa K., Ngara T. and Tanabe K. (eds), IGES, Japan), and the GPC
(Global Protocol for Community-Scale Greenhouse Gas Emission Inventories) section 8 for the
methane-commitment alternative. Our own transcription; the tables used are:

* Chapter 2, Table 2.4 (p. 2.14): dry matter, DOC, total carbon and fossil carbon of MSW components.
* Chapter 3 (III.1 solid waste disposal): equations 3.1 and 3.4-3.6 (first-order decay),
  Table 3.1 (p. 3.14, MCF by site type), Table 3.2 (p. 3.15, oxidation factor), Table 3.3 (p. 3.17,
  decay rate k), section 3.2.3 (DOCf, F).
* Chapter 4 (III.2 biological treatment): equations 4.1 and 4.2, Table 4.1 (p. 4.6).
* Chapter 5 (III.3 incineration and open burning): equations 5.1, 5.2, 5.4 and 5.5, Table 5.2
  (oxidation factor; its note 1 sends MSW carbon data to Table 2.4), Table 5.3 (CH4), Table 5.6 (N2O).
* Chapter 6 (III.4 wastewater): equations 6.1-6.3 and 6.7-6.8, Tables 6.2 (B0), 6.3 (p. 6.13, MCF),
  6.4 (p. 6.14, BOD per person) and 6.11 (p. 6.27, N2O defaults).

Every default below was checked against those tables (issue 13; docs/accounting.md "Waste
defaults"). Page numbers are those of the 2006 Volume 5 PDF chapters.

Every function returns tonnes of gas. Fossil CO2 ("CO2") and biogenic CO2 ("biogenic_CO2") are kept
apart; biogenic CO2 is a memo item and never part of the fossil value or of any CO2e total.
Invalid input raises ValueError naming the field and what to do about it.

The module is pure: numpy and the standard library, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
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

# --- Vol. 5 ch. 3: solid waste disposal ------------------------------------------------------------

# Table 3.1 (p. 3.14): methane correction factor by type of site.
SITE_MCF: Final[Mapping[str, float]] = MappingProxyType(
    {
        "managed_anaerobic": 1.0,
        "managed_semi_aerobic": 0.5,
        "unmanaged_deep": 0.8,  # >= 5 m deep and/or high water table
        "unmanaged_shallow": 0.4,  # < 5 m deep
        "uncategorised": 0.6,
    }
)

# Table 3.2 (p. 3.15): oxidation factor; 0.1 only for managed sites covered with oxidising material.
OXIDATION_FACTOR: Final[Mapping[str, float]] = MappingProxyType(
    {"default": 0.0, "managed_covered_with_oxidising_material": 0.1}
)

DEFAULT_DOCF: Final = 0.5  # ch. 3, section 3.2.3 (p. 3.15): fraction of DOC that decomposes
DEFAULT_F: Final = 0.5  # ch. 3, section 3.2.3 (p. 3.15): fraction of CH4 in landfill gas

# Table 3.3 (p. 3.17): decay rate k (per year) by climate zone and decay class, the defaults (the
# table's ranges are not used). Cross-checked with USEPA lfg-calc-py's IPCC_Waste_specific_k-values.csv.
# Boreal/temperate: mean annual temperature <= 20 C, dry when MAP/PET < 1; tropical: MAT > 20 C,
# dry when mean annual precipitation < 1000 mm.
DECAY_RATE_K: Final[Mapping[str, Mapping[str, float]]] = MappingProxyType(
    {
        "boreal_temperate_dry": MappingProxyType(
            {"paper_textiles": 0.04, "wood_straw": 0.02, "garden": 0.05, "food": 0.06, "bulk": 0.05}
        ),
        "boreal_temperate_wet": MappingProxyType(
            {"paper_textiles": 0.06, "wood_straw": 0.03, "garden": 0.10, "food": 0.185, "bulk": 0.09}
        ),
        "tropical_dry": MappingProxyType(
            {"paper_textiles": 0.045, "wood_straw": 0.025, "garden": 0.065, "food": 0.085, "bulk": 0.065}
        ),
        "tropical_moist_wet": MappingProxyType(
            {"paper_textiles": 0.07, "wood_straw": 0.035, "garden": 0.17, "food": 0.40, "bulk": 0.17}
        ),
    }
)

# Which Table 3.3 decay class a Table 2.4 component falls into (components without DOC have none).
# Nappies decay like garden waste (moderately; as the US EPA's 40 CFR 98 Table HH-1 takes
# diapers at 0.05-0.10, the garden k of Table 3.3).
DECAY_CLASS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "food": "food",
        "garden": "garden",
        "paper": "paper_textiles",
        "textiles": "paper_textiles",
        "wood": "wood_straw",
        "nappies": "garden",
    }
)

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

# --- Vol. 5 ch. 6: wastewater ----------------------------------------------------------------------

DEFAULT_B0_KG_CH4_PER_KG_BOD: Final = 0.6  # Table 6.2 (section 6.2.2.2; 0.25 kg CH4/kg COD)
# Eq. 6.3 (section 6.2.2.3): correction for industrial BOD co-discharged into sewers; 1.00 for
# uncollected wastewater.
DEFAULT_I_COLLECTED: Final = 1.25

# Table 6.3 (p. 6.13): methane correction factor by treatment or discharge pathway (domestic wastewater).
WASTEWATER_MCF: Final[Mapping[str, float]] = MappingProxyType(
    {
        "sea_river_lake_discharge": 0.1,
        "stagnant_sewer": 0.5,
        "flowing_sewer": 0.0,
        "aerobic_well_managed": 0.0,
        "aerobic_not_well_managed": 0.3,
        "anaerobic_sludge_digester": 0.8,
        "anaerobic_reactor": 0.8,
        "anaerobic_shallow_lagoon": 0.2,  # < 2 m deep
        "anaerobic_deep_lagoon": 0.8,  # > 2 m deep
        "septic_system": 0.5,
        "latrine_dry_small_family": 0.1,  # dry climate, groundwater below latrine, 3-5 persons
        "latrine_dry_communal": 0.5,  # dry climate, groundwater below latrine, many users
        "latrine_wet": 0.7,  # wet climate or flush water, groundwater above latrine
        "latrine_regular_sediment_removal": 0.1,  # sediment removed frequently for fertiliser
    }
)

# Pathways of wastewater that is not collected in sewers: on-site systems (Table 6.3). Their BOD
# takes no industrial co-discharge factor (I = 1.00, eq. 6.3).
UNCOLLECTED: Final = frozenset(
    {
        "septic_system",
        "latrine_dry_small_family",
        "latrine_dry_communal",
        "latrine_wet",
        "latrine_regular_sediment_removal",
    }
)

# Table 6.4 (p. 6.14): BOD5 per person, g/person/day (the defaults; the table also gives ranges).
BOD_G_PER_PERSON_DAY: Final[Mapping[str, float]] = MappingProxyType(
    {
        "africa": 37.0,
        "egypt": 34.0,
        "asia_middle_east_latin_america": 40.0,
        "india": 34.0,
        "west_bank_gaza": 50.0,
        "japan": 42.0,
        "brazil": 50.0,
        "canada_europe_russia_oceania": 60.0,
        "denmark": 62.0,
        "germany": 62.0,
        "greece": 57.0,
        "italy": 60.0,
        "sweden": 75.0,
        "turkey": 38.0,
        "united_states": 85.0,
    }
)

# Table 6.11 (p. 6.27): defaults for N2O from wastewater effluent.
DEFAULT_EF_EFFLUENT: Final = 0.005  # kg N2O-N per kg N discharged
DEFAULT_F_NPR: Final = 0.16  # kg N per kg protein
F_NON_CON: Final[Mapping[str, float]] = MappingProxyType(
    {"without_garbage_disposals": 1.1, "with_garbage_disposals": 1.4}
)
DEFAULT_F_IND_COM: Final = 1.25  # industrial and commercial protein co-discharged into sewers
# Box 6.1 (eq. 6.9): g N2O per person per year at advanced centralised treatment plants.
DEFAULT_EF_PLANT_G_N2O_PER_PERSON: Final = 3.2


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


def _mcf(site_type: str, mcf: float | None) -> float:
    if mcf is not None:
        return _fraction("mcf", mcf)
    return _lookup("site_type", site_type, SITE_MCF)


# --- III.1 solid waste disposal ----------------------------------------------------------------------


def composition_doc(composition: Mapping[str, float]) -> float:
    """Bulk DOC (fraction of wet weight) of a waste whose component fractions sum to 1 (Table 2.4)."""
    shares = _shares("composition fractions", composition, DOC_CONTENT)
    return math.fsum(share * DOC_CONTENT[name] for name, share in shares.items())


def gpc_doc(
    food: float = 0.0,
    garden: float = 0.0,
    paper: float = 0.0,
    wood: float = 0.0,
    textiles: float = 0.0,
    industrial: float = 0.0,
) -> float:
    """DOC by the GPC's formula 0.15A + 0.2B + 0.4C + 0.43D + 0.24E + 0.15F.

    The arguments are fractions of the total waste; the rest is taken as inert, so they may sum to
    less than 1 but not more.
    """
    given = {"food": food, "garden": garden, "paper": paper, "wood": wood, "textiles": textiles}
    given["industrial"] = industrial
    checked = {name: _fraction(f"{name} fraction", value) for name, value in given.items()}
    total = math.fsum(checked.values())
    if total > 1.0 + SHARE_TOLERANCE:
        raise ValueError(f"waste fractions sum to {total:g}; they must not exceed 1 (the rest is inert)")
    return math.fsum(GPC_DOC_WEIGHTS[name] * share for name, share in checked.items())


def _doc_streams(
    composition: Mapping[str, float] | None, doc: float | None, climate_zone: str, k: float | None
) -> list[tuple[float, float]]:
    """(DOC of the whole waste carried by one decay class, k of that class) pairs."""
    if (composition is None) == (doc is None):
        raise ValueError("give either composition (fractions per waste type) or doc (bulk DOC), not both")
    if k is not None:
        k = _amount("k", k)
        if k == 0:
            raise ValueError("k is 0; give a positive decay rate (per year) or leave it to Table 3.3")
    zone = _lookup("climate_zone", climate_zone, DECAY_RATE_K)
    if doc is not None:
        return [(_fraction("doc", doc), k if k is not None else zone["bulk"])]
    assert composition is not None
    if k is not None:
        raise ValueError("k overrides the bulk decay rate only; with a composition leave k unset")
    shares = _shares("composition fractions", composition, DOC_CONTENT)
    by_class: dict[str, float] = {}
    for name, share in shares.items():
        content = DOC_CONTENT[name]
        if content > 0 and share > 0:
            decay_class = DECAY_CLASS[name]
            by_class[decay_class] = by_class.get(decay_class, 0.0) + share * content
    return [(class_doc, zone[decay_class]) for decay_class, class_doc in by_class.items()]


@dataclass(frozen=True)
class FodSeries:
    """First-order-decay methane of one site (or set of sites), year by year, in tonnes."""

    years: npt.NDArray[np.int64]
    ch4_generated_t: Column  # eq. 3.6, before recovery and oxidation
    ch4_t: Column  # eq. 3.1: (generated - recovered) x (1 - OX)

    def in_year(self, year: int) -> float:
        """Emitted CH4 (t) of one inventory year of the series."""
        index = int(year) - int(self.years[0])
        if not 0 <= index < self.years.size:
            raise ValueError(
                f"inventory year {year} is outside the series {self.years[0]}-{self.years[-1]}; "
                "pass end_year to extend it"
            )
        return float(self.ch4_t[index])


def _decay(deposited_ddocm: Column, k: float) -> Column:
    """DDOCm decomposed in each year (eq. 3.4-3.5): decay starts the year after deposition."""
    n = deposited_ddocm.size
    remaining = math.exp(-k)
    # eq. 3.4 unrolled: DDOCma_T = sum over t <= T of DDOCmd_t x e^(-k (T - t)), a convolution
    accumulated = np.convolve(deposited_ddocm, remaining ** np.arange(n, dtype=np.float64))[:n]
    decomposed = np.zeros(n, dtype=np.float64)
    decomposed[1:] = accumulated[:-1] * (1.0 - remaining)  # eq. 3.5
    return decomposed


def fod_ch4_by_year(
    deposited_t: Sequence[float] | Column,
    start_year: int,
    *,
    climate_zone: str,
    composition: Mapping[str, float] | None = None,
    doc: float | None = None,
    k: float | None = None,
    site_type: str = "uncategorised",
    mcf: float | None = None,
    docf: float = DEFAULT_DOCF,
    f: float = DEFAULT_F,
    recovered_t: float | Sequence[float] | Column = 0.0,
    ox: float = 0.0,
    end_year: int | None = None,
) -> FodSeries:
    """CH4 of solid waste disposal by first-order decay (Vol. 5 eq. 3.1, 3.4-3.6), per year.

    ``deposited_t`` are wet tonnes deposited in ``start_year``, ``start_year + 1``, ...; the series
    runs to ``end_year`` (default: the last deposition year), later years having no deposits.
    Either ``composition`` (fractions per Table 2.4 waste type, summing to 1; k per type from
    Table 3.3) or a bulk ``doc`` (with the bulk k of Table 3.3, or ``k``). ``recovered_t`` is CH4
    recovered, one value for every year or one per year of the series.
    """
    deposits = _series("deposited_t", deposited_t)
    last_year = int(start_year) + deposits.size - 1
    final_year = last_year if end_year is None else int(end_year)
    if final_year < start_year:
        raise ValueError(f"end_year {final_year} is before start_year {start_year}")
    n = final_year - int(start_year) + 1
    deposits = np.concatenate([deposits, np.zeros(max(0, n - deposits.size))])[:n]
    streams = _doc_streams(composition, doc, climate_zone, k)
    site_mcf = _mcf(site_type, mcf)
    docf = _fraction("docf", docf)
    f = _fraction("f", f)
    ox = _fraction("ox", ox)

    decomposed = np.zeros(n, dtype=np.float64)
    for stream_doc, stream_k in streams:  # one pass per decay class (at most four), not per year
        decomposed += _decay(deposits * stream_doc * docf * site_mcf, stream_k)  # eq. 3.2 inside
    generated = decomposed * f * C_TO_CH4  # eq. 3.6

    if isinstance(recovered_t, Sequence | np.ndarray):
        recovered = _series("recovered_t", recovered_t)
        if recovered.size != n:
            raise ValueError(
                f"recovered_t has {recovered.size} values; give one per year ({n}) or one number"
            )
    else:
        recovered = np.full(n, _amount("recovered_t", recovered_t))
    excess = recovered > generated * (1.0 + 1e-12) + 1e-12
    if np.any(excess):
        first = int(np.argmax(excess))
        raise ValueError(
            f"recovered_t in {int(start_year) + first} is {recovered[first]:g} t, more than the "
            f"{generated[first]:g} t CH4 generated; check the recovered amount or the site parameters"
        )
    emitted = np.maximum(generated - recovered, 0.0) * (1.0 - ox)  # eq. 3.1
    years = np.arange(int(start_year), final_year + 1, dtype=np.int64)
    return FodSeries(years=years, ch4_generated_t=generated, ch4_t=emitted)


def fod_ch4_in_year(
    deposited_t: Sequence[float] | Column,
    start_year: int,
    inventory_year: int,
    *,
    climate_zone: str,
    composition: Mapping[str, float] | None = None,
    doc: float | None = None,
    k: float | None = None,
    site_type: str = "uncategorised",
    mcf: float | None = None,
    docf: float = DEFAULT_DOCF,
    f: float = DEFAULT_F,
    recovered_t: float = 0.0,
    ox: float = 0.0,
) -> WasteEmissions:
    """First-order-decay CH4 of one inventory year; ``recovered_t`` is that year's recovery."""
    deposits = _series("deposited_t", deposited_t)
    if inventory_year < start_year:
        raise ValueError(f"inventory_year {inventory_year} is before start_year {start_year}")
    last_year = max(int(inventory_year), int(start_year) + deposits.size - 1)
    series = fod_ch4_by_year(
        deposits,
        start_year,
        climate_zone=climate_zone,
        composition=composition,
        doc=doc,
        k=k,
        site_type=site_type,
        mcf=mcf,
        docf=docf,
        f=f,
        ox=0.0,
        end_year=last_year,
    )
    index = int(inventory_year) - int(start_year)
    generated = float(series.ch4_generated_t[index])
    recovered = _amount("recovered_t", recovered_t)
    if recovered > generated * (1.0 + 1e-12) + 1e-12:
        raise ValueError(
            f"recovered_t is {recovered:g} t, more than the {generated:g} t CH4 generated in "
            f"{inventory_year}; check the recovered amount or the site parameters"
        )
    return WasteEmissions(ch4_t=max(generated - recovered, 0.0) * (1.0 - _fraction("ox", ox)))


def methane_commitment_ch4(
    landfilled_t: float,
    *,
    composition: Mapping[str, float] | None = None,
    doc: float | None = None,
    site_type: str = "uncategorised",
    mcf: float | None = None,
    docf: float = DEFAULT_DOCF,
    f: float = DEFAULT_F,
    recovery_fraction: float = 0.0,
    ox: float = 0.0,
) -> WasteEmissions:
    """Lifetime CH4 of the waste landfilled in one year (GPC methane commitment).

    CH4 = MSW x L0 x (1 - f_rec) x (1 - OX), L0 = MCF x DOC x DOCf x F x 16/12. DOC from a
    ``composition`` (Table 2.4) or given as ``doc`` (e.g. from :func:`gpc_doc`).
    """
    if (composition is None) == (doc is None):
        raise ValueError("give either composition (fractions per waste type) or doc (bulk DOC), not both")
    bulk_doc = composition_doc(composition) if composition is not None else _fraction("doc", doc or 0.0)
    l0 = _mcf(site_type, mcf) * bulk_doc * _fraction("docf", docf) * _fraction("f", f) * C_TO_CH4
    ch4 = (
        _amount("landfilled_t", landfilled_t)
        * l0
        * (1.0 - _fraction("recovery_fraction", recovery_fraction))
        * (1.0 - _fraction("ox", ox))
    )
    return WasteEmissions(ch4_t=ch4)


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


# --- III.4 wastewater -----------------------------------------------------------------------------------


def domestic_wastewater_ch4(
    population: float,
    treatment_shares: Mapping[str, float],
    *,
    region: str | None = None,
    bod_g_per_person_day: float | None = None,
    industrial_factor: float = DEFAULT_I_COLLECTED,
    b0: float = DEFAULT_B0_KG_CH4_PER_KG_BOD,
    sludge_removed_t_bod: float = 0.0,
    recovered_ch4_t: float = 0.0,
) -> WasteEmissions:
    """CH4 of domestic wastewater (Vol. 5 eq. 6.1-6.3).

    TOW_j = P x T_j x BOD x 0.001 x I_j x 365 (kg BOD/yr), I_j = ``industrial_factor`` for collected
    pathways and 1.00 for uncollected ones (septic, latrines); CH4 = sum_j(TOW_j x B0 x MCF_j) x
    (1 - S / TOW) - R.
    ``treatment_shares`` maps Table 6.3 pathways to the fraction of the population's wastewater
    they take (summing to 1). BOD from ``region`` (Table 6.4) or given directly.
    """
    people = _amount("population", population)
    shares = _shares("treatment_shares", treatment_shares, WASTEWATER_MCF)
    if (region is None) == (bod_g_per_person_day is None):
        raise ValueError("give either region (Table 6.4) or bod_g_per_person_day, not both")
    if region is not None:
        bod = _lookup("region", region, BOD_G_PER_PERSON_DAY)
    else:
        bod = _amount("bod_g_per_person_day", bod_g_per_person_day or 0.0)
    i_factor = _amount("industrial_factor", industrial_factor)
    b0 = _amount("b0", b0)
    # eq. 6.3 per pathway, tonnes BOD a year: I applies to collected wastewater only, uncollected
    # (septic systems, latrines) takes 1.00 (Vol. 5, 6.2.2.3).
    tow_by_path = {
        name: people * bod * 0.001 * 365.0 / 1000.0 * share * (1.0 if name in UNCOLLECTED else i_factor)
        for name, share in shares.items()
    }
    tow_t = math.fsum(tow_by_path.values())
    sludge = _amount("sludge_removed_t_bod", sludge_removed_t_bod)
    if sludge > tow_t:
        raise ValueError(
            f"sludge_removed_t_bod is {sludge:g} t, more than the {tow_t:g} t BOD in the wastewater; check it"
        )
    # eq. 6.1 and 6.2: CH4 = sum_j TOW_j x B0 x MCF_j, the sludge removed taken from every pathway
    # in proportion to its BOD.
    generated = math.fsum(tow * b0 * WASTEWATER_MCF[name] for name, tow in tow_by_path.items())
    ch4 = generated * (1.0 - sludge / tow_t) if tow_t > 0 else 0.0
    recovered = _amount("recovered_ch4_t", recovered_ch4_t)
    if recovered > ch4 * (1.0 + 1e-12) + 1e-12:
        raise ValueError(
            f"recovered_ch4_t is {recovered:g} t, more than the {ch4:g} t CH4 generated; check it"
        )
    return WasteEmissions(ch4_t=max(ch4 - recovered, 0.0))


def wastewater_effluent_n2o(
    population: float,
    protein_kg_per_person_year: float,
    *,
    f_npr: float = DEFAULT_F_NPR,
    f_non_con: float = F_NON_CON["without_garbage_disposals"],
    f_ind_com: float = DEFAULT_F_IND_COM,
    sludge_n_t: float = 0.0,
    ef_effluent: float = DEFAULT_EF_EFFLUENT,
) -> WasteEmissions:
    """N2O from nitrogen in wastewater effluent (Vol. 5 eq. 6.7, 6.8, Table 6.11).

    N_effluent = P x Protein x F_NPR x F_NON-CON x F_IND-COM - N_sludge (t N);
    N2O = N_effluent x EF_effluent x 44/28.
    """
    people = _amount("population", population)
    protein = _amount("protein_kg_per_person_year", protein_kg_per_person_year)
    n_in = (
        people
        * protein
        * _fraction("f_npr", f_npr)
        * _amount("f_non_con", f_non_con)
        * _amount("f_ind_com", f_ind_com)
        / 1000.0
    )
    sludge = _amount("sludge_n_t", sludge_n_t)
    if sludge > n_in:
        raise ValueError(
            f"sludge_n_t is {sludge:g} t, more than the {n_in:g} t N in the wastewater; check it"
        )
    return WasteEmissions(n2o_t=(n_in - sludge) * _fraction("ef_effluent", ef_effluent) * N2O_N_TO_N2O)


def wastewater_plant_n2o(
    population: float,
    plant_share: float,
    *,
    f_ind_com: float = DEFAULT_F_IND_COM,
    ef_g_per_person: float = DEFAULT_EF_PLANT_G_N2O_PER_PERSON,
) -> WasteEmissions:
    """N2O of advanced centralised treatment plants (Vol. 5 Box 6.1, eq. 6.9), a minor source.

    N2O = P x T_plant x F_IND-COM x EF_plant (3.2 g N2O/person/yr).
    """
    n2o_g = (
        _amount("population", population)
        * _fraction("plant_share", plant_share)
        * _amount("f_ind_com", f_ind_com)
        * _amount("ef_g_per_person", ef_g_per_person)
    )
    return WasteEmissions(n2o_t=n2o_g / GRAMS_PER_TONNE)
