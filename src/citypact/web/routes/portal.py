"""A network's public portal (members on a map with their progress in plain words, public
partnerships, signed deals, published cases, the latest news), its Atom feed, and a city's
embeddable progress chart. Only public data, the same for every reader."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Callable
from typing import Final

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from citypact.domain.access import ANONYMOUS
from citypact.domain.portal import Progress, map_frame
from citypact.http.deps import CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.catalog import translations
from citypact.i18n.labels import N_
from citypact.i18n.portal_labels import PORTAL_LABELS, PROGRESS_LABELS
from citypact.reports.portal import FeedEntry, MapPoint, atom_feed, members_map, progress_chart
from citypact.services.portal import news, public
from citypact.web.pages import locale_of, render

router = APIRouter(route_class=ReleasingRoute)
FEED_CACHE: Final = "public, max-age=600"
CHART_CACHE: Final = "public, max-age=3600"
CITATION: Final = N_(
    "%(city)s: GHG emissions of its submitted inventories (%(basis)s), %(date)s; source: %(url)s"
)


def signed_percent(value: float) -> str:
    """A change as the portal says it: a true minus sign, no decimals, "0 %" for no change."""
    rounded = round(value)
    if rounded == 0:
        return "0 %"
    return f"{'−' if rounded < 0 else '+'}{abs(rounded)} %"


def progress_words(p: Progress, gettext: Callable[[str], str]) -> str:
    """The plain sentence of a city's progress, in the reader's language."""
    words = gettext(PROGRESS_LABELS[p.code])
    values = {
        "change": signed_percent(p.change_pct)
        if p.change_pct is not None and math.isfinite(p.change_pct)
        else "",
        "first": p.first_year or "",
        "latest": p.latest_year or "",
        "target": p.target_year or "",
        "reduction": f"{p.target_reduction_pct:g} %" if p.target_reduction_pct is not None else "",
    }
    return words % values


@router.get("/networks/{slug}/portal", response_class=HTMLResponse)
def portal_page(request: Request, slug: str, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    view = public.portal(session, actor, slug)
    gettext = translations(locale_of(request)).gettext
    frame = map_frame([(m.lat, m.lon) for m in view.members])
    points = [MapPoint(m.lat, m.lon, m.name) for m in view.members]
    svg = members_map(frame, points, gettext("Member cities of %(network)s") % {"network": view.name})
    words = {m.id: progress_words(m.progress, gettext) for m in view.members}
    return render(
        request, "portal/portal.html", actor=actor, p=view, map_svg=svg, words=words,
        max_members=public.MAX_MEMBERS, w=PORTAL_LABELS,
    )  # fmt: skip


@router.get("/networks/{slug}/feed.atom", response_class=Response)
def feed(request: Request, slug: str, session: ReadDB, actor: CurrentActor) -> Response:
    """The network's published news as Atom 1.0, the newest first."""
    del actor  # the feed is public: the same for everybody, drafts never
    found = news.list_news(session, ANONYMOUS, slug, limit=news.FEED_ENTRIES)
    base = str(request.base_url).rstrip("/")
    page = f"{base}/networks/{found.network_slug}/news"
    entries = [
        FeedEntry(
            id=f"{page}/{p.id}",
            title=p.title,
            summary=(p.paragraphs or [""])[0][:300],
            content="\n\n".join(p.paragraphs),
            language=p.language,
            href=f"{page}/{p.id}",
            published=p.published_at or p.created_at,
            updated=p.updated_at,
        )
        for p in found.posts
    ]
    body = atom_feed(
        feed_id=f"{base}/networks/{found.network_slug}/feed.atom",
        title=found.network_name,
        self_href=f"{base}/networks/{found.network_slug}/feed.atom",
        page_href=f"{base}/networks/{found.network_slug}/portal",
        author=found.network_name,
        entries=entries,
        updated=max((e.updated for e in entries), default=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)),
    )
    headers = {"Cache-Control": FEED_CACHE, "ETag": '"' + hashlib.sha256(body).hexdigest()[:32] + '"'}
    if request.headers.get("if-none-match") == headers["ETag"]:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/atom+xml; charset=utf-8", headers=headers)


@router.get("/cities/{city_id}/progress.svg", response_class=Response)
def progress_svg(request: Request, city_id: PathId, session: ReadDB, actor: CurrentActor) -> Response:
    """A published city's emissions per counted year with its target path, embeddable: a stable
    address, the citation inside the drawing, public data only, cached by browsers and proxies."""
    found = public.city_progress(session, actor, city_id)
    gettext = translations(locale_of(request)).gettext
    rows: list[dict[str, object]] = [
        {"year": year, "series": "inventory", "value": value} for year, value in found.totals.items()
    ]
    if found.target is not None:
        base_year, base_t, target_year, reduction = found.target
        rows += [
            {"year": base_year, "series": "path", "value": base_t},
            {"year": target_year, "series": "path", "value": base_t * (1 - reduction / 100)},
        ]
    day = (found.updated or dt.datetime.now(dt.UTC)).date().isoformat()
    citation = gettext(CITATION) % {
        "city": found.name,
        "basis": found.basis,
        "date": day,
        "url": f"{str(request.base_url).rstrip('/')}/cities/{found.id}",
    }
    title = f"{found.name}: {progress_words(found.progress, gettext)}"
    svg = progress_chart(rows, title=title, value_title=gettext("t CO2e per year"), citation=citation)
    etag = '"' + hashlib.sha256(svg.encode()).hexdigest()[:32] + '"'
    headers = {"Cache-Control": CHART_CACHE, "ETag": etag, "Access-Control-Allow-Origin": "*"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(svg, media_type="image/svg+xml", headers=headers)
