"""The city's climate target: base year and emissions, target year and reduction; the wedge of
the plan is drawn against it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.action_plans import PlanError, wedge
from citypact.services import audit
from citypact.services.errors import InvalidInput
from citypact.services.input import clean_amount, clean_year
from citypact.services.plans.action_plans.gap import inventory_totals
from citypact.services.registry.city_edits import check_can_edit
from citypact.services.versions import check_version, flush_checked
from citypact.storage.plans import ClimateTarget


def set_target(
    session: Session,
    actor: Actor,
    city_id: int,
    *,
    base_year: int,
    base_emissions_t: Any,
    target_year: int,
    reduction_pct: Any,
    source: str,
    expected_version: int | None = None,
    from_inventory: bool = False,
) -> ClimateTarget:
    """Set the city's target, or change it at `expected_version` (services.versions; a first
    target needs none). `from_inventory`: the base emissions are the total of the city's submitted
    or verified inventory of `base_year` (gap.inventory_totals), not a typed figure."""
    check_can_edit(session, actor, city_id)
    if from_inventory:
        clean_year("base_year", base_year, 1990, 2100)
        totals = inventory_totals(session, city_id)[1]
        if base_year not in totals:
            years = ", ".join(str(y) for y in sorted(totals)) or "none yet"
            raise InvalidInput(
                "base_year",
                f"no submitted or verified inventory of {base_year}; the city has: {years}.",
            )
        base_emissions_t = totals[base_year]
    for field, year in (("base_year", base_year), ("target_year", target_year)):
        clean_year(field, year, 1990, 2100)  # a point per year between them: bounded like the API's
    base = clean_amount("base_emissions_t", base_emissions_t)
    pct = clean_amount("reduction_pct", reduction_pct)
    if base is None or pct is None:
        raise InvalidInput("base_emissions_t" if base is None else "reduction_pct", "give a number.")
    try:
        wedge(base_year, base, target_year, pct, [])
    except PlanError as error:
        raise InvalidInput(error.field, error.message) from None
    if not source.strip():
        raise InvalidInput("source", "name the council decision or plan that sets the target.")
    target = session.scalar(select(ClimateTarget).where(ClimateTarget.city_id == city_id))
    after = {
        "base_year": base_year,
        "base_emissions_t": base,
        "target_year": target_year,
        "reduction_pct": pct,
        "source": source.strip(),
    }
    before = None
    if target is None:
        target = ClimateTarget(city_id=city_id, **after)
        session.add(target)
    else:
        check_version("climate target of city", city_id, target.version, expected_version)
        before = {k: getattr(target, k) for k in after}
        for name, value in after.items():
            setattr(target, name, value)
    flush_checked(session, "climate target of city", city_id, expected_version)
    audit.record(
        session, actor, "update", "climate_target", target.id, city_id=city_id, before=before, after=after
    )
    return target
