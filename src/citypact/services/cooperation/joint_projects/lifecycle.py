"""A joint project's life: created by the lead city, its fields and status changed, its partners,
cost lines and funding sources added and removed, deleted (after the page asked)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.action_plans import FUNDING_SOURCES, PlanError, to_minor_units
from citypact.domain.joint_projects import (
    COST_KINDS,
    FIRST_YEAR,
    KINDS,
    LAST_YEAR,
    MAX_PERIOD_YEARS,
    RULES,
    check_transition,
)
from citypact.services import audit
from citypact.services.cooperation.joint_projects.flow import flow_reductions
from citypact.services.cooperation.joint_projects.loading import (
    MAX_COST_LINES,
    MAX_FUNDING,
    MAX_PARTNERS,
    TEXT_MAX,
    city_by_id,
    clean_input,
    clean_money,
    load_for_lead,
    rules,
    today_utc,
    touch,
)
from citypact.services.errors import Conflict, InvalidInput, NotFound
from citypact.services.input import clean_code, clean_text, clean_year
from citypact.services.registry.city_edits import check_can_edit
from citypact.services.versions import check_version, flush_checked
from citypact.storage.joint_projects import (
    JointProject,
    JointProjectCost,
    JointProjectFunding,
    JointProjectPartner,
)
from citypact.storage.models import City

EDITABLE: Final = (
    "title",
    "kind",
    "description",
    "start_year",
    "end_year",
    "currency",
    "rule",
    "input_unit",
    "reduction_t",
    "reduction_basis",
)
PARTNER_INPUTS: Final = ("use_quantity", "benefit", "agreed_share_pct")


def _clean_fields(values: Mapping[str, Any], current: JointProject | None) -> dict[str, Any]:
    unknown = sorted(set(values) - set(EDITABLE))
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be set here; use {', '.join(EDITABLE)}.")
    clean: dict[str, Any] = {}
    if "title" in values or current is None:
        clean["title"] = clean_text("title", values.get("title"), 300, required=True)
    if "kind" in values or current is None:
        clean["kind"] = clean_code("kind", values.get("kind"), KINDS)
    if "rule" in values or current is None:
        clean["rule"] = clean_code("rule", values.get("rule"), RULES)
    for name, limit in (("description", TEXT_MAX), ("reduction_basis", TEXT_MAX), ("input_unit", 60)):
        if name in values or current is None:
            clean[name] = clean_text(name, values.get(name), limit)
    for name in ("start_year", "end_year"):
        if name in values or current is None:
            clean[name] = clean_year(name, values.get(name), FIRST_YEAR, LAST_YEAR)
    start = clean.get("start_year", current.start_year if current else 0)
    end = clean.get("end_year", current.end_year if current else 0)
    if end < start:
        raise InvalidInput("end_year", f"{end} is before the start {start}; give the last year after it.")
    if end - start + 1 > MAX_PERIOD_YEARS:
        raise InvalidInput("end_year", f"a project covers at most {MAX_PERIOD_YEARS} years.")
    if "currency" in values or current is None:
        currency = str(values.get("currency") or "").strip().upper()
        try:
            to_minor_units(0, currency)  # checks the code
        except PlanError as error:
            raise InvalidInput("currency", error.message) from None
        clean["currency"] = currency
    if "reduction_t" in values:
        clean["reduction_t"] = clean_input("reduction_t", values.get("reduction_t"), 1e9)
    return clean


def create_project(
    session: Session, actor: Actor, lead_city_id: int, values: Mapping[str, Any]
) -> JointProject:
    """A new project led by `lead_city_id` (the actor edits it), the lead city its first partner,
    confirmed, with its population from the registry."""
    lead = check_can_edit(session, actor, lead_city_id)
    clean = _clean_fields(values, None)
    project = JointProject(lead_city_id=lead.id, status="idea", created_by=actor.user_id, **clean)
    session.add(project)
    session.flush()
    session.add(
        JointProjectPartner(
            project_id=project.id, city_id=lead.id, population=lead.population,
            population_year=lead.population_year, confirmed_on=today_utc(), confirmed_by=actor.user_id,
        )
    )  # fmt: skip
    audit.record(session, actor, "create", "joint_project", project.id, city_id=lead.id, after=clean)
    return project


def update_project(
    session: Session,
    actor: Actor,
    project_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None = None,
) -> JointProject:
    """Change the project's fields (lead city's editors), if it is still at `expected_version`."""
    loaded = load_for_lead(session, actor, project_id)
    project = loaded.project
    check_version("joint project", project_id, project.version, expected_version)
    clean = _clean_fields(changes, project)
    if "currency" in clean and clean["currency"] != project.currency and _has_money(session, project_id):
        raise InvalidInput(
            "currency", "the cost lines and funding are in the old currency; remove them first."
        )
    start, end = clean.get("start_year", project.start_year), clean.get("end_year", project.end_year)
    outside = session.scalar(
        select(JointProjectCost.id).where(
            JointProjectCost.project_id == project_id,
            (JointProjectCost.year_from < start)
            | (JointProjectCost.year_from > end)
            | (func.coalesce(JointProjectCost.year_to, JointProjectCost.year_from) > end),
        )
    )
    if outside is not None:
        raise InvalidInput("start_year", f"cost line {outside} falls outside {start}-{end}; change it first.")
    before, after = audit.changed_fields({k: getattr(project, k) for k in clean}, clean)
    if not after:
        return project
    for key, value in after.items():
        setattr(project, key, value)
    touch(loaded)
    flush_checked(session, "joint project", project_id, expected_version)
    audit.record(
        session, actor, "update", "joint_project", project_id, city_id=project.lead_city_id,
        before=before, after=after,
    )  # fmt: skip
    flow_reductions(session, actor, loaded)
    return project


def _has_money(session: Session, project_id: int) -> bool:
    costs = select(JointProjectCost.id).where(JointProjectCost.project_id == project_id)
    funds = select(JointProjectFunding.id).where(JointProjectFunding.project_id == project_id)
    return session.scalar(costs.limit(1)) is not None or session.scalar(funds.limit(1)) is not None


def set_status(
    session: Session, actor: Actor, project_id: int, status: Any, *, expected_version: int | None = None
) -> JointProject:
    """Move the project one step on (idea, planned, building, operating, closed), or close it."""
    loaded = load_for_lead(session, actor, project_id)
    project = loaded.project
    check_version("joint project", project_id, project.version, expected_version)
    if not isinstance(status, str):
        raise InvalidInput("status", "give the status to move to, e.g. planned.")
    with rules():
        target = check_transition(project.status, status.strip().lower())
    before = {"status": project.status}
    project.status = target
    touch(loaded)
    flush_checked(session, "joint project", project_id, expected_version)
    audit.record(
        session, actor, "status", "joint_project", project_id, city_id=project.lead_city_id,
        before=before, after={"status": target},
    )  # fmt: skip
    return project


def delete_project(
    session: Session, actor: Actor, project_id: int, *, expected_version: int | None = None
) -> None:
    """Delete the project with its partners, costs and funding (the lead city's editors; the page
    asks first). Linked plan measures stay, with the reduction they last took."""
    loaded = load_for_lead(session, actor, project_id)
    project = loaded.project
    check_version("joint project", project_id, project.version, expected_version)
    before = {"title": project.title, "partners": [p.city_id for p in loaded.partners]}
    for table in (JointProjectPartner, JointProjectCost, JointProjectFunding):
        session.execute(delete(table).where(table.project_id == project_id))
    session.delete(project)
    flush_checked(session, "joint project", project_id, expected_version)
    audit.record(
        session, actor, "delete", "joint_project", project_id, city_id=project.lead_city_id, before=before
    )


def _clean_inputs(values: Mapping[str, Any]) -> dict[str, float | None]:
    unknown = sorted(set(values) - set(PARTNER_INPUTS))
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be set here; use {', '.join(PARTNER_INPUTS)}.")
    clean = {name: clean_input(name, values[name]) for name in values}
    share = clean.get("agreed_share_pct")
    if share is not None and share > 100:
        raise InvalidInput("agreed_share_pct", "give a percentage from 0 to 100.")
    return clean


def add_partner(
    session: Session, actor: Actor, project_id: int, city_id: Any, inputs: Mapping[str, Any] | None = None
) -> JointProjectPartner:
    """Name another partner city (lead city's editors); its population is the registry's, of the
    year the registry states. The city's editors confirm it."""
    loaded = load_for_lead(session, actor, project_id)
    city = city_by_id(session, "city_id", city_id)
    if loaded.partner(city.id) is not None:
        raise Conflict(f"{city.name} is a partner already.")
    if len(loaded.partners) >= MAX_PARTNERS:
        raise InvalidInput("city_id", f"a project has at most {MAX_PARTNERS} partners.")
    clean = _clean_inputs(inputs or {})
    partner = JointProjectPartner(
        project_id=project_id, city_id=city.id, population=city.population,
        population_year=city.population_year, **clean,
    )  # fmt: skip
    session.add(partner)
    session.flush()
    loaded.partners.append(partner)
    touch(loaded)
    audit.record(
        session, actor, "add_partner", "joint_project", project_id, city_id=loaded.project.lead_city_id,
        after={"city_id": city.id, "population": city.population, **clean},
    )  # fmt: skip
    flow_reductions(session, actor, loaded)
    return partner


def update_partner(
    session: Session, actor: Actor, project_id: int, city_id: int, inputs: Mapping[str, Any], *,
    refresh_population: bool = False, expected_version: int | None = None,
) -> JointProjectPartner:  # fmt: skip
    """Change a partner's figures for the rule (lead city's editors); `refresh_population` takes
    the registry's current population and year again."""
    loaded = load_for_lead(session, actor, project_id)
    check_version("joint project", project_id, loaded.project.version, expected_version)
    partner = loaded.partner(city_id)
    if partner is None:
        raise NotFound("joint project partner", city_id)
    clean: dict[str, Any] = dict(_clean_inputs(inputs))
    if refresh_population:
        city = session.get(City, city_id)
        if city is not None:
            clean |= {"population": city.population, "population_year": city.population_year}
    before, after = audit.changed_fields({k: getattr(partner, k) for k in clean}, clean)
    if not after:
        return partner
    for key, value in after.items():
        setattr(partner, key, value)
    touch(loaded)
    flush_checked(session, "joint project", project_id, expected_version)
    audit.record(
        session, actor, "update_partner", "joint_project", project_id, city_id=loaded.project.lead_city_id,
        before={"city_id": city_id, **before}, after={"city_id": city_id, **after},
    )  # fmt: skip
    session.flush()
    flow_reductions(session, actor, loaded)
    return partner


def remove_partner(
    session: Session, actor: Actor, project_id: int, city_id: int, *, expected_version: int | None = None
) -> None:
    """Take a partner out (lead city's editors; not the lead city). Its linked plan measure keeps
    the reduction it last took."""
    loaded = load_for_lead(session, actor, project_id)
    check_version("joint project", project_id, loaded.project.version, expected_version)
    partner = loaded.partner(city_id)
    if partner is None:
        raise NotFound("joint project partner", city_id)
    if city_id == loaded.project.lead_city_id:
        raise InvalidInput("city_id", "the lead city stays a partner; delete the project instead.")
    session.delete(partner)
    loaded.partners.remove(partner)
    touch(loaded)
    flush_checked(session, "joint project", project_id, expected_version)
    audit.record(
        session, actor, "remove_partner", "joint_project", project_id, city_id=loaded.project.lead_city_id,
        before={"city_id": city_id, "plan_measure_id": partner.plan_measure_id},
    )  # fmt: skip
    session.flush()
    flow_reductions(session, actor, loaded)


def add_cost(session: Session, actor: Actor, project_id: int, values: Mapping[str, Any]) -> JointProjectCost:
    """A cost line (lead city's editors): capex spread over its years (one year without `year_to`),
    or opex every year of its period (to the project's end without `year_to`)."""
    loaded = load_for_lead(session, actor, project_id)
    project = loaded.project
    count = session.scalar(
        select(func.count(JointProjectCost.id)).where(JointProjectCost.project_id == project_id)
    )
    if (count or 0) >= MAX_COST_LINES:
        raise InvalidInput("kind", f"a project has at most {MAX_COST_LINES} cost lines.")
    kind = clean_code("kind", values.get("kind"), COST_KINDS)
    hint = f"give a year of the project, from {project.start_year} to {project.end_year}."
    year_from = clean_year(
        "year_from", values.get("year_from"), project.start_year, project.end_year, hint=hint
    )
    year_to = values.get("year_to")
    if year_to is not None:
        year_to = clean_year(
            "year_to", year_to, year_from, project.end_year,
            hint=f"give a year from {year_from} to {project.end_year}, or leave it empty.",
        )  # fmt: skip
    cost = JointProjectCost(
        project_id=project_id, kind=kind, label=clean_text("label", values.get("label"), 200),
        year_from=year_from, year_to=year_to,
        amount_minor=clean_money("amount", values.get("amount"), project.currency),
    )  # fmt: skip
    session.add(cost)
    session.flush()
    touch(loaded)
    audit.record(
        session, actor, "add_cost", "joint_project", project_id, city_id=project.lead_city_id,
        after={"id": cost.id, "kind": kind, "year_from": year_from, "year_to": year_to,
               "amount_minor": cost.amount_minor},
    )  # fmt: skip
    return cost


def remove_cost(
    session: Session, actor: Actor, project_id: int, cost_id: int, *, expected_version: int | None = None
) -> None:
    loaded = load_for_lead(session, actor, project_id)
    check_version("joint project", project_id, loaded.project.version, expected_version)
    cost = session.get(JointProjectCost, cost_id)
    if cost is None or cost.project_id != project_id:
        raise NotFound("cost line", cost_id)
    before = {"id": cost.id, "kind": cost.kind, "label": cost.label, "amount_minor": cost.amount_minor}
    session.delete(cost)
    touch(loaded)
    flush_checked(session, "joint project", project_id, expected_version)
    audit.record(
        session,
        actor,
        "remove_cost",
        "joint_project",
        project_id,
        city_id=loaded.project.lead_city_id,
        before=before,
    )


def add_funding(
    session: Session, actor: Actor, project_id: int, values: Mapping[str, Any]
) -> JointProjectFunding:
    """A funding source (a code of FUNDING_SOURCES, which programme or lender, the amount)."""
    loaded = load_for_lead(session, actor, project_id)
    project = loaded.project
    count = session.scalar(
        select(func.count(JointProjectFunding.id)).where(JointProjectFunding.project_id == project_id)
    )
    if (count or 0) >= MAX_FUNDING:
        raise InvalidInput("source", f"a project has at most {MAX_FUNDING} funding sources.")
    funding = JointProjectFunding(
        project_id=project_id, source=clean_code("source", values.get("source"), tuple(FUNDING_SOURCES)),
        label=clean_text("label", values.get("label"), 200),
        amount_minor=clean_money("amount", values.get("amount"), project.currency),
    )  # fmt: skip
    session.add(funding)
    session.flush()
    touch(loaded)
    audit.record(
        session, actor, "add_funding", "joint_project", project_id, city_id=project.lead_city_id,
        after={"id": funding.id, "source": funding.source, "amount_minor": funding.amount_minor},
    )  # fmt: skip
    return funding


def remove_funding(
    session: Session, actor: Actor, project_id: int, funding_id: int, *, expected_version: int | None = None
) -> None:
    loaded = load_for_lead(session, actor, project_id)
    check_version("joint project", project_id, loaded.project.version, expected_version)
    funding = session.get(JointProjectFunding, funding_id)
    if funding is None or funding.project_id != project_id:
        raise NotFound("funding source", funding_id)
    before = {"id": funding.id, "source": funding.source, "amount_minor": funding.amount_minor}
    session.delete(funding)
    touch(loaded)
    flush_checked(session, "joint project", project_id, expected_version)
    audit.record(
        session, actor, "remove_funding", "joint_project", project_id, city_id=loaded.project.lead_city_id,
        before=before,
    )  # fmt: skip
