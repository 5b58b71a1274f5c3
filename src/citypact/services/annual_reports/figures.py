"""A network's annual report computed from the data: only what the public may see goes in
(published member cities, their submitted or verified inventories, the network's public
partnerships, signed public deals, retirements of credits, the award notices of members' joint
procurements whose tender is published), since a published report is public."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.action_plans import to_minor_units
from citypact.domain.annual_report import (
    MAX_YEARS_BACK,
    PARTNERSHIP_STATUSES,
    AwardRow,
    InventoryRow,
    ProcurementRow,
    co2_price_in,
    count_by,
    inventory_figures,
    procurement_figures,
    snapshot,
)
from citypact.domain.procurement.phases import PHASES, Phase, published
from citypact.services.credits.open_data import PUBLIC_STATUSES as PUBLIC_PROJECT_STATUSES
from citypact.services.credits.views import load_retirements
from citypact.services.deals.public import public_deals
from citypact.services.open_data.inventories import public_totals
from citypact.storage.credits import CreditProject, CreditRetirement
from citypact.storage.deals import Deal
from citypact.storage.models import City, Network, NetworkMember
from citypact.storage.partnerships import Partnership, PartnershipGoal, PartnershipMember
from citypact.storage.procurement import (
    Procurement,
    ProcurementLot,
    ProcurementMilestone,
    ProcurementParticipant,
)
from citypact.storage.procurement_bids import (
    ProcurementAward,
    ProcurementBid,
    ProcurementContract,
    ProcurementEvaluation,
)


def member_ids(session: Session, network_id: int) -> list[int]:
    """The network's published member cities."""
    return list(
        session.scalars(
            select(NetworkMember.city_id)
            .join(City, City.id == NetworkMember.city_id)
            .where(NetworkMember.network_id == network_id, City.is_published.is_(True))
            .order_by(NetworkMember.city_id)
        )
    )


def default_base_year(session: Session, network_id: int, year: int) -> int:
    """The earliest year of a counted inventory of a member (at most MAX_YEARS_BACK before), else `year`."""
    found = [t.year for t in public_totals(session, member_ids(session, network_id)) if t.basic_t is not None]
    earliest = min((y for y in found if y <= year), default=year)
    return max(earliest, year - MAX_YEARS_BACK)


def _inventories(session: Session, members: list[int], year: int, base_year: int) -> dict[str, Any]:
    rows = [
        InventoryRow(t.city_id, t.city, t.country, t.year, t.basic_t, t.population)
        for t in public_totals(session, members)
        if t.basic_t is not None
    ]
    return dataclasses.asdict(inventory_figures(rows, len(members), year, base_year))


def _partnerships(session: Session, network_id: int, year: int) -> dict[str, Any]:
    """The network's public partnerships under way in the year (created by its end, not ended before)."""
    start = dt.date(year, 1, 1)
    found = session.scalars(
        select(Partnership)
        .where(
            Partnership.network_id == network_id,
            Partnership.is_public.is_(True),
            Partnership.created_at < dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC),
            (Partnership.ended_on.is_(None)) | (Partnership.ended_on >= start),
        )
        .order_by(Partnership.id)
    ).all()
    ids = [p.id for p in found]
    cities: dict[int, int] = dict(
        session.execute(
            select(PartnershipMember.partnership_id, func.count())
            .where(PartnershipMember.partnership_id.in_(ids))
            .group_by(PartnershipMember.partnership_id)
        ).all()
    )
    goals: dict[int, list[str]] = {}
    for pid, status in session.execute(
        select(PartnershipGoal.partnership_id, PartnershipGoal.status).where(
            PartnershipGoal.partnership_id.in_(ids)
        )
    ):
        goals.setdefault(pid, []).append(status)
    listed = [
        {
            "id": p.id,
            "title": p.title,
            "kind": p.kind,
            "status": p.status,
            "cities": cities.get(p.id, 0),
            "goals": len(goals.get(p.id, [])),
            "goals_achieved": goals.get(p.id, []).count("achieved"),
        }
        for p in found
    ]
    return {
        "count": len(listed),
        "by_status": count_by((p.status for p in found), PARTNERSHIP_STATUSES),
        "goals": sum(p["goals"] for p in listed),
        "goals_achieved": sum(p["goals_achieved"] for p in listed),
        "list": listed,
    }


