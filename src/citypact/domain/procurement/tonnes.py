"""The tonnes of CO2e a bid causes, through the inventory engine (domain.calculation).

Each yearly energy use of each bid becomes a row of an activity table (carrier as fuel, amount,
unit, a GPC reference number for the IPCC table), computed with the platform's factor library for
the buyer's country and year, exactly as an inventory's rows are. A carrier the library has no
factor for is an ActivityErrors naming the bid file's row, never a silent zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from citypact.domain.activity import ActivityErrors, ActivityProblem, as_activity_table
from citypact.domain.calculation import compute_emissions
from citypact.domain.emissions import GwpSet
from citypact.domain.factor_library import GRID_CARRIERS, FactorLibrary, fuel_key
from citypact.domain.procurement.bids import Bid
from citypact.domain.procurement.result import TonneSource

FloatArray = npt.NDArray[np.float64]

# Where a bid file names no GPC reference number: commercial and institutional buildings, the
# municipal buyer's own use (I.2.1 fuel combustion, I.2.2 grid-supplied energy).
DEFAULT_FUEL_REF = "I.2.1"
DEFAULT_GRID_REF = "I.2.2"
# The engine's column names as the bid file spells them.
BID_COLUMN = {"fuel": "energy_carrier", "unit": "energy_unit", "amount": "energy_per_year"}


def default_gpc_ref(carrier: str) -> str:
    return DEFAULT_GRID_REF if fuel_key(carrier) in GRID_CARRIERS else DEFAULT_FUEL_REF


@dataclass(frozen=True)
class BidTonnes:
    """Per bid (in the order given): yearly tonnes of CO2e, embodied tonnes, and their sources."""

    yearly_t_co2e: FloatArray
    embodied_t_co2e: FloatArray
    sources: tuple[tuple[TonneSource, ...], ...]
    gwp: str
    factor_library: str


def _optional(value: object) -> float | None:
    return None if value is None else float(str(value))


def bid_tonnes(
    bids: Sequence[Bid], library: FactorLibrary, gwp: GwpSet, *, country: str, year: int
) -> BidTonnes:
    """Tonnes of every bid: its energy uses through the engine, plus its declared embodied tonnes."""
    owners: list[int] = []
    records: list[dict[str, object]] = []
    for index, bid in enumerate(bids):
        for number, use in enumerate(bid.energy):
            owners.append(index)
            records.append(
                {
                    # The engine names rows by this number: the bid file's row where known.
                    "row": use.row if use.row is not None else index * 1000 + number,
                    "gpc_ref": use.gpc_ref or default_gpc_ref(use.carrier),
                    "fuel": use.carrier,
                    "amount": float(use.amount_per_year),
                    "unit": use.unit,
                }
            )
    yearly = np.zeros(len(bids))
    sources: list[list[TonneSource]] = [[] for _ in bids]
    if records:
        table = as_activity_table(pl.DataFrame(records))
        try:
            rows = compute_emissions(table, library, gwp, country=country, year=year)
        except ActivityErrors as errors:
            problems = [
                ActivityProblem(p.row, BID_COLUMN.get(p.column, p.column), p.message) for p in errors.problems
            ]
            raise ActivityErrors(problems, errors.total) from None
        co2e = rows["co2e_t"].fill_null(0.0).to_numpy()
        np.add.at(yearly, np.asarray(owners, dtype=np.int64), co2e)
        for owner, record, values in zip(owners, records, rows.iter_rows(named=True), strict=True):
            amount = float(str(record["amount"]))
            tonnes = float(values["co2e_t"] or 0.0)
            sources[owner].append(
                TonneSource(
                    carrier=str(record["fuel"]),
                    amount_per_year=amount,
                    unit=str(record["unit"]),
                    gpc_ref=str(record["gpc_ref"]),
                    co2_t_per_year=_optional(values["CO2_t"]),
                    ch4_t_per_year=_optional(values["CH4_t"]),
                    n2o_t_per_year=_optional(values["N2O_t"]),
                    co2e_t_per_year=tonnes,
                    t_co2e_per_unit=tonnes / amount if amount else None,
                    gwp=gwp.name,
                    factor_kind=str(values["factor_kind"]),
                    factor_source=str(values["factor_source"]),
                    factor_year=year,
                    row=int(values["row"]),
                )
            )
    embodied = np.array([float(bid.embodied_t_co2e) for bid in bids], dtype=np.float64)
    for index, bid in enumerate(bids):
        if bid.embodied_t_co2e:
            sources[index].append(
                TonneSource(
                    carrier="embodied",
                    amount_per_year=0.0,
                    unit="t CO2e",
                    gpc_ref=None,
                    co2_t_per_year=None,
                    ch4_t_per_year=None,
                    n2o_t_per_year=None,
                    co2e_t_per_year=0.0,
                    t_co2e_per_unit=None,
                    gwp=gwp.name,
                    factor_kind="declared",
                    factor_source=f"declared by {bid.supplier}: {bid.embodied_t_co2e:g} t CO2e in year 0",
                    factor_year=year,
                    row=bid.row,
                )
            )
    return BidTonnes(yearly, embodied, tuple(tuple(s) for s in sources), gwp.name, library.label)
