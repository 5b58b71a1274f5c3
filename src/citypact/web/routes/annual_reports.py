"""A network's annual reports as pages: the list of published reports (the secretariat also opens a
draft of any year there), one report as a page and as PDF, and the secretariat's publishing, which
freezes the report. Who may do what: services/annual_reports."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.http.deps import DB, CurrentActor, ReadDB, ReleasingRoute
from citypact.http.downloads import attachment
from citypact.http.security import csp_nonce
from citypact.i18n.annual_report_labels import ANNUAL_REPORT_LABELS
from citypact.i18n.labels import N_
from citypact.reports.annual_report import annual_report_file, report_charts
from citypact.reports.climate_city_contract import money_text
from citypact.services import annual_reports
from citypact.services.errors import InvalidInput
from citypact.web.forms import FormWriter, PageForm, see_other, typed, write_or_show
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute, prefix="/networks")
Year = Annotated[int, Path(ge=1990, le=2100)]
BaseYear = Annotated[int | None, Query(ge=1990, le=2100)]
DRAFT_LABELS = {
    "year": N_("Year of the report"),
    "base_year": N_("Base year (empty: the earliest inventory)"),
}
PUBLISH_LABELS = {"base_year": N_("Base year"), "data_hash": N_("Figures")}


def _list_page(
    request: Request, session: Session, actor: Actor, slug: str, form: PageForm | None = None
) -> HTMLResponse:
    listing = annual_reports.list_reports(session, actor, slug)
    form = form or PageForm("draft-report", DRAFT_LABELS)
    return render(request, "annual_reports.html", status_code=form.status_code, listing=listing, form=form)


@router.get("/{slug}/reports", response_class=HTMLResponse, response_model=None)
def reports(
    request: Request,
    slug: str,
    session: ReadDB,
    actor: CurrentActor,
    year: Annotated[str | None, Query(max_length=10)] = None,
    base_year: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    """The published reports; with `year` (the secretariat's form) it opens that year's report."""
    if year is None:
        return _list_page(request, session, actor, slug)
    form = PageForm("draft-report", DRAFT_LABELS, typed(year=year, base_year=base_year))
    chosen = form.year("year")
    base = form.year("base_year", required=False)
    if chosen is not None and form.ok:
        try:
            annual_reports.check_year(chosen)
            query = f"?base_year={base}" if base is not None else ""
            return see_other(f"/networks/{slug}/reports/{chosen}{query}")
        except InvalidInput as error:
            form.refuse(error)
    return _list_page(request, session, actor, slug, form)


@router.get("/{slug}/reports/{year}.pdf", response_class=Response)
def report_pdf(
    request: Request, slug: str, year: Year, session: ReadDB, actor: CurrentActor, base_year: BaseYear = None
) -> Response:
    """The report as PDF in the reader's language (published: to everybody; a draft: the secretariat)."""
    view = annual_reports.get_report(session, actor, slug, year, base_year=base_year)
    found = annual_report_file(view, locale_of(request), csp_nonce(request))
    return Response(found.pdf(), media_type="application/pdf", headers=attachment(found.pdf_name))


def _report_page(
    request: Request, session: Session, actor: Actor, slug: str, year: int, base_year: int | None,
    form: PageForm | None = None,
) -> HTMLResponse:  # fmt: skip
    view = annual_reports.get_report(session, actor, slug, year, base_year=base_year)
    form = form or PageForm(
        "publish-report", PUBLISH_LABELS, typed(base_year=view.base_year, data_hash=view.data_hash)
    )
    return render(
        request,
        "annual_report_page.html",
        status_code=form.status_code,
        r=view,
        f=view.figures,
        charts=report_charts(view.figures, locale_of(request)),
        labels=ANNUAL_REPORT_LABELS,
        money=money_text(locale_of(request)),
        form=form,
    )


@router.get("/{slug}/reports/{year}", response_class=HTMLResponse)
def report_page(
    request: Request, slug: str, year: Year, session: ReadDB, actor: CurrentActor, base_year: BaseYear = None
) -> HTMLResponse:
    """The published report, or to its secretariat the draft with the button that publishes it."""
    return _report_page(request, session, actor, slug, year, base_year)


@router.post("/{slug}/reports/{year}/publish", response_model=None)
def publish(
    request: Request,
    slug: str,
    year: Year,
    db: DB,
    actor: FormWriter,
    base_year: Annotated[str, Form(max_length=10)] = "",
    data_hash: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """Freeze the draft the secretariat read (`data_hash`): refused when the data changed meanwhile."""
    form = PageForm("publish-report", PUBLISH_LABELS, typed(base_year=base_year, data_hash=data_hash))
    base = form.year("base_year", required=False)

    def write(session: Session) -> str:
        annual_reports.publish(session, actor, slug, year, base_year=base, expected_hash=data_hash or None)
        return f"/networks/{slug}/reports/{year}?done=report_published"

    def page(session: Session) -> Response:
        return _report_page(request, session, actor, slug, year, base, form)

    return write_or_show(form, db, write, page)
