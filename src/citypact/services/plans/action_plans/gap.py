"""The gap between the path to a city's target and its expected emissions, computed here once:
the plan page, the city page and the benchmark read it (`plan_gap`, `load_gap`).

The plan stands on the city's inventories: the submitted or verified ones give the base-year
total (when there is an inventory of the base year) and the points after it, in GPC BASIC (the
total a target is set on here) or, where no inventory has it, territorial scope 1, as the
benchmark reads them. Typed figures count only where no inventory exists.

The stakeholders' commitments in the city's signed deals are a layer of their own beside the
city's measures (`PlanGap.stakeholders`): each ramps in from its deal's start to its due date (or
the January of its KPI's target year); one that names a plan measure is the measure's, counted
there and not again. The gap figures stay the city's own plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.action_plans import MeasureEffect, PathGap, Wedge, by_sector, path_gap, wedge
from citypact.domain.deal_progress import StakeholderLayer, stakeholder_layer
from citypact.domain.gpc import SECTORS
from citypact.services.registry.cities import readable_city
from citypact.storage.deals import Deal, DealCommitment
from citypact.storage.models import Inventory, InventoryResult
from citypact.storage.plans import ClimateTarget, PlanMeasure

COUNTED: Final = ("submitted", "verified")  # drafts change under the officer's hands
DEALS_COUNTED: Final = ("signed", "implementing", "reviewed", "completed")  # not ended early


@dataclass(frozen=True)
class PlanGap:
    """The gap with where its figures come from ("inventory" or "typed")."""

    gap: PathGap
    wedge: Wedge
    base_year: int
    base_emissions_t: float
    base_source: str  # "inventory": the base-year inventory; "typed": the target's own figure
    current_source: str  # "inventory": the latest point is an inventory (after or of the base year)
    basis: str = "GPC BASIC"  # the total the inventories give: "GPC BASIC", else "territorial"
    # the plan's cut from the latest point to the target year by GPC sector (None: no sector given)
    by_sector: tuple[tuple[str | None, float], ...] = ()
    stakeholders: StakeholderLayer | None = None  # None: no commitment in a signed deal states t CO2e


def inventory_totals(session: Session, city_id: int) -> tuple[str, dict[int, float]]:
    """t CO2e per year of the city's submitted and verified inventories (the current calculation,
    else the total reported elsewhere) with their basis: "GPC BASIC" where any year has it, else
    "territorial" (scope 1), the benchmark's rule."""
    return inventory_totals_of(session, [city_id])[city_id]


def inventory_totals_of(session: Session, city_ids: Sequence[int]) -> dict[int, tuple[str, dict[int, float]]]:
    """inventory_totals of each of `city_ids`, in one query."""
    rows = session.execute(
        select(
            Inventory.city_id,
            Inventory.year,
            InventoryResult.basic,
            InventoryResult.scope1,
            Inventory.reported["basic"].as_float(),
            Inventory.reported["scope1"].as_float(),
        )
        .outerjoin(
            InventoryResult, and_(InventoryResult.inventory_id == Inventory.id, InventoryResult.is_current)
        )
        .where(Inventory.city_id.in_(city_ids), Inventory.status.in_(COUNTED))
    ).all()
    basic: dict[int, dict[int, float]] = {city_id: {} for city_id in city_ids}
    scope1: dict[int, dict[int, float]] = {city_id: {} for city_id in city_ids}
    for city_id, year, result_basic, result_scope1, reported_basic, reported_scope1 in rows:
        computed = result_scope1 is not None  # a current calculation wins over reported totals
        for totals, value in (
            (basic[city_id], result_basic if computed else reported_basic),
            (scope1[city_id], result_scope1 if computed else reported_scope1),
        ):
            if value is not None:
                totals[int(year)] = float(value)
    return {
        city_id: ("GPC BASIC", basic[city_id]) if basic[city_id] else ("territorial", scope1[city_id])
        for city_id in city_ids
    }


def commitment_effects(session: Session, city_id: int) -> tuple[list[MeasureEffect], int]:
    """The expected reductions of the commitments in the city's signed deals as measure effects,
    and how many more name a plan measure (counted as the measure's)."""
    rows = session.execute(
        select(
            DealCommitment.expected_reduction_t,
            DealCommitment.plan_measure_id,
            DealCommitment.due_date,
            DealCommitment.kpi_target_year,
            Deal.start_date,
            Deal.signed_on,
        )
        .join(Deal, Deal.id == DealCommitment.deal_id)
        .where(
            Deal.city_id == city_id,
            Deal.status.in_(DEALS_COUNTED),
            DealCommitment.expected_reduction_t > 0,
        )
    ).all()
    effects, in_measures = [], 0
    for reduction, measure_id, due, target_year, start, signed in rows:
        if measure_id is not None:
            in_measures += 1
            continue
        end = due or (dt.date(target_year, 1, 1) if target_year else None)
        effects.append(MeasureEffect(float(reduction or 0.0), start or signed, end))
    return effects, in_measures


def load_gap(session: Session, city_id: int) -> PlanGap | None:
    """The city's gap, None without a target. No authorization: for services that have already
    read the city for the actor (the benchmark); interfaces call `plan_gap`."""
    target = session.scalar(select(ClimateTarget).where(ClimateTarget.city_id == city_id))
    if target is None:
        return None
    basis, totals = inventory_totals(session, city_id)
    base = totals.get(target.base_year, target.base_emissions_t)
    rows = session.execute(
        select(
            PlanMeasure.gpc_sector,
            PlanMeasure.expected_reduction_t,
            PlanMeasure.start_date,
            PlanMeasure.end_date,
        ).where(PlanMeasure.city_id == city_id, PlanMeasure.cancelled.is_(False))
    ).all()
    measures = [
        (sector, MeasureEffect(reduction or 0.0, start, end)) for sector, reduction, start, end in rows
    ]
    path = wedge(
        target.base_year,
        base,
        target.target_year,
        target.reduction_pct,
        [m for _, m in measures],
        known=list(totals.items()),
    )
    parts = by_sector(measures, target.target_year, path.latest_year)
    order = [*SECTORS, None]
    effects, in_measures = commitment_effects(session, city_id)
    layer = stakeholder_layer(path, effects, in_measures) if effects or in_measures else None
    return PlanGap(
        path_gap(path),
        path,
        target.base_year,
        base,
        "inventory" if target.base_year in totals else "typed",
        "inventory" if path.latest_year in totals else "typed",
        basis,
        tuple((sector, parts[sector]) for sector in order if parts.get(sector)),
        layer,
    )


def plan_gap(session: Session, actor: Actor, city_id: int) -> PlanGap | None:
    """The gap between the path to the city's target and its expected emissions (None without a
    target), for anyone who may read the city."""
    readable_city(session, actor, city_id)
    return load_gap(session, city_id)
