"""The City Climate Tour as a document: the service's tour in the reader's language (its table and
route chart, shared with the /tours page) and the self-contained HTML its PDF is made of."""

from __future__ import annotations

from dataclasses import dataclass, field

from citypact.i18n.catalog import formatter, translations
from citypact.reports import charts
from citypact.reports.documents import Document, render
from citypact.services.cooperation.tours import Landmark, Tour


@dataclass(frozen=True)
class StopRow:
    position: int
    city_id: int
    name: str
    country: str
    landmarks: list[Landmark]
    leg: str
    cumulative: str


@dataclass
class TourPage:
    start: str
    round_trip: bool
    method: str
    how: str
    total: str
    rows: list[StopRow] = field(default_factory=list)
    back: str | None = None  # the way back to the start, on a round trip
    chart: str = ""


def tour_page(tour: Tour, lang: str) -> TourPage:
    """The service's tour in the reader's language, with the route chart as SVG."""
    _ = translations(lang).gettext
    fmt = formatter(lang)
    start = tour.stops[0].name
    if tour.method == "exact":
        method = _("The shortest route: every order of the stops was compared (exact up to %(limit)s stops).")
    else:
        method = _(
            "A short route from a heuristic (nearest neighbour, improved by 2-opt and Or-opt moves): with "
            "more than %(limit)s stops not every order can be compared, so the shortest may be a little "
            "shorter."
        )
    if tour.round_trip:
        how = _("Round trip from %(start)s and back.") % {"start": start}
    else:
        how = _("From %(start)s; the tour ends where the route is shortest.") % {"start": start}
    page = TourPage(
        start=start,
        round_trip=tour.round_trip,
        method=method % {"limit": tour.exact_limit},
        how=how,
        total=fmt.number(tour.total_km_rounded),
    )
    for stop in tour.stops:
        page.rows.append(
            StopRow(
                position=stop.position,
                city_id=stop.city_id,
                name=stop.name,
                country=fmt.country(stop.country),
                landmarks=stop.landmarks,
                leg=fmt.number(round(stop.leg_km)) if stop.leg_km is not None else "–",
                cumulative=fmt.number(round(stop.cumulative_km)),
            )
        )
    if tour.round_trip:
        page.back = fmt.number(tour.legs[-1].km_rounded)
    km = _("%(km)s km")
    page.chart = charts.tour_route(
        [{"name": s.name, "lat": s.lat, "lon": s.lon} for s in tour.stops],
        [km % {"km": fmt.number(leg.km_rounded)} for leg in tour.legs],
        round_trip=tour.round_trip,
        x_title=_("Longitude"),
        y_title=_("Latitude"),
    )
    return page


def tour_document(page: TourPage, lang: str, nonce: str = "") -> Document:
    """The tour without the form, with its styles inline and nothing linked."""
    return Document(render("tour_report.html", lang, nonce, t=page), f"citypact-tour-{lang}")
