"""III.1 solid waste disposal (Vol. 5 ch. 3): first-order decay (eq. 3.1, 3.4-3.6) and the GPC's
methane commitment, with the tables of chapter 3.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

import numpy as np
import numpy.typing as npt

from citypact.domain.waste.common import (
    C_TO_CH4,
    SHARE_TOLERANCE,
    Column,
    WasteEmissions,
    _amount,
    _fraction,
    _lookup,
    _series,
    _shares,
)
from citypact.domain.waste.materials import DOC_CONTENT, GPC_DOC_WEIGHTS

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
