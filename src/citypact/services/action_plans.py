"""A city's action plan: measures adopted from the catalogue or its own, with owners, milestones and
tasks, status history, money, expected reductions, KPIs; progress and the wedge against the target.

Plans are public for published cities; only the city's editors change them. Every change is
audited. Plan files (import, export) are in plan_files.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.action_plans import (
    Milestone,
    PlanError,
    Wedge,
    check_dates,
    from_minor_units,
    progress,
    to_minor_units,
    wedge,
)
from citypact.domain.gpc import GPC_REFS, normalize_ref
from citypact.domain.measures import ClassificationError, check_axis
from citypact.services import audit
from citypact.services.cities import readable_city
from citypact.services.city_edits import check_can_edit
from citypact.services.errors import InvalidInput, NotFound
from citypact.services.input import clean_amount, clean_date, clean_year
from citypact.services.measures import measure_by_code
from citypact.services.text_input import check_text, check_texts
from citypact.services.versions import check_version, flush_checked
from citypact.storage.models import (
    ClimateTarget,
    PlanKpi,
    PlanMeasure,
    PlanMilestone,
    PlanStatusChange,
    utcnow,
)

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
)
TEXTS: Final = ("description", "owner_department", "responsible", "funding", "reduction_method")


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


def _own_plan(session: Session, actor: Actor, city_id: int, plan_id: int) -> PlanMeasure:
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
    plan = _own_plan(session, actor, city_id, plan_id)
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


def add_milestone(
    session: Session,
    actor: Actor,
    city_id: int,
    plan_id: int,
    *,
    title: str,
    due_date: Any,
    kind: str = "milestone",
    responsible: str = "",
) -> PlanMilestone:
    plan = _own_plan(session, actor, city_id, plan_id)
    if kind not in ("milestone", "task"):
        raise InvalidInput("kind", "use milestone or task.")
    if not title.strip():
        raise InvalidInput("title", "give the milestone a title.")
    due = clean_date("due_date", due_date)
    if due is None:
        raise InvalidInput("due_date", "give the due date as YYYY-MM-DD.")
    try:
        check_dates(plan.start_date, None, [Milestone(title, due)])
    except PlanError as error:
        raise InvalidInput(error.field, error.message) from None
    milestone = PlanMilestone(
        plan_measure_id=plan_id, kind=kind, title=title.strip(), due_date=due, responsible=responsible.strip()
    )
    session.add(milestone)
    session.flush()
    audit.record(
        session,
        actor,
        "create",
        "plan_milestone",
        milestone.id,
        city_id=city_id,
        after={"title": milestone.title, "due_date": due.isoformat(), "kind": kind},
    )
    return milestone


def complete_milestone(
    session: Session,
    actor: Actor,
    city_id: int,
    milestone_id: int,
    done_date: Any,
    *,
    expected_version: int | None = None,
) -> PlanMilestone:
    milestone = session.get(PlanMilestone, milestone_id)
    if milestone is None:
        raise NotFound("milestone", milestone_id)
    _own_plan(session, actor, city_id, milestone.plan_measure_id)
    check_version("milestone", milestone_id, milestone.version, expected_version)
    done = clean_date("done_date", done_date)
    before = {"done_date": milestone.done_date.isoformat() if milestone.done_date else None}
    milestone.done_date = done
    flush_checked(session, "milestone", milestone_id, expected_version)
    audit.record(
        session,
        actor,
        "update",
        "plan_milestone",
        milestone_id,
        city_id=city_id,
        before=before,
        after={"done_date": done.isoformat() if done else None},
    )
    return milestone


def add_kpi(
    session: Session,
    actor: Actor,
    city_id: int,
    plan_id: int,
    *,
    name: str,
    unit: str,
    target: Any,
    target_year: Any,
    baseline: Any = None,
) -> PlanKpi:
    _own_plan(session, actor, city_id, plan_id)
    if not name.strip() or not unit.strip():
        raise InvalidInput("name" if not name.strip() else "unit", "give the indicator's name and unit.")
    target_value = clean_amount("target", target)
    if target_value is None:
        raise InvalidInput("target", "give the target value.")
    clean_year("target_year", target_year, 2000, 2100, hint="give a year such as 2030.")
    kpi = PlanKpi(
        plan_measure_id=plan_id,
        name=name.strip(),
        unit=unit.strip(),
        target=target_value,
        target_year=target_year,
        baseline=clean_amount("baseline", baseline),
        measured=[],
    )
    session.add(kpi)
    session.flush()
    audit.record(
        session,
        actor,
        "create",
        "plan_kpi",
        kpi.id,
        city_id=city_id,
        after={"name": kpi.name, "target": target_value, "target_year": target_year},
    )
    return kpi


def record_kpi_value(
    session: Session, actor: Actor, city_id: int, kpi_id: int, *, year: Any, value: Any, source: str
) -> PlanKpi:
    kpi = session.get(PlanKpi, kpi_id)
    if kpi is None:
        raise NotFound("indicator", kpi_id)
    _own_plan(session, actor, city_id, kpi.plan_measure_id)
    clean_year(
        "year",
        year,
        1990,
        dt.date.today().year,
        hint="give the year the value was measured in, not in the future.",
    )
    number = clean_amount("value", value)
    if number is None:
        raise InvalidInput("value", "give the measured value.")
    if not source.strip():
        raise InvalidInput("source", "say where the value comes from.")
    check_text("source", source)  # kept in a JSON list, which the flush check does not read
    before = list(kpi.measured)
    kpi.measured = sorted(
        [m for m in kpi.measured if m["year"] != year]
        + [{"year": year, "value": number, "source": source.strip()}],
        key=lambda m: int(m["year"]),
    )
    # Read-modify-write of the list: a concurrent value of another year must not be dropped.
    flush_checked(session, "indicator", kpi_id, None)
    audit.record(
        session,
        actor,
        "update",
        "plan_kpi",
        kpi_id,
        city_id=city_id,
        before={"measured": before},
        after={"measured": kpi.measured},
    )
    return kpi


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
) -> ClimateTarget:
    """Set the city's target, or change it at `expected_version` (services.versions; a first
    target needs none)."""
    check_can_edit(session, actor, city_id)
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
            )
        )
    target = session.scalar(select(ClimateTarget).where(ClimateTarget.city_id == city_id))
    path = None
    if target is not None:
        active = [
            (v.start_date.year if v.start_date else None, v.expected_reduction_t or 0.0)
            for v in views
            if not v.cancelled
        ]
        path = wedge(
            target.base_year, target.base_emissions_t, target.target_year, target.reduction_pct, active
        )
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
    return ActionPlan(city_id, city.name, views, shown, path, actor.can_edit_city(city_id))
