"""A city's climate plan: its own emission target, the targets it published elsewhere (loaded
reference data), the measures of its plan with their milestones, status history and indicators
(KPIs). The money of a plan's measures: plan_money.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from citypact.storage.models import Base, Versioned, utcnow


class ClimateTarget(Versioned, Base):
    """A city's emission target: a reduction against a base year, reached by a target year."""

    __tablename__ = "climate_target"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), unique=True)
    base_year: Mapped[int] = mapped_column(Integer)
    base_emissions_t: Mapped[float] = mapped_column(Float)
    target_year: Mapped[int] = mapped_column(Integer)
    reduction_pct: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(300))


class PublishedTarget(Base):
    """An emission-reduction target a city published elsewhere (e.g. reported to CDP), loaded from a
    reference table: read-only here, one city may have several (years, sectors, types). The city's
    own ClimateTarget wins where both exist. Codes only (target_type, paris_alignment); pages word them."""

    __tablename__ = "published_target"
    __table_args__ = (UniqueConstraint("source", "record"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(40))  # e.g. "cdp_targets_2021"
    record: Mapped[str] = mapped_column(String(40))  # the source's own id, e.g. "<account>:<row>"
    reported_year: Mapped[int] = mapped_column(Integer)
    # base_year_absolute | fixed_level | baseline_scenario | base_year_intensity
    target_type: Mapped[str] = mapped_column(String(30))
    sector: Mapped[str | None] = mapped_column(String(200))
    base_year: Mapped[int | None] = mapped_column(Integer)
    base_emissions_t: Mapped[float | None] = mapped_column(Float)
    reduction_pct: Mapped[float | None] = mapped_column(Float)
    target_year: Mapped[int | None] = mapped_column(Integer)
    target_emissions_t: Mapped[float | None] = mapped_column(Float)
    paris_alignment: Mapped[str | None] = mapped_column(String(12))  # 1.5C | 2C | no | unknown | other
    achieved_pct: Mapped[float | None] = mapped_column(Float)
    year_set: Mapped[int | None] = mapped_column(Integer)


class PlanMeasure(Versioned, Base):
    """A measure in a city's action plan, with its owner, money, expected effect and status."""

    __tablename__ = "plan_measure"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), index=True)
    measure_type_id: Mapped[int | None] = mapped_column(ForeignKey("measure_type.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    field: Mapped[str] = mapped_column(String(30))
    instrument: Mapped[str] = mapped_column(String(30))
    municipal_role: Mapped[str | None] = mapped_column(String(30))
    decision_level: Mapped[str] = mapped_column(String(30), default="municipality")
    implementation: Mapped[str] = mapped_column(String(30))
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    owner_department: Mapped[str] = mapped_column(String(200), default="")
    responsible: Mapped[str] = mapped_column(String(300), default="")
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    # Money as integer minor units plus ISO 4217 currency.
    capex_minor: Mapped[int | None] = mapped_column(BigInteger)
    opex_minor_per_year: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str | None] = mapped_column(String(3))
    funding: Mapped[str] = mapped_column(Text, default="")
    funding_source: Mapped[str | None] = mapped_column(String(20))  # domain.action_plans.FUNDING_SOURCES
    expected_reduction_t: Mapped[float | None] = mapped_column(Float)
    reduction_method: Mapped[str] = mapped_column(Text, default="")
    gpc_refs: Mapped[str] = mapped_column(String(200), default="")
    gpc_sector: Mapped[str | None] = mapped_column(String(3))  # the GPC sector it reduces, I to VI
    # codes separated by ";"; the database fills the default, so older migrations' inserts stay valid
    co_benefits: Mapped[str] = mapped_column(String(200), server_default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PlanMilestone(Versioned, Base):
    """A milestone or task of a plan measure; done when it has a done date."""

    __tablename__ = "plan_milestone"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_measure_id: Mapped[int] = mapped_column(
        ForeignKey("plan_measure.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10), default="milestone")  # milestone or task
    title: Mapped[str] = mapped_column(String(300))
    due_date: Mapped[dt.date] = mapped_column(Date)
    done_date: Mapped[dt.date | None] = mapped_column(Date)
    responsible: Mapped[str] = mapped_column(String(200), default="")


class PlanStatusChange(Base):
    """The history of a plan measure's degree of implementation."""

    __tablename__ = "plan_status_change"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_measure_id: Mapped[int] = mapped_column(
        ForeignKey("plan_measure.id", ondelete="CASCADE"), index=True
    )
    implementation: Mapped[str] = mapped_column(String(30))
    changed_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))


class PlanKpi(Versioned, Base):
    """A key performance indicator of a plan measure, with its target and the values measured."""

    __tablename__ = "plan_kpi"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_measure_id: Mapped[int] = mapped_column(
        ForeignKey("plan_measure.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40))
    baseline: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float] = mapped_column(Float)
    target_year: Mapped[int] = mapped_column(Integer)
    # [{"year": 2023, "value": 12.0, "source": "..."}], in year order
    measured: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
