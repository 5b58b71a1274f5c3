"""After award: the contract, the participants' call-offs under it, and a CO2 Performance Ladder
level the winner promised and later missed (recorded; what follows from it is the contract's
business, not the platform's)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.action_plans import to_minor_units
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.services.input import clean_date, clean_text
from citypact.services.procurement.bids import check_evaluator, is_evaluator, procurement_by_id
from citypact.storage.procurement import ProcurementParticipant
from citypact.storage.procurement_bids import (
    ProcurementAward,
    ProcurementBid,
    ProcurementCallOff,
    ProcurementContract,
    ProcurementEvaluation,
    ProcurementLadderMiss,
)


def _award(session: Session, actor: Actor, award_id: int) -> ProcurementAward:
    row = session.get(ProcurementAward, award_id)
    if row is None:
        raise NotFound("award", award_id)
    check_evaluator(actor, procurement_by_id(session, row.procurement_id))
    return row


def _amount(field: str, value: Any) -> float:
    if isinstance(value, bool):
        raise InvalidInput(field, "give a number.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(field, f"{value!r} is not a number; write one such as 14500000.") from None
    if not 0 <= number < 1e13:
        raise InvalidInput(field, "give an amount of 0 or more.")
    return number


def sign_contract(
    session: Session,
    actor: Actor,
    award_id: int,
    *,
    signed_on: Any,
    value: Any,
    start_on: Any = None,
    end_on: Any = None,
) -> ProcurementContract:
    """Record the framework contract signed on an award (value in currency units)."""
    row = _award(session, actor, award_id)
    procurement = procurement_by_id(session, row.procurement_id)
    signed = clean_date("signed_on", signed_on, required=True)
    start, end = clean_date("start_on", start_on), clean_date("end_on", end_on)
    if start and end and end < start:
        raise InvalidInput("end_on", "the contract ends before it starts; put the end after the start.")
    contract = ProcurementContract(
        award_id=row.id,
        signed_on=signed,
        start_on=start,
        end_on=end,
        value_minor=to_minor_units(_amount("value", value), procurement.currency),
        created_by=actor.user_id,
    )
    session.add(contract)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict("This award has its contract already.") from None
    audit.record(session, actor, "sign", "procurement_contract", contract.id, after={"award": row.id})
    return contract


def call_off(
    session: Session, actor: Actor, contract_id: int, participant_id: int, *, quantity: Any, ordered_on: Any
) -> ProcurementCallOff:
    """A participant orders under the contract; its own editors (or the lead's) record it."""
    contract = session.get(ProcurementContract, contract_id)
    if contract is None:
        raise NotFound("contract", contract_id)
    award = session.get(ProcurementAward, contract.award_id)
    assert award is not None
    participant = session.get(ProcurementParticipant, participant_id)
    if (
        participant is None
        or participant.procurement_id != award.procurement_id
        or participant.status != "joined"
    ):
        raise NotFound("participant", participant_id)
    procurement = procurement_by_id(session, award.procurement_id)
    require(
        actor.can_edit_city(participant.city_id) or is_evaluator(actor, procurement),
        actor.is_authenticated,
        "Only the participating city's editors or the lead buyer record its call-offs.",
    )
    amount = _amount("quantity", quantity)
    if amount <= 0:
        raise InvalidInput("quantity", "give a quantity above 0.")
    row = ProcurementCallOff(
        contract_id=contract.id,
        participant_id=participant.id,
        quantity=amount,
        ordered_on=clean_date("ordered_on", ordered_on, required=True),
        created_by=actor.user_id,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "call_off",
        "procurement_call_off",
        row.id,
        city_id=participant.city_id,
        after={"quantity": amount},
    )
    return row


def record_ladder_miss(
    session: Session, actor: Actor, award_id: int, *, achieved_level: Any, recorded_on: Any, note: Any = ""
) -> ProcurementLadderMiss:
    """The winner no longer holds the ladder level its bid was discounted for."""
    row = _award(session, actor, award_id)
    bid = session.get(ProcurementBid, row.bid_id)
    assert bid is not None
    promised = _promised_level(session, row)
    if promised is None:
        raise Conflict("The awarded bid claimed no CO2 Performance Ladder level.")
    if (
        isinstance(achieved_level, bool)
        or not isinstance(achieved_level, int)
        or not 0 <= achieved_level < promised
    ):
        raise InvalidInput(
            "achieved_level", f"give the level now held, a whole number from 0 to {promised - 1}."
        )
    miss = ProcurementLadderMiss(
        award_id=row.id,
        promised_level=promised,
        achieved_level=achieved_level,
        recorded_on=clean_date("recorded_on", recorded_on, required=True),
        note=clean_text("note", note, 2000),
        recorded_by=actor.user_id,
    )
    session.add(miss)
    session.flush()
    audit.record(
        session,
        actor,
        "ladder_miss",
        "procurement_award",
        row.id,
        after={"promised": promised, "achieved": achieved_level},
    )
    return miss


def _promised_level(session: Session, award: ProcurementAward) -> int | None:
    """The level the evaluation ranked the winning bid with (frozen in its result)."""
    evaluation = session.get(ProcurementEvaluation, award.evaluation_id)
    bid = session.get(ProcurementBid, award.bid_id)
    if evaluation is None or bid is None:
        return None
    ranked = next((r for r in evaluation.result["ranking"] if r["supplier"] == bid.supplier_name), None)
    level = ranked["ladder_level"] if ranked else None
    return int(level) if level else None


def ladder_misses(session: Session, award_id: int) -> list[ProcurementLadderMiss]:
    return list(
        session.scalars(
            select(ProcurementLadderMiss)
            .where(ProcurementLadderMiss.award_id == award_id)
            .order_by(ProcurementLadderMiss.id)
        )
    )
