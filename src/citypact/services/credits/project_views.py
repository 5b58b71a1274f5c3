"""What pages, the API and the command line show of credit projects: the public list, a project's
public view (registered or closed) and the internal parts its participants and the registry see.
Codes and figures only; the words are the interface's."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain import credit_methodologies as methods
from citypact.domain.access import Actor, Role
from citypact.domain.credit_ledger import BUFFER, allocate
from citypact.domain.credits import BASIS_POINTS, METHODOLOGIES, PROJECT_STATUSES
from citypact.services.credits.loading import PUBLIC_STATUSES, Loaded, is_participant, load, parties_of
from citypact.services.credits.monitoring import load_report
from citypact.services.credits.projects import missing_share_bp
from citypact.services.errors import InvalidInput
from citypact.services.input import clean_code
from citypact.storage.credits import (
    CreditBlock,
    CreditMonitoringReport,
    CreditProject,
    CreditProjectDocument,
    CreditProjectParty,
)
from citypact.storage.models import City, Organisation, User

LIST_LIMIT: Final = 500


@dataclass(frozen=True)
class ProjectSummary:
    id: int
    title: str
    host_city_id: int
    host_city: str
    host_country: str
    methodology: str
    status: str
    crediting_start: dt.date
    crediting_end: dt.date
    ex_ante_t_per_year: float | None


@dataclass(frozen=True)
class PartyView:
    id: int
    role: str
    city_id: int | None
    organisation_id: int | None
    name: str
    share_bp: int
    version: int


@dataclass(frozen=True)
class DocumentView:
    id: int
    kind: str
    title: str
    url: str
    public: bool


@dataclass(frozen=True)
class ReportView:
    id: int
    period_start: dt.date
    period_end: dt.date
    status: str
    parameters: dict[str, Any]
    reductions_t: float
    credited_t: float  # what may become credits: never below zero
    ex_ante_t: float | None  # the yearly estimate pro rata for this period
    verifier_id: int | None
    verifier_name: str
    verified_t: float | None
    verification_reference: str
    verification_statement: str
    status_reason: str
    version: int


@dataclass(frozen=True)
class VintageTotal:
    vintage: int
    verified_t: float  # reports verified or issued whose period ends in this year
    issued: int  # credits in blocks not split (each serial counted once)


@dataclass(frozen=True)
class AllocationExample:
    """The rounding rule applied to `quantity` credits with the project's own shares: the buffer
    first, each party rounded down, the remainder to the host."""

    quantity: int
    buffer: int
    parties: list[tuple[str, int, int]]  # (party name, share_bp, credits)
    remainder: int  # what rounding down left over, given to the host


@dataclass
class ProjectView:
    id: int
    title: str
    description: str
    host_city_id: int
    host_city: str
    host_country: str
    methodology: str
    ex_ante_parameters: dict[str, Any]
    ex_ante_t_per_year: float | None
    crediting_start: dt.date
    crediting_end: dt.date
    buffer_bp: int
    authorisation: str
    status: str
    status_reason: str
    version: int
    parties: list[PartyView]
    documents: list[DocumentView]
    reports: list[ReportView]
    vintages: list[VintageTotal]
    missing_share_bp: int
    allocation: AllocationExample | None
    internal: bool = False  # the viewer sees drafts, all documents and reports in all states
    participant: bool = False
    registry: bool = False
    verifier_ids: list[int] = field(default_factory=list)  # reports the viewer was named to verify


def list_projects(
    session: Session,
    actor: Actor,
    *,
    host_country: str | None = None,
    methodology: str | None = None,
    status: str | None = None,
    city_id: int | None = None,
) -> list[ProjectSummary]:
    """Registered and closed projects, plus the drafts the actor takes part in (or all of them for
    the registry), filtered (`city_id`: projects the city hosts or takes part in); newest first."""
    query = select(CreditProject, City.name).join(City, City.id == CreditProject.host_city_id)
    if host_country:
        if not isinstance(host_country, str) or len(host_country.strip()) != 2:
            raise InvalidInput("host_country", "give a two-letter country code, e.g. JP.")
        query = query.where(CreditProject.host_country == host_country.strip().upper())
    if methodology:
        query = query.where(
            CreditProject.methodology == clean_code("methodology", methodology, METHODOLOGIES)
        )
    if status:
        query = query.where(CreditProject.status == clean_code("status", status, PROJECT_STATUSES))
    if city_id is not None:
        party_of = select(CreditProjectParty.project_id).where(CreditProjectParty.city_id == city_id)
        query = query.where(CreditProject.id.in_(party_of))
    rows = session.execute(query.order_by(CreditProject.id.desc()).limit(LIST_LIMIT))
    found = []
    for project, city_name in rows:
        hidden = project.status not in PUBLIC_STATUSES and not actor.runs_credit_registry()
        if hidden and not is_participant(actor, parties_of(session, project.id)):
            continue
        found.append(
            ProjectSummary(
                project.id,
                project.title,
                project.host_city_id,
                city_name,
                project.host_country,
                project.methodology,
                project.status,
                project.crediting_start,
                project.crediting_end,
                project.ex_ante_t_per_year,
            )  # fmt: skip
        )
    return found


def _names(session: Session, loaded: Loaded) -> dict[tuple[str, int], str]:
    city_ids = [p.city_id for p in loaded.parties if p.city_id is not None] + [loaded.project.host_city_id]
    org_ids = [p.organisation_id for p in loaded.parties if p.organisation_id is not None]
    names = {
        ("city", i): n for i, n in session.execute(select(City.id, City.name).where(City.id.in_(city_ids)))
    }
    orgs = session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(org_ids)))
    names |= {("organisation", i): n for i, n in orgs}
    return names


def allocation_example(quantity: int, buffer_bp: int, parties: Sequence[PartyView]) -> AllocationExample:
    """The ledger's allocation rule (domain.credit_ledger.allocate), worked on the project's own
    shares: the buffer first, each party rounded down, and the host also what rounding left over."""
    host = next(p.id for p in parties if p.role == "host")
    split = allocate(quantity, buffer_bp, {p.id: p.share_bp for p in parties}, host)
    rest = quantity - split[BUFFER]
    remainder = rest - sum(rest * p.share_bp // BASIS_POINTS for p in parties)
    rows = [(p.name, p.share_bp, split[p.id]) for p in parties]
    return AllocationExample(quantity, split[BUFFER], rows, remainder)


def _report_view(
    report: CreditMonitoringReport, t_per_year: float | None, verifiers: dict[int, str]
) -> ReportView:
    comparison = methods.compare(t_per_year, report.period_start, report.period_end, report.reductions_t)
    return ReportView(
        report.id, report.period_start, report.period_end, report.status, dict(report.parameters),
        report.reductions_t, max(0.0, report.reductions_t), comparison.ex_ante_t, report.verifier_id,
        verifiers.get(report.verifier_id or 0, ""), report.verified_t, report.verification_reference,
        report.verification_statement, report.status_reason, report.version,
    )  # fmt: skip


def _vintages(session: Session, project_id: int, reports: list[CreditMonitoringReport]) -> list[VintageTotal]:
    verified: dict[int, float] = {}
    for report in reports:
        if report.status in ("verified", "issued") and report.verified_t is not None:
            verified[report.period_end.year] = verified.get(report.period_end.year, 0.0) + report.verified_t
    issued_rows = session.execute(
        select(CreditBlock.vintage, func.sum(CreditBlock.serial_end - CreditBlock.serial_start + 1))
        .where(CreditBlock.project_id == project_id, CreditBlock.status != "split")
        .group_by(CreditBlock.vintage)
    )
    issued = {int(v): int(n or 0) for v, n in issued_rows}
    return [
        VintageTotal(y, verified.get(y, 0.0), issued.get(y, 0)) for y in sorted(set(verified) | set(issued))
    ]


def get_project(session: Session, actor: Actor, project_id: int) -> ProjectView:
    """A project as the actor may see it: the public parts of a registered or closed project, and
    for its participants and the registry also drafts, every document and every report."""
    loaded = load(session, actor, project_id)
    project = loaded.project
    names = _names(session, loaded)
    parties = [
        PartyView(
            p.id,
            p.role,
            p.city_id,
            p.organisation_id,
            names.get(
                ("city", p.city_id) if p.city_id is not None else ("organisation", p.organisation_id or 0), ""
            ),
            p.share_bp,
            p.version,
        )  # fmt: skip
        for p in loaded.parties
    ]
    documents_query = select(CreditProjectDocument).where(CreditProjectDocument.project_id == project.id)
    if not loaded.internal:
        documents_query = documents_query.where(CreditProjectDocument.public.is_(True))
    documents = [
        DocumentView(d.id, d.kind, d.title, d.url, d.public)
        for d in session.scalars(documents_query.order_by(CreditProjectDocument.id))
    ]
    all_reports = list(
        session.scalars(
            select(CreditMonitoringReport)
            .where(CreditMonitoringReport.project_id == project.id)
            .order_by(CreditMonitoringReport.period_start)
        )
    )
    named = [r.id for r in all_reports if actor.user_id is not None and r.verifier_id == actor.user_id]
    shown = [r for r in all_reports if loaded.internal or r.status in ("verified", "issued") or r.id in named]
    verifier_ids = {r.verifier_id for r in shown if r.verifier_id is not None}
    verifiers = (
        {
            row.id: row.name
            for row in session.execute(select(User.id, User.name).where(User.id.in_(verifier_ids)))
        }
        if verifier_ids
        else {}
    )
    missing = missing_share_bp(loaded.parties)
    quantity = _example_quantity(project, all_reports)
    return ProjectView(
        project.id, project.title, project.description, project.host_city_id,
        names.get(("city", project.host_city_id), ""), project.host_country, project.methodology,
        dict(project.ex_ante_parameters), project.ex_ante_t_per_year, project.crediting_start,
        project.crediting_end, project.buffer_bp, project.authorisation, project.status,
        project.status_reason, project.version, parties, documents,
        [_report_view(r, project.ex_ante_t_per_year, verifiers) for r in shown],
        _vintages(session, project.id, all_reports), missing,
        allocation_example(quantity, project.buffer_bp, parties) if missing == 0 and quantity > 0 else None,
        internal=loaded.internal, participant=loaded.participant, registry=loaded.registry,
        verifier_ids=named,
    )  # fmt: skip


def _example_quantity(project: CreditProject, reports: list[CreditMonitoringReport]) -> int:
    """The credits of the latest verified report, else a year of the ex-ante estimate, else 1 000."""
    verified = [r.verified_t for r in reports if r.verified_t is not None and r.verified_t >= 1]
    if verified:
        return math.floor(verified[-1])
    if project.ex_ante_t_per_year and project.ex_ante_t_per_year >= 1:
        return math.floor(project.ex_ante_t_per_year)
    return 1_000


def get_report(
    session: Session, actor: Actor, project_id: int, report_id: int
) -> tuple[ProjectView, ReportView]:
    """A report with its project, as the actor may see them."""
    loaded, report = load_report(session, actor, project_id, report_id)
    view = get_project(session, actor, project_id)
    verifier = session.get(User, report.verifier_id) if report.verifier_id else None
    names = {verifier.id: verifier.name} if verifier else {}
    return view, _report_view(report, loaded.project.ex_ante_t_per_year, names)


def editable_cities(session: Session, actor: Actor) -> list[tuple[int, str]]:
    """The cities the actor edits (to host a new project), by name."""
    ids = actor.cities(Role.CITY_EDITOR)
    if actor.is_admin and not ids:
        return []
    rows = session.execute(select(City.id, City.name).where(City.id.in_(ids)).order_by(City.name))
    return [(i, n) for i, n in rows]
