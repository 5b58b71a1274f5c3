"""What the public sees of a procurement's bids: after award, the notice with the winning bid's
evaluated figures and the method; the OCDS release package. Nothing else of any bid, ever: no
other bidder's name, no other price, and before the deadline not even the count of bids."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.action_plans import to_minor_units
from citypact.domain.procurement.phases import published
from citypact.formats import ocds
from citypact.services.errors import Conflict, NotFound
from citypact.services.procurement.awards import Notice
from citypact.services.procurement.bids import bid_counts, is_sealed, procurement_by_id
from citypact.storage.models import City, Organisation, utcnow
from citypact.storage.procurement import (
    Procurement,
    ProcurementDemand,
    ProcurementLot,
    ProcurementParticipant,
)
from citypact.storage.procurement_bids import (
    ProcurementAward,
    ProcurementBid,
    ProcurementContract,
    ProcurementEvaluation,
)


def _public_procurement(session: Session, procurement_id: int) -> Procurement:
    """The procurement if its tender is published (before that it is the group's own business)."""
    procurement = procurement_by_id(session, procurement_id)
    if not published(procurement.phase):
        raise NotFound("procurement", procurement_id)
    return procurement


def notices(session: Session, procurement_id: int, *, now: dt.datetime | None = None) -> list[Notice]:
    """The award notices of the procurement's lots, for anyone."""
    procurement = _public_procurement(session, procurement_id)
    counts = bid_counts(session, procurement.id) if not is_sealed(procurement, now or utcnow()) else {}
    rows = session.execute(
        select(ProcurementAward, ProcurementLot, ProcurementEvaluation, ProcurementBid)
        .join(ProcurementLot, ProcurementLot.id == ProcurementAward.lot_id)
        .join(ProcurementEvaluation, ProcurementEvaluation.id == ProcurementAward.evaluation_id)
        .join(ProcurementBid, ProcurementBid.id == ProcurementAward.bid_id)
        .where(ProcurementAward.procurement_id == procurement.id)
        .order_by(ProcurementLot.number)
    ).all()
    out = []
    for award, lot, evaluation, bid in rows:
        won = next(r for r in evaluation.result["ranking"] if r["supplier"] == bid.supplier_name)
        inputs = evaluation.inputs
        schedule = inputs["schedule"]
        out.append(
            Notice(
                procurement_id=procurement.id,
                title=procurement.title,
                lot_id=lot.id,
                lot_number=lot.number,
                lot_title=lot.title,
                awarded_on=award.awarded_on,
                supplier=bid.supplier_name,
                currency=procurement.currency,
                method=evaluation.method,
                discount_rate=inputs["discount_rate"],
                schedule=None
                if schedule is None
                else {
                    k: schedule[k] for k in ("key", "version", "name", "currency", "discounting", "source")
                },
                gwp=inputs["gwp"],
                evaluated_cost=won["evaluated_cost"],
                lcc=won["lcc"],
                co2e_t=won["co2e_t"],
                co2_cost=won["co2_cost"],
                acquisition=won["acquisition"],
                bids_received=counts.get(lot.number, 0),
            )
        )
    return out


def ocds_package(
    session: Session, procurement_id: int, *, prefix: str | None, now: dt.datetime | None = None
) -> dict[str, Any]:
    """The procurement as an OCDS 1.1 release package (formats.ocds), public once the tender is out;
    before the bids are due it holds no bid statistics."""
    try:
        checked = ocds.check_prefix(prefix)
    except ocds.OcidPrefixError as error:
        raise Conflict(str(error)) from None
    procurement = _public_procurement(session, procurement_id)
    moment = now or utcnow()
    sealed = is_sealed(procurement, moment)
    parties: dict[str, ocds.Party] = {}
    lead_id: str
    if procurement.lead_city_id is not None:
        lead = session.get(City, procurement.lead_city_id)
        assert lead is not None
        lead_id = f"city-{lead.id}"
    else:
        body = session.get(Organisation, procurement.lead_organisation_id)
        assert body is not None
        lead_id = f"org-{body.id}"
        parties[lead_id] = ocds.Party(lead_id, body.name, ("procuringEntity",))
    for city in session.scalars(
        select(City)
        .join(ProcurementParticipant, ProcurementParticipant.city_id == City.id)
        .where(
            ProcurementParticipant.procurement_id == procurement.id, ProcurementParticipant.status == "joined"
        )
        .order_by(City.name)
    ):
        key = f"city-{city.id}"
        roles = ("buyer", "procuringEntity") if key == lead_id else ("buyer",)
        parties[key] = ocds.Party(key, city.name, roles, city.country)
    if lead_id not in parties and procurement.lead_city_id is not None:
        lead_city = session.get(City, procurement.lead_city_id)
        assert lead_city is not None
        parties[lead_id] = ocds.Party(lead_id, lead_city.name, ("procuringEntity",), lead_city.country)
    lots = []
    for lot in session.scalars(
        select(ProcurementLot)
        .where(ProcurementLot.procurement_id == procurement.id)
        .order_by(ProcurementLot.number)
    ):
        demand = session.execute(
            select(ProcurementDemand.quantity, ProcurementDemand.budget_ceiling_minor)
            .join(ProcurementParticipant, ProcurementParticipant.id == ProcurementDemand.participant_id)
            .where(
                ProcurementDemand.lot_id == lot.id,
                ProcurementDemand.withdrawn.is_(False),
                ProcurementParticipant.status == "joined",
            )
        ).all()
        ceilings = [int(c) for _, c in demand if c is not None]
        lots.append(
            ocds.Lot(
                id=str(lot.number),
                title=lot.title,
                quantity=sum(q for q, _ in demand) or None,
                unit=lot.unit,
                value_minor=sum(ceilings) if ceilings and len(ceilings) == len(demand) else None,
                currency=procurement.currency,
            )
        )
    awards, contracts = [], []
    for award, bid in session.execute(
        select(ProcurementAward, ProcurementBid)
        .join(ProcurementBid, ProcurementBid.id == ProcurementAward.bid_id)
        .where(ProcurementAward.procurement_id == procurement.id)
        .order_by(ProcurementAward.id)
    ):
        lot_row = session.get(ProcurementLot, award.lot_id)
        assert lot_row is not None
        evaluation = session.get(ProcurementEvaluation, award.evaluation_id)
        assert evaluation is not None
        won = next(r for r in evaluation.result["ranking"] if r["supplier"] == bid.supplier_name)
        supplier_id = f"org-{bid.organisation_id}" if bid.organisation_id else f"supplier-bid-{bid.id}"
        parties.setdefault(supplier_id, ocds.Party(supplier_id, bid.supplier_name, ("tenderer", "supplier")))
        awards.append(
            ocds.Award(
                id=f"award-{award.id}",
                lot_id=str(lot_row.number),
                supplier_party_id=supplier_id,
                date=dt.datetime.combine(award.awarded_on, dt.time(), tzinfo=dt.UTC),
                value_minor=to_minor_units(float(won["acquisition"]), procurement.currency),
                currency=procurement.currency,
            )
        )
        contract = session.scalar(select(ProcurementContract).where(ProcurementContract.award_id == award.id))
        if contract is not None:
            contracts.append(
                ocds.Contract(
                    id=f"contract-{contract.id}",
                    award_id=f"award-{award.id}",
                    value_minor=contract.value_minor,
                    currency=procurement.currency,
                    date_signed=dt.datetime.combine(contract.signed_on, dt.time(), tzinfo=dt.UTC),
                    start=contract.start_on,
                    end=contract.end_on,
                )
            )
    counts = {} if sealed else {str(k): v for k, v in bid_counts(session, procurement.id).items()}
    tenderers = None
    if not sealed:
        tenderers = len(
            set(
                session.scalars(
                    select(ProcurementBid.supplier_name).where(
                        ProcurementBid.procurement_id == procurement.id
                    )
                )
            )
        )
    updated = (
        procurement.updated_at
        if procurement.updated_at.tzinfo
        else procurement.updated_at.replace(tzinfo=dt.UTC)
    )
    data = ocds.Procurement(
        id=procurement.id,
        title=procurement.title,
        description=procurement.subject,
        cpv_code=procurement.cpv,
        lead_party_id=lead_id,
        lead_is_buyer="buyer" in parties[lead_id].roles,
        parties=tuple(parties.values()),
        lots=tuple(lots),
        bids_per_lot=counts,
        tenderer_count=tenderers,
        tender_start=None,
        bids_due=procurement.bids_due_at,
        awards=tuple(awards),
        contracts=tuple(contracts),
        updated=max(updated, *(a.date for a in awards)) if awards else updated,
    )
    return ocds.release_package(data, checked, moment)
