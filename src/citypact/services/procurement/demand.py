"""Each participating city's demand per lot: its own editors state and change it (and nobody
else's, not even the lead buyer's) while the group is forming; the operator may set it too. The
group's totals per lot are in services.procurement.views."""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.procurement.phases import check_forming
from citypact.services import audit
from citypact.services.errors import InvalidInput, require
from citypact.services.input import clean_flag, clean_text, clean_year
from citypact.services.procurement.loading import check_active, city_by_id, load, lot_of, rules, touch
from citypact.services.versions import check_version, flush_checked
from citypact.storage.models import utcnow
from citypact.storage.procurement import ProcurementDemand

MAX_QUANTITY: Final = 1e12
MAX_MINOR: Final = 10**15  # ten trillion in a currency with cents: more than any city's budget
FIRST_YEAR: Final = 2000
LAST_YEAR: Final = 2100


def _quantity(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise InvalidInput("quantity", "give the quantity as a number, in the lot's unit.")
    if not 0 <= value <= MAX_QUANTITY:
        raise InvalidInput("quantity", f"give a quantity from 0 to {MAX_QUANTITY:.0e}.")
    return float(value)


def _minor(field: str, value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_MINOR:
        raise InvalidInput(
            field, "give the amount in minor units (cents for EUR), a whole number of 0 or more."
        )
    return value


def set_demand(
    session: Session,
    actor: Actor,
    procurement_id: int,
    city_id: Any,
    lot_id: Any,
    *,
    quantity: Any,
    delivery_from: Any,
    delivery_to: Any,
    budget_ceiling_minor: Any = None,
    standalone_estimate_minor: Any = None,
    note: Any = "",
    withdrawn: Any = False,
    expected_version: int | None = None,
) -> ProcurementDemand:
    """Create or replace a joined city's demand in one lot; the actor edits that city. `withdrawn`
    takes the line out of the totals without deleting it."""
    loaded = load(session, actor, procurement_id)
    city = city_by_id(session, "city_id", city_id)
    require(
        actor.can_edit_city(city.id),
        actor.is_authenticated,
        f"Only {city.name}'s editors state its demand.",
    )
    check_active(loaded)
    with rules():
        check_forming(loaded.procurement.phase, "the demand")
    participant = loaded.participant(city.id)
    if participant is None or participant.status != "joined":
        raise InvalidInput("city_id", f"{city.name} has not joined this procurement; join it first.")
    lot = lot_of(session, loaded, lot_id)
    start = clean_year("delivery_from", delivery_from, FIRST_YEAR, LAST_YEAR)
    end = clean_year("delivery_to", delivery_to, FIRST_YEAR, LAST_YEAR)
    if end < start:
        raise InvalidInput("delivery_to", f"{end} is before the first delivery year {start}.")
    values = {
        "quantity": _quantity(quantity),
        "delivery_from": start,
        "delivery_to": end,
        "budget_ceiling_minor": _minor("budget_ceiling_minor", budget_ceiling_minor),
        "standalone_estimate_minor": _minor("standalone_estimate_minor", standalone_estimate_minor),
        "note": clean_text("note", note, 2_000),
        "withdrawn": clean_flag("withdrawn", withdrawn),
    }
    line = session.scalar(
        select(ProcurementDemand).where(
            ProcurementDemand.lot_id == lot.id, ProcurementDemand.participant_id == participant.id
        )
    )
    before = None
    if line is None:
        line = ProcurementDemand(lot_id=lot.id, participant_id=participant.id)
        session.add(line)
    else:
        check_version("demand", line.id, line.version, expected_version)
        before = {k: getattr(line, k) for k in values}
    for key, value in values.items():
        setattr(line, key, value)
    line.updated_by, line.updated_at = actor.user_id, utcnow()
    touch(loaded)
    flush_checked(session, "demand", line.id, expected_version)
    audit.record(
        session,
        actor,
        "demand",
        "procurement",
        procurement_id,
        city_id=city.id,
        network_id=loaded.procurement.network_id,
        before=before,
        after={"lot_id": lot.id, **values},
    )
    return line
