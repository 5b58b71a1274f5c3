"""Waste-sector estimates (GPC III) with the IPCC 2006 Vol. 5 methods, stored as inventory rows.

A method computes tonnes of CH4, N2O and fossil CO2 from its parameters (domain.waste); the row
keeps the method and every parameter in its explanation, so the figure can be checked and redone.
Biogenic CO2 of incineration and open burning goes to the inventory's biogenic memo total (column
reported_biogenic_co2_t; it enters no other total) and is named in the explanation.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy.orm import Session

from citypact.domain import waste
from citypact.domain.access import Actor
from citypact.domain.gpc import GPC_REFS
from citypact.services.errors import InvalidInput
from citypact.services.inventory.inventories import (
    check_editable,
    prepare_activity,
    save_activity,
    store_activity,
)
from citypact.storage.db import Database
from citypact.storage.models import ActivityRecord

# A first-order-decay series starts no earlier: IPCC 2006 Vol. 5 asks for 50 years of disposal
# history; 1900 leaves room for more while keeping the series (and its convolution) small.
FOD_FIRST_YEAR: Final = 1900


@dataclass(frozen=True)
class WasteMethod:
    subsector: str  # the GPC subsector whose rows it fills
    label: str
    compute: Callable[..., waste.WasteEmissions]
    amount: Callable[[Mapping[str, Any]], float | None]  # tonnes treated, for the row's amount


def _total(key: str) -> Callable[[Mapping[str, Any]], float | None]:
    def amount(parameters: Mapping[str, Any]) -> float | None:
        value = parameters.get(key)
        if isinstance(value, Mapping):
            return float(sum(value.values()))
        return float(value) if isinstance(value, int | float) else None

    return amount


METHODS: Final[dict[str, WasteMethod]] = {
    "methane_commitment": WasteMethod(
        "III.1", "landfill, methane commitment", waste.methane_commitment_ch4, _total("landfilled_t")
    ),
    "first_order_decay": WasteMethod(
        "III.1", "landfill, first-order decay", waste.fod_ch4_in_year, lambda p: None
    ),
    "biological_treatment": WasteMethod(
        "III.2", "biological treatment", waste.biological_treatment, _total("treated_t")
    ),
    "incineration": WasteMethod("III.3", "incineration", waste.incineration, _total("waste_t")),
    "open_burning": WasteMethod("III.3", "open burning", waste.open_burning, _total("waste_t")),
    "wastewater_ch4": WasteMethod(
        "III.4", "domestic wastewater, CH4", waste.domestic_wastewater_ch4, lambda p: None
    ),
    "wastewater_n2o": WasteMethod(
        "III.4", "wastewater effluent, N2O", waste.wastewater_effluent_n2o, lambda p: None
    ),
}


# Keyword arguments of the domain methods that hold their reference tables (dataclasses, nested
# factors), for tests and other code; a request's JSON cannot give them in their form.
INTERNAL_PARAMETERS: Final = frozenset({"properties", "factors"})


def estimate(method: str, parameters: Mapping[str, Any]) -> waste.WasteEmissions:
    """Run a waste method; bad parameters become InvalidInput naming the parameter and the fix."""
    if method not in METHODS:
        raise InvalidInput("method", f"unknown waste method; use one of {', '.join(METHODS)}.")
    internal = sorted(set(parameters) & INTERNAL_PARAMETERS)
    if internal:
        raise InvalidInput("parameters", f"{internal[0]} is the method's own table; leave it out.")
    try:
        return METHODS[method].compute(**parameters)
    except TypeError as error:  # an unknown or missing keyword
        raise InvalidInput(
            "parameters", f"{error}; see the method's parameters in the API description."
        ) from None
    except (ValueError, KeyError) as error:
        raise InvalidInput("parameters", str(error).strip("'\"")) from None


def _year_parameter(parameters: Mapping[str, Any], name: str, low: int, high: int) -> int:
    value = parameters.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(f"parameters.{name}", f"give a year from {low} to {high}.")
    return value


def check_bounds(method: str, parameters: Mapping[str, Any]) -> None:
    """Refuse parameters that would size a computation without bound (a first-order-decay series
    from year -676976 once held the write lock for 47 s), naming the parameter and the range."""
    if method != "first_order_decay":
        return  # the other methods compute a fixed number of terms
    last = dt.date.today().year + 1
    start = _year_parameter(parameters, "start_year", FOD_FIRST_YEAR, last)
    _year_parameter(parameters, "inventory_year", start, last)
    deposits = parameters.get("deposited_t")
    most = last - start + 1
    if isinstance(deposits, Sequence) and not isinstance(deposits, str) and len(deposits) > most:
        raise InvalidInput(
            "parameters.deposited_t",
            f"give at most {most} yearly amounts, one per year from start_year {start} to {last}.",
        )


def prepare_waste_estimate(
    session: Session,
    actor: Actor,
    inventory_id: int,
    *,
    method: str,
    gpc_ref: str,
    parameters: Mapping[str, Any],
    source: str,
    data_quality: str | None = None,
) -> dict[str, Any]:
    """The inventory row of a waste method's result: the actor is authorized first, then the
    parameters are bounded and the method computed (needs only a read session)."""
    inventory = check_editable(session, actor, inventory_id)
    ref = gpc_ref.strip().upper()
    if (
        method in METHODS
        and GPC_REFS.get(ref) is not None
        and GPC_REFS[ref].subsector != METHODS[method].subsector
    ):
        raise InvalidInput(
            "gpc_ref",
            f"{method} fills subsector {METHODS[method].subsector}; use e.g. {METHODS[method].subsector}.1.",
        )
    if not source.strip():
        raise InvalidInput(
            "source", "say where the waste figures come from (e.g. the waste statistics of 2022)."
        )
    params = dict(parameters)
    if method == "first_order_decay":
        params.setdefault("inventory_year", inventory.year)
    check_bounds(method, params)
    result = estimate(method, params)
    described = json.dumps(params, sort_keys=True, ensure_ascii=False)
    biogenic = f"; biogenic CO2 {result.co2_biogenic_t:.3f} t (memo)" if result.co2_biogenic_t else ""
    return {
        "gpc_ref": ref,
        "fuel": METHODS[method].label,
        "amount": METHODS[method].amount(params),
        "unit": "t",
        "source": source,
        "data_quality": data_quality,
        "explanation": f"IPCC 2006 Vol. 5, {METHODS[method].label}: {described}{biogenic}",
        "reported_co2_t": result.co2_fossil_t,
        "reported_ch4_t": result.ch4_t,
        "reported_n2o_t": result.n2o_t,
        "reported_biogenic_co2_t": result.co2_biogenic_t or None,
    }


def add_waste_estimate(
    session: Session, actor: Actor, inventory_id: int, **estimate_fields: Any
) -> ActivityRecord:
    """Compute a waste method and add its result to a draft inventory as one row (one session)."""
    fields = prepare_waste_estimate(session, actor, inventory_id, **estimate_fields)
    return save_activity(session, actor, inventory_id, fields)


def record_waste_estimate(db: Database, actor: Actor, inventory_id: int, **estimate_fields: Any) -> int:
    """`add_waste_estimate` with the method and the inventory computed in a read session: the write
    transaction only stores the row (the actor is authorized again there)."""
    with db.read() as session:
        fields = prepare_waste_estimate(session, actor, inventory_id, **estimate_fields)
        prepared = prepare_activity(session, actor, inventory_id, fields)
    with db.write() as session:
        return store_activity(session, actor, prepared).id
