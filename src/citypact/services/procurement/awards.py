"""Award of a lot on a published evaluation, and what follows: each participant's cost, saving and
CO2e avoided, the measure in its action plan, the contract, call-offs, a missed ladder level, and
the public notice.

Rules that are choices (docs/procurement_integrity.md):
- The awarded cost is the winning bid's acquisition price for the pooled quantity; it is split among
  the joined participants in proportion to their quantity (domain.procurement.savings).
- A participant's stand-alone cost is its own estimate entered before the tender; without one, the
  best bid's price for its quantity alone (volume prices read at that quantity; a bid without
  volume prices costs pro rata, so it saves nothing).
- The reference option is the bid with the lowest acquisition price in the evaluation: what buying on
  price alone would have bought. CO2e avoided is its lifetime tonnes minus the winner's, split like
  the cost; a year's reduction for the action plan is the difference of their yearly tonnes from
  energy use (embodied tonnes fall outside the city's territorial inventory).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.action_plans import to_minor_units
from citypact.domain.procurement.bids import VolumeBand, band_for
from citypact.domain.procurement.savings import Participant, participant_shares
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.services.input import clean_date
from citypact.services.plans.action_plans import save_plan_measure
from citypact.services.procurement.bids import (
    check_evaluator,
    is_evaluator,
    lot_of,
    open_bids,
    procurement_by_id,
)
from citypact.storage.models import City, utcnow
from citypact.storage.procurement import (
    Procurement,
    ProcurementDemand,
    ProcurementLot,
    ProcurementParticipant,
)
from citypact.storage.procurement_bids import (
    ProcurementAward,
    ProcurementBid,
    ProcurementEvaluation,
    ProcurementPlanLink,
)


@dataclass(frozen=True)
class ShareView:
    participant_id: int
    city_id: int
    city: str
    quantity: float
    share: float
    cost_minor: int
    standalone_minor: int | None
    standalone_basis: str  # estimate, best_bid_alone, none
    saving_minor: int | None
    t_co2e: float
    avoided_t_co2e: float
    avoided_t_co2e_per_year: float
    plan_measure_id: int | None


@dataclass(frozen=True)
class Notice:
    """What the public sees after award: the lot, the winner, its evaluated figures, the method."""

    procurement_id: int
    title: str
    lot_id: int
    lot_number: int
    lot_title: str
    awarded_on: dt.date
    supplier: str
    currency: str
    method: str
    discount_rate: float
    schedule: dict[str, Any] | None
    gwp: str
    evaluated_cost: float
    lcc: float
    co2e_t: float
    co2_cost: float
    acquisition: float
    bids_received: int


def award(
    session: Session,
    actor: Actor,
    procurement_id: int,
    lot_id: int,
    *,
    evaluation_id: int,
    awarded_on: Any,
    bid_id: int | None = None,
) -> ProcurementAward:
    """Award the lot to the first of a published evaluation's ranking (or the named bid in it)."""
    procurement = procurement_by_id(session, procurement_id)
    check_evaluator(actor, procurement)
    lot = lot_of(session, procurement, lot_id)
    evaluation = session.get(ProcurementEvaluation, evaluation_id)
    if evaluation is None or evaluation.lot_id != lot.id:
        raise NotFound("evaluation", evaluation_id)
    if evaluation.status != "published":
        raise Conflict("Publish the evaluation first: an award rests on a published evaluation.")
    day = clean_date("awarded_on", awarded_on, required=True)
    by_supplier = {b["supplier"]: b["bid_id"] for b in evaluation.inputs["bids"]}
    if bid_id is None:
        bid_id = by_supplier[evaluation.result["ranking"][0]["supplier"]]
    elif bid_id not in by_supplier.values():
        raise InvalidInput("bid_id", f"bid {bid_id} is not in evaluation {evaluation_id}.")
    if session.scalar(select(ProcurementAward.id).where(ProcurementAward.lot_id == lot.id)) is not None:
        raise Conflict(f"Lot {lot.number} is awarded already.")
    row = ProcurementAward(
        procurement_id=procurement.id,
        lot_id=lot.id,
        bid_id=bid_id,
        evaluation_id=evaluation.id,
        awarded_on=day,
        awarded_by=actor.user_id,
        awarded_at=utcnow(),
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(f"Lot {lot.number} was awarded at the same moment by someone else.") from None
    audit.record(
        session,
        actor,
        "award",
        "procurement_award",
        row.id,
        after={"lot": lot.number, "bid": bid_id, "evaluation": evaluation.id},
    )
    return row


def _award(
    session: Session, award_id: int
) -> tuple[ProcurementAward, Procurement, ProcurementLot, ProcurementEvaluation]:
    row = session.get(ProcurementAward, award_id)
    if row is None:
        raise NotFound("award", award_id)
    procurement = procurement_by_id(session, row.procurement_id)
    lot = lot_of(session, procurement, row.lot_id)
    evaluation = session.get(ProcurementEvaluation, row.evaluation_id)
    assert evaluation is not None  # the foreign key restricts its deletion
    return row, procurement, lot, evaluation


def _participant_cities(session: Session, procurement_id: int) -> dict[int, int]:
    return dict(
        session.execute(
            select(ProcurementParticipant.id, ProcurementParticipant.city_id).where(
                ProcurementParticipant.procurement_id == procurement_id,
                ProcurementParticipant.status == "joined",
            )
        ).all()
    )


def _check_may_see_shares(actor: Actor, procurement: Procurement, cities: Mapping[int, int]) -> None:
    allowed = is_evaluator(actor, procurement) or any(
        actor.can_read_city_internals(city_id) for city_id in cities.values()
    )
    require(
        allowed, actor.is_authenticated, "Only the lead buyer and the participating cities see the shares."
    )


def _ranked(evaluation: ProcurementEvaluation, supplier: str) -> dict[str, Any]:
    return next(r for r in evaluation.result["ranking"] if r["supplier"] == supplier)


def _yearly(ranked: Mapping[str, Any]) -> float:
    return float(sum(s["co2e_t_per_year"] for s in ranked["sources"] if s["factor_kind"] != "declared"))


def shares(
    session: Session, actor: Actor, award_id: int, *, secret_key: str, now: dt.datetime | None = None
) -> list[ShareView]:
    """Each joined participant's cost, saving and CO2e avoided under the award (quantity split)."""
    row, procurement, lot, evaluation = _award(session, award_id)
    cities = _participant_cities(session, procurement.id)
    _check_may_see_shares(actor, procurement, cities)
    winner = session.get(ProcurementBid, row.bid_id)
    assert winner is not None
    won = _ranked(evaluation, winner.supplier_name)
    reference = min(evaluation.result["ranking"], key=lambda r: (r["acquisition"], r["supplier"]))
    demand = session.execute(
        select(ProcurementDemand, City)
        .join(ProcurementParticipant, ProcurementParticipant.id == ProcurementDemand.participant_id)
        .join(City, City.id == ProcurementParticipant.city_id)
        .where(
            ProcurementDemand.lot_id == lot.id,
            ProcurementDemand.withdrawn.is_(False),
            ProcurementDemand.participant_id.in_(cities),
            ProcurementDemand.quantity > 0,
        )
        .order_by(City.name)
    ).all()
    if not demand:
        return []
    alone = _best_alone(
        session, actor, procurement, lot, evaluation, [d.quantity for d, _ in demand], secret_key, now
    )
    total_t = float(won["co2e_t"])
    reference_t = float(reference["co2e_t"])
    quantity = sum(d.quantity for d, _ in demand)
    people = [
        Participant(
            name=str(d.participant_id),
            quantity=d.quantity,
            standalone_cost_minor=d.standalone_estimate_minor
            if d.standalone_estimate_minor is not None
            else best,
            reference_t_co2e=reference_t * d.quantity / quantity,
        )
        for (d, _), best in zip(demand, alone, strict=True)
    ]
    cost_minor = to_minor_units(float(won["acquisition"]), procurement.currency)
    split = participant_shares(cost_minor, total_t, people)
    yearly_avoided = _yearly(reference) - _yearly(won)
    links = dict(
        session.execute(
            select(ProcurementPlanLink.participant_id, ProcurementPlanLink.plan_measure_id).where(
                ProcurementPlanLink.award_id == row.id
            )
        ).all()
    )
    return [
        ShareView(
            participant_id=d.participant_id,
            city_id=city.id,
            city=city.name,
            quantity=d.quantity,
            share=s.share,
            cost_minor=s.cost_minor,
            standalone_minor=person.standalone_cost_minor,
            standalone_basis="estimate"
            if d.standalone_estimate_minor is not None
            else ("best_bid_alone" if best is not None else "none"),
            saving_minor=s.saving_minor,
            t_co2e=s.t_co2e,
            avoided_t_co2e=s.avoided_t_co2e or 0.0,
            avoided_t_co2e_per_year=yearly_avoided * s.share,
            plan_measure_id=links.get(d.participant_id),
        )
        for (d, city), s, person, best in zip(demand, split, people, alone, strict=True)
    ]


def _best_alone(
    session: Session,
    actor: Actor,
    procurement: Procurement,
    lot: ProcurementLot,
    evaluation: ProcurementEvaluation,
    quantities: list[float],
    secret_key: str,
    now: dt.datetime | None,
) -> list[int | None]:
    """Per quantity, the lowest price a bid of the evaluation asks for it alone (minor units); None
    where the reader may not open bids (participants see estimates only) or no bid prices it."""
    if not is_evaluator(actor, procurement):
        return [None] * len(quantities)
    ids = {b["bid_id"] for b in evaluation.inputs["bids"]}
    opened = [
        b
        for b in open_bids(session, actor, procurement.id, secret_key=secret_key, lot_id=lot.id, now=now)
        if b.bid_id in ids
    ]
    out: list[int | None] = []
    for quantity in quantities:
        prices = []
        for bid in opened:
            p = bid.payload
            if p["volume_bands"]:
                band = band_for(
                    [VolumeBand(b["min_quantity"], b["unit_price_minor"]) for b in p["volume_bands"]],
                    quantity,
                )
                if band is not None:
                    prices.append(round(band.unit_price * quantity))
            elif p["quantity"]:
                prices.append(round(p["price_minor"] * quantity / p["quantity"]))
        out.append(min(prices) if prices else None)
    return out


def carry_into_plan(
    session: Session, actor: Actor, award_id: int, city_id: int, *, field: str, secret_key: str
) -> int:
    """Create (or update) the city's action-plan measure carrying its share of the CO2e avoided a
    year; the city's editors do this for their own plan. Returns the plan measure's id."""
    row, procurement, lot, _evaluation = _award(session, award_id)
    require(actor.can_edit_city(city_id), actor.is_authenticated, "Only this city's editors change its plan.")
    mine = [s for s in shares(session, actor, award_id, secret_key=secret_key) if s.city_id == city_id]
    if not mine:
        raise NotFound("participant", city_id)
    share = mine[0]
    values = {
        "title": f"{procurement.title}: lot {lot.number} {lot.title}"[:300],
        "field": field,
        "instrument": "own_operations",
        "municipal_role": "consumer",
        "implementation": "adopted",
        "expected_reduction_t": round(max(share.avoided_t_co2e_per_year, 0.0), 3),
        "reduction_method": (
            f"Joint procurement {procurement.id}, lot {lot.number}: yearly t CO2e of the lowest-price bid "
            f"minus the awarded bid's, times this city's share of the quantity ({share.share:.4f})."
        ),
    }
    link = session.scalar(
        select(ProcurementPlanLink).where(
            ProcurementPlanLink.award_id == row.id, ProcurementPlanLink.participant_id == share.participant_id
        )
    )
    plan_id = link.plan_measure_id if link is not None else None
    measure = save_plan_measure(session, actor, city_id, values, plan_id)
    if link is None:
        session.add(
            ProcurementPlanLink(
                award_id=row.id, participant_id=share.participant_id, plan_measure_id=measure.id
            )
        )
    else:
        link.plan_measure_id = measure.id
    session.flush()
    return measure.id
