"""A city's benchmark: the page, the printable report and its PDF, and the page's charts.

The page and the report are the same document in the reader's language (reports.benchmark); the
routes here read the peer group the form asks for, load the benchmark and answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.http.downloads import attachment
from citypact.http.security import csp_nonce
from citypact.i18n import labels
from citypact.i18n.catalog import translations
from citypact.reports.benchmark import benchmark_page, benchmark_report
from citypact.reports.benchmark_page import BenchmarkPage
from citypact.reports.documents import Document
from citypact.services.benchmarking.benchmark import PEER_GROUPS, city_benchmark
from citypact.services.benchmarking.outliers import confirm_outlier
from citypact.services.errors import InvalidInput, NotFound
from citypact.services.plans import measures
from citypact.services.registry import cities
from citypact.services.registry.networks import list_networks
from citypact.web.chart_views import BENCHMARK_CHARTS
from citypact.web.forms import FormWriter, see_other
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute, prefix="/cities/{city_id}/benchmark")

PeersParam = Annotated[str, Query(max_length=10)]
NetworkParam = Annotated[str, Query(max_length=12)]
IdsParam = Annotated[str, Query(max_length=600)]


# --- the peer group chosen in the form ---------------------------------------------------------------


@dataclass(frozen=True)
class PeerChoice:
    peers: str
    network: int | None
    ids: tuple[int, ...]
    ids_text: str

    def query(self) -> str:
        """The choice as a query string for the report links."""
        parts = [f"peers={self.peers}"]
        if self.network is not None:
            parts.append(f"network={self.network}")
        if self.ids:
            parts.append("ids=" + ",".join(str(i) for i in self.ids))
        return "&".join(parts)


def _choice(peers: str, network: str, ids: str) -> PeerChoice:
    peers = peers.strip() or "nearest"
    if peers not in PEER_GROUPS:
        raise InvalidInput("peers", f"use one of {', '.join(PEER_GROUPS)}.")
    network_id = None
    if peers == "network" and network.strip():
        if not network.strip().isdigit():
            raise InvalidInput("network", "choose a network from the list.")
        network_id = int(network)
    found: list[int] = []
    if peers == "custom":
        for part in re.split(r"[\s,;]+", ids.strip()):
            if not part:
                continue
            if not part.isdigit():
                raise InvalidInput("ids", f"{part!r} is not a city id; list ids such as 12, 57, 301.")
            found.append(int(part))
    return PeerChoice(peers, network_id, tuple(dict.fromkeys(found)), ids.strip())


# --- routes ------------------------------------------------------------------------------------------


def _load(
    session: Session,
    actor: Actor,
    city_id: int,
    choice: PeerChoice,
    lang: str,
    chart_url: Callable[[str], str] | None = None,
) -> BenchmarkPage:
    view = city_benchmark(
        session, actor, city_id, peers=choice.peers, network_id=choice.network, ids=choice.ids
    )
    titles = measures.measure_titles(session, [s.code for s in view.suggestions], lang)
    return benchmark_page(view, lang, titles, chart_url)


def _chart_url(
    city_id: int, peers: str, network: str, ids: str, lang: str, view: str = ""
) -> Callable[[str], str]:
    fields = {"peers": peers, "network": network, "ids": ids, "lang": lang} | ({"view": view} if view else {})
    query = urlencode(fields)
    return lambda name: f"/cities/{city_id}/benchmark/charts/{name}.svg?{query}"


def _error_text(error: InvalidInput, lang: str) -> str:
    _ = translations(lang).gettext
    if error.field == "network":
        return _("Choose the network whose member cities are the peers.")
    if error.field == "ids":
        return _("List the peer cities by their ids, separated by commas, e.g. 12, 57, 301.")
    return _("Choose one of the groups of peers.")


@router.get("", response_class=HTMLResponse)
def benchmark(
    request: Request,
    city_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    peers: PeersParam = "nearest",
    network: NetworkParam = "",
    ids: IdsParam = "",
) -> HTMLResponse:
    lang = locale_of(request)
    city = cities.get_profile(session, actor, city_id)  # 404 before anything else for a hidden city
    error: InvalidInput | None = None
    page = None
    choice = PeerChoice(peers if peers in PEER_GROUPS else "nearest", None, (), ids)
    try:
        choice = _choice(peers, network, ids)
        view = BENCHMARK_CHARTS.token()  # the chart links carry it: their requests draw from this view
        page = _load(
            session, actor, city_id, choice, lang, _chart_url(city_id, peers, network, ids, lang, view)
        )
        BENCHMARK_CHARTS.keep(view, actor.user_id, city_id, page.chart_makers)
    except InvalidInput as refused:  # a peer group the form cannot use: said at the form
        error = refused
    if page is not None and choice.peers != "custom":
        # The ids of the peers shown, as a start for an own list.
        choice = PeerChoice(choice.peers, choice.network, (), ", ".join(str(p.id) for p in page.peers))
    return render(
        request,
        "benchmark.html",
        status_code=422 if error else 200,
        actor=actor,
        city=city,
        b=page,
        choice=choice,
        error=error,
        error_text=_error_text(error, lang) if error else None,
        networks=list_networks(session),
        peer_groups=labels.PEER_GROUPS,
        confirm_outlier=actor.can_edit_city(city_id),
    )


@router.post("/outlier-confirmation", response_model=None)
def outlier_confirmation(city_id: PathId, db: DB, actor: FormWriter) -> Response:
    """The city's editor (or an administrator) confirms its figure far outside its peers'."""
    with db.write() as session:
        confirm_outlier(session, actor, city_id)
    return see_other(f"/cities/{city_id}/benchmark#outlier")


def _report(
    request: Request, session: Session, actor: Actor, city_id: int, peers: str, network: str, ids: str
) -> Document:
    lang = locale_of(request)
    choice = _choice(peers, network, ids)
    page = _load(session, actor, city_id, choice, lang)
    city = cities.get_profile(session, actor, city_id)
    network_name = None
    if choice.peers == "network" and choice.network is not None:
        network_name = {n.id: n.name for n in list_networks(session)}.get(choice.network)
    return benchmark_report(page, city, lang, network_name, csp_nonce(request))


@router.get("/report", response_class=HTMLResponse)
def report(
    request: Request,
    city_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    peers: PeersParam = "nearest",
    network: NetworkParam = "",
    ids: IdsParam = "",
) -> HTMLResponse:
    return HTMLResponse(_report(request, session, actor, city_id, peers, network, ids).html)


@router.get("/charts/{name}.svg", response_class=Response)
def chart(
    request: Request,
    city_id: PathId,
    name: str,
    session: ReadDB,
    actor: CurrentActor,
    peers: PeersParam = "nearest",
    network: NetworkParam = "",
    ids: IdsParam = "",
    view: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    """One chart of the benchmark page as SVG: the page links its charts, so it is not kept waiting.
    With the page's `view` token the chart is drawn from that page's computation (web.chart_views);
    without it, or once it expired, the benchmark is computed for the chart."""
    cities.get_profile(session, actor, city_id)  # 404 for a hidden city, before any kept view is read
    makers = BENCHMARK_CHARTS.makers(view, actor.user_id, city_id) if view else None
    if makers is None:
        makers = _load(
            session,
            actor,
            city_id,
            _choice(peers, network, ids),
            locale_of(request),
            _chart_url(city_id, peers, network, ids, locale_of(request)),
        ).chart_makers
    make = makers.get(name)
    if make is None:
        raise NotFound("chart", name)
    svg = make()
    if not svg:  # the chart library failed on it (logged); the page around it stands
        return Response("The chart could not be drawn.", status_code=500, media_type="text/plain")
    # Private: a chart of a city's internal data must not sit in a shared cache.
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "private, max-age=300"})


@router.get("/report.pdf", response_class=Response)
def report_pdf(
    request: Request,
    city_id: PathId,
    session: ReadDB,
    actor: CurrentActor,
    peers: PeersParam = "nearest",
    network: NetworkParam = "",
    ids: IdsParam = "",
) -> Response:
    document = _report(request, session, actor, city_id, peers, network, ids)
    return Response(document.pdf(), media_type="application/pdf", headers=attachment(document.pdf_name))
