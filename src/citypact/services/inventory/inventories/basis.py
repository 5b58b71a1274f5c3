"""Who may read, edit and verify an inventory; its stored rows as an activity table; its
calculation and the stored result of it. What the other modules of the package stand on.
"""

from __future__ import annotations

from typing import Final

import polars as pl
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.activity import ACTIVITY_SCHEMA
from citypact.domain.plausibility import (
    missing_refs,
)
from citypact.services.errors import Conflict, NotFound
from citypact.services.inventory.calc import InventoryCalculation, calculate
from citypact.services.registry.city_edits import check_can_edit
from citypact.storage.models import (
    ActivityRecord,
    City,
    Inventory,
    InventoryResult,
    NetworkMember,
    utcnow,
)

STATUSES: Final = ("draft", "submitted", "verified")


STANDARDS: Final = ("BASIC", "BASIC+")


PUBLIC_STATUSES: Final = ("submitted", "verified")


RECORD_FIELDS: Final = tuple(c for c in ACTIVITY_SCHEMA if c != "row")


# Rows an inventory holds at most: its computation runs on every change (a city's inventory is a
# few hundred rows; the 100,000-row template import is the bench's case).
MAX_ROWS: Final = 500_000


TOTAL_FIELDS: Final = ("basic", "basic_plus", "territorial", "scope1", "scope2", "scope3", "biogenic_co2")


def _network_ids(session: Session, city_id: int) -> list[int]:
    """Networks whose secretariats read the city's drafts and verify: memberships it confirmed."""
    return list(
        session.scalars(
            select(NetworkMember.network_id).where(
                NetworkMember.city_id == city_id, NetworkMember.confirmed_at.is_not(None)
            )
        )
    )


def _can_read_drafts(session: Session, actor: Actor, city_id: int) -> bool:
    return actor.can_read_city_internals(city_id, _network_ids(session, city_id))


def _can_verify(session: Session, actor: Actor, city_id: int) -> bool:
    return actor.is_admin or any(actor.runs_network(n) for n in _network_ids(session, city_id))


def _current_result(session: Session, inventory_id: int) -> InventoryResult | None:
    return session.scalar(
        select(InventoryResult).where(
            InventoryResult.inventory_id == inventory_id, InventoryResult.is_current
        )
    )


def _readable(session: Session, actor: Actor, inventory_id: int) -> tuple[Inventory, City]:
    inventory = session.get(Inventory, inventory_id)
    if inventory is None:
        raise NotFound("inventory", inventory_id)
    city = session.get(City, inventory.city_id)
    assert city is not None  # foreign key
    public = city.is_published and inventory.status in PUBLIC_STATUSES
    if not public and not _can_read_drafts(session, actor, city.id):
        raise NotFound("inventory", inventory_id)  # drafts are not even acknowledged to outsiders
    return inventory, city


def _editable(session: Session, actor: Actor, inventory_id: int) -> tuple[Inventory, City]:
    inventory = session.get(Inventory, inventory_id)
    if inventory is None:
        raise NotFound("inventory", inventory_id)
    city = check_can_edit(session, actor, inventory.city_id)
    if inventory.status != "draft":
        raise Conflict(
            f"The {inventory.year} inventory is {inventory.status}; return it to draft before changing it."
        )
    return inventory, city


def check_editable(session: Session, actor: Actor, inventory_id: int) -> Inventory:
    """The inventory, if the actor may change it now; checked before any work on a change (an
    import's file, a waste method): no such inventory, not the actor's, or not a draft."""
    return _editable(session, actor, inventory_id)[0]


def activity_frame(session: Session, inventory_id: int) -> pl.DataFrame:
    """The inventory's activity records as an activity table (column `row` = record id)."""
    # Plain column rows, not ORM objects: an inventory may hold 100,000 rows.
    columns = [ActivityRecord.id, *(getattr(ActivityRecord, name) for name in RECORD_FIELDS)]
    rows = session.execute(
        select(*columns).where(ActivityRecord.inventory_id == inventory_id).order_by(ActivityRecord.position)
    ).all()
    return pl.DataFrame(rows, schema=ACTIVITY_SCHEMA, orient="row")


def _calculate(inventory: Inventory, city: City, activities: pl.DataFrame) -> InventoryCalculation:
    return calculate(activities, country=city.country, year=inventory.year, gwp=inventory.gwp)


def _population(inventory: Inventory, city: City) -> int | None:
    """The inventory's population, else the registry's latest figure of the city."""
    return inventory.population or city.population


def _incomplete(inventory: Inventory, activities: pl.DataFrame) -> list[str]:
    """Reference numbers the inventory's standard requires that no row reports or explains. An
    inventory of totals reported elsewhere (no activity rows) is that report as given."""
    if activities.is_empty() and inventory.reported is not None:
        return []
    return missing_refs(activities, inventory.standard)


def _store_result(session: Session, inventory: Inventory, computed: InventoryCalculation) -> InventoryResult:
    """Record a calculation as the inventory's current result; earlier results stay, no longer current."""
    session.execute(
        update(InventoryResult).where(InventoryResult.inventory_id == inventory.id).values(is_current=False)
    )
    t = computed.totals
    result = InventoryResult(
        inventory_id=inventory.id,
        factor_library=computed.library.label,
        gwp=t.gwp,
        is_current=True,
        **{f: getattr(t, f) for f in TOTAL_FIELDS},
        scope2_market=t.scope2_market,
        by_ref=t.by_ref,
        by_gas=t.by_gas,
        other_gwp=t.other_gwp or None,
    )
    session.add(result)
    inventory.factor_library = computed.library.label
    inventory.updated_at = utcnow()
    session.flush()
    return result
