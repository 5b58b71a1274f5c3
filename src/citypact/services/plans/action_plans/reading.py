"""Reading a city's plan: each measure with its progress, and the wedge against the target."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.action_plans import Milestone, from_minor_units, progress
from citypact.services.plans.action_plans.gap import inventory_totals, load_gap
from citypact.services.plans.action_plans.views import (
    ActionPlan,
    KpiView,
    MilestoneView,
    PlanMeasureView,
    TargetView,
)
from citypact.services.registry.cities import readable_city
from citypact.storage.plans import ClimateTarget, PlanKpi, PlanMeasure, PlanMilestone, PlanStatusChange


def get_plan(session: Session, actor: Actor, city_id: int, *, today: dt.date | None = None) -> ActionPlan:
    """The city's plan with each measure's progress, and the wedge when the city has a target."""
    city = readable_city(session, actor, city_id)
    day = today or dt.date.today()
    plans = session.scalars(
        select(PlanMeasure).where(PlanMeasure.city_id == city_id).order_by(PlanMeasure.id)
    ).all()
    ids = [p.id for p in plans]
    milestones: dict[int, list[PlanMilestone]] = {i: [] for i in ids}
    for m in session.scalars(
        select(PlanMilestone).where(PlanMilestone.plan_measure_id.in_(ids)).order_by(PlanMilestone.due_date)
    ):
        milestones[m.plan_measure_id].append(m)
    kpis: dict[int, list[PlanKpi]] = {i: [] for i in ids}
    for k in session.scalars(select(PlanKpi).where(PlanKpi.plan_measure_id.in_(ids))):
        kpis[k.plan_measure_id].append(k)
    history: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    for h in session.scalars(
        select(PlanStatusChange)
        .where(PlanStatusChange.plan_measure_id.in_(ids))
        .order_by(PlanStatusChange.changed_on, PlanStatusChange.id)
    ):
        history[h.plan_measure_id].append(
            {"implementation": h.implementation, "date": h.changed_on, "note": h.note}
        )
    codes = {}
    type_ids = {p.measure_type_id for p in plans if p.measure_type_id}
    if type_ids:
        from citypact.storage.models import MeasureType

        codes = dict(
            session.execute(
                select(MeasureType.id, MeasureType.code).where(MeasureType.id.in_(type_ids))
            ).all()
        )
    views = []
    for p in plans:
        stones = [Milestone(m.title, m.due_date, m.done_date) for m in milestones[p.id]]
        money = {
            "capex": from_minor_units(p.capex_minor, p.currency)
            if p.capex_minor is not None and p.currency
            else None,
            "opex_per_year": from_minor_units(p.opex_minor_per_year, p.currency)
            if p.opex_minor_per_year is not None and p.currency
            else None,
        }
        views.append(
            PlanMeasureView(
                id=p.id,
                title=p.title,
                measure_code=codes.get(p.measure_type_id) if p.measure_type_id else None,
                description=p.description,
                field=p.field,
                instrument=p.instrument,
                municipal_role=p.municipal_role,
                decision_level=p.decision_level,
                implementation=p.implementation,
                cancelled=p.cancelled,
                progress=progress(p.implementation, p.cancelled, stones, day),
                owner_department=p.owner_department,
                responsible=p.responsible,
                start_date=p.start_date,
                end_date=p.end_date,
                currency=p.currency,
                funding=p.funding,
                expected_reduction_t=p.expected_reduction_t,
                reduction_method=p.reduction_method,
                gpc_refs=[r for r in p.gpc_refs.split(";") if r],
                **money,
                milestones=[
                    MilestoneView(m.id, m.kind, m.title, m.due_date, m.done_date, m.responsible, m.version)
                    for m in milestones[p.id]
                ],
                kpis=[
                    KpiView(k.id, k.name, k.unit, k.baseline, k.target, k.target_year, k.measured)
                    for k in kpis[p.id]
                ],
                history=history[p.id],
                version=p.version,
                funding_source=p.funding_source,
                gpc_sector=p.gpc_sector,
                co_benefits=tuple(c for c in p.co_benefits.split(";") if c),
            )
        )
    target = session.scalar(select(ClimateTarget).where(ClimateTarget.city_id == city_id))
    gap = load_gap(session, city_id)
    shown = None
    if target is not None:
        shown = TargetView(
            target.base_year,
            target.base_emissions_t,
            target.target_year,
            target.reduction_pct,
            target.source,
            target.version,
        )
    return ActionPlan(
        city_id,
        city.name,
        views,
        shown,
        gap.wedge if gap else None,
        actor.can_edit_city(city_id),
        gap,
        tuple(sorted(inventory_totals(session, city_id)[1].items())),
    )