def _deals(session: Session, members: set[int], year: int) -> dict[str, Any]:
    """Members' public deals signed by the end of the year; reductions as they state them (t CO2e/a)."""
    end = dt.date(year, 12, 31)
    with_deals = session.scalars(
        select(Deal.city_id)
        .where(Deal.city_id.in_(sorted(members)), Deal.signed_on <= end)
        .distinct()
        .order_by(Deal.city_id)
    ).all()
    deals = [
        d
        for city_id in with_deals
        for d in public_deals(session, city_id=city_id, today=end)
        if d.signed_on and d.signed_on <= end
    ]
    return {
        "count": len(deals),
        "signed_in_year": sum(1 for d in deals if d.signed_on and d.signed_on.year == year),
        "expected_t_per_year": sum(d.expected_t or 0.0 for d in deals),
        "list": [
            {
                "id": d.id,
                "city": d.city,
                "title": d.title,
                "status": d.status,
                "signed_on": d.signed_on.isoformat() if d.signed_on else None,
                "expected_t_per_year": d.expected_t,
            }
            for d in deals
        ],  # fmt: skip
    }


def _credits(session: Session, members: set[int], year: int) -> dict[str, Any]:
    """Credits members retired in the year (1 credit = 1 t CO2e), by use."""
    retired = load_retirements(
        session,
        CreditProject.status.in_(PUBLIC_PROJECT_STATUSES),
        CreditProject.host_city_id.in_(select(City.id).where(City.is_published.is_(True))),
        CreditRetirement.city_id.in_(sorted(members)),
        CreditRetirement.retired_at >= dt.datetime(year, 1, 1, tzinfo=dt.UTC),
        CreditRetirement.retired_at < dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC),
    )
    by_use: dict[str, int] = {}
    for r in retired:
        by_use[r.use] = by_use.get(r.use, 0) + r.block.quantity
    return {
        "retirements": len(retired),
        "retired_t": sum(r.block.quantity for r in retired),
        "by_use": dict(sorted(by_use.items())),
    }


MAX_PROCUREMENTS: Final = 500
PUBLIC_PHASES: Final = tuple(p.value for p in PHASES if published(p))
# The only method whose ranking prices the tonnes (domain/procurement: LCC + CO2 shadow price).
PRICED_METHODS: Final = ("lcc-co2",)


