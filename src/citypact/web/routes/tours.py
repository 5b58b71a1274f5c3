"""The City Climate Tour page (/tours) and its PDF (/tours.pdf).

Everything is a GET form, so the page works without JavaScript: the chosen cities travel as a list
of ids in the query, "add" and "remove" are links that change that list, and a name search lists
cities to add. The service's English messages are written again in the reader's language here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.http.deps import ReadDB, ReleasingRoute
from citypact.http.downloads import attachment
from citypact.i18n.catalog import translations
from citypact.reports.tour import TourPage, tour_document, tour_page
from citypact.services.cooperation import tours
from citypact.services.cooperation.tours import CityChoice
from citypact.services.errors import InvalidInput
from citypact.services.registry.cities import CitySummary, search_cities
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute)
IdsParam = Annotated[str, Query(max_length=2000)]
FOUND = 10  # cities listed for a name search


@dataclass(frozen=True)
class TourForm:
    """What the form asked for, as typed and as parsed."""

    ids: tuple[int, ...] = ()
    cities_text: str = ""
    start: int | None = None
    round_trip: bool = False
    case_ids: tuple[int, ...] = ()
    cases_text: str = ""
    q: str = ""

    def query(self, *, ids: tuple[int, ...] | None = None, lang: str | None = None) -> str:
        """The choice as a query string, optionally with other cities (for add and remove links)."""
        chosen = self.ids if ids is None else ids
        params = {"cities": ",".join(str(i) for i in chosen)}
        if self.start is not None and self.start in chosen:
            params["start"] = str(self.start)
        if self.round_trip:
            params["round_trip"] = "1"
        if self.case_ids:
            params["cases"] = ",".join(str(i) for i in self.case_ids)
        if lang:
            params["lang"] = lang
        return urlencode(params)

    def adding(self, city_id: int) -> str:
        return self.query(ids=(*self.ids, city_id))

    def removing(self, city_id: int) -> str:
        return self.query(ids=tuple(i for i in self.ids if i != city_id))


@dataclass(frozen=True)
class FormError:
    field: str
    text: str


def _ids(text: str, name: str, example: str) -> tuple[int, ...]:
    found: list[int] = []
    for part in re.split(r"[\s,;]+", text.strip()):
        if not part:
            continue
        if not part.isdigit() or len(part) > 10:
            raise InvalidInput(name, f"{part!r} is not an id; list ids such as {example}.")
        found.append(int(part))
    return tuple(dict.fromkeys(found))  # adding a city twice by the links is harmless: once


def _form(cities: str, start: str, round_trip: str, cases: str, q: str) -> TourForm:
    ids = _ids(cities, "cities", "12, 57, 301")
    start = start.strip()
    if start and (not start.isdigit() or len(start) > 10):
        raise InvalidInput("start", "choose the start from the cities on the tour.")
    return TourForm(
        ids=ids,
        cities_text=", ".join(str(i) for i in ids),
        start=int(start) if start else None,
        round_trip=round_trip.strip().lower() in ("1", "true", "on", "yes"),
        case_ids=_ids(cases, "cases", "3, 14"),
        cases_text=cases.strip(),
        q=q.strip(),
    )


_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"'(?P<part>[^']*)' is not an id"), "not_an_id"),
    (re.compile(r"no published city with id (?P<ids>[\d, ]+);"), "unknown_city"),
    (re.compile(r"a tour visits at most (?P<num>\d+) cities"), "too_many"),
    (re.compile(r"case (?P<id>\d+) is not a published case"), "unknown_case"),
    (re.compile(r"pick at most (?P<num>\d+) cases"), "too_many_cases"),
    (re.compile(r"at least 2 stops|at least 2 cities"), "too_few"),
]


def _error(error: InvalidInput, lang: str) -> FormError:
    """The service's message in the reader's language (an unknown one as it is)."""
    _ = translations(lang).gettext
    for pattern, kind in _MESSAGES:
        found = pattern.search(error.message)
        if found is None:
            continue
        values = found.groupdict()
        if kind == "not_an_id":
            text = _("“%(part)s” is not an id: list ids separated by commas, such as 12, 57, 301.") % values
        elif kind == "unknown_city":
            text = _("No published city has the id %(ids)s; find cities by name below.") % values
        elif kind == "too_many":
            text = _("A tour visits at most %(num)s cities.") % values
        elif kind == "unknown_case":
            text = _("Case %(id)s is not a published case of a city on the tour.") % values
        elif kind == "too_many_cases":
            text = _("Pick at most %(num)s cases.") % values
        else:
            text = _("Add at least two cities to plan a tour.")
        return FormError(error.field, text)
    if error.field == "start":
        return FormError("start", _("Choose the start from the cities on the tour."))
    return FormError(error.field, error.message)


# --- routes ------------------------------------------------------------------------------------------


def _plan(session: Session, form: TourForm, lang: str) -> TourPage:
    tour = tours.plan_tour(
        session, form.ids, start=form.start, round_trip=form.round_trip, case_ids=form.case_ids, lang=lang
    )
    return tour_page(tour, lang)


@router.get("/tours", response_class=HTMLResponse)
def tour(
    request: Request,
    session: ReadDB,
    cities: IdsParam = "",
    start: Annotated[str, Query(max_length=12)] = "",
    round_trip: Annotated[str, Query(max_length=5)] = "",
    cases: IdsParam = "",
    q: Annotated[str, Query(max_length=100)] = "",
) -> HTMLResponse:
    lang = locale_of(request)
    error: FormError | None = None
    page: TourPage | None = None
    form = TourForm(cities_text=cities, cases_text=cases, q=q.strip())
    try:
        form = _form(cities, start, round_trip, cases, q)
        if len(form.ids) >= 2:
            page = _plan(session, form, lang)
    except InvalidInput as refused:  # said at the form, which keeps what was typed
        error = _error(refused, lang)
    chosen: list[CityChoice] = tours.published_cities(session, form.ids)
    found: list[CitySummary] = []
    if form.q:
        known = set(form.ids)
        found = [c for c in search_cities(session, q=form.q, limit=FOUND).items if c.id not in known]
    return render(
        request,
        "tour.html",
        status_code=422 if error else 200,
        form=form,
        chosen=chosen,
        found=found,
        t=page,
        error=error,
        report=False,
    )


@router.get("/tours.pdf", response_class=Response)
def tour_pdf(
    request: Request,
    session: ReadDB,
    cities: IdsParam = "",
    start: Annotated[str, Query(max_length=12)] = "",
    round_trip: Annotated[str, Query(max_length=5)] = "",
    cases: IdsParam = "",
) -> Response:
    """The tour as a PDF: the page's table and route chart without the form, rendered offline."""
    lang = locale_of(request)
    form = _form(cities, start, round_trip, cases, "")
    page = _plan(session, form, lang)  # bad input: the error page, 422, naming the field
    document = tour_document(page, lang)
    return Response(document.pdf(), media_type="application/pdf", headers=attachment(document.pdf_name))
