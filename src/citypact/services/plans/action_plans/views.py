"""What the pages, the API and the CLI are given to show of a city's action plan: plain frozen data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from citypact.domain.action_plans import Wedge
from citypact.services.plans.action_plans.gap import PlanGap


@dataclass(frozen=True)
class MilestoneView:
    id: int
    kind: str
    title: str
    due_date: dt.date
    done_date: dt.date | None
    responsible: str
    version: int = 1  # services.versions


@dataclass(frozen=True)
class KpiView:
    id: int
    name: str
    unit: str
    baseline: float | None
    target: float
    target_year: int
    measured: list[dict[str, Any]]


@dataclass(frozen=True)
class PlanMeasureView:
    id: int
    title: str
    measure_code: str | None
    description: str
    field: str
    instrument: str
    municipal_role: str | None
    decision_level: str
    implementation: str
    cancelled: bool
    progress: str
    owner_department: str
    responsible: str
    start_date: dt.date | None
    end_date: dt.date | None
    capex: float | None
    opex_per_year: float | None
    currency: str | None
    funding: str
    expected_reduction_t: float | None
    reduction_method: str
    gpc_refs: list[str]
    milestones: list[MilestoneView]
    kpis: list[KpiView]
    history: list[dict[str, Any]]
    version: int = 1  # services.versions: If-Match of a PATCH
    funding_source: str | None = None  # domain.action_plans.FUNDING_SOURCES; `funding` says more
    gpc_sector: str | None = None  # the GPC sector the measure reduces (I to VI)
    co_benefits: tuple[str, ...] = ()  # domain.measures.CO_BENEFITS codes


@dataclass(frozen=True)
class TargetView:
    base_year: int
    base_emissions_t: float
    target_year: int
    reduction_pct: float
    source: str
    version: int = 1  # services.versions: If-Match of the PUT that changes it


@dataclass(frozen=True)
class ActionPlan:
    city_id: int
    city_name: str
    measures: list[PlanMeasureView]
    target: TargetView | None
    wedge: Wedge | None
    can_edit: bool
    gap: PlanGap | None = None  # the one gap figure (gap.py), with where base and latest point come from
    # (year, t CO2e) of the submitted and verified inventories a target can take its base from
    inventories: tuple[tuple[int, float], ...] = ()
