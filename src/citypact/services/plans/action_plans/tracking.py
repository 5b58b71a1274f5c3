"""Following a plan measure through: its milestones and tasks, and its indicators (KPIs) with the
values measured each year.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.action_plans import Milestone, PlanError, check_dates
from citypact.services import audit
from citypact.services.errors import InvalidInput, NotFound
from citypact.services.input import clean_amount, clean_date, clean_year
from citypact.services.plans.action_plans.plan_measures import own_plan
from citypact.services.text_input import check_text
from citypact.services.versions import check_version, flush_checked
from citypact.storage.plans import PlanKpi, PlanMilestone


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
    plan = own_plan(session, actor, city_id, plan_id)
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
    own_plan(session, actor, city_id, milestone.plan_measure_id)
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
    own_plan(session, actor, city_id, plan_id)
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
    own_plan(session, actor, city_id, kpi.plan_measure_id)
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
