"""What the deal document says: title, parties with signatories and dates, each party's
commitments with KPI and co-benefits, the city's commitments, duration and review dates.

Those who read the deal whole (the city's staff, the parties' people, admins) get all of it, any
status (a draft prints as a draft to sign). The public gets a signed deal's public parts only, as
on its public page: no signatory names, parties only with "parties", commitments only with
"commitments", KPIs with "kpis", co-benefits with "co_benefits", reductions with "reductions",
duration and review dates with "summary".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.green_deals import PUBLIC_PARTS
from citypact.services.deals.progress import is_public, reads_inside
from citypact.services.deals.public import sdg_list
from citypact.services.errors import NotFound
from citypact.storage.deals import CommitmentBenefit, Deal, DealCommitment, DealParty, DealReview
from citypact.storage.models import City, Organisation


@dataclass(frozen=True)
class DocBenefit:
    kind: str
    description: str
    quantity: float | None
    unit: str


@dataclass(frozen=True)
class DocCommitment:
    title: str
    kind: str
    description: str
    due_date: dt.date | None
    kpi_name: str | None  # None: KPIs not public
    kpi_unit: str | None
    kpi_baseline: float | None
    kpi_baseline_year: int | None
    kpi_target: float | None
    kpi_target_year: int | None
    expected_reduction_t: float | None
    benefits: tuple[DocBenefit, ...]


@dataclass(frozen=True)
class DocParty:
    is_city: bool
    name: str
    kind: str | None  # the organisation's type code
    signatory_name: str | None  # None for the public
    signatory_title: str
    signed_on: dt.date | None
    commitments: tuple[DocCommitment, ...]


@dataclass(frozen=True)
class DealDocument:
    id: int
    title: str
    city: str
    action_field: str
    sdg_targets: tuple[str, ...]
    status: str
    signed_on: dt.date | None
    summary: str | None
    start_date: dt.date | None
    end_date: dt.date | None
    reviews: tuple[dt.date, ...]
    parties: tuple[DocParty, ...]  # the city first; empty when the parties are not public
    unnamed: tuple[DocCommitment, ...]  # commitments public without their parties
    complete: bool  # True: the whole deal; False: its public parts


def deal_document(session: Session, actor: Actor, deal_id: int) -> DealDocument:
    """The document of the deal as the actor may read it; NotFound when they may not."""
    deal = session.get(Deal, deal_id)
    if deal is None:
        raise NotFound("deal", deal_id)
    city = session.get(City, deal.city_id)
    assert city is not None
    complete = reads_inside(session, actor, deal)
    if not complete and not (is_public(deal) and city.is_published):
        raise NotFound("deal", deal_id)
    has = set(PUBLIC_PARTS) if complete else set(deal.public_parts or [])
    rows = session.scalars(select(DealParty).where(DealParty.deal_id == deal.id).order_by(DealParty.id)).all()
    orgs = {
        o.id: o
        for o in session.scalars(
            select(Organisation).where(
                Organisation.id.in_([p.organisation_id for p in rows if p.organisation_id])
            )
        )
    }
    commitments = session.scalars(
        select(DealCommitment).where(DealCommitment.deal_id == deal.id).order_by(DealCommitment.id)
    ).all()
    benefits: dict[int, list[DocBenefit]] = defaultdict(list)
    if "co_benefits" in has:
        for b in session.scalars(
            select(CommitmentBenefit)
            .where(CommitmentBenefit.commitment_id.in_([c.id for c in commitments]))
            .order_by(CommitmentBenefit.id)
        ):
            benefits[b.commitment_id].append(DocBenefit(b.kind, b.description, b.quantity, b.unit))
    kpis, reductions = "kpis" in has, "reductions" in has
    by_party: dict[int, list[DocCommitment]] = defaultdict(list)
    if "commitments" in has:
        for c in commitments:
            by_party[c.party_id].append(
                DocCommitment(
                    c.title,
                    c.kind,
                    c.description if complete else "",
                    c.due_date,
                    c.kpi_name if kpis else None,
                    c.kpi_unit if kpis else None,
                    c.kpi_baseline if kpis else None,
                    c.kpi_baseline_year if kpis else None,
                    c.kpi_target if kpis else None,
                    c.kpi_target_year if kpis else None,
                    c.expected_reduction_t if reductions else None,
                    tuple(benefits[c.id]),
                )  # fmt: skip
            )
    ordered = sorted(rows, key=lambda p: (p.organisation_id is not None, p.id))
    parties: tuple[DocParty, ...] = ()
    unnamed: tuple[DocCommitment, ...] = ()
    if "parties" in has:
        parties = tuple(
            DocParty(
                p.organisation_id is None,
                orgs[p.organisation_id].name if p.organisation_id else city.name,
                orgs[p.organisation_id].kind if p.organisation_id else None,
                p.signatory_name if complete else None,
                p.signatory_title,
                p.signed_on,
                tuple(by_party[p.id]),
            )
            for p in ordered
        )
    else:
        unnamed = tuple(c for p in ordered for c in by_party[p.id])
    dated = "summary" in has
    reviews = (
        tuple(
            session.scalars(
                select(DealReview.due_date).where(DealReview.deal_id == deal.id).order_by(DealReview.due_date)
            )
        )
        if dated
        else ()
    )
    return DealDocument(
        deal.id, deal.title, city.name, deal.action_field, sdg_list(deal.sdg_targets), deal.status,
        deal.signed_on, deal.summary if dated else None, deal.start_date if dated else None,
        deal.end_date if dated else None, reviews, parties, unnamed, complete,
    )  # fmt: skip
