"""What a reader sees of a procurement, by role: the lead buyer sees every participant's demand,
a participant its own demand and the group's totals per lot, the public the published part."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.procurement.phases import PHASES, Phase, next_phases, published
from citypact.services.errors import NotFound, require
from citypact.services.procurement.loading import Loaded, load, sealed_until
from citypact.services.registry.networks import is_city_staff
from citypact.storage.models import City, Network, Organisation
from citypact.storage.procurement import (
    Procurement,
    ProcurementDemand,
    ProcurementLot,
    ProcurementMilestone,
    ProcurementParticipant,
)


@dataclass(frozen=True)
class ParticipantView:
    id: int
    city_id: int
    city_name: str
    country: str
    department: str
    status: str  # invited, joined, withdrawn
    invited_on: dt.date
    joined_on: dt.date | None
    withdrawn_on: dt.date | None
    version: int


@dataclass(frozen=True)
class DemandView:
    id: int
    lot_id: int
    city_id: int
    city_name: str
    quantity: float
    delivery_from: int
    delivery_to: int
    budget_ceiling_minor: int | None
    standalone_estimate_minor: int | None
    withdrawn: bool
    note: str
    version: int


@dataclass(frozen=True)
class LotView:
    id: int
    number: int
    title: str
    unit: str
    cpv: str | None
    description: str
    version: int
    # The group's totals: demand of joined participants, lines not withdrawn.
    total_quantity: float
    participants: int
    delivery_from: int | None
    delivery_to: int | None
    total_budget_minor: int | None  # None when no line states a ceiling


@dataclass(frozen=True)
class MilestoneView:
    phase: str
    planned_on: dt.date | None
    actual_on: dt.date | None
    version: int


@dataclass(frozen=True)
class ProcurementView:
    id: int
    title: str
    subject: str
    cpv: str | None
    lead_city_id: int | None
    lead_organisation_id: int | None
    lead_name: str
    network_slug: str | None
    network_name: str | None
    phase: str
    status: str
    currency: str
    bids_due_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    participants: list[ParticipantView]
    lots: list[LotView]
    timeline: list[MilestoneView]  # every phase, in order, with its dates where set
    demand: list[DemandView]  # all lines for those who run it; a participant's own; none for others
    can_run: bool
    acts_for: list[int]  # the participating cities the reader edits
    reads_all: bool
    next_phases: list[str]


@dataclass(frozen=True)
class ProcurementSummary:
    id: int
    title: str
    cpv: str | None
    lead_name: str
    phase: str
    status: str
    role: str  # lead, participant, or "" (a published procurement the city is not part of)
    participants: int


def lead_name(session: Session, procurement: Procurement) -> str:
    if procurement.lead_city_id is not None:
        return session.get_one(City, procurement.lead_city_id).name
    return session.get_one(Organisation, procurement.lead_organisation_id).name


def lot_view(lot: ProcurementLot, lines: list[ProcurementDemand], joined: set[int]) -> LotView:
    """The lot with the group's totals: lines of joined participants that are not withdrawn."""
    counted = [d for d in lines if d.lot_id == lot.id and not d.withdrawn and d.participant_id in joined]
    budgets = [d.budget_ceiling_minor for d in counted if d.budget_ceiling_minor is not None]
    return LotView(
        lot.id,
        lot.number,
        lot.title,
        lot.unit,
        lot.cpv,
        lot.description,
        lot.version,
        total_quantity=float(sum(d.quantity for d in counted)),
        participants=len({d.participant_id for d in counted}),
        delivery_from=min((d.delivery_from for d in counted), default=None),
        delivery_to=max((d.delivery_to for d in counted), default=None),
        total_budget_minor=sum(budgets) if budgets else None,
    )


