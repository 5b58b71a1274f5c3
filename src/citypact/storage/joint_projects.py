"""Tables of joint infrastructure projects: the project, its partner cities with their inputs to the
cost-sharing rule, its cost lines and its funding sources (migration 0022)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from citypact.storage.models import Base, Versioned, utcnow


class JointProject(Versioned, Base):
    """What neighbouring cities build together; the lead city's editors manage it."""

    __tablename__ = "joint_project"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(30))  # domain.joint_projects.KINDS
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="idea")  # idea ... closed
    lead_city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), index=True)
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    rule: Mapped[str] = mapped_column(String(12))  # population, use, benefit, agreed
    # What a partner's use or benefit figure counts, as typed (e.g. "MWh heat a year").
    input_unit: Mapped[str] = mapped_column(String(60), default="")
    reduction_t: Mapped[float | None] = mapped_column(Float)  # t CO2e a year, the whole project
    reduction_basis: Mapped[str] = mapped_column(Text, default="")  # how it was estimated, the source
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class JointProjectPartner(Base):
    """A partner city, its inputs to the rule, its confirmation and its plan measure."""

    __tablename__ = "joint_project_partner"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("joint_project.id", ondelete="CASCADE"), index=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), index=True)
    # The registry's population as used, and its year, taken when the city joined.
    population: Mapped[int | None] = mapped_column(BigInteger)
    population_year: Mapped[int | None] = mapped_column(Integer)
    use_quantity: Mapped[float | None] = mapped_column(Float)
    benefit: Mapped[float | None] = mapped_column(Float)
    agreed_share_pct: Mapped[float | None] = mapped_column(Float)
    confirmed_on: Mapped[dt.date | None] = mapped_column(Date)
    confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    plan_measure_id: Mapped[int | None] = mapped_column(ForeignKey("plan_measure.id", ondelete="SET NULL"))

    __table_args__ = (UniqueConstraint("project_id", "city_id"),)


class JointProjectCost(Base):
    """A capital cost (spread over its years) or an operating cost (every year of its period)."""

    __tablename__ = "joint_project_cost"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("joint_project.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(5))  # capex, opex
    label: Mapped[str] = mapped_column(String(200), default="")
    year_from: Mapped[int] = mapped_column(Integer)
    year_to: Mapped[int | None] = mapped_column(Integer)
    amount_minor: Mapped[int] = mapped_column(BigInteger)  # opex: a year's amount


class JointProjectFunding(Base):
    """Where money comes from: a source code (domain.action_plans.FUNDING_SOURCES) and its amount."""

    __tablename__ = "joint_project_funding"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("joint_project.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(200), default="")  # which programme or lender
    amount_minor: Mapped[int] = mapped_column(BigInteger)
