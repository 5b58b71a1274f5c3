"""What the actor reads of deals: a city's list and a deal's full internal view (codes and figures;
the pages word them). The public sees signed deals and of them only the title, action field, status
and city here; the public deal page (what the city chose to publish) is built on top of this."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.deals import SIGNED_OR_LATER, open_to_changes
from citypact.domain.green_deals import DEAL_STATUSES
from citypact.services.deals.loading import load, may_read_internals
from citypact.services.errors import InvalidInput, NotFound
from citypact.services.input import clean_code
from citypact.storage.deals import (
    CommitmentBenefit,
    CommitmentMilestone,
    CommitmentReport,
    Deal,
    DealCommitment,
    DealParty,
    DealReview,
)
from citypact.storage.ideas import Idea
from citypact.storage.models import City, Organisation


@dataclass(frozen=True)
class DealSummary:
    """A deal in a list; `internal` False when the actor sees only its public face (then the
    dates and counts are None)."""

    id: int
    city_id: int
    city_name: str
    title: str
    action_field: str
    status: str
    internal: bool
    signed_on: dt.date | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    parties: int | None = None
    commitments: int | None = None


@dataclass(frozen=True)
class BenefitView:
    id: int
    kind: str
    description: str
    quantity: float | None
    unit: str


@dataclass(frozen=True)
class MilestoneView:
    id: int
    title: str
    due_date: dt.date
    done_on: dt.date | None


@dataclass(frozen=True)
class ReportView:
    id: int
    as_of: dt.date
    value: float
    note: str


@dataclass(frozen=True)
class CommitmentView:
    id: int
    party_id: int
    version: int
    kind: str
    title: str
    description: str
    due_date: dt.date | None
    kpi_name: str
    kpi_unit: str
    kpi_baseline: float | None
    kpi_baseline_year: int | None
    kpi_target: float | None
    kpi_target_year: int | None
    expected_reduction_t: float | None
    gpc_sectors: list[str]
    plan_measure_id: int | None
    amount_minor: int | None
    currency: str | None
    benefits: list[BenefitView] = field(default_factory=list)
    milestones: list[MilestoneView] = field(default_factory=list)
    reports: list[ReportView] = field(default_factory=list)


@dataclass(frozen=True)
class PartyView:
    id: int
    version: int
    organisation_id: int | None  # None: the city
    name: str
    organisation_kind: str | None
    signatory_name: str
    signatory_title: str
    signed_on: dt.date | None
    may_act: bool  # the actor writes this party's commitments and signature
    commitments: list[CommitmentView] = field(default_factory=list)

    @property
    def signed(self) -> bool:
        return bool(self.signatory_name) and self.signed_on is not None


@dataclass(frozen=True)
class ReviewView:
    id: int
    due_date: dt.date
    held_on: dt.date | None
    findings: str


@dataclass(frozen=True)
class DealView:
    id: int
    version: int
    city_id: int
    city_name: str
    title: str
    summary: str
    action_field: str
    sdg_targets: list[str]
    status: str
    status_reason: str
    start_date: dt.date | None
    end_date: dt.date | None
    signed_on: dt.date | None
    public_parts: list[str]
    idea_id: int | None
    runs: bool  # the actor is one of the city's editors
    open_to_changes: bool
    parties: list[PartyView]
    reviews: list[ReviewView]
    expected_reduction_t: float  # the sum of the commitments' expected reductions, t CO2e a year

    @property
    def commitments(self) -> list[CommitmentView]:
        return [c for p in self.parties for c in p.commitments]


def _codes(text: str) -> list[str]:
    return [c for c in text.split(";") if c]


def list_deals(session: Session, actor: Actor, city_id: int, status: str | None = None) -> list[DealSummary]:
    """A city's deals, newest first: all of them to its staff, to the parties' people their deals,
    and to everyone the signed ones (or later), as their public face."""
    city = session.get(City, city_id) if 1 <= city_id <= 2_147_483_647 else None
    if city is None:
        raise NotFound("city", city_id)
    query = select(Deal).where(Deal.city_id == city_id)
    if status is not None:
        query = query.where(Deal.status == clean_code("status", status, DEAL_STATUSES))
    deals = list(session.scalars(query.order_by(Deal.id.desc()).limit(1000)))
    ids = [d.id for d in deals]
    parties: dict[int, list[DealParty]] = defaultdict(list)
    for party in session.scalars(select(DealParty).where(DealParty.deal_id.in_(ids))):
        parties[party.deal_id].append(party)
    counts = dict(
        session.execute(
            select(DealCommitment.deal_id, func.count(DealCommitment.id))
            .where(DealCommitment.deal_id.in_(ids))
            .group_by(DealCommitment.deal_id)
        ).all()
    )
    staff = may_read_internals(session, actor, city_id, [])
    found: list[DealSummary] = []
    for deal in deals:
        own = parties[deal.id]
        # Not staff: a party's people read their deals (one query for the city's networks is enough).
        internal = staff or any(
            p.organisation_id is not None and actor.speaks_for(p.organisation_id) for p in own
        )
        if not internal and deal.status not in SIGNED_OR_LATER:
            continue
        face = DealSummary(deal.id, city.id, city.name, deal.title, deal.action_field, deal.status, internal)
        if internal:
            face = DealSummary(
                deal.id, city.id, city.name, deal.title, deal.action_field, deal.status, True,
                deal.signed_on, deal.start_date, deal.end_date, len(own), int(counts.get(deal.id, 0)),
            )  # fmt: skip
        found.append(face)
    return found


def get_deal(session: Session, actor: Actor, deal_id: int) -> DealView:
    """The whole deal, to those who may read it (the city's staff and the parties' people)."""
    loaded = load(session, actor, deal_id)
    deal = loaded.deal
    city = session.get(City, deal.city_id)
    commitments = list(
        session.scalars(
            select(DealCommitment).where(DealCommitment.deal_id == deal_id).order_by(DealCommitment.id)
        )
    )
    ids = [c.id for c in commitments]
    benefits: dict[int, list[BenefitView]] = defaultdict(list)
    for b in session.scalars(
        select(CommitmentBenefit)
        .where(CommitmentBenefit.commitment_id.in_(ids))
        .order_by(CommitmentBenefit.id)
    ):
        benefits[b.commitment_id].append(BenefitView(b.id, b.kind, b.description, b.quantity, b.unit))
    milestones: dict[int, list[MilestoneView]] = defaultdict(list)
    for m in session.scalars(
        select(CommitmentMilestone)
        .where(CommitmentMilestone.commitment_id.in_(ids))
        .order_by(CommitmentMilestone.due_date, CommitmentMilestone.id)
    ):
        milestones[m.commitment_id].append(MilestoneView(m.id, m.title, m.due_date, m.done_on))
    reports: dict[int, list[ReportView]] = defaultdict(list)
    for r in session.scalars(
        select(CommitmentReport)
        .where(CommitmentReport.commitment_id.in_(ids))
        .order_by(CommitmentReport.as_of, CommitmentReport.id)
    ):
        reports[r.commitment_id].append(ReportView(r.id, r.as_of, r.value, r.note))
    by_party: dict[int, list[CommitmentView]] = defaultdict(list)
    for c in commitments:
        by_party[c.party_id].append(
            CommitmentView(
                c.id,
                c.party_id,
                c.version,
                c.kind,
                c.title,
                c.description,
                c.due_date,
                c.kpi_name,
                c.kpi_unit,
                c.kpi_baseline,
                c.kpi_baseline_year,
                c.kpi_target,
                c.kpi_target_year,
                c.expected_reduction_t,
                _codes(c.gpc_sectors),
                c.plan_measure_id,
                c.amount_minor,
                c.currency,
                benefits[c.id],
                milestones[c.id],
                reports[c.id],
            )  # fmt: skip
        )
    org_ids = [p.organisation_id for p in loaded.parties if p.organisation_id is not None]
    orgs = {o.id: o for o in session.scalars(select(Organisation).where(Organisation.id.in_(org_ids)))}
    city_name = city.name if city is not None else ""
    parties = [
        PartyView(
            p.id,
            p.version,
            p.organisation_id,
            orgs[p.organisation_id].name if p.organisation_id is not None else city_name,
            orgs[p.organisation_id].kind if p.organisation_id is not None else None,
            p.signatory_name,
            p.signatory_title,
            p.signed_on,
            loaded.may_act_for(p),
            by_party[p.id],
        )  # fmt: skip
        for p in loaded.parties
    ]
    reviews = [
        ReviewView(r.id, r.due_date, r.held_on, r.findings)
        for r in session.scalars(
            select(DealReview)
            .where(DealReview.deal_id == deal_id)
            .order_by(DealReview.due_date, DealReview.id)
        )
    ]
    idea_id = session.scalar(select(Idea.id).where(Idea.deal_id == deal_id).limit(1))
    return DealView(
        deal.id, deal.version, deal.city_id, city_name, deal.title, deal.summary, deal.action_field,
        _codes(deal.sdg_targets), deal.status, deal.status_reason, deal.start_date, deal.end_date,
        deal.signed_on, list(deal.public_parts or []), idea_id, loaded.runs,
        open_to_changes(deal.status), parties, reviews,
        sum(c.expected_reduction_t or 0.0 for c in commitments),
    )  # fmt: skip


def organisation_choices(session: Session, city_id: int, limit: int = 500) -> list[tuple[int, str]]:
    """The confirmed organisations of a city, by name: the likely parties of its deals."""
    rows = session.execute(
        select(Organisation.id, Organisation.name)
        .where(Organisation.city_id == city_id, Organisation.status == "confirmed")
        .order_by(Organisation.name, Organisation.id)
        .limit(limit)
    )
    return [(i, n) for i, n in rows]


def find_organisation(session: Session, field: str, text: str) -> int:
    """A confirmed organisation by its number or its exact name (any case); InvalidInput naming
    `field` when none or several fit."""
    given = text.strip()
    if given.isdigit():
        return int(given)
    found = session.scalars(
        select(Organisation.id)
        .where(func.lower(Organisation.name) == given.lower(), Organisation.status == "confirmed")
        .limit(2)
    ).all()
    if len(found) != 1:
        several = "several confirmed organisations are" if found else "no confirmed organisation is"
        raise InvalidInput(field, f"{several} called {given!r}; give the organisation's number.")
    return found[0]
