"""A city's action plan: measures adopted from the catalogue or its own, with owners, milestones and
tasks, status history, money, expected reductions, KPIs; progress and the wedge against the target.

Plans are public for published cities; only the city's editors change them. Every change is
audited. Plan files (import, export) are in plan_files.py.
"""

from __future__ import annotations

from citypact.services.plans.action_plans.gap import PlanGap, plan_gap
from citypact.services.plans.action_plans.plan_measures import (
    PLAN_COLUMNS,
    get_plan_measure,
    save_plan_measure,
    set_cancelled,
)
from citypact.services.plans.action_plans.reading import get_plan
from citypact.services.plans.action_plans.targets import set_target
from citypact.services.plans.action_plans.tracking import (
    add_kpi,
    add_milestone,
    complete_milestone,
    record_kpi_value,
)
from citypact.services.plans.action_plans.views import (
    ActionPlan,
    KpiView,
    MilestoneView,
    PlanMeasureView,
    TargetView,
)

__all__ = [
    "PLAN_COLUMNS",
    "ActionPlan",
    "KpiView",
    "MilestoneView",
    "PlanGap",
    "PlanMeasureView",
    "TargetView",
    "add_kpi",
    "add_milestone",
    "complete_milestone",
    "get_plan",
    "get_plan_measure",
    "plan_gap",
    "record_kpi_value",
    "save_plan_measure",
    "set_cancelled",
    "set_target",
]
