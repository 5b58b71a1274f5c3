"""Evaluation runs of a lot's opened bids: run (audited, stored as a draft), publish (frozen), and
recompute from the frozen inputs.

An evaluation keeps every input it depends on: the method, the CO2 price schedule (key, version,
name, currency, discounting rule and each year's price), the discount rate, the GWP set, the buyer's
country and year, the factor library's label, each bid's tonnes with the factor behind every one,
the ladder discounts, the weights, the lot's pooled quantity and the receipt of each bid. Recomputing
takes the tonnes from there (not from today's factor library), so a published evaluation gives the
same figures whatever changes in the library or the shipped schedules later.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.activity import ActivityErrors
from citypact.domain.procurement.evaluation import EvaluationSettings, evaluate
from citypact.domain.procurement.methods import PRORAIL_LADDER, MeatWeights, Method
from citypact.domain.procurement.result import (
    Evaluation,
    LotResult,
    RankedBid,
    Sensitivity,
    SwitchingPrice,
    TonneSource,
)
from citypact.domain.procurement.schedules import Discounting, Schedule, constant_schedule
from citypact.domain.procurement.tonnes import BidTonnes, bid_tonnes
from citypact.reference.co2_prices import shipped_schedule
from citypact.reference.factor_library import default_library, gwp_set
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotFound
from citypact.services.procurement import co2_prices
from citypact.services.procurement.bid_payload import to_bid
from citypact.services.procurement.bids import (
    OpenedBid,
    check_evaluator,
    lot_of,
    open_bids,
    procurement_by_id,
)
from citypact.storage.models import City, Organisation, utcnow
from citypact.storage.procurement import (
    Procurement,
    ProcurementDemand,
    ProcurementLot,
    ProcurementParticipant,
)
from citypact.storage.procurement_bids import ProcurementEvaluation

METHODS: Final = tuple(m.value for m in Method)
GWP_SETS: Final = ("AR4", "AR5", "AR6")


@dataclass(frozen=True)
class EvaluationView:
    id: int
    procurement_id: int
    lot_id: int
    lot_number: int
    method: str
    status: str
    created_at: dt.datetime
    published_at: dt.datetime | None
    inputs: dict[str, Any]
    result: dict[str, Any]


def _jsonable(value: Any) -> Any:
    """Tuples and dataclasses as JSON would give them back: what is stored is what compares."""
    return json.loads(json.dumps(value, default=str))


def buyer_country(session: Session, procurement: Procurement) -> str:
    """The lead city's country; a central purchasing body's is its own city's."""
    city_id = procurement.lead_city_id
    if city_id is None and procurement.lead_organisation_id is not None:
        organisation = session.get(Organisation, procurement.lead_organisation_id)
        city_id = organisation.city_id if organisation else None
    city = session.get(City, city_id) if city_id is not None else None
    if city is None:
        raise Conflict("The lead buyer has no city, so the emission factors' country is unknown.")
    return city.country


def pooled_quantity(session: Session, lot_id: int) -> float | None:
    """The lot's total demand of the joined participants (volume prices are read at it)."""
    total = session.scalar(
        select(func.sum(ProcurementDemand.quantity))
        .join(ProcurementParticipant, ProcurementParticipant.id == ProcurementDemand.participant_id)
        .where(
            ProcurementDemand.lot_id == lot_id,
            ProcurementDemand.withdrawn.is_(False),
            ProcurementParticipant.status == "joined",
        )
    )
    return float(total) if total else None


def _schedule(
    session: Session, actor: Actor, key: str | None, version: str | None, price: float | None, currency: str
) -> Schedule | None:
    """A constant price, a shipped schedule by its key, or any schedule the actor may read as
    owner/key[/version] (services.procurement.co2_prices: cities' and networks' own too)."""
    if key and price is not None:
        raise InvalidInput("co2_price", "give a schedule or a constant CO2 price, not both.")
    if price is not None:
        if not 0 <= price <= 100_000:
            raise InvalidInput("co2_price", "give a price per tonne from 0 to 100000.")
        return constant_schedule(price, currency)
    if not key:
        return None
    found = (
        co2_prices.schedule_for_evaluation(session, actor, key)
        if "/" in key
        else shipped_schedule(key, version)
    )
    if found is None:
        raise InvalidInput(
            "schedule", f"no CO2 price schedule {key!r}{f' version {version}' if version else ''}."
        )
    if found.currency != currency:
        raise InvalidInput(
            "schedule",
            f"the schedule is in {found.currency}, the procurement in {currency}; choose one in {currency}.",
        )
    return found


