"""Local Green Deals: a signed agreement between a city and local organisations, each party
committing to actions with measurable goals (migration 0024).

The city is a party of its own deal (`deal_party.organisation_id` None); its commitments are of
the kinds support, permit or funding, the organisations' of the kind action. Progress is reported
per commitment: KPI values and milestones. Codes only; pages word them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from citypact.storage.models import Base, Versioned, utcnow


class Deal(Versioned, Base):
    """A deal: draft -> negotiating -> signed -> implementing -> reviewed -> completed, or
    ended_early with a reason. The city's editors run it."""

    __tablename__ = "deal"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    action_field: Mapped[str] = mapped_column(String(30))  # domain.measures.GREEN_DEAL
    sdg_targets: Mapped[str] = mapped_column(String(400), default="")  # "7;7.2", as idea.sdg_targets
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True)
    status_reason: Mapped[str] = mapped_column(Text, default="")  # why ended early
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    signed_on: Mapped[dt.date | None] = mapped_column(Date)  # the day the last party signed
    # What the public sees of a signed deal, as codes of the deal's parts (e.g. "parties",
    # "commitments", "kpis", "progress", "co_benefits", "reductions"); the title, city, action field
    # and status of a signed deal are always public.
    public_parts: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DealParty(Versioned, Base):
    """A party to a deal and its signature: the city (organisation_id None) or an organisation."""

    __tablename__ = "deal_party"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("deal.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    signatory_name: Mapped[str] = mapped_column(String(200), default="")
    signatory_title: Mapped[str] = mapped_column(String(200), default="")
    signed_on: Mapped[dt.date | None] = mapped_column(Date)
    signed_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))


class DealCommitment(Versioned, Base):
    """What one party commits to, by when, and how it is measured (the KPI: unit, baseline, target
    and target year); `expected_reduction_t` is t CO2e a year where the action reduces emissions."""

    __tablename__ = "deal_commitment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("deal.id", ondelete="CASCADE"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("deal_party.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default="action")  # action, support, permit, funding
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    kpi_name: Mapped[str] = mapped_column(String(200), default="")
    kpi_unit: Mapped[str] = mapped_column(String(40), default="")
    kpi_baseline: Mapped[float | None] = mapped_column(Float)
    kpi_baseline_year: Mapped[int | None] = mapped_column(Integer)
    kpi_target: Mapped[float | None] = mapped_column(Float)
    kpi_target_year: Mapped[int | None] = mapped_column(Integer)
    expected_reduction_t: Mapped[float | None] = mapped_column(Float)
    gpc_sectors: Mapped[str] = mapped_column(String(40), default="")  # "I;II", as idea.gpc_sectors
    plan_measure_id: Mapped[int | None] = mapped_column(ForeignKey("plan_measure.id", ondelete="SET NULL"))
    # The city's funding commitment: an amount in minor units of the currency.
    amount_minor: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str | None] = mapped_column(String(3))


class CommitmentBenefit(Base):
    """A co-benefit or non-carbon goal of a commitment, with its quantity and unit where measured
    (e.g. jobs 12 "FTE", costs saved 40000 "EUR/a")."""

    __tablename__ = "commitment_benefit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("deal_commitment.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))  # domain.measures.CO_BENEFITS
    description: Mapped[str] = mapped_column(Text, default="")
    quantity: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(40), default="")


class CommitmentMilestone(Base):
    """A step of a commitment, done when it has a done date."""

    __tablename__ = "commitment_milestone"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("deal_commitment.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    due_date: Mapped[dt.date] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)


class CommitmentReport(Base):
    """A KPI value a party reports for its commitment, as of a date; reports are added, never edited,
    so the history stays (a correction is a new report with a note)."""

    __tablename__ = "commitment_report"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("deal_commitment.id", ondelete="CASCADE"), index=True
    )
    as_of: Mapped[dt.date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    reported_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DealReview(Base):
    """A planned review of the deal; held when it has a date and what was found."""

    __tablename__ = "deal_review"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("deal.id", ondelete="CASCADE"), index=True)
    due_date: Mapped[dt.date] = mapped_column(Date)
    held_on: Mapped[dt.date | None] = mapped_column(Date)
    findings: Mapped[str] = mapped_column(Text, default="")
