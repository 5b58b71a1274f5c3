"""JSON shapes of deal progress and a city's deal portfolio in the REST API.

Status codes (domain.deal_progress.STATUSES): achieved, on_track, late, overdue_report, no_report,
no_kpi. Reductions are t CO2e a year (`unit`).
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from citypact.api.schemas.base import In
from citypact.http.deps import MAX_ID


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ReportIn(In):
    commitment_id: int = Field(ge=1, le=MAX_ID, description="a commitment of your organisation (or city)")
    as_of: dt.date = Field(description="the day the value was reached; not in the future")
    value: float = Field(ge=-1e15, le=1e15, description="the KPI's value in the commitment's unit")
    note: str = Field(
        default="", max_length=2000, description="e.g. the source, or what a correction corrects"
    )


class ReportPointOut(_Out):
    as_of: dt.date
    value: float


class ReportOut(_Out):
    id: int
    as_of: dt.date
    value: float
    note: str


class MilestoneOut(_Out):
    id: int
    title: str
    due_date: dt.date
    done_on: dt.date | None


class StandingOut(_Out):
    status: str = Field(description="achieved, on_track, late, overdue_report, no_report or no_kpi")
    latest: ReportPointOut | None
    expected: float | None = Field(description="the KPI line's value at the latest report's date")
    share: float | None = Field(description="share of the way from baseline to target (may exceed 1)")
    shown_share: float | None = Field(description="the share clamped to 0..1, for display")
    overdue_milestones: int


class CommitmentProgressOut(_Out):
    id: int
    party_id: int
    organisation_id: int | None = Field(description="null: the city's commitment")
    organisation: str | None
    kind: str
    title: str
    due_date: dt.date | None
    kpi_name: str
    kpi_unit: str
    kpi_baseline: float | None
    kpi_baseline_year: int | None
    kpi_target: float | None
    kpi_target_year: int | None
    expected_reduction_t: float | None = Field(description="t CO2e a year")
    plan_measure_id: int | None
    progress: StandingOut
    reports: list[ReportOut] = Field(description="newest first")
    milestones: list[MilestoneOut]
    may_report: bool = Field(description="whether you may report on it now")


class SummaryOut(_Out):
    counts: dict[str, int]
    expected_t: float
    with_reduction: int = Field(description="how many commitments state an expected reduction")
    unit: str


class DealProgressOut(_Out):
    deal_id: int
    city_id: int
    title: str
    status: str
    start_date: dt.date | None
    may_report: bool = Field(
        description="whether the deal takes reports now (signed, implementing, reviewed)"
    )
    commitments: list[CommitmentProgressOut]
    summary: SummaryOut


class PortfolioRowOut(_Out):
    code: str = Field(description="an action field code, or an SDG goal 1..17")
    deals: int
    commitments: int
    expected_t: float


class PortfolioOut(_Out):
    city_id: int
    city: str
    complete: bool = Field(description="true: counts the parts the city keeps back too (its staff)")
    deals: int
    commitments: int
    expected_t: float
    by_action_field: list[PortfolioRowOut]
    by_sdg: list[PortfolioRowOut]
    unit: str