def build_view(session: Session, loaded: Loaded) -> ProcurementView:
    p, who = loaded.procurement, loaded.who
    cities = {
        c.id: c
        for c in session.scalars(select(City).where(City.id.in_([x.city_id for x in loaded.participants])))
    }
    shown = [x for x in loaded.participants if who.reads_all or x.status == "joined"]
    participants = [
        ParticipantView(
            x.id,
            x.city_id,
            cities[x.city_id].name,
            cities[x.city_id].country,
            x.department if who.reads_all else "",
            x.status,
            x.invited_on,
            x.joined_on,
            x.withdrawn_on,
            x.version,
        )
        for x in shown
    ]
    lots = list(
        session.scalars(
            select(ProcurementLot)
            .where(ProcurementLot.procurement_id == p.id)
            .order_by(ProcurementLot.number)
        )
    )
    lines = list(
        session.scalars(
            select(ProcurementDemand)
            .where(ProcurementDemand.lot_id.in_([lot.id for lot in lots]))
            .order_by(ProcurementDemand.lot_id, ProcurementDemand.id)
        )
    )
    joined = {x.id for x in loaded.participants if x.status == "joined"}
    lot_views = [lot_view(lot, lines, joined) for lot in lots]
    city_of = {x.id: x.city_id for x in loaded.participants}
    visible = [d for d in lines if who.runs or city_of[d.participant_id] in who.acts_for]
    demand = [
        DemandView(
            d.id,
            d.lot_id,
            city_of[d.participant_id],
            cities[city_of[d.participant_id]].name,
            d.quantity,
            d.delivery_from,
            d.delivery_to,
            d.budget_ceiling_minor,
            d.standalone_estimate_minor,
            d.withdrawn,
            d.note,
            d.version,
        )
        for d in visible
    ]
    dates = {
        m.phase: m
        for m in session.scalars(
            select(ProcurementMilestone).where(ProcurementMilestone.procurement_id == p.id)
        )
    }
    timeline = [
        MilestoneView(ph.value, dates[ph].planned_on, dates[ph].actual_on, dates[ph].version)
        if ph in dates
        else MilestoneView(ph.value, None, None, 0)
        for ph in PHASES
    ]
    network = session.get(Network, p.network_id) if p.network_id is not None else None
    return ProcurementView(
        id=p.id,
        title=p.title,
        subject=p.subject,
        cpv=p.cpv,
        lead_city_id=p.lead_city_id,
        lead_organisation_id=p.lead_organisation_id,
        lead_name=lead_name(session, p),
        network_slug=network.slug if network else None,
        network_name=network.name if network else None,
        phase=p.phase,
        status=p.status,
        currency=p.currency,
        bids_due_at=sealed_until(p),
        created_at=p.created_at,
        updated_at=p.updated_at,
        version=p.version,
        participants=participants,
        lots=lot_views,
        timeline=timeline,
        demand=demand,
        can_run=who.runs and p.status == "active",
        acts_for=sorted(who.acts_for),
        reads_all=who.reads_all,
        next_phases=[ph.value for ph in next_phases(p.phase)] if who.runs and p.status == "active" else [],
    )


def get_procurement(session: Session, actor: Actor, procurement_id: int) -> ProcurementView:
    return build_view(session, load(session, actor, procurement_id))


def _joined_counts(session: Session, rows: list[Procurement]) -> dict[int, int]:
    """Procurement id -> the number of cities that joined it."""
    return dict(
        session.execute(
            select(ProcurementParticipant.procurement_id, func.count())
            .where(
                ProcurementParticipant.procurement_id.in_([r.id for r in rows]),
                ProcurementParticipant.status == "joined",
            )
            .group_by(ProcurementParticipant.procurement_id)
        ).all()
    )


def _summaries(session: Session, rows: list[Procurement]) -> list[ProcurementSummary]:
    counts = _joined_counts(session, rows)
    return [
        ProcurementSummary(
            r.id, r.title, r.cpv, lead_name(session, r), r.phase, r.status, "", counts.get(r.id, 0)
        )
        for r in rows
    ]


def city_procurements(session: Session, actor: Actor, city_id: int) -> list[ProcurementSummary]:
    """The procurements a city leads or takes part in, newest first. Its staff see them all; others
    only the published ones the city is part of (and not where it withdrew or was only invited)."""
    if session.get(City, city_id) is None:
        raise NotFound("city", city_id)
    staff = is_city_staff(actor, city_id)
    member = select(ProcurementParticipant.procurement_id).where(ProcurementParticipant.city_id == city_id)
    if not staff:
        member = member.where(ProcurementParticipant.status == "joined")
    rows = list(
        session.scalars(
            select(Procurement)
            .where(or_(Procurement.lead_city_id == city_id, Procurement.id.in_(member)))
            .order_by(Procurement.created_at.desc(), Procurement.id.desc())
            .limit(500)
        )
    )
    published_from = PHASES.index(Phase.TENDER_PUBLISHED)
    rows = [r for r in rows if staff or PHASES.index(Phase(r.phase)) >= published_from]
    counts = _joined_counts(session, rows)
    return [
        ProcurementSummary(
            r.id,
            r.title,
            r.cpv,
            lead_name(session, r),
            r.phase,
            r.status,
            "lead" if r.lead_city_id == city_id else "participant",
            counts.get(r.id, 0),
        )
        for r in rows
    ]


def published_procurements(session: Session, limit: int = 200) -> list[ProcurementSummary]:
    """Every procurement whose tender is published, newest first (the public list)."""
    open_phases = [ph.value for ph in PHASES if published(ph)]
    rows = list(
        session.scalars(
            select(Procurement)
            .where(Procurement.phase.in_(open_phases))
            .order_by(Procurement.created_at.desc(), Procurement.id.desc())
            .limit(limit)
        )
    )
    return _summaries(session, rows)


def all_procurements(session: Session, actor: Actor, limit: int = 1_000) -> list[ProcurementSummary]:
    """Every procurement, newest first (administrators and the operator)."""
    require(actor.is_admin, actor.is_authenticated, "Only administrators list every procurement.")
    rows = list(
        session.scalars(
            select(Procurement).order_by(Procurement.created_at.desc(), Procurement.id.desc()).limit(limit)
        )
    )
    return _summaries(session, rows)