def _procurement(session: Session, network_id: int, members: set[int], year: int) -> dict[str, Any] | None:
    """Members' joint procurements of the year that are public: the tender is published (a
    procurement still forming is never counted), and the tender was published in the year or a lot
    was awarded in it. Of each award only the public notice's figures (the winner's, from its
    published evaluation) and the signed contract's value; never another bid's figure."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    chosen = sorted(members)
    joined_member = select(ProcurementParticipant.procurement_id).where(
        ProcurementParticipant.city_id.in_(chosen), ProcurementParticipant.status == "joined"
    )
    published_in_year = select(ProcurementMilestone.procurement_id).where(
        ProcurementMilestone.phase == Phase.TENDER_PUBLISHED.value,
        ProcurementMilestone.actual_on >= start,
        ProcurementMilestone.actual_on <= end,
    )
    awarded_in_year = select(ProcurementAward.procurement_id).where(
        ProcurementAward.awarded_on >= start, ProcurementAward.awarded_on <= end
    )
    found = session.scalars(
        select(Procurement)
        .where(
            Procurement.phase.in_(PUBLIC_PHASES),
            (Procurement.network_id == network_id)
            | Procurement.lead_city_id.in_(chosen)
            | Procurement.id.in_(joined_member),
            Procurement.id.in_(published_in_year) | Procurement.id.in_(awarded_in_year),
        )
        .order_by(Procurement.id)
        .limit(MAX_PROCUREMENTS)
    ).all()
    if not found:
        return None
    ids = [p.id for p in found]
    lots: dict[int, int] = dict(
        session.execute(
            select(ProcurementLot.procurement_id, func.count())
            .where(ProcurementLot.procurement_id.in_(ids))
            .group_by(ProcurementLot.procurement_id)
        ).all()
    )
    names: dict[int, set[str]] = {}
    for pid, name in session.execute(
        select(ProcurementParticipant.procurement_id, City.name)
        .join(City, City.id == ProcurementParticipant.city_id)
        .where(
            ProcurementParticipant.procurement_id.in_(ids),
            ProcurementParticipant.status == "joined",
            ProcurementParticipant.city_id.in_(chosen),
        )
    ):
        names.setdefault(pid, set()).add(name)
    leads = {p.id: p.lead_city_id for p in found if p.lead_city_id in members}
    for pid, name in session.execute(select(City.id, City.name).where(City.id.in_(set(leads.values())))):
        for procurement_id, lead in leads.items():
            if lead == pid:
                names.setdefault(procurement_id, set()).add(name)
    awards: dict[int, list[AwardRow]] = {}
    currency = {p.id: p.currency for p in found}
    for award, lot, evaluation, bid, contract in session.execute(
        select(ProcurementAward, ProcurementLot, ProcurementEvaluation, ProcurementBid, ProcurementContract)
        .join(ProcurementLot, ProcurementLot.id == ProcurementAward.lot_id)
        .join(ProcurementEvaluation, ProcurementEvaluation.id == ProcurementAward.evaluation_id)
        .join(ProcurementBid, ProcurementBid.id == ProcurementAward.bid_id)
        .outerjoin(
            ProcurementContract,
            (ProcurementContract.award_id == ProcurementAward.id) & (ProcurementContract.signed_on <= end),
        )
        .where(
            ProcurementAward.procurement_id.in_(ids),
            ProcurementAward.awarded_on >= start,
            ProcurementAward.awarded_on <= end,
            ProcurementEvaluation.status == "published",
        )
        .order_by(ProcurementAward.id)
    ):
        won = next(r for r in evaluation.result["ranking"] if r["supplier"] == bid.supplier_name)
        frozen = evaluation.inputs.get("schedule")
        schedule: dict[str, Any] = frozen if evaluation.method in PRICED_METHODS and frozen else {}
        priced = bool(schedule)
        price_year = int(evaluation.inputs["year"]) if priced else None
        awards.setdefault(award.procurement_id, []).append(
            AwardRow(
                lot_number=lot.number,
                lot_title=lot.title,
                awarded_on=award.awarded_on.isoformat(),
                supplier=bid.supplier_name,
                method=evaluation.method,
                award_minor=to_minor_units(float(won["acquisition"]), currency[award.procurement_id]),
                contract_minor=contract.value_minor if contract is not None else None,
                co2e_t=float(won["co2e_t"]),
                co2_cost=float(won["co2_cost"]),
                schedule=str(schedule["name"]) if priced else None,
                co2_price=co2_price_in(schedule["prices"], price_year) if price_year else None,
                price_year=price_year,
            )
        )
    return procurement_figures(
        ProcurementRow(
            procurement_id=p.id,
            title=p.title,
            currency=p.currency,
            phase=p.phase,
            cancelled=p.status == "cancelled",
            lots=lots.get(p.id, 0),
            member_cities=tuple(sorted(names.get(p.id, set()))),
            awards=tuple(awards.get(p.id, [])),
        )
        for p in found
    )


def compute(session: Session, network: Network, year: int, base_year: int) -> dict[str, Any]:
    """The report's figures as plain JSON data (domain.annual_report.snapshot)."""
    members = member_ids(session, network.id)
    chosen = set(members)
    figures: dict[str, Any] = {
        "network": {"slug": network.slug, "name": network.name},
        "year": year,
        "base_year": base_year,
        "inventories": _inventories(session, members, year, base_year),
        "partnerships": _partnerships(session, network.id, year),
        "deals": _deals(session, chosen, year),
        "credits": _credits(session, chosen, year),
    }
    procurement = _procurement(session, network.id, chosen, year)
    if procurement is not None:  # "where present": no empty section, and older reports' hashes hold
        figures["procurement"] = procurement
    return snapshot(figures)
