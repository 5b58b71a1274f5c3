"""JSON shapes of request bodies for best-practice cases and cities' action plans (the catalogue,
the cases and the plan are answered in the services' own shapes)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from citypact.api.schemas.base import In


class CaseIn(In):
    title: str = Field(max_length=300)
    title_de: str | None = Field(default=None, max_length=300)
    title_ja: str | None = Field(default=None, max_length=300)
    summary: str = Field(max_length=5000)
    results: str = Field(default="", max_length=5000)
    lessons: str = Field(default="", max_length=5000)
    contact: str = Field(default="", max_length=300)
    field: str = Field(max_length=30, examples=["transport"])
    instrument: str = Field(max_length=30, examples=["own_operations"])
    implementation: str = Field(max_length=30, examples=["implemented"])
    municipal_role: str | None = Field(default=None, max_length=30)
    decision_level: str | None = Field(default=None, max_length=30)
    measure: str | None = Field(default=None, max_length=80, description="catalogue code")
    start_year: int | None = Field(default=None, ge=1900, le=2100)
    reduction_t_per_year: float | None = Field(default=None, ge=0)
    cost_note: str = Field(default="", max_length=2000)
    co_benefits: list[str] = Field(default_factory=list, max_length=10)
    green_deal: list[str] = Field(default_factory=list, max_length=10)
    sdgs: list[str] = Field(default_factory=list, max_length=17)
    gpc_sectors: list[str] = Field(default_factory=list, max_length=6)
    source_url: str | None = Field(default=None, max_length=500)
    source_note: str | None = Field(default=None, max_length=2000)


class PlanMeasureIn(In):
    title: str | None = Field(default=None, max_length=300)
    measure: str | None = Field(default=None, max_length=80, description="catalogue code to adopt")
    description: str | None = Field(default=None, max_length=5000)
    field: str | None = Field(default=None, max_length=30)
    instrument: str | None = Field(default=None, max_length=30)
    municipal_role: str | None = Field(default=None, max_length=30)
    decision_level: str | None = Field(default=None, max_length=30)
    implementation: str | None = Field(default=None, max_length=30)
    owner_department: str | None = Field(default=None, max_length=200)
    responsible: str | None = Field(default=None, max_length=300)
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    capex: float | None = Field(default=None, ge=0, le=1e13)
    opex_per_year: float | None = Field(default=None, ge=0, le=1e13)
    currency: str | None = Field(default=None, pattern="^[A-Z]{3}$")
    funding: str | None = Field(default=None, max_length=2000)
    expected_reduction_t: float | None = Field(default=None, ge=0, le=1e9)
    reduction_method: str | None = Field(default=None, max_length=2000)
    gpc_refs: list[str] | None = Field(default=None, max_length=53)
    funding_source: str | None = Field(
        default=None, max_length=20, description="own_budget, national_grant, eu_grant, loan, private, other"
    )
    gpc_sector: str | None = Field(default=None, max_length=3, description="GPC sector reduced: I to VI")
    co_benefits: list[str] | None = Field(
        default=None,
        max_length=10,
        description="air_quality, health, jobs, cost_savings, equity, biodiversity, resilience",
    )


class MilestoneIn(In):
    title: str = Field(max_length=300)
    due_date: dt.date
    kind: Literal["milestone", "task"] = "milestone"
    responsible: str = Field(default="", max_length=200)


class DoneIn(In):
    done_date: dt.date | None


class CancelIn(In):
    cancelled: bool


class KpiIn(In):
    name: str = Field(max_length=200)
    unit: str = Field(max_length=40)
    target: float
    target_year: int = Field(ge=2000, le=2100)
    baseline: float | None = None


class KpiValueIn(In):
    year: int = Field(ge=1990, le=2100)
    value: float = Field(ge=0)
    source: str = Field(max_length=300)


class TargetIn(In):
    base_year: int = Field(ge=1990, le=2100)
    base_emissions_t: float | None = Field(
        default=None, ge=0, le=1e10, description="t CO2e; left out with from_inventory"
    )
    target_year: int = Field(ge=1990, le=2100)
    reduction_pct: float = Field(ge=0, le=100)
    source: str = Field(max_length=300)
    from_inventory: bool = Field(
        default=False, description="base emissions from the city's submitted inventory of base_year"
    )
