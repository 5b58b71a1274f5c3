"""Open data of the credit registry: registered projects of published host cities, what was
issued per project, vintage and monitoring period, and every retirement. Never what an account
holds and never a draft: those are not public. As JSON (one object with the three lists) and as
three CSV files, one per list.

Columns: PROJECT_COLUMNS, ISSUANCE_COLUMNS, RETIREMENT_COLUMNS; quantities in credits
(1 credit = 1 t CO2e); dates ISO 8601; parties as "name share_bp" joined by ";".
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from citypact.services.credits.views import RetirementView, csv_rows, load_retirements
from citypact.storage.credits import (
    CreditBlock,
    CreditMonitoringReport,
    CreditProject,
    CreditProjectParty,
    CreditTransaction,
)
from citypact.storage.models import City, Organisation

PUBLIC_STATUSES: Final = ("registered", "closed")
PROJECT_COLUMNS: Final = (
    "project_id", "title", "host_city_id", "host_city", "host_country", "methodology",
    "crediting_start", "crediting_end", "buffer_bp", "authorisation", "status", "parties",
)  # fmt: skip
ISSUANCE_COLUMNS: Final = (
    "project_id", "monitoring_report_id", "period_start", "period_end", "vintage", "serial_start",
    "serial_end", "quantity", "issued_at",
)  # fmt: skip
RETIREMENT_COLUMNS: Final = (
    "retirement_id", "project_id", "host_country", "vintage", "serial_start", "serial_end",
    "quantity", "retired_by", "use", "beneficiary", "purpose", "claim_year", "retired_at", "seq",
    "hash", "authorisation", "adjustment", "double_claim",
)  # fmt: skip
KINDS: Final = ("projects", "issuances", "retirements")


@dataclass(frozen=True)
class OpenProject:
    project_id: int
    title: str
    host_city_id: int
    host_city: str
    host_country: str
    methodology: str
    crediting_start: dt.date
    crediting_end: dt.date
    buffer_bp: int
    authorisation: str
    status: str
    parties: list[tuple[str, int]]  # name, share in basis points


@dataclass(frozen=True)
class OpenIssuance:
    project_id: int
    monitoring_report_id: int
    period_start: dt.date
    period_end: dt.date
    vintage: int
    serial_start: int
    serial_end: int
    quantity: int
    issued_at: dt.datetime | None


def _public_project() -> Any:
    return CreditProject.status.in_(PUBLIC_STATUSES) & CreditProject.host_city_id.in_(
        select(City.id).where(City.is_published)
    )


def open_projects(session: Session) -> list[OpenProject]:
    party_city = aliased(City)
    parties: dict[int, list[tuple[str, int]]] = {}
    query = (
        select(CreditProjectParty.project_id, party_city.name, Organisation.name, CreditProjectParty.share_bp)
        .outerjoin(party_city, party_city.id == CreditProjectParty.city_id)
        .outerjoin(Organisation, Organisation.id == CreditProjectParty.organisation_id)
        .order_by(CreditProjectParty.project_id, CreditProjectParty.id)
    )
    for project_id, city, organisation, share in session.execute(query):
        parties.setdefault(project_id, []).append((city or organisation or "", share))
    found = session.execute(
        select(CreditProject, City.name)
        .join(City, City.id == CreditProject.host_city_id)
        .where(_public_project())
        .order_by(CreditProject.id)
    )
    return [
        OpenProject(
            p.id,
            p.title,
            p.host_city_id,
            city,
            p.host_country,
            p.methodology,
            p.crediting_start,
            p.crediting_end,
            p.buffer_bp,
            p.authorisation,
            p.status,
            parties.get(p.id, []),
        )  # fmt: skip
        for p, city in found
    ]


def open_issuances(session: Session) -> list[OpenIssuance]:
    """Per project, monitoring report and vintage: what was issued (the blocks issuance made,
    before any split), its serial range and when."""
    issued = (
        select(
            CreditBlock.project_id,
            CreditBlock.monitoring_report_id,
            CreditBlock.vintage,
            func.min(CreditBlock.serial_start),
            func.max(CreditBlock.serial_end),
            func.sum(CreditBlock.serial_end - CreditBlock.serial_start + 1),
            func.min(CreditTransaction.recorded_at),
        )
        .join(CreditProject, CreditProject.id == CreditBlock.project_id)
        .outerjoin(CreditTransaction, CreditTransaction.seq == CreditBlock.created_seq)
        .where(CreditBlock.parent_id.is_(None), _public_project())
        .group_by(CreditBlock.project_id, CreditBlock.monitoring_report_id, CreditBlock.vintage)
        .order_by(CreditBlock.project_id, CreditBlock.vintage, func.min(CreditBlock.serial_start))
        .subquery()
    )
    rows = session.execute(
        select(issued, CreditMonitoringReport.period_start, CreditMonitoringReport.period_end).join(
            CreditMonitoringReport, CreditMonitoringReport.id == issued.c.monitoring_report_id
        )
    )
    return [
        OpenIssuance(pid, rid, p_start, p_end, vintage, int(s), int(e), int(q), at)
        for pid, rid, vintage, s, e, q, at, p_start, p_end in rows
    ]


def open_retirements(session: Session) -> list[RetirementView]:
    return load_retirements(session, _public_project())


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _retirement_json(r: RetirementView) -> dict[str, Any]:
    return dict(zip(RETIREMENT_COLUMNS, _retirement_cells(r), strict=True))


def registry_json(session: Session) -> dict[str, Any]:
    found: dict[str, Any] = _plain(
        {
            "unit": "credits (1 credit = 1 t CO2e)",
            "projects": [
                {**dataclasses.asdict(p), "parties": [{"name": n, "share_bp": s} for n, s in p.parties]}
                for p in open_projects(session)
            ],
            "issuances": [dataclasses.asdict(i) for i in open_issuances(session)],
            "retirements": [_retirement_json(r) for r in open_retirements(session)],
        }
    )
    return found


def _retirement_cells(r: RetirementView) -> list[object]:
    b = r.block
    return [
        r.id, b.project_id, b.host_country, b.vintage, b.serial_start, b.serial_end, b.quantity,
        r.city or r.organisation or "", r.use, r.beneficiary, r.purpose, r.claim_year, r.retired_at,
        r.seq, r.hash, b.authorisation, b.adjustment, r.double_claim,
    ]  # fmt: skip


def registry_csv(session: Session, kind: str) -> str:
    """One of KINDS as CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if kind == "projects":
        writer.writerow(PROJECT_COLUMNS)
        rows: list[list[object]] = [
            [
                p.project_id,
                p.title,
                p.host_city_id,
                p.host_city,
                p.host_country,
                p.methodology,
                p.crediting_start,
                p.crediting_end,
                p.buffer_bp,
                p.authorisation,
                p.status,
                ";".join(f"{n} {s}" for n, s in p.parties),
            ]  # fmt: skip
            for p in open_projects(session)
        ]
    elif kind == "issuances":
        writer.writerow(ISSUANCE_COLUMNS)
        rows = [list(dataclasses.astuple(i)) for i in open_issuances(session)]
    else:
        writer.writerow(RETIREMENT_COLUMNS)
        rows = [_retirement_cells(r) for r in open_retirements(session)]
    writer.writerows(csv_rows(rows))
    return out.getvalue()
