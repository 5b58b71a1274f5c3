"""The rows of each open dataset, and only the public ones: published cities, their published
targets and cases, public partnerships (members only where their city is published), deals,
credit projects, issuances and retirements as their capabilities publish them, programmes in a
public status, published annual reports. One function a dataset, each bounded by MAX_ROWS.
"""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.services.annual_reports import published_reports
from citypact.services.credits.open_data import open_issuances, open_projects, open_retirements
from citypact.services.deals.open_data import open_deals
from citypact.services.funding.programme_access import PUBLIC_STATUSES as PROGRAMME_STATUSES
from citypact.services.open_data.inventories import public_totals
from citypact.storage.funding import FundingProgramme
from citypact.storage.models import CaseStudy, City, Network
from citypact.storage.partnerships import Partnership, PartnershipGoal, PartnershipMember
from citypact.storage.plans import PublishedTarget

MAX_ROWS: Final = 1_000_000  # per dataset; the whole world's local governments fit under it


def cities(session: Session) -> list[tuple[Any, ...]]:
    return [
        tuple(r)
        for r in session.execute(
            select(
                City.id,
                City.key,
                City.name,
                City.country,
                City.admin_area,
                City.lat,
                City.lon,
                City.population,
                City.population_year,
                City.area_km2,
                City.unlocode,
                City.geonames_id,
                City.sources,
            )  # fmt: skip
            .where(City.is_published.is_(True))
            .order_by(City.id)
            .limit(MAX_ROWS)
        )
    ]


def inventories(session: Session) -> list[tuple[Any, ...]]:
    return [
        (t.inventory_id, t.city_id, t.city, t.country, t.year, t.status, t.standard, t.gwp, t.population,
         t.basic_t, t.scope1_t, t.scope2_t, t.computed, t.source)
        for t in public_totals(session)
    ][:MAX_ROWS]  # fmt: skip


def targets(session: Session) -> list[tuple[Any, ...]]:
    return [
        tuple(r)
        for r in session.execute(
            select(
                PublishedTarget.id,
                PublishedTarget.city_id,
                City.name,
                PublishedTarget.source,
                PublishedTarget.reported_year,
                PublishedTarget.target_type,
                PublishedTarget.sector,
                PublishedTarget.base_year,
                PublishedTarget.base_emissions_t,
                PublishedTarget.reduction_pct,
                PublishedTarget.target_year,
                PublishedTarget.target_emissions_t,
                PublishedTarget.paris_alignment,
                PublishedTarget.achieved_pct,
            )  # fmt: skip
            .join(City, City.id == PublishedTarget.city_id)
            .where(City.is_published.is_(True))
            .order_by(PublishedTarget.id)
            .limit(MAX_ROWS)
        )
    ]


def cases(session: Session) -> list[tuple[Any, ...]]:
    return [
        tuple(r)
        for r in session.execute(
            select(
                CaseStudy.id,
                CaseStudy.city_id,
                City.name,
                City.country,
                CaseStudy.title,
                CaseStudy.field,
                CaseStudy.instrument,
                CaseStudy.implementation,
                CaseStudy.start_year,
                CaseStudy.summary,
                CaseStudy.reduction_t_per_year,
                CaseStudy.source_url,
            )  # fmt: skip
            .join(City, City.id == CaseStudy.city_id)
            .where(City.is_published.is_(True), CaseStudy.is_published.is_(True))
            .order_by(CaseStudy.id)
            .limit(MAX_ROWS)
        )
    ]


