"""The public view of a signed deal: what the public may see, part by part.

Always, once signed (or later): the title, the city, the action field, the SDG targets, the status
and the signing date. The other parts only when the city listed them in `deal.public_parts`:
"summary", "parties" (organisations, their type, the signatory's function and date), "commitments"
(what, by when, of which party when "parties" is public too), "kpis" (name, unit, baseline and
target), "progress" (status and latest value, share of the way; needs "commitments"), "co_benefits"
and "reductions" (t CO2e a year). Personal names never: not the signatories' (a choice: the
function says who signed in the organisation's name), not users', not e-mails.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.deal_progress import DealSummary, deal_summary
from citypact.domain.green_deals import PUBLIC_PARTS
from citypact.services.deals.progress import SIGNED_OR_LATER, is_public, load_progress
from citypact.services.errors import NotFound
from citypact.storage.deals import CommitmentBenefit, Deal, DealCommitment, DealParty
from citypact.storage.models import City, Organisation


@dataclass(frozen=True)
class PublicParty:
    organisation_id: int | None  # None: the city
    name: str  # the organisation's name, or the city's
    kind: str | None  # organisation type code; None for the city
    signatory_title: str
    signed_on: dt.date | None


@dataclass(frozen=True)
class PublicBenefit:
    kind: str
    description: str
    quantity: float | None
    unit: str


@dataclass(frozen=True)
class PublicCommitment:
    """A commitment as the public sees it; a part the city keeps back is None (or empty)."""

    id: int
    title: str
    kind: str
    due_date: dt.date | None
    party: str | None  # with "parties"
    kpi_name: str | None  # with "kpis", as the four after it
    kpi_unit: str | None
    kpi_baseline: float | None
    kpi_target: float | None
    kpi_target_year: int | None
    status: str | None  # with "progress", as the three after it
    latest_value: float | None
    latest_as_of: dt.date | None
    shown_share: float | None
    expected_reduction_t: float | None  # with "reductions"
    benefits: tuple[PublicBenefit, ...]  # with "co_benefits"


@dataclass(frozen=True)
class PublicDeal:
    id: int
    city_id: int
    city: str
    title: str
    action_field: str
    sdg_targets: tuple[str, ...]
    status: str
    signed_on: dt.date | None
    parts: tuple[str, ...]  # the public parts, in the order of domain.green_deals.PUBLIC_PARTS
    summary: str | None
    start_date: dt.date | None  # with "summary", as end_date
    end_date: dt.date | None
    parties: tuple[PublicParty, ...]
    commitments: tuple[PublicCommitment, ...]
    progress: DealSummary | None  # with "progress" and "commitments"
    expected_t: float | None  # with "reductions": the sum over the commitments that state it


def public_deal_filter() -> ColumnElement[bool]:
    """`progress.is_public` as SQL: signed or later, or ended early after signing."""
    return or_(
        Deal.status.in_(SIGNED_OR_LATER), and_(Deal.status == "ended_early", Deal.signed_on.is_not(None))
    )


def sdg_list(text: str) -> tuple[str, ...]:
    """The SDG goals and targets of "7;7.2;11" as ("7", "7.2", "11")."""
    return tuple(p.strip() for p in text.split(";") if p.strip())


def _public_deal(session: Session, deal_id: int) -> Deal:
    deal = session.get(Deal, deal_id)
    if deal is None or not is_public(deal):
        raise NotFound("deal", deal_id)
    city = session.get(City, deal.city_id)
    if city is None or not city.is_published:
        raise NotFound("deal", deal_id)
    return deal


def build_public(session: Session, deal: Deal, city_name: str, today: dt.date) -> PublicDeal:
    """The public view of a loaded public deal. No authorization: callers checked `is_public`."""
    parts = tuple(p for p in PUBLIC_PARTS if p in set(deal.public_parts or []))
    has = set(parts)
    parties_rows = session.scalars(
        select(DealParty).where(DealParty.deal_id == deal.id).order_by(DealParty.id)
    ).all()
    orgs = {
        o.id: o
        for o in session.scalars(
            select(Organisation).where(
                Organisation.id.in_([p.organisation_id for p in parties_rows if p.organisation_id])
            )
        )
    }
    parties: tuple[PublicParty, ...] = ()
    if "parties" in has:
        parties = tuple(
            PublicParty(
                p.organisation_id,
                orgs[p.organisation_id].name if p.organisation_id else city_name,
                orgs[p.organisation_id].kind if p.organisation_id else None,
                p.signatory_title,
                p.signed_on,
            )
            for p in parties_rows
        )
    commitments: tuple[PublicCommitment, ...] = ()
    summary_of_progress = None
    if "commitments" in has:
        found = load_progress(session, deal, Actor(), today)
        benefits: dict[int, list[PublicBenefit]] = {}
        if "co_benefits" in has:
            for b in session.scalars(
                select(CommitmentBenefit)
                .where(CommitmentBenefit.commitment_id.in_([c.id for c in found.commitments]))
                .order_by(CommitmentBenefit.id)
            ):
                benefits.setdefault(b.commitment_id, []).append(
                    PublicBenefit(b.kind, b.description, b.quantity, b.unit)
                )
        kpis, shown, reductions = "kpis" in has, "progress" in has, "reductions" in has
        commitments = tuple(
            PublicCommitment(
                c.id,
                c.title,
                c.kind,
                c.due_date,
                (c.organisation or city_name) if "parties" in has else None,
                c.kpi_name if kpis else None,
                c.kpi_unit if kpis else None,
                c.kpi_baseline if kpis else None,
                c.kpi_target if kpis else None,
                c.kpi_target_year if kpis else None,
                c.progress.status if shown else None,
                c.progress.latest.value if shown and c.progress.latest else None,
                c.progress.latest.as_of if shown and c.progress.latest else None,
                c.progress.shown_share if shown else None,
                c.expected_reduction_t if reductions else None,
                tuple(benefits.get(c.id, ())),
            )  # fmt: skip
            for c in found.commitments
        )
        if shown:
            summary_of_progress = deal_summary(
                (c.progress, c.expected_reduction_t) for c in found.commitments
            )
    expected_t = None
    if "reductions" in has:
        # the sum is public even when the commitments are not: it is the deal's promise as a whole
        expected_t = _reduction_sum(session, deal.id)
    return PublicDeal(
        deal.id, deal.city_id, city_name, deal.title, deal.action_field, sdg_list(deal.sdg_targets),
        deal.status, deal.signed_on, parts,
        deal.summary if "summary" in has else None,
        deal.start_date if "summary" in has else None,
        deal.end_date if "summary" in has else None,
        parties, commitments, summary_of_progress, expected_t,
    )  # fmt: skip


def _reduction_sum(session: Session, deal_id: int) -> float:
    total = session.scalar(
        select(func.sum(DealCommitment.expected_reduction_t)).where(DealCommitment.deal_id == deal_id)
    )
    return float(total or 0.0)


def get_public_deal(session: Session, deal_id: int, *, today: dt.date | None = None) -> PublicDeal:
    """The public view of a signed (or later) deal of a published city; NotFound for any other,
    whoever asks (the people of the deal read it whole through services.deals.progress)."""
    deal = _public_deal(session, deal_id)
    city = session.get(City, deal.city_id)
    assert city is not None
    return build_public(session, deal, city.name, today or dt.date.today())


def public_deals(
    session: Session, *, city_id: int | None = None, today: dt.date | None = None
) -> list[PublicDeal]:
    """The public views of every signed (or later) deal of published cities, or of one city."""
    query = (
        select(Deal, City.name)
        .join(City, City.id == Deal.city_id)
        .where(City.is_published.is_(True), public_deal_filter())
        .order_by(Deal.city_id, Deal.id)
    )
    if city_id is not None:
        query = query.where(Deal.city_id == city_id)
    day = today or dt.date.today()
    return [build_public(session, d, name, day) for d, name in session.execute(query).all()]