def _schedule_inputs(schedule: Schedule | None) -> dict[str, Any] | None:
    if schedule is None:
        return None
    return {
        "key": schedule.key,
        "version": schedule.version,
        "name": schedule.name,
        "currency": schedule.currency,
        "price_year": schedule.price_year,
        "discounting": schedule.discounting.value,
        "prices": {str(year): price for year, price in sorted(schedule.prices.items())},
        "source": schedule.source,
    }


def _schedule_from(frozen: Mapping[str, Any] | None) -> Schedule | None:
    if frozen is None:
        return None
    return Schedule(
        key=frozen["key"],
        version=frozen["version"],
        name=frozen["name"],
        currency=frozen["currency"],
        price_year=frozen["price_year"],
        discounting=Discounting(frozen["discounting"]),
        prices={int(year): float(price) for year, price in frozen["prices"].items()},
        source=frozen["source"],
    )


def _meat(weights: Mapping[str, Any] | None) -> MeatWeights | None:
    if weights is None:
        return None
    try:
        return MeatWeights(
            cost=float(weights.get("cost", 0)),
            co2=float(weights.get("co2", 0)),
            quality={str(k): float(v) for k, v in (weights.get("quality") or {}).items()},
        )
    except (TypeError, ValueError) as error:
        raise InvalidInput("weights", str(error)) from None


def _settings(inputs: Mapping[str, Any]) -> EvaluationSettings:
    quantity = inputs["lot_quantity"]
    return EvaluationSettings(
        method=Method(inputs["method"]),
        discount_rate=inputs["discount_rate"],
        co2_price=_schedule_from(inputs["schedule"]),
        ladder_discounts={int(k): float(v) for k, v in inputs["ladder_discounts"].items()},
        meat_weights=_meat(inputs["weights"]),
        meat_cost=inputs["meat_cost"],
        lot_quantities={inputs["lot"]: quantity} if quantity else {},
    )


def _domain_bids(opened: list[OpenedBid], lot: str, currency: str) -> list[Any]:
    return [to_bid(b.payload, lot, b.supplier, currency) for b in opened]


