"""The public face of Local Green Deals: a signed deal's public page (the parts its city made
public, no personal names), a city's deal portfolio by action field and SDG goal, and the open
data of signed deals as CSV and JSON, for one city or all."""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.measures import GREEN_DEAL
from citypact.http.deps import MAX_ID, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.http.downloads import attachment
from citypact.http.security import csp_nonce
from citypact.i18n.catalog import translations
from citypact.i18n.deal_progress_labels import PROGRESS_STATUS_LABELS
from citypact.i18n.green_deal_labels import GREEN_DEAL_LABELS
from citypact.reports import charts
from citypact.reports.deal_document import deal_document_file
from citypact.reports.documents import Document
from citypact.services.deals import document, open_data, portfolio, public
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute)


@router.get("/public/deals/{deal_id}", response_class=HTMLResponse)
def public_deal(request: Request, deal_id: PathId, session: ReadDB) -> HTMLResponse:
    """The same page for everyone, signed in or not: what the public may see of a signed deal."""
    seen = public.get_public_deal(session, deal_id)
    return render(
        request,
        "deal_public.html",
        deal=seen,
        status_labels=PROGRESS_STATUS_LABELS,
        deal_labels=GREEN_DEAL_LABELS,
    )


@router.get("/cities/{city_id}/deal-portfolio", response_class=HTMLResponse)
def deal_portfolio(request: Request, city_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    found = portfolio.deal_portfolio(session, actor, city_id)
    _ = translations(locale_of(request)).gettext
    chart = (
        charts.bar_chart(
            {
                _(GREEN_DEAL[r.code]) if r.code in GREEN_DEAL else r.code: r.expected_t
                for r in found.by_action_field
            },
            _("t CO₂e a year"),
            _("Green Deal action field"),
        )
        if any(r.expected_t for r in found.by_action_field)
        else None
    )
    deals = open_data.open_deals(session, city_id=city_id)
    return render(
        request,
        "deal_portfolio.html",
        portfolio=found,
        chart=chart,
        deals=deals,
        deal_labels=GREEN_DEAL_LABELS,
    )


@router.get("/open-data/deals.{kind}", response_model=None)
def deals_open_data(
    session: ReadDB,
    kind: Annotated[Literal["csv", "json"], Path()],
    city_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="only this city's deals")] = None,
) -> Response:
    """Signed (or later) deals of published cities, public parts only."""
    deals = open_data.open_deals(session, city_id=city_id)
    name = f"deals-city-{city_id}" if city_id else "deals"
    if kind == "csv":
        return Response(
            open_data.deals_csv(deals),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    return Response(
        json.dumps(open_data.deals_json(deals), ensure_ascii=False, indent=1),
        media_type="application/json",
        headers={"Content-Disposition": f'inline; filename="{name}.json"'},
    )


def _document(request: Request, session: Session, actor: Actor, deal_id: int) -> Document:
    view = document.deal_document(session, actor, deal_id)
    return deal_document_file(view, locale_of(request), csp_nonce(request))


@router.get("/deals/{deal_id}/document", response_class=HTMLResponse)
def deal_document_html(
    request: Request, deal_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    """The deal document: whole for the deal's people, the public parts of a signed deal for others."""
    return HTMLResponse(_document(request, session, actor, deal_id).html)


@router.get("/deals/{deal_id}/document.pdf", response_class=Response)
def deal_document_pdf(request: Request, deal_id: PathId, session: ReadDB, actor: CurrentActor) -> Response:
    """The deal document as PDF in the reader's language, rendered offline."""
    found = _document(request, session, actor, deal_id)
    return Response(found.pdf(), media_type="application/pdf", headers=attachment(found.pdf_name))
