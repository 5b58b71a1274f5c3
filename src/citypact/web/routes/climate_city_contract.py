"""A city's Climate City Contract page: its three parts and what is missing, with the PDF and XLSX
downloads in the reader's language."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from citypact.http.deps import CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.http.downloads import attachment
from citypact.reports.climate_city_contract import (
    XLSX_MEDIA_TYPE,
    contract_context,
    contract_document,
    contract_name,
    contract_workbook,
)
from citypact.services.plans.climate_city_contract import get_contract
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute)


@router.get("/cities/{city_id}/climate-city-contract", response_class=HTMLResponse)
def contract_page(request: Request, city_id: PathId, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    view = get_contract(session, actor, city_id)
    return render(
        request, "climate_city_contract_page.html", actor=actor, **contract_context(view, locale_of(request))
    )


@router.get("/cities/{city_id}/climate-city-contract.pdf", response_class=Response)
def contract_pdf(request: Request, city_id: PathId, session: ReadDB, actor: CurrentActor) -> Response:
    """The contract as PDF, in the reader's language, rendered offline."""
    document = contract_document(get_contract(session, actor, city_id), locale_of(request))
    return Response(document.pdf(), media_type="application/pdf", headers=attachment(document.pdf_name))


@router.get("/cities/{city_id}/climate-city-contract.xlsx", response_class=Response)
def contract_xlsx(request: Request, city_id: PathId, session: ReadDB, actor: CurrentActor) -> Response:
    view = get_contract(session, actor, city_id)
    lang = locale_of(request)
    return Response(
        contract_workbook(view, lang),
        media_type=XLSX_MEDIA_TYPE,
        headers=attachment(f"{contract_name(view, lang)}.xlsx"),
    )