def run_evaluation(
    session: Session,
    actor: Actor,
    procurement_id: int,
    lot_id: int,
    *,
    method: str,
    secret_key: str,
    schedule: str | None = None,
    schedule_version: str | None = None,
    co2_price: float | None = None,
    discount_rate: float = 0.03,
    gwp: str = "AR5",
    year: int | None = None,
    ladder_discounts: Mapping[int, float] | None = None,
    weights: Mapping[str, Any] | None = None,
    meat_cost: str = "price",
    now: dt.datetime | None = None,
) -> EvaluationView:
    """Evaluate the lot's opened bids with `method`; stored as a draft, audited."""
    procurement = procurement_by_id(session, procurement_id)
    check_evaluator(actor, procurement)
    lot = lot_of(session, procurement, lot_id)
    if method not in METHODS:
        raise InvalidInput("method", f"unknown method {method!r}; use one of {', '.join(METHODS)}.")
    if gwp not in GWP_SETS:
        raise InvalidInput("gwp", f"use one of {', '.join(GWP_SETS)}.")
    if not 0 <= discount_rate <= 0.2:
        raise InvalidInput("discount_rate", "give a rate from 0 to 0.2 (0.03 is 3 %).")
    due = procurement.bids_due_at
    year = year or (due.year if due else utcnow().year)
    if not 1990 <= year <= 2100:
        raise InvalidInput("year", "give a year from 1990 to 2100.")
    opened = open_bids(session, actor, procurement.id, secret_key=secret_key, lot_id=lot.id, now=now)
    if not opened:
        raise Conflict(f"Lot {lot.number} has no bids to evaluate.")
    country = buyer_country(session, procurement)
    lot_key = str(lot.number)
    domain_bids = _domain_bids(opened, lot_key, procurement.currency)
    try:
        tonnes = bid_tonnes(domain_bids, default_library(), gwp_set(gwp), country=country, year=year)
    except ActivityErrors as errors:
        first = errors.problems[0]
        supplier = opened[first.row // 1000].supplier if first.row // 1000 < len(opened) else "a bid"
        raise InvalidInput(first.column, f"{supplier}: {first.message}") from None
    inputs: dict[str, Any] = {
        "method": method,
        "lot": lot_key,
        "lot_quantity": pooled_quantity(session, lot.id),
        "discount_rate": float(discount_rate),
        "schedule": _schedule_inputs(
            _schedule(session, actor, schedule, schedule_version, co2_price, procurement.currency)
        ),
        "gwp": gwp,
        "country": country,
        "year": year,
        "factor_library": tonnes.factor_library,
        "ladder_discounts": {str(k): v for k, v in (ladder_discounts or PRORAIL_LADDER).items()},
        "weights": dict(weights) if weights is not None else None,
        "meat_cost": meat_cost,
        "bids": [{"bid_id": b.bid_id, "supplier": b.supplier, "receipt": b.content_hash} for b in opened],
        "tonnes": [
            {
                "yearly_t_co2e": float(tonnes.yearly_t_co2e[i]),
                "embodied_t_co2e": float(tonnes.embodied_t_co2e[i]),
                "sources": [dataclasses.asdict(s) for s in tonnes.sources[i]],
            }
            for i in range(len(opened))
        ],
    }
    inputs = _jsonable(inputs)
    result = _evaluate(inputs, domain_bids, country)
    row = ProcurementEvaluation(
        procurement_id=procurement.id,
        lot_id=lot.id,
        method=method,
        inputs=inputs,
        result=result,
        status="draft",
        created_by=actor.user_id,
        created_at=now or utcnow(),
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "evaluate",
        "procurement_evaluation",
        row.id,
        after={
            "procurement": procurement.id,
            "lot": lot.number,
            "method": method,
            "schedule": inputs["schedule"],
        },
    )
    return _view(row, lot)


def _evaluate(inputs: Mapping[str, Any], domain_bids: list[Any], country: str) -> dict[str, Any]:
    frozen = inputs["tonnes"]
    tonnes = BidTonnes(
        yearly_t_co2e=np.array([t["yearly_t_co2e"] for t in frozen], dtype=np.float64),
        embodied_t_co2e=np.array([t["embodied_t_co2e"] for t in frozen], dtype=np.float64),
        sources=tuple(tuple(TonneSource(**s) for s in t["sources"]) for t in frozen),
        gwp=inputs["gwp"],
        factor_library=inputs["factor_library"],
    )
    try:
        evaluation = evaluate(domain_bids, tonnes, _settings(inputs), country=country, year=inputs["year"])
    except ValueError as error:
        raise InvalidInput("method", str(error)) from None
    lot: LotResult = evaluation.lots[0]
    result: dict[str, Any] = _jsonable(dataclasses.asdict(lot))
    return result


def recompute(session: Session, actor: Actor, evaluation_id: int, *, secret_key: str) -> dict[str, Any]:
    """The result computed again from the evaluation's frozen inputs and the sealed bids (whose
    receipts must still match)."""
    row, procurement, lot = _row(session, actor, evaluation_id)
    opened = {
        b.bid_id: b for b in open_bids(session, actor, procurement.id, secret_key=secret_key, lot_id=lot.id)
    }
    chosen = []
    for frozen in row.inputs["bids"]:
        bid = opened.get(frozen["bid_id"])
        if bid is None or bid.content_hash != frozen["receipt"]:
            raise Conflict(
                f"the bid of {frozen['supplier']} changed since the evaluation; it cannot be recomputed."
            )
        chosen.append(bid)
    return _evaluate(
        row.inputs, _domain_bids(chosen, row.inputs["lot"], procurement.currency), row.inputs["country"]
    )


def _row(
    session: Session, actor: Actor, evaluation_id: int
) -> tuple[ProcurementEvaluation, Procurement, ProcurementLot]:
    row = session.get(ProcurementEvaluation, evaluation_id)
    if row is None:
        raise NotFound("evaluation", evaluation_id)
    procurement = procurement_by_id(session, row.procurement_id)
    check_evaluator(actor, procurement)
    return row, procurement, lot_of(session, procurement, row.lot_id)


def publish(
    session: Session, actor: Actor, evaluation_id: int, *, now: dt.datetime | None = None
) -> EvaluationView:
    """Publish a draft: from now on it never changes; one published evaluation per lot."""
    row, procurement, lot = _row(session, actor, evaluation_id)
    # Lock the lot, then read again: two publications at once cannot both pass the checks below.
    session.execute(select(ProcurementLot.id).where(ProcurementLot.id == lot.id).with_for_update())
    session.refresh(row)
    if row.status == "published":
        raise Conflict("This evaluation is published already; a published evaluation never changes.")
    other = session.scalar(
        select(ProcurementEvaluation.id).where(
            ProcurementEvaluation.lot_id == row.lot_id, ProcurementEvaluation.status == "published"
        )
    )
    if other is not None:
        raise Conflict(f"Evaluation {other} of lot {lot.number} is published already; a lot has one.")
    row.status = "published"
    row.published_by = actor.user_id
    row.published_at = now or utcnow()
    session.flush()
    audit.record(session, actor, "publish", "procurement_evaluation", row.id, after={"lot": lot.number})
    return _view(row, lot)


def get_evaluation(session: Session, actor: Actor, evaluation_id: int) -> EvaluationView:
    row, _procurement, lot = _row(session, actor, evaluation_id)
    return _view(row, lot)


def list_evaluations(session: Session, actor: Actor, procurement_id: int) -> list[EvaluationView]:
    procurement = procurement_by_id(session, procurement_id)
    check_evaluator(actor, procurement)
    rows = session.execute(
        select(ProcurementEvaluation, ProcurementLot)
        .join(ProcurementLot, ProcurementLot.id == ProcurementEvaluation.lot_id)
        .where(ProcurementEvaluation.procurement_id == procurement_id)
        .order_by(ProcurementEvaluation.id)
    ).all()
    return [_view(row, lot) for row, lot in rows]


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _view(row: ProcurementEvaluation, lot: ProcurementLot) -> EvaluationView:
    created = _aware(row.created_at)
    assert created is not None
    return EvaluationView(
        row.id,
        row.procurement_id,
        lot.id,
        lot.number,
        row.method,
        row.status,
        created,
        _aware(row.published_at),
        row.inputs,
        row.result,
    )


def stored_evaluation(view: EvaluationView, currency: str) -> Evaluation:
    """The stored evaluation as the domain's Evaluation (for the report and its chart)."""
    r = view.result
    inputs = view.inputs
    lot = LotResult(
        lot=r["lot"],
        quantity=r["quantity"],
        ranking=tuple(
            RankedBid(**{**b, "sources": tuple(TonneSource(**s) for s in b["sources"])}) for b in r["ranking"]
        ),
        switching_prices=tuple(
            SwitchingPrice(
                co2_price=s["co2_price"],
                suppliers=(s["suppliers"][0], s["suppliers"][1]),
                first_two_below=tuple(s["first_two_below"]),
                first_two_above=tuple(s["first_two_above"]),
            )
            for s in r["switching_prices"]
        ),
        sensitivity=Sensitivity(**{k: tuple(v) for k, v in r["sensitivity"].items()}),
    )
    schedule = inputs["schedule"]
    return Evaluation(
        method=inputs["method"],
        discount_rate=inputs["discount_rate"],
        co2_schedule=schedule["key"] if schedule else None,
        co2_schedule_version=schedule["version"] if schedule else None,
        co2_schedule_name=schedule["name"] if schedule else None,
        co2_discounting=schedule["discounting"] if schedule else None,
        currency=currency,
        country=inputs["country"],
        year=inputs["year"],
        gwp=inputs["gwp"],
        factor_library=inputs["factor_library"],
        lots=(lot,),
    )
