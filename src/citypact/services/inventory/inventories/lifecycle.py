"""An inventory's life: created as a draft, recalculated, submitted, verified, returned to draft."""

from __future__ import annotations

import datetime as dt
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.reference.factor_library import GWP_SETS, default_library, gwp_code
from citypact.services import audit
from citypact.services.errors import Conflict, Incomplete, InvalidInput, NotFound, require
from citypact.services.inventory.calc import InventoryCalculation, calculate
from citypact.services.inventory.inventories.basis import (
    STANDARDS,
    STATUSES,
    _can_verify,
    _current_result,
    _editable,
    _incomplete,
    _store_result,
    activity_frame,
)
from citypact.services.inventory.inventories.plausibility import _current_warnings, describe
from citypact.services.registry.city_edits import check_can_edit
from citypact.services.versions import check_version, flush_checked
from citypact.storage.db import Database
from citypact.storage.models import (
    City,
    Inventory,
    InventoryResult,
    utcnow,
)


def create_inventory(
    session: Session,
    actor: Actor,
    city_id: int,
    *,
    year: int,
    gwp: str = "AR5",
    standard: str = "BASIC",
    boundary: str = "",
    population: int | None = None,
) -> Inventory:
    """A new, empty draft inventory of `city_id` for `year`."""
    check_can_edit(session, actor, city_id)
    this_year = dt.date.today().year
    if not 1990 <= year <= this_year:
        raise InvalidInput("year", f"give an inventory year from 1990 to {this_year}.")
    code = gwp_code(gwp)
    if code is None:
        raise InvalidInput("gwp", f"use one of {', '.join(GWP_SETS)}.")
    if standard.upper() not in STANDARDS:
        raise InvalidInput("standard", "use BASIC or BASIC+.")
    if population is not None and population <= 0:
        raise InvalidInput("population", "give the number of inhabitants, more than 0.")
    exists = session.scalar(select(Inventory.id).where(Inventory.city_id == city_id, Inventory.year == year))
    if exists is not None:
        raise Conflict(f"This city already has an inventory for {year} (id {exists}).")
    inventory = Inventory(
        city_id=city_id,
        year=year,
        gwp=code,
        standard=standard.upper(),
        status="draft",
        factor_library=default_library().label,
        boundary=boundary.strip(),
        population=population,
    )
    session.add(inventory)
    session.flush()
    after = {"year": year, "gwp": inventory.gwp, "standard": inventory.standard, "population": population}
    audit.record(session, actor, "create", "inventory", inventory.id, city_id=city_id, after=after)
    return inventory


# Who may move an inventory from one status to another.
_TRANSITIONS: Final = {
    ("draft", "submitted"): "editor",
    ("submitted", "draft"): "editor",
    ("submitted", "verified"): "verifier",
    ("verified", "draft"): "verifier",
}


