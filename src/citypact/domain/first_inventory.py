"""A city's first inventory: the GPC BASIC subsectors it needs, where their data usually comes from,
a first estimate scaled by population, and a checklist of which subsectors still rest on it.

The estimate (docs/first_inventory.md, "Method"):

1. per capita: the median of the reported per-capita emissions of the cities of the same country in
   the shipped benchmark panel (reported Scope-1 city totals, implausible rows left out); with fewer
   than MIN_CITIES such cities, the median of the cities of its region, then of all cities. The level
   used and the number of cities are kept with the estimate.
2. total: per capita x the city's population.
3. split: SECTOR_SHARES, a rough split of our own (stationary energy 60 %, transportation 30 %,
   waste 10 %). No shipped table has sector figures of cities; the shares are an assumption stated
   in every estimate row, not a measurement.
4. rows: one row per BASIC sector at its anchor reference number (ANCHOR_REFS) with the sector's
   tonnes as reported CO2e, data quality "L" and the method in its explanation; every other BASIC
   reference number of the sector gets the notation key IE ("included elsewhere") naming the anchor.

No accuracy is claimed: the figure only shows the order of magnitude until local data replace it.
Codes only; words are made at the edge (i18n/first_inventory_labels.py). Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final

import numpy as np

from citypact.domain.gpc import GPC_REFS

ESTIMATE_SOURCE: Final = "citypact first estimate"  # the `source` of every row the estimate writes
BASIC_SECTORS: Final = ("I", "II", "III")
MIN_CITIES: Final = 3  # fewer reported cities at a level: the next wider level is used
LEVELS: Final = ("country", "region", "world")
SECTOR_SHARES: Final[Mapping[str, float]] = MappingProxyType({"I": 0.60, "II": 0.30, "III": 0.10})
ANCHOR_REFS: Final[Mapping[str, str]] = MappingProxyType({"I": "I.6.1", "II": "II.1.1", "III": "III.1.1"})
MAX_POPULATION: Final = 100_000_000

# Per BASIC subsector: the activity data it needs (a code) and where cities usually get them.
DATA_NEEDS: Final[Mapping[str, tuple[str, tuple[str, ...]]]] = MappingProxyType(
    {
        "I.1": ("building_energy", ("utility_bills", "grid_operator", "gas_supplier", "fuel_sales")),
        "I.2": ("building_energy", ("utility_bills", "grid_operator", "gas_supplier", "municipal_energy")),
        "I.3": ("industry_energy", ("grid_operator", "gas_supplier", "industry_register")),
        "I.4": ("plant_auxiliary_energy", ("plant_operators",)),
        "I.5": ("farm_energy", ("fuel_sales", "agriculture_statistics")),
        "I.6": ("other_energy", ("energy_balance",)),
        "I.7": ("fugitive_coal", ("mining_operators",)),
        "I.8": ("fugitive_gas", ("gas_supplier",)),
        "II.1": ("road_transport", ("traffic_counts", "fuel_sales", "transit_operator")),
        "II.2": ("rail_transport", ("rail_operator",)),
        "II.3": ("waterborne_transport", ("port_statistics",)),
        "II.4": ("aviation", ("airport_statistics",)),
        "II.5": ("off_road", ("fuel_sales", "machinery_stock")),
        "III.1": ("solid_waste", ("waste_statistics", "landfill_operator")),
        "III.2": ("biological_treatment", ("waste_statistics",)),
        "III.3": ("incineration", ("waste_statistics", "incinerator_operator")),
        "III.4": ("wastewater", ("wastewater_utility",)),
    }
)
SOURCE_CODES: Final = tuple(sorted({code for _, codes in DATA_NEEDS.values() for code in codes}))
NEED_CODES: Final = tuple(sorted({need for need, _ in DATA_NEEDS.values()}))

# Checklist states of a subsector.
STATES: Final = ("missing", "estimate", "local")


@dataclass(frozen=True)
class GuideStep:
    """One BASIC subsector of the guided path: its BASIC reference numbers, the data, the sources."""

    subsector: str
    sector: str
    refs: tuple[str, ...]
    need: str
    sources: tuple[str, ...]


def guide_steps() -> tuple[GuideStep, ...]:
    """The BASIC subsectors in GPC order, each with its BASIC reference numbers and data sources."""
    steps: list[GuideStep] = []
    for subsector, (need, sources) in DATA_NEEDS.items():
        refs = tuple(r.ref for r in GPC_REFS.values() if r.subsector == subsector and r.in_basic)
        steps.append(GuideStep(subsector, subsector.split(".")[0], refs, need, sources))
    return tuple(steps)


@dataclass(frozen=True)
class FirstEstimate:
    level: str  # LEVELS: whose cities' median was used
    cities: int  # reported cities the median is of
    per_capita_t: float
    population: int
    total_t: float
    by_sector: dict[str, float]  # t CO2e per BASIC sector


def median_per_capita(values: Sequence[float]) -> float:
    """The median of the finite, positive values (t per person)."""
    array = np.asarray(values, dtype=np.float64)
    array = array[np.isfinite(array) & (array > 0)]
    if array.size == 0:
        raise ValueError("no reported per-capita emissions to take the median of")
    return float(np.median(array))


def first_estimate(levels: Sequence[tuple[str, Sequence[float]]], population: int) -> FirstEstimate:
    """The estimate from the first level (country, region, world) with MIN_CITIES usable values."""
    if not 0 < population <= MAX_POPULATION:
        raise ValueError(f"population must be from 1 to {MAX_POPULATION:,}")
    for level, values in levels:
        usable = [v for v in values if np.isfinite(v) and v > 0]
        if len(usable) >= MIN_CITIES:
            per_capita = median_per_capita(usable)
            total = per_capita * population
            by_sector = {sector: total * share for sector, share in SECTOR_SHARES.items()}
            return FirstEstimate(level, len(usable), per_capita, population, total, by_sector)
    raise ValueError(f"fewer than {MIN_CITIES} reported cities at every level")


def method_text(estimate: FirstEstimate, sector: str, country: str) -> str:
    """The method of a sector's estimate row, with its figures (stored in the row's explanation)."""
    share = SECTOR_SHARES[sector]
    return (
        f"First estimate, data quality low: median reported per-capita emissions of {estimate.cities}"
        f" cities ({estimate.level}: {country if estimate.level == 'country' else estimate.level}) in"
        f" the citypact benchmark panel, {estimate.per_capita_t:.3f} t per person, x population"
        f" {estimate.population:,} = {estimate.total_t:,.1f} t; sector {sector} share {share:.0%} (an"
        " assumed split, not measured). Replace with local data."
    )


def estimate_rows(estimate: FirstEstimate, country: str, gwp: str) -> list[dict[str, Any]]:
    """The inventory rows of an estimate: an anchor row per BASIC sector, IE for the sector's other
    BASIC reference numbers (activity record fields)."""
    rows: list[dict[str, Any]] = []
    for sector in BASIC_SECTORS:
        anchor = ANCHOR_REFS[sector]
        for entry in GPC_REFS.values():
            if entry.sector != sector or not entry.in_basic:
                continue
            if entry.ref == anchor:
                rows.append(
                    {
                        "gpc_ref": anchor,
                        "reported_co2e_t": estimate.by_sector[sector],
                        "reported_gwp": gwp,
                        "data_quality": "L",
                        "source": ESTIMATE_SOURCE,
                        "explanation": method_text(estimate, sector, country),
                    }
                )
            else:
                rows.append(
                    {
                        "gpc_ref": entry.ref,
                        "notation_key": "IE",
                        "data_quality": "L",
                        "source": ESTIMATE_SOURCE,
                        "explanation": f"Included in the first estimate at {anchor}; replace with"
                        " local data.",
                    }
                )
    return rows


@dataclass(frozen=True)
class ChecklistItem:
    subsector: str
    state: str  # STATES
    estimate_rows: int
    local_rows: int


def checklist(rows: Sequence[tuple[str, str | None]]) -> tuple[ChecklistItem, ...]:
    """Per BASIC subsector, from the inventory's rows as (gpc_ref, source): "local" when any row is
    not the estimate's, "estimate" when all are, "missing" when there is none."""
    counts: dict[str, list[int]] = {subsector: [0, 0] for subsector in DATA_NEEDS}
    for ref, source in rows:
        entry = GPC_REFS.get(ref.strip().upper())
        if entry is None or entry.subsector not in counts:
            continue
        counts[entry.subsector][0 if source == ESTIMATE_SOURCE else 1] += 1
    items = []
    for subsector, (estimated, local) in counts.items():
        state = "local" if local else "estimate" if estimated else "missing"
        items.append(ChecklistItem(subsector, state, estimated, local))
    return tuple(items)


def local_share(items: Sequence[ChecklistItem]) -> float:
    """The share of BASIC subsectors with local data (0 .. 1)."""
    return sum(item.state == "local" for item in items) / len(items) if items else 0.0
