"""The partners' confirmations and plan links, and the flow of each partner's attributed reduction
into the measure of its action plan it linked to the project."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.joint_projects import JointProjectError, attribute_reduction, weights
from citypact.services import audit
from citypact.services.cooperation.joint_projects.loading import Loaded, load, today_utc, touch
from citypact.services.errors import Conflict, InvalidInput, require
from citypact.services.versions import check_version, flush_checked
from citypact.storage.joint_projects import JointProjectPartner
from citypact.storage.models import utcnow
from citypact.storage.plans import PlanMeasure


def rule_inputs(loaded: Loaded) -> dict[int, float | int | None]:
    """Each partner's figure under the project's rule, keyed by city id."""
    column = {
        "population": "population",
        "use": "use_quantity",
        "benefit": "benefit",
        "agreed": "agreed_share_pct",
    }[loaded.project.rule]
    return {p.city_id: getattr(p, column) for p in loaded.partners}


def attributed_t(loaded: Loaded) -> dict[int, float] | None:
    """Each partner's attributed reduction in t CO2e a year (whole kilograms), or None when the
    project states no reduction or its rule cannot be applied yet (a partner lacks its figure)."""
    if loaded.project.reduction_t is None:
        return None
    try:
        kg = attribute_reduction(
            loaded.project.reduction_t, weights(loaded.project.rule, rule_inputs(loaded))
        )
    except JointProjectError:
        return None
    return {city_id: part / 1000 for city_id, part in kg.items()}


def flow_reductions(session: Session, actor: Actor, loaded: Loaded) -> None:
    """Set every linked plan measure's expected reduction to its partner's attributed reduction.
    While the rule cannot be applied (a partner lacks its figure), the measures keep their value."""
    attributed = attributed_t(loaded)
    if attributed is None:
        return
    for partner in loaded.partners:
        if partner.plan_measure_id is None:
            continue
        measure = session.get(PlanMeasure, partner.plan_measure_id)
        value = attributed.get(partner.city_id)
        if measure is None or measure.expected_reduction_t == value:
            continue
        before = {"expected_reduction_t": measure.expected_reduction_t}
        measure.expected_reduction_t = value
        measure.updated_at = utcnow()
        audit.record(
            session, actor, "update", "plan_measure", measure.id, city_id=measure.city_id, before=before,
            after={"expected_reduction_t": value, "joint_project": loaded.project.id},
        )  # fmt: skip


def _own_partner(loaded: Loaded, actor: Actor, city_id: int) -> JointProjectPartner:
    partner = loaded.partner(city_id)
    if partner is None:
        raise InvalidInput("city_id", f"city {city_id} is not a partner of this project.")
    require(
        city_id in loaded.acts_for,
        actor.is_authenticated,
        "You act for your own city only: its editors confirm and link its plan.",
    )
    if loaded.project.status == "closed":
        raise Conflict("This project is closed; it is kept as it was.")
    return partner


def confirm(
    session: Session, actor: Actor, project_id: int, city_id: int, *, today: dt.date | None = None
) -> JointProjectPartner:
    """A partner city's editor confirms the city takes part (and so its share)."""
    loaded = load(session, actor, project_id)
    partner = _own_partner(loaded, actor, city_id)
    if partner.confirmed_on is not None:
        raise Conflict(f"This city confirmed on {partner.confirmed_on.isoformat()} already.")
    partner.confirmed_on = today or today_utc()
    partner.confirmed_by = actor.user_id
    touch(loaded)
    audit.record(
        session, actor, "confirm", "joint_project", project_id, city_id=city_id,
        after={"city_id": city_id, "confirmed_on": partner.confirmed_on.isoformat()},
    )  # fmt: skip
    return partner


def link_plan_measure(
    session: Session,
    actor: Actor,
    project_id: int,
    city_id: int,
    plan_measure_id: Any,
    *,
    expected_version: int | None = None,
) -> JointProjectPartner:
    """A partner city's editor links the project to a measure of the city's own action plan (or
    unlinks it with None); a linked measure takes the city's attributed reduction as its expected
    reduction, now and whenever the sharing changes. Unlinked, the measure keeps its value."""
    loaded = load(session, actor, project_id)
    partner = _own_partner(loaded, actor, city_id)
    check_version("joint project", project_id, loaded.project.version, expected_version)
    if plan_measure_id in (None, ""):
        new_id = None
    else:
        if isinstance(plan_measure_id, bool) or not isinstance(plan_measure_id, int):
            raise InvalidInput("plan_measure_id", "give the id of a measure of your city's plan.")
        measure = session.get(PlanMeasure, plan_measure_id) if 1 <= plan_measure_id <= 2_147_483_647 else None
        if measure is None or measure.city_id != city_id:
            raise InvalidInput("plan_measure_id", f"no measure {plan_measure_id} in this city's plan.")
        new_id = measure.id
    before = {"plan_measure_id": partner.plan_measure_id}
    partner.plan_measure_id = new_id
    touch(loaded)
    audit.record(
        session, actor, "link_plan", "joint_project", project_id, city_id=city_id, before=before,
        after={"city_id": city_id, "plan_measure_id": new_id},
    )  # fmt: skip
    flush_checked(session, "joint project", project_id, expected_version)
    flow_reductions(session, actor, loaded)
    return partner