def set_status(
    session: Session, actor: Actor, inventory_id: int, status: str, *, expected_version: int | None = None
) -> Inventory:
    """Submit a draft, verify a submitted inventory, or return it to draft; with
    `expected_version`, only the inventory as the actor saw it (services.versions)."""
    inventory = session.get(Inventory, inventory_id)
    if inventory is None:
        raise NotFound("inventory", inventory_id)
    if not (actor.can_edit_city(inventory.city_id) or _can_verify(session, actor, inventory.city_id)):
        check_can_edit(session, actor, inventory.city_id)  # refused before the status is even read
    who = _TRANSITIONS.get((inventory.status, status))
    if status not in STATUSES or who is None:
        allowed = [b for (a, b) in _TRANSITIONS if a == inventory.status]
        raise InvalidInput(
            "status", f"from {inventory.status} the inventory can go to {' or '.join(allowed)}."
        )
    if who == "editor":
        check_can_edit(session, actor, inventory.city_id)
    else:
        require(
            _can_verify(session, actor, inventory.city_id),
            actor.is_authenticated,
            "Verification is for administrators and the secretariats of the city's networks.",
        )
    if (
        status == "submitted"
        and _current_result(session, inventory_id) is None
        and inventory.reported is None
    ):
        raise Incomplete(
            "An inventory without activity data cannot be submitted; import or enter its data first.",
            _incomplete(inventory, activity_frame(session, inventory_id)),
        )
    if status == "submitted":
        missing = _incomplete(inventory, activity_frame(session, inventory_id))
        if missing:
            raise Incomplete(
                f"The {inventory.standard} inventory cannot be submitted: {len(missing)} reference"
                f" numbers have neither an amount nor a notation key: {', '.join(missing)}. Give each"
                " an amount, or a notation key with its explanation (NO not occurring; IE included"
                " elsewhere, saying where; NE not estimated, saying why; C confidential).",
                missing,
            )
    if status == "verified":
        still_open = [w for w in _current_warnings(session, inventory) if w.is_open]
        if still_open:
            raise Conflict(
                f"The inventory cannot be verified while {len(still_open)} warnings are not"
                f" acknowledged: {'; '.join(describe(w.warning) for w in still_open)}. Check each,"
                " then acknowledge it with a reason on the inventory page (API: POST"
                f" /api/v1/inventories/{inventory_id}/warnings/<key>/acknowledge)."
            )
    check_version("inventory", inventory_id, inventory.version, expected_version)
    before = {"status": inventory.status}
    inventory.status = status
    inventory.updated_at = utcnow()
    flush_checked(session, "inventory", inventory_id, expected_version)
    audit.record(
        session,
        actor,
        "status",
        "inventory",
        inventory_id,
        city_id=inventory.city_id,
        before=before,
        after={"status": status},
    )
    return inventory


def _recalculated(
    session: Session, inventory: Inventory, city: City, gwp: str | None
) -> tuple[str, InventoryCalculation]:
    chosen = inventory.gwp if gwp is None else gwp_code(gwp)
    if chosen is None:
        raise InvalidInput("gwp", f"use one of {', '.join(GWP_SETS)}.")
    activities = activity_frame(session, inventory.id)
    return chosen, calculate(activities, country=city.country, year=inventory.year, gwp=chosen)


def recalculate(
    session: Session,
    actor: Actor,
    inventory_id: int,
    *,
    gwp: str | None = None,
    prepared: tuple[InventoryCalculation, tuple[dt.datetime | None, str]] | None = None,
) -> InventoryResult:
    """Compute again with the current factor library (and optionally another GWP set); the earlier
    result is kept for comparison. `prepared` is the calculation and the inventory's basis as
    computed in a read session (`recompute`)."""
    inventory, city = _editable(session, actor, inventory_id)
    before = {"gwp": inventory.gwp, "factor_library": inventory.factor_library}
    chosen = inventory.gwp if gwp is None else gwp_code(gwp)
    if chosen is None:
        raise InvalidInput("gwp", f"use one of {', '.join(GWP_SETS)}.")
    if prepared and prepared[1] == (inventory.updated_at, inventory.gwp):
        computed = prepared[0]
    else:
        chosen, computed = _recalculated(session, inventory, city, gwp)
    inventory.gwp = chosen
    result = _store_result(session, inventory, computed)
    after = {
        "gwp": inventory.gwp,
        "factor_library": result.factor_library,
        "basic": result.basic,
        "other_gwp": result.other_gwp,
    }
    audit.record(
        session, actor, "recalculate", "inventory", inventory_id, city_id=city.id, before=before, after=after
    )
    return result


def recompute(db: Database, actor: Actor, inventory_id: int, *, gwp: str | None = None) -> None:
    """`recalculate` with the calculation done in a read session; the write transaction stores it."""
    with db.read() as session:
        inventory, city = _editable(session, actor, inventory_id)
        _, computed = _recalculated(session, inventory, city, gwp)
        basis = (inventory.updated_at, inventory.gwp)
    with db.write() as session:
        recalculate(session, actor, inventory_id, gwp=gwp, prepared=(computed, basis))
