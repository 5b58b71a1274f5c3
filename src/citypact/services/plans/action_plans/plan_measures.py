"""The measures of a city's plan: added from the catalogue or the city's own, changed (a change of
the degree of implementation is kept in the status history) and cancelled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final

from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.action_plans import FUNDING_SOURCES, PlanError, check_dates, to_minor_units
from citypact.domain.gpc import GPC_REFS, SECTOR_NAMES, normalize_ref
from citypact.domain.measures import ClassificationError, check_axis, check_tags
from citypact.services import audit
from citypact.services.errors import InvalidInput, NotFound
from citypact.services.input import clean_amount, clean_date
from citypact.services.plans.action_plans.reading import get_plan
from citypact.services.plans.action_plans.views import PlanMeasureView
from citypact.services.plans.measures import measure_by_code
from citypact.services.registry.city_edits import check_can_edit
from citypact.services.text_input import check_texts
from citypact.services.versions import check_version, flush_checked
from citypact.storage.models import utcnow
from citypact.storage.plans import PlanMeasure, PlanStatusChange

# The columns of a plan file (CSV or JSON list of objects); only title is required.
PLAN_COLUMNS: Final = (
    "title",
    "measure",
    "description",
    "field",
    "instrument",
    "municipal_role",
    "decision_level",
    "implementation",
    "owner_department",
    "responsible",
    "start_date",
    "end_date",
    "capex",
    "opex_per_year",
    "currency",
    "funding",
    "expected_reduction_t",
    "reduction_method",
    "gpc_refs",
    "funding_source",
    "gpc_sector",
    "co_benefits",
)
TEXTS: Final = ("description", "owner_department", "responsible", "funding", "reduction_method")


def _clean(session: Session, values: Mapping[str, Any], current: PlanMeasure | None) -> dict[str, Any]:
    """Checked column values of a plan measure; classification comes from the catalogue measure when
    one is named and the field is left empty."""
    unknown = sorted(set(values) - set(PLAN_COLUMNS))
    if unknown:
        raise InvalidInput(unknown[0], f"unknown field; use {', '.join(PLAN_COLUMNS)}.")
    check_texts(values, multiline=("description", "funding", "reduction_method"))
    clean: dict[str, Any] = {}
    measure = measure_by_code(session, str(values["measure"])) if values.get("measure") else None
    if measure is not None:
        clean["measure_type_id"] = measure.id
    title = str(
        values.get("title") or (measure.title_en if measure else "") or (current.title if current else "")
    )
    if not title.strip():
        raise InvalidInput("title", "give the measure a title.")
    clean["title"] = title.strip()[:300]
    try:
        for axis in ("field", "instrument", "municipal_role", "decision_level", "implementation"):
            given = values.get(axis) or (getattr(measure, axis, None) if measure else None)
            given = given or (getattr(current, axis) if current else None)
            if axis == "implementation":
                given = given or "planned"
            if axis == "decision_level":
                given = given or "municipality"
            if given is None and axis == "municipal_role":
                clean[axis] = None
                continue
            if given is None:
                raise InvalidInput(axis, "give a value or choose a catalogue measure that has one.")
            clean[axis] = check_axis(axis, str(given))
    except ClassificationError as error:
        raise InvalidInput(error.field, error.message) from None
    for name in TEXTS:
        if name in values or current is None:
            clean[name] = str(values.get(name) or "").strip()
    for name in ("start_date", "end_date"):
        if name in values or current is None:
            clean[name] = clean_date(name, values.get(name))
    start = clean.get("start_date", current.start_date if current else None)
    end = clean.get("end_date", current.end_date if current else None)
    try:
        check_dates(start, end)
        currency = str(values.get("currency") or (current.currency if current else "") or "").strip().upper()
        for name, column in (("capex", "capex_minor"), ("opex_per_year", "opex_minor_per_year")):
            amount = clean_amount(name, values.get(name)) if name in values else None
            if amount is not None:
                if not currency:
                    raise InvalidInput(
                        "currency", "give the ISO 4217 currency of the costs, e.g. EUR, JPY, USD."
                    )
                clean[column] = to_minor_units(amount, currency)
            elif name in values:
                clean[column] = None
        if currency:
            to_minor_units(0, currency)  # checks the code
            clean["currency"] = currency
    except PlanError as error:
        raise InvalidInput(error.field, error.message) from None
    if "expected_reduction_t" in values:
        clean["expected_reduction_t"] = clean_amount(
            "expected_reduction_t", values.get("expected_reduction_t")
        )
    if "gpc_refs" in values:
        refs = values.get("gpc_refs") or []
        refs = refs.replace(",", ";").split(";") if isinstance(refs, str) else list(refs)
        normalized = [normalize_ref(str(r)) for r in refs if str(r).strip()]
        bad = [r for r in normalized if r not in GPC_REFS]
        if bad:
            raise InvalidInput("gpc_refs", f"unknown GPC reference {bad[0]!r}; use e.g. I.1.1, II.1.1.")
        clean["gpc_refs"] = ";".join(normalized)
    clean.update(_codes(values))
    return clean


def _codes(values: Mapping[str, Any]) -> dict[str, Any]:
    """The coded fields given: funding source, the GPC sector reduced, the co-benefits (a list, or
    codes separated by ";" or "," as in a plan file)."""
    clean: dict[str, Any] = {}
    for name, allowed in (("funding_source", FUNDING_SOURCES), ("gpc_sector", SECTOR_NAMES)):
        if name in values:
            code = str(values.get(name) or "").strip() or None
            if code is not None and code not in allowed:
                raise InvalidInput(name, f"unknown value {code!r}; use one of {', '.join(allowed)}.")
            clean[name] = code
    if "co_benefits" in values:
        given = values.get("co_benefits") or []
        given = given.replace(",", ";").split(";") if isinstance(given, str) else list(given)
        try:
            clean["co_benefits"] = ";".join(check_tags("co_benefits", given))
        except ClassificationError as error:
            raise InvalidInput(error.field, error.message) from None
    return clean


def save_plan_measure(
    session: Session,
    actor: Actor,
    city_id: int,
    values: Mapping[str, Any],
    plan_id: int | None = None,
    *,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> PlanMeasure:
    """Add a measure to the city's plan (from the catalogue or its own), or change one (at
    `expected_version`, services.versions); a change of the degree of implementation is kept in
    the status history."""
    check_can_edit(session, actor, city_id)
    current = None
    if plan_id is not None:
        current = session.get(PlanMeasure, plan_id)
        if current is None or current.city_id != city_id:
            raise NotFound("plan measure", plan_id)
        check_version("plan measure", plan_id, current.version, expected_version)
    clean = _clean(session, values, current)
    day = today or dt.date.today()
    if current is None:
        plan = PlanMeasure(city_id=city_id, **clean)
        session.add(plan)
        session.flush()
        session.add(
            PlanStatusChange(
                plan_measure_id=plan.id,
                implementation=plan.implementation,
                changed_on=day,
                note="added to the plan",
                user_id=actor.user_id,
            )
        )
        audit.record(
            session, actor, "create", "plan_measure", plan.id, city_id=city_id, after=_jsonable(clean)
        )
        return plan
    before, after = audit.changed_fields({k: getattr(current, k) for k in clean}, clean)
    if "implementation" in after:
        session.add(
            PlanStatusChange(
                plan_measure_id=current.id,
                implementation=after["implementation"],
                changed_on=day,
                note=str(values.get("note") or ""),
                user_id=actor.user_id,
            )
        )
    for name, value in after.items():
        setattr(current, name, value)
    current.updated_at = utcnow()
    flush_checked(session, "plan measure", current.id, expected_version)
    audit.record(
        session,
        actor,
        "update",
        "plan_measure",
        current.id,
        city_id=city_id,
        before=_jsonable(before),
        after=_jsonable(after),
    )
    return current


def _jsonable(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}


def own_plan(session: Session, actor: Actor, city_id: int, plan_id: int) -> PlanMeasure:
    """The measure of the city's plan, if the actor edits the city."""
    check_can_edit(session, actor, city_id)
    plan = session.get(PlanMeasure, plan_id)
    if plan is None or plan.city_id != city_id:
        raise NotFound("plan measure", plan_id)
    return plan


def set_cancelled(
    session: Session,
    actor: Actor,
    city_id: int,
    plan_id: int,
    cancelled: bool,
    *,
    expected_version: int | None = None,
) -> None:
    plan = own_plan(session, actor, city_id, plan_id)
    check_version("plan measure", plan_id, plan.version, expected_version)
    before = {"cancelled": plan.cancelled}
    plan.cancelled = cancelled
    flush_checked(session, "plan measure", plan_id, expected_version)
    audit.record(
        session,
        actor,
        "update",
        "plan_measure",
        plan_id,
        city_id=city_id,
        before=before,
        after={"cancelled": cancelled},
    )


def get_plan_measure(session: Session, actor: Actor, city_id: int, plan_id: int) -> PlanMeasureView:
    """One measure of the city's plan as the plan shows it, for its editors (the edit and
    cancel pages): another city's measure stays unseen."""
    own_plan(session, actor, city_id, plan_id)
    return next(m for m in get_plan(session, actor, city_id).measures if m.id == plan_id)
