"""Pages of funding matches: a city's funding view (its measures' money and gap, the programmes
matched with their reasons, the deadlines), one measure's matches (eligible and ruled out, with
reasons), the deadlines as an iCalendar feed, and a network secretariat's pipeline. Read-only: a
funding line naming a programme is recorded on the measure's money page.

Who may read is the services' decision (services/funding/city_view.py, pipeline.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from citypact.domain.funding_match import Reason
from citypact.domain.measures import FIELDS
from citypact.http.deps import CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.funding_labels import FUNDING_LABELS
from citypact.i18n.funding_match_labels import DEADLINE_KINDS
from citypact.reports.climate_city_contract import money_text
from citypact.reports.funding_match import reason_text
from citypact.services.errors import NotFound
from citypact.services.funding import calendar, city_view, matching, pipeline
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute)
Slug = Annotated[str, Path(max_length=60)]


def _why(request: Request, names: dict[int, str]) -> Callable[[Reason, str], str]:
    lang = locale_of(request)
    money = money_text(lang)

    def why(reason: Reason, currency: str) -> str:
        return reason_text(reason, lang, currency=currency, partner_names=names, money=money)

    return why


def _common(request: Request) -> dict[str, Any]:
    return {
        "labels": FUNDING_LABELS,
        "deadline_kinds": DEADLINE_KINDS,
        "money": money_text(locale_of(request)),
        "fields": FIELDS,
    }


@router.get("/cities/{city_id}/funding", response_class=HTMLResponse)
def city_funding_page(
    request: Request,
    city_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    measure: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
) -> HTMLResponse:
    """The city's funding view; with `measure`, that measure's matches, ruled-out ones too."""
    view = city_view.city_funding(session, actor, city_id)
    names = {p.id: p.name for p in view.partners}
    one = None
    if measure is not None:
        if not any(r.measure.id == measure for r in view.measures):
            raise NotFound("open plan measure with a currency", measure)
        one = matching.match_city(session, actor, city_id, measure_id=measure, on=view.on)
    return render(
        request,
        "funding_city.html",
        actor=actor,
        v=view,
        one=one,
        why=_why(request, names),
        **_common(request),
    )


@router.get("/cities/{city_id}/funding/calendar.ics", response_class=Response)
def city_funding_calendar(
    request: Request, city_id: PathId, session: ReadDB, actor: CurrentActor
) -> Response:
    """The deadlines of the programmes the city is eligible for, as iCalendar (signed in only)."""
    feed = calendar.city_calendar(session, actor, city_id, base_url=str(request.base_url))
    return Response(
        feed,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="funding-deadlines-{city_id}.ics"'},
    )


@router.get("/networks/{slug}/funding", response_class=HTMLResponse)
def network_funding_page(request: Request, slug: Slug, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    """The secretariat's pipeline: members' measures with a gap, programmes, joint applications."""
    pipe = pipeline.network_pipeline(session, actor, slug)
    names = {j.city.id: j.city.name for o in pipe.joint for j in o.cities}
    return render(
        request, "funding_pipeline.html", actor=actor, p=pipe, why=_why(request, names), **_common(request)
    )
