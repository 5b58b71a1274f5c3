"""Retirements in public: each at its own URL, with its certificate as HTML and PDF."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from citypact.http.deps import PathId, ReadDB, ReleasingRoute
from citypact.http.downloads import attachment
from citypact.http.security import csp_nonce
from citypact.i18n.credit_labels import CREDIT_LABELS
from citypact.reports.credit_certificate import certificate_file
from citypact.services.credits import claims
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute)


@router.get("/credits/retirements/{retirement_id}", response_class=HTMLResponse)
def retirement_page(request: Request, retirement_id: PathId, session: ReadDB) -> HTMLResponse:
    """The same page for everyone: retirements are public."""
    found = claims.retirement_record(session, retirement_id)
    return render(request, "credit_retirement.html", r=found, labels=CREDIT_LABELS)


@router.get("/credits/retirements/{retirement_id}/certificate", response_class=HTMLResponse)
def certificate_html(request: Request, retirement_id: PathId, session: ReadDB) -> HTMLResponse:
    found = claims.retirement_record(session, retirement_id)
    return HTMLResponse(certificate_file(found, locale_of(request), csp_nonce(request)).html)


@router.get("/credits/retirements/{retirement_id}/certificate.pdf", response_class=Response)
def certificate_pdf(request: Request, retirement_id: PathId, session: ReadDB) -> Response:
    found = certificate_file(claims.retirement_record(session, retirement_id), locale_of(request))
    return Response(found.pdf(), media_type="application/pdf", headers=attachment(found.pdf_name))
