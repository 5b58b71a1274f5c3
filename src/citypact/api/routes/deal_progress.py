"""/api/v1: the progress of a deal's commitments (reports of KPI values; milestones are marked done
through the deal's own endpoints) and a city's deal portfolio."""

from __future__ import annotations

from fastapi import APIRouter

from citypact.api.schemas.deal_progress import DealProgressOut, PortfolioOut, ReportIn
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute, Writer
from citypact.services.deals import portfolio, progress

router = APIRouter(route_class=ReleasingRoute, tags=["deals"])


@router.get("/deals/{deal_id}/progress", response_model=DealProgressOut)
def get_progress(deal_id: PathId, session: ReadDB, actor: CurrentActor) -> DealProgressOut:
    """Each commitment's KPI, reports, milestones and status, for the city's staff and the people
    of the deal's parties (the public reads the public deal page)."""
    return DealProgressOut.model_validate(progress.get_progress(session, actor, deal_id))


@router.post("/deals/{deal_id}/progress", response_model=DealProgressOut, status_code=201)
def report(deal_id: PathId, body: ReportIn, db: DB, actor: Writer) -> DealProgressOut:
    """A KPI value of one of your organisation's commitments (the city's editors: the city's),
    while the deal is signed, implementing or reviewed. Reports are never edited: send a
    correction as a new report."""
    with db.write() as session:
        progress.report_value(
            session, actor, deal_id, body.commitment_id, as_of=body.as_of, value=body.value, note=body.note
        )
    with db.read() as session:
        return DealProgressOut.model_validate(progress.get_progress(session, actor, deal_id))


@router.get("/cities/{city_id}/deal-portfolio", response_model=PortfolioOut)
def get_portfolio(city_id: PathId, session: ReadDB, actor: CurrentActor) -> PortfolioOut:
    """The city's signed (or later) deals by action field and SDG goal: deals, commitments and
    expected t CO2e a year; the public counts only the parts the city made public."""
    return PortfolioOut.model_validate(portfolio.deal_portfolio(session, actor, city_id))
