"""/api/v1/networks/{slug}/annual-reports: a network's published annual reports (public), the
draft of a year (its secretariat) and publishing, which freezes a report. Who may do what:
services/annual_reports."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from citypact.api.schemas.annual_reports import PublishedReportOut, PublishIn, ReportListOut, ReportOut
from citypact.http.deps import DB, CurrentActor, ReadDB, ReleasingRoute, Writer
from citypact.services import annual_reports

router = APIRouter(route_class=ReleasingRoute, tags=["annual reports"])
R = "/networks/{slug}/annual-reports"
Slug = Annotated[str, Path(max_length=60)]
Year = Annotated[int, Path(ge=1990, le=2100)]


@router.get(R, response_model=ReportListOut)
def list_reports(slug: Slug, session: ReadDB, actor: CurrentActor) -> ReportListOut:
    """The published reports, newest first; `can_draft` tells whether you may draft and publish."""
    found = annual_reports.list_reports(session, actor, slug)
    return ReportListOut(
        network_slug=found.network_slug,
        network=found.network,
        published=[PublishedReportOut(year=y, data_hash=h, published_at=at) for y, h, at in found.published],
        can_draft=found.can_draft,
    )


@router.get(R + "/{year}", response_model=ReportOut)
def get_report(
    slug: Slug,
    year: Year,
    session: ReadDB,
    actor: CurrentActor,
    base_year: Annotated[int | None, Query(ge=1990, le=2100)] = None,
) -> ReportOut:
    """The published report of the year (frozen), else to the secretariat the draft computed now."""
    return ReportOut.model_validate(
        annual_reports.get_report(session, actor, slug, year, base_year=base_year)
    )


@router.post(R + "/{year}/publish", response_model=ReportOut, status_code=201)
def publish(slug: Slug, year: Year, body: PublishIn, db: DB, actor: Writer) -> ReportOut:
    """Freeze the year's report (the network's secretariat). 409 when already published, or when
    `expected_hash` differs from the figures computed now."""
    with db.write() as session:
        view = annual_reports.publish(
            session, actor, slug, year, base_year=body.base_year, expected_hash=body.expected_hash
        )
        return ReportOut.model_validate(view)
