"""The lots of a procurement: the lead buyer adds, changes and removes them while the group is
forming (a removed lot takes its demand lines with it: pages ask before)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.procurement.phases import check_forming
from citypact.services import audit
from citypact.services.errors import InvalidInput
from citypact.services.input import clean_text
from citypact.services.procurement.loading import (
    MAX_LOTS,
    TEXT_MAX,
    Loaded,
    load_to_run,
    lot_of,
    rules,
    touch,
)
from citypact.services.procurement.procurements import clean_optional_cpv
from citypact.services.versions import check_version, flush_checked
from citypact.storage.procurement import ProcurementLot

LOT_FIELDS: Final = ("number", "title", "unit", "cpv", "description")


def _forming(session: Session, actor: Actor, procurement_id: int) -> Loaded:
    loaded = load_to_run(session, actor, procurement_id)
    with rules():
        check_forming(loaded.procurement.phase, "the lots")
    return loaded


def _number(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 999:
        raise InvalidInput("number", "give the lot's number, a whole number from 1 to 999.")
    return value


def _apply(lot: ProcurementLot, fields: Mapping[str, Any]) -> None:
    unknown = sorted(set(fields) - set(LOT_FIELDS))
    if unknown:
        raise InvalidInput(unknown[0], f"is not a field of a lot; use {', '.join(LOT_FIELDS)}.")
    if "number" in fields:
        lot.number = _number(fields["number"])
    if "title" in fields:
        lot.title = clean_text("title", fields["title"], 300, required=True)
    if "unit" in fields:
        lot.unit = clean_text("unit", fields["unit"], 40, required=True)
    if "cpv" in fields:
        lot.cpv = clean_optional_cpv("cpv", fields["cpv"])
    if "description" in fields:
        lot.description = clean_text("description", fields["description"], TEXT_MAX)


def _number_free(session: Session, procurement_id: int, number: int, lot_id: int | None) -> None:
    taken = session.scalar(
        select(ProcurementLot.id).where(
            ProcurementLot.procurement_id == procurement_id, ProcurementLot.number == number
        )
    )
    if taken is not None and taken != lot_id:
        raise InvalidInput("number", f"lot {number} exists already; give another number.")


def add_lot(session: Session, actor: Actor, procurement_id: int, fields: Mapping[str, Any]) -> ProcurementLot:
    loaded = _forming(session, actor, procurement_id)
    count = session.scalar(
        select(func.count())
        .select_from(ProcurementLot)
        .where(ProcurementLot.procurement_id == procurement_id)
    )
    if (count or 0) >= MAX_LOTS:
        raise InvalidInput("number", f"a procurement has at most {MAX_LOTS} lots.")
    for required in ("number", "title", "unit"):
        if required not in fields:
            raise InvalidInput(required, "this field is required.")
    lot = ProcurementLot(procurement_id=procurement_id, description="")
    _apply(lot, fields)
    _number_free(session, procurement_id, lot.number, None)
    session.add(lot)
    touch(loaded)
    session.flush()
    audit.record(
        session,
        actor,
        "add_lot",
        "procurement",
        procurement_id,
        city_id=loaded.audit_city(),
        network_id=loaded.procurement.network_id,
        after={"lot_id": lot.id, "number": lot.number, "title": lot.title, "unit": lot.unit},
    )
    return lot


def update_lot(
    session: Session,
    actor: Actor,
    procurement_id: int,
    lot_id: Any,
    fields: Mapping[str, Any],
    expected_version: int | None = None,
) -> ProcurementLot:
    loaded = _forming(session, actor, procurement_id)
    lot = lot_of(session, loaded, lot_id)
    check_version("lot", lot.id, lot.version, expected_version)
    before = {k: getattr(lot, k) for k in fields if k in LOT_FIELDS}
    _apply(lot, fields)
    _number_free(session, procurement_id, lot.number, lot.id)
    touch(loaded)
    flush_checked(session, "lot", lot.id, expected_version)
    b, a = audit.changed_fields(before, {k: getattr(lot, k) for k in before})
    if a:
        audit.record(
            session,
            actor,
            "update_lot",
            "procurement",
            procurement_id,
            city_id=loaded.audit_city(),
            network_id=loaded.procurement.network_id,
            before={"lot_id": lot.id, **b},
            after={"lot_id": lot.id, **a},
        )
    return lot


def delete_lot(
    session: Session, actor: Actor, procurement_id: int, lot_id: Any, expected_version: int | None = None
) -> None:
    """Remove a lot and the demand stated for it (while the group is forming)."""
    loaded = _forming(session, actor, procurement_id)
    lot = lot_of(session, loaded, lot_id)
    check_version("lot", lot.id, lot.version, expected_version)
    gone = {"lot_id": lot.id, "number": lot.number, "title": lot.title}
    session.delete(lot)
    touch(loaded)
    flush_checked(session, "lot", gone["lot_id"], expected_version)
    audit.record(
        session,
        actor,
        "delete_lot",
        "procurement",
        procurement_id,
        city_id=loaded.audit_city(),
        network_id=loaded.procurement.network_id,
        before=gone,
    )
