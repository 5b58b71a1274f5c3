"""Plausibility warnings of an inventory as it is now, and their acknowledgement with a reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.plausibility import (
    InventoryWarning,
    duplicate_rows,
    per_capita_warnings,
)
from citypact.reference.plausibility import per_capita_ranges
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotFound
from citypact.services.inventory import inventories  # _calculate through the package: tests swap it there
from citypact.services.inventory.calc import InventoryCalculation
from citypact.services.inventory.inventories.basis import _can_verify, _population, activity_frame
from citypact.services.registry.city_edits import check_can_edit
from citypact.services.text_input import check_texts
from citypact.storage.models import (
    City,
    Inventory,
    InventoryWarningAck,
)


@dataclass(frozen=True)
class WarningView:
    """A plausibility warning of the inventory as it is now, and its acknowledgement if any."""

    warning: InventoryWarning
    key: str
    reason: str | None = None  # the acknowledgement's reason; None: open
    acknowledged_at: dt.datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.reason is None


def _warnings(
    session: Session, inventory: Inventory, city: City, computed: InventoryCalculation
) -> list[WarningView]:
    """The inventory's plausibility warnings now, each with its acknowledgement if it has one."""
    t = computed.totals
    found = [
        *duplicate_rows(computed.rows),
        *per_capita_warnings(
            {"basic": t.basic, "scope1": t.scope1}, _population(inventory, city), per_capita_ranges()
        ),
    ]
    acks = {
        a.warning_key: a
        for a in session.scalars(
            select(InventoryWarningAck).where(InventoryWarningAck.inventory_id == inventory.id)
        )
    }
    views = []
    for warning in found:
        ack = acks.get(warning.key)
        views.append(
            WarningView(warning, warning.key, ack.reason if ack else None, ack.created_at if ack else None)
        )
    return views


def _current_warnings(session: Session, inventory: Inventory) -> list[WarningView]:
    """The warnings of the inventory's stored rows, computed now (verification, acknowledgement)."""
    city = session.get(City, inventory.city_id)
    assert city is not None  # foreign key
    computed = inventories._calculate(inventory, city, activity_frame(session, inventory.id))
    return _warnings(session, inventory, city, computed)


def describe(warning: InventoryWarning) -> str:
    """A warning in plain English for error messages and the CLI; pages render their own words."""
    f = warning.figures
    if warning.code == "duplicate_rows":
        rows = ", ".join(str(r) for r in warning.rows)
        return f"rows {rows} repeat {f['gpc_ref']}, {f['fuel']}, {f['amount']:g} {f['unit']}"
    direction = "above" if warning.code == "per_capita_high" else "below"
    return (
        f"{f['metric']} is {f['per_capita_t']:.3g} t CO2e per inhabitant, {direction}"
        f" {f['bound_t']:.3g} (cities seen: {f['seen_low_t']:.3g} to {f['seen_high_t']:.3g})"
    )


def acknowledge_warning(
    session: Session, actor: Actor, inventory_id: int, warning_key: str, reason: str
) -> InventoryWarningAck:
    """Acknowledge one of the inventory's current warnings with a reason (its editors and
    verifiers, before verification); audited. A key no current warning has is refused: the data
    changed since the warning was shown."""
    inventory = session.get(Inventory, inventory_id)
    if inventory is None:
        raise NotFound("inventory", inventory_id)
    if not (actor.can_edit_city(inventory.city_id) or _can_verify(session, actor, inventory.city_id)):
        check_can_edit(session, actor, inventory.city_id)  # not authenticated / not allowed / hidden
    if inventory.status == "verified":
        raise Conflict("The inventory is verified; return it to draft to look at its warnings again.")
    check_texts({"reason": reason}, multiline=("reason",))
    text = reason.strip()
    if not 3 <= len(text) <= 1000:
        raise InvalidInput("reason", "say in 3 to 1,000 characters why the figure is right.")
    current = {w.key: w for w in _current_warnings(session, inventory)}
    found = current.get(warning_key)
    if found is None:
        raise InvalidInput(
            "warning_key",
            "the inventory has no such warning now (its data may have changed); reload it and"
            " acknowledge the warnings it shows.",
        )
    if not found.is_open:
        raise Conflict("This warning is acknowledged already.")
    ack = InventoryWarningAck(
        inventory_id=inventory_id,
        warning_key=warning_key,
        code=found.warning.code,
        reason=text,
        user_id=actor.user_id,
    )
    session.add(ack)
    session.flush()
    audit.record(
        session,
        actor,
        "acknowledge",
        "inventory",
        inventory_id,
        city_id=inventory.city_id,
        after={"warning": warning_key, "code": found.warning.code, "reason": text},
    )
    return ack
