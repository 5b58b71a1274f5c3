"""A network's annual report: its secretariat reads a draft computed from the data on the fly and
publishes it; publishing freezes the figures (a JSON snapshot with its SHA-256 and the date), so a
published report never changes, even when the data does. A published report is public; a draft is
the secretariat's (and administrators') only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.annual_report import FIRST_YEAR, LAST_YEAR, MAX_YEARS_BACK, figures_hash
from citypact.services import audit
from citypact.services.annual_reports.figures import compute, default_base_year
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.services.registry.networks import network_by_slug
from citypact.storage.annual_reports import AnnualReport
from citypact.storage.models import Network

MAX_LISTED: Final = 200


@dataclass(frozen=True)
class ReportView:
    network_slug: str
    network: str
    year: int
    base_year: int
    status: str  # domain.annual_report.REPORT_STATUSES
    figures: dict[str, Any]
    data_hash: str
    published_at: dt.datetime | None
    can_publish: bool


@dataclass(frozen=True)
class ReportListing:
    network_slug: str
    network: str
    published: list[tuple[int, str, dt.datetime]]  # year, hash, published at; newest first
    can_draft: bool


def check_year(year: int, field: str = "year") -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(field, f"give a year from {FIRST_YEAR} to {LAST_YEAR}, not {year}.")
    return year


def _base_year(session: Session, network: Network, year: int, base_year: int | None) -> int:
    if base_year is None:
        return default_base_year(session, network.id, year)
    check_year(base_year, "base_year")
    if not year - MAX_YEARS_BACK <= base_year <= year:
        raise InvalidInput(
            "base_year",
            f"give a year from {year - MAX_YEARS_BACK} to the report's year {year}, not {base_year}.",
        )
    return base_year


def _published(session: Session, network_id: int, year: int) -> AnnualReport | None:
    return session.scalar(
        select(AnnualReport).where(AnnualReport.network_id == network_id, AnnualReport.year == year)
    )


def _frozen(network: Network, report: AnnualReport, actor: Actor) -> ReportView:
    return ReportView(
        network.slug, network.name, report.year, report.base_year, "published", report.figures,
        report.data_hash, report.published_at, False,
    )  # fmt: skip


def get_report(
    session: Session, actor: Actor, slug: str, year: int, *, base_year: int | None = None
) -> ReportView:
    """The published report of the year (to everybody), else the draft (to the secretariat only)."""
    check_year(year)
    network = network_by_slug(session, slug)
    report = _published(session, network.id, year)
    if report is not None:
        return _frozen(network, report, actor)
    if not actor.runs_network(network.id):
        raise NotFound("annual report", f"{slug}/{year}")
    base = _base_year(session, network, year, base_year)
    figures = compute(session, network, year, base)
    return ReportView(
        network.slug, network.name, year, base, "draft", figures, figures_hash(figures), None, True
    )


def list_reports(session: Session, actor: Actor, slug: str) -> ReportListing:
    network = network_by_slug(session, slug)
    rows = session.execute(
        select(AnnualReport.year, AnnualReport.data_hash, AnnualReport.published_at)
        .where(AnnualReport.network_id == network.id)
        .order_by(AnnualReport.year.desc())
        .limit(MAX_LISTED)
    )
    published = [(y, h, at) for y, h, at in rows]
    return ReportListing(network.slug, network.name, published, actor.runs_network(network.id))


def publish(
    session: Session,
    actor: Actor,
    slug: str,
    year: int,
    *,
    base_year: int | None = None,
    expected_hash: str | None = None,
) -> ReportView:
    """Freeze the draft of the year. `expected_hash` (the draft's hash the secretariat read) makes
    it fail with Conflict when the data changed meanwhile, so what is published is what was read."""
    network = network_by_slug(session, slug)
    require(
        actor.runs_network(network.id),
        actor.is_authenticated,
        "Only the network's secretariat publishes its reports.",
    )
    check_year(year)
    if _published(session, network.id, year) is not None:
        raise Conflict(
            f"The {year} report of {network.name} is already published; a published report never changes."
        )
    base = _base_year(session, network, year, base_year)
    figures = compute(session, network, year, base)
    digest = figures_hash(figures)
    if expected_hash and expected_hash != digest:
        raise Conflict(
            "The data changed since you read the draft; read the draft again and publish what it shows now."
        )
    report = AnnualReport(
        network_id=network.id, year=year, base_year=base, figures=figures, data_hash=digest,
        published_by=actor.user_id,
    )  # fmt: skip
    session.add(report)
    session.flush()
    audit.record(
        session, actor, "publish", "annual_report", report.id, network_id=network.id,
        after={"year": year, "base_year": base, "data_hash": digest},
    )  # fmt: skip
    return _frozen(network, report, actor)


def published_reports(session: Session, limit: int = 1000) -> list[tuple[Network, AnnualReport]]:
    """Every published report (for the open data), by network and year."""
    rows = session.execute(
        select(Network, AnnualReport)
        .join(AnnualReport, AnnualReport.network_id == Network.id)
        .order_by(Network.slug, AnnualReport.year)
        .limit(limit)
    )
    return [(n, r) for n, r in rows]