def partnerships(session: Session) -> list[tuple[Any, ...]]:
    found = session.execute(
        select(Partnership, Network.slug)
        .outerjoin(Network, Network.id == Partnership.network_id)
        .where(Partnership.is_public.is_(True))
        .order_by(Partnership.id)
        .limit(MAX_ROWS)
    )
    rows = [(p, slug) for p, slug in found]
    ids = [p.id for p, _ in rows]
    members: dict[int, list[str]] = {}
    for pid, name in session.execute(
        select(PartnershipMember.partnership_id, City.name)
        .join(City, City.id == PartnershipMember.city_id)
        .where(PartnershipMember.partnership_id.in_(ids), City.is_published.is_(True))
        .order_by(PartnershipMember.id)
    ):
        members.setdefault(pid, []).append(name)
    goals: dict[int, list[str]] = {}
    for pid, status in session.execute(
        select(PartnershipGoal.partnership_id, PartnershipGoal.status).where(
            PartnershipGoal.partnership_id.in_(ids)
        )
    ):
        goals.setdefault(pid, []).append(status)
    return [
        (p.id, p.title, p.kind, p.status, slug, ";".join(members.get(p.id, [])), p.declared_on, p.ended_on,
         len(goals.get(p.id, [])), goals.get(p.id, []).count("achieved"))
        for p, slug in rows
    ]  # fmt: skip


def deals(session: Session) -> list[tuple[Any, ...]]:
    return [
        (d.id, d.city_id, d.city, d.title, d.action_field, ";".join(d.sdg_targets), d.status, d.signed_on,
         d.summary, d.start_date, d.end_date, ";".join(p.name for p in d.parties), d.expected_t)
        for d in open_deals(session)
    ][:MAX_ROWS]  # fmt: skip


def programmes(session: Session) -> list[tuple[Any, ...]]:
    p = FundingProgramme
    return [
        tuple(r)
        for r in session.execute(
            select(
                p.id,
                p.name,
                p.funder_name,
                p.funder_level,
                p.instrument,
                p.summary,
                p.countries,
                p.fields,
                p.amount_min_minor,
                p.amount_max_minor,
                p.currency,
                p.funding_rate_bp,
                p.source_url,
                p.checked_on,
                p.status,
            )  # fmt: skip
            .where(p.status.in_(PROGRAMME_STATUSES))
            .order_by(p.id)
            .limit(MAX_ROWS)
        )
    ]


def credit_projects(session: Session) -> list[tuple[Any, ...]]:
    return [
        (p.project_id, p.title, p.host_city_id, p.host_city, p.host_country, p.methodology, p.crediting_start,
         p.crediting_end, p.buffer_bp, p.authorisation, p.status)
        for p in open_projects(session)
    ][:MAX_ROWS]  # fmt: skip


def issuances(session: Session) -> list[tuple[Any, ...]]:
    return [
        (i.project_id, i.monitoring_report_id, i.period_start, i.period_end, i.vintage, i.serial_start,
         i.serial_end, i.quantity, i.issued_at)
        for i in open_issuances(session)
    ][:MAX_ROWS]  # fmt: skip


def retirements(session: Session) -> list[tuple[Any, ...]]:
    return [
        (r.id, r.block.project_id, r.block.host_country, r.block.vintage, r.block.serial_start,
         r.block.serial_end, r.block.quantity, r.city or r.organisation or "", r.use, r.beneficiary,
         r.purpose, r.claim_year, r.retired_at, r.double_claim)
        for r in open_retirements(session)
    ][:MAX_ROWS]  # fmt: skip


def reports(session: Session) -> list[tuple[Any, ...]]:
    out = []
    for network, report in published_reports(session, MAX_ROWS):
        f = report.figures
        inv, part = f.get("inventories", {}), f.get("partnerships", {})
        bought = f.get("procurement") or {}  # no section: the year had no public procurement
        out.append(
            (network.slug, network.name, report.year, report.base_year, inv.get("members"),
             inv.get("reporting"), inv.get("total_t"), inv.get("population"), inv.get("per_capita_t"),
             inv.get("compared"), inv.get("change_pct"), part.get("count"), part.get("goals_achieved"),
             f.get("deals", {}).get("count"), f.get("deals", {}).get("expected_t_per_year"),
             f.get("credits", {}).get("retired_t"), bought.get("count"), bought.get("awarded_lots"),
             bought.get("awarded_t_co2e"), report.data_hash, report.published_at)
        )  # fmt: skip
    return out
