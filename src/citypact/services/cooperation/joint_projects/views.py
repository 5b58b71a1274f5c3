"""Joint projects as the pages, the API and the command line show them: the list the actor may see,
and one project with its partners, costs, funding and the sharing table per partner per year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor, Role
from citypact.domain.joint_projects import CostLine, JointProjectError, YearShare, share_table
from citypact.services.cooperation.joint_projects.flow import rule_inputs
from citypact.services.cooperation.joint_projects.loading import load
from citypact.services.errors import NotAuthenticated, NotFound
from citypact.storage.joint_projects import (
    JointProject,
    JointProjectCost,
    JointProjectFunding,
    JointProjectPartner,
)
from citypact.storage.models import City, NetworkMember
from citypact.storage.plans import PlanMeasure


@dataclass(frozen=True)
class ProjectSummary:
    id: int
    title: str
    kind: str
    status: str
    lead_city_id: int
    lead_city_name: str
    start_year: int
    end_year: int
    partners: int


@dataclass(frozen=True)
class PartnerView:
    """A partner, its figures for the rule and its part of the whole (None while the rule cannot be
    applied: a partner lacks its figure, or the agreed shares do not sum to 100)."""

    city_id: int
    city_name: str
    country: str
    is_lead: bool
    population: int | None
    population_year: int | None
    use_quantity: float | None
    benefit: float | None
    agreed_share_pct: float | None
    confirmed_on: dt.date | None
    plan_measure_id: int | None
    plan_measure_title: str | None
    share: float | None  # the weight, 0 to 1
    capex_minor: int | None
    opex_minor: int | None
    total_minor: int | None
    reduction_t: float | None  # attributed, t CO2e a year, whole kilograms
    years: tuple[YearShare, ...]


@dataclass(frozen=True)
class CostView:
    id: int
    kind: str
    label: str
    year_from: int
    year_to: int | None
    amount_minor: int


@dataclass(frozen=True)
class FundingView:
    id: int
    source: str
    label: str
    amount_minor: int


@dataclass(frozen=True)
class ProjectView:
    id: int
    version: int
    title: str
    kind: str
    description: str
    status: str
    lead_city_id: int
    lead_city_name: str
    start_year: int
    end_year: int
    currency: str
    rule: str
    input_unit: str
    reduction_t: float | None
    reduction_basis: str
    partners: tuple[PartnerView, ...]
    costs: tuple[CostView, ...]
    funding: tuple[FundingView, ...]
    years: tuple[YearShare, ...]  # the whole project's costs per year
    total_minor: int
    funding_minor: int
    attributed_t: float | None  # the sum of the partners' parts (never above reduction_t)
    # Why the rule cannot be applied yet: a code of JointProjectError (missing_input, zero_inputs,
    # agreed_not_100, ...) and the partner concerned, if one is.
    problem: str | None
    manages: bool
    acts_for: frozenset[int]


def get_project(session: Session, actor: Actor, project_id: int) -> ProjectView:
    """The project, for the partners' staff, their confirmed networks' secretariats and admins."""
    loaded = load(session, actor, project_id)
    project = loaded.project
    cities = {
        c.id: c
        for c in session.scalars(select(City).where(City.id.in_([p.city_id for p in loaded.partners])))
    }
    costs = list(
        session.scalars(
            select(JointProjectCost)
            .where(JointProjectCost.project_id == project_id)
            .order_by(JointProjectCost.id)
        )
    )
    funding = list(
        session.scalars(
            select(JointProjectFunding)
            .where(JointProjectFunding.project_id == project_id)
            .order_by(JointProjectFunding.id)
        )
    )
    measure_ids = [p.plan_measure_id for p in loaded.partners if p.plan_measure_id is not None]
    measures = {
        row.id: row.title
        for row in session.execute(
            select(PlanMeasure.id, PlanMeasure.title).where(PlanMeasure.id.in_(measure_ids))
        )
    }
    lines = [CostLine(c.kind, c.year_from, c.year_to, c.amount_minor) for c in costs]
    problem = None
    try:
        table = share_table(project.rule, rule_inputs(loaded), lines, project.end_year, project.reduction_t)
        parts = {p.key: p for p in table.partners}
        years, total = table.years, table.total_minor
    except JointProjectError as error:
        problem, parts = error.code, {}
        table = share_table("agreed", {0: 100}, lines, project.end_year)  # the whole, unshared
        years, total = table.years, table.total_minor
    partners = []
    for p in loaded.partners:
        part = parts.get(p.city_id)
        city = cities[p.city_id]
        partners.append(
            PartnerView(
                city_id=p.city_id, city_name=city.name, country=city.country,
                is_lead=p.city_id == project.lead_city_id, population=p.population,
                population_year=p.population_year, use_quantity=p.use_quantity, benefit=p.benefit,
                agreed_share_pct=p.agreed_share_pct, confirmed_on=p.confirmed_on,
                plan_measure_id=p.plan_measure_id, plan_measure_title=measures.get(p.plan_measure_id or 0),
                share=float(part.weight) if part else None,
                capex_minor=part.capex_minor if part else None, opex_minor=part.opex_minor if part else None,
                total_minor=part.total_minor if part else None,
                reduction_t=part.reduction_kg / 1000 if part and part.reduction_kg is not None else None,
                years=part.years if part else (),
            )
        )  # fmt: skip
    return ProjectView(
        id=project.id, version=project.version, title=project.title, kind=project.kind,
        description=project.description, status=project.status, lead_city_id=project.lead_city_id,
        lead_city_name=cities[project.lead_city_id].name if project.lead_city_id in cities else "",
        start_year=project.start_year, end_year=project.end_year, currency=project.currency,
        rule=project.rule, input_unit=project.input_unit, reduction_t=project.reduction_t,
        reduction_basis=project.reduction_basis,
        partners=tuple(partners),
        costs=tuple(CostView(c.id, c.kind, c.label, c.year_from, c.year_to, c.amount_minor) for c in costs),
        funding=tuple(FundingView(f.id, f.source, f.label, f.amount_minor) for f in funding),
        years=years, total_minor=total, funding_minor=sum(f.amount_minor for f in funding),
        attributed_t=table.reduction_kg / 1000 if table.reduction_kg is not None else None,
        problem=problem, manages=loaded.manages and project.status != "closed", acts_for=loaded.acts_for,
    )  # fmt: skip


def list_projects(session: Session, actor: Actor, city_id: int | None = None) -> list[ProjectSummary]:
    """The projects the actor may see (of one partner city if `city_id` is given), newest first:
    those with a partner city whose staff the actor is, or whose confirmed network the actor runs."""
    if not (actor.is_authenticated or actor.is_admin):  # the command line's operator is an admin
        raise NotAuthenticated()
    if city_id is not None and session.get(City, city_id) is None:
        raise NotFound("city", city_id)
    query = select(JointProjectPartner.project_id)
    if not actor.is_admin:
        visible = actor.cities(Role.CITY_EDITOR, Role.CITY_VIEWER)
        if actor.networks():
            visible |= set(
                session.scalars(
                    select(NetworkMember.city_id).where(
                        NetworkMember.network_id.in_(actor.networks()),
                        NetworkMember.confirmed_at.is_not(None),
                    )
                )
            )
        query = query.where(JointProjectPartner.city_id.in_(visible))
    ids = set(session.scalars(query))
    if city_id is not None:
        ids &= set(
            session.scalars(
                select(JointProjectPartner.project_id).where(JointProjectPartner.city_id == city_id)
            )
        )
    rows = session.execute(
        select(JointProject, City.name)
        .join(City, City.id == JointProject.lead_city_id)
        .where(JointProject.id.in_(ids))
        .order_by(JointProject.id.desc())
    ).all()
    counts: dict[int, int] = {}
    partners = select(JointProjectPartner.project_id).where(JointProjectPartner.project_id.in_(ids))
    for project_id in session.scalars(partners):
        counts[project_id] = counts.get(project_id, 0) + 1
    return [
        ProjectSummary(
            p.id,
            p.title,
            p.kind,
            p.status,
            p.lead_city_id,
            name,
            p.start_year,
            p.end_year,
            counts.get(p.id, 0),
        )
        for p, name in rows
    ]
