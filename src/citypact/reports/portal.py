"""A network portal's documents: the members' map (SVG built with xml.etree from the domain's
projection, no tiles), the news as an Atom 1.0 feed, and a city's embeddable progress chart (SVG
from vl-convert, with its citation line inside the drawing)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt

from citypact.domain.portal import MapFrame, project
from citypact.domain.text import scrub
from citypact.reports.charts import ACCENT, PALETTE, to_svg

SVG_NS = "http://www.w3.org/2000/svg"
ATOM_NS = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class MapPoint:
    lat: float
    lon: float
    name: str


def members_map(frame: MapFrame, points: Sequence[MapPoint], title: str) -> str:
    """An SVG map (one image for assistive technology, named by `title`): a plain background, a
    graticule every 10 degrees, a marker with a tooltip (its name) per member; the links to the
    cities are in the table beside the map. Text is escaped by the XML writer."""
    ET.register_namespace("", SVG_NS)
    svg = ET.Element(
        f"{{{SVG_NS}}}svg",
        {
            "viewBox": f"0 0 {frame.width:g} {frame.height:g}",
            "role": "img",
            "aria-labelledby": "portal-map-title",
            "class": "portal-map",
        },
    )
    ET.SubElement(svg, f"{{{SVG_NS}}}title", {"id": "portal-map-title"}).text = scrub(title)
    ET.SubElement(
        svg, f"{{{SVG_NS}}}rect",
        {"x": "0", "y": "0", "width": f"{frame.width:g}", "height": f"{frame.height:g}", "fill": "#eef4f2"},
    )  # fmt: skip
    grid = ET.SubElement(svg, f"{{{SVG_NS}}}g", {"stroke": "#d7e0de", "stroke-width": "0.5"})
    for lon in range(-180, 181, 10):
        if frame.west < lon < frame.east:
            x, _ = project(frame, frame.north, lon)
            ET.SubElement(
                grid,
                f"{{{SVG_NS}}}line",
                {"x1": f"{x:g}", "y1": "0", "x2": f"{x:g}", "y2": f"{frame.height:g}"},
            )
    for lat in range(-90, 91, 10):
        if frame.south < lat < frame.north:
            _, y = project(frame, lat, frame.west)
            ET.SubElement(
                grid,
                f"{{{SVG_NS}}}line",
                {"x1": "0", "y1": f"{y:g}", "x2": f"{frame.width:g}", "y2": f"{y:g}"},
            )
    for point in points:
        x, y = project(frame, point.lat, point.lon)
        circle = ET.SubElement(
            svg, f"{{{SVG_NS}}}circle",
            {"cx": f"{x:g}", "cy": f"{y:g}", "r": "5", "fill": ACCENT, "stroke": "#fff", "stroke-width": "1"},
        )  # fmt: skip
        ET.SubElement(circle, f"{{{SVG_NS}}}title").text = scrub(point.name)
    return ET.tostring(svg, encoding="unicode")


@dataclass(frozen=True)
class FeedEntry:
    id: str  # a stable IRI: the post's address
    title: str
    summary: str
    content: str
    language: str
    href: str
    published: dt.datetime
    updated: dt.datetime


def _stamp(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def atom_feed(
    *,
    feed_id: str,
    title: str,
    self_href: str,
    page_href: str,
    author: str,
    entries: Sequence[FeedEntry],
    updated: dt.datetime,
) -> bytes:
    """An Atom 1.0 feed (RFC 4287): id, title, updated, author, self and alternate links, and an
    entry per post with its id, title, published, updated, link and plain-text content."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            element.text = scrub(text)
        return element

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", feed_id)
    sub(feed, "title", title, type="text")
    newest = max([updated, *(e.updated for e in entries)], key=lambda m: _stamp(m))
    sub(feed, "updated", _stamp(newest))
    sub(sub(feed, "author"), "name", author)
    sub(feed, "link", rel="self", type="application/atom+xml", href=self_href)
    sub(feed, "link", rel="alternate", type="text/html", href=page_href)
    sub(feed, "generator", "citypact")
    for entry in entries:
        item = sub(feed, "entry")
        sub(item, "id", entry.id)
        sub(item, "title", entry.title, type="text")
        sub(item, "published", _stamp(entry.published))
        sub(item, "updated", _stamp(entry.updated))
        sub(item, "link", rel="alternate", type="text/html", href=entry.href, hreflang=entry.language)
        sub(item, "summary", entry.summary, type="text")
        content = sub(item, "content", entry.content, type="text")
        content.set("{http://www.w3.org/XML/1998/namespace}lang", entry.language)
    text: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + text


def progress_chart(
    rows: Sequence[dict[str, Any]], *, title: str, value_title: str, citation: str, width: int = 420
) -> str:
    """A city's emissions per counted year (bars) and, where it has a target, its straight path
    (line): rows of year, series, value. The citation line is the chart's subtitle, so it stays
    inside the SVG wherever the SVG is embedded."""
    bars = [r for r in rows if r["series"] == "inventory"]
    path = [r for r in rows if r["series"] == "path"]
    base = alt.Chart(alt.InlineData(values=list(bars)))
    layers: list[Any] = [
        base.mark_bar(color=ACCENT).encode(
            x=alt.X("year:O", title=None),
            y=alt.Y("value:Q", title=value_title, axis=alt.Axis(format="~s")),
            tooltip=["year:O", alt.Tooltip("value:Q", format=",.0f")],
        )
    ]
    if path:
        layers.append(
            alt.Chart(alt.InlineData(values=list(path)))
            .mark_line(color=PALETTE[4], strokeDash=[4, 3])
            .encode(x=alt.X("year:O", title=None), y=alt.Y("value:Q"))
        )
    chart = alt.layer(*layers).properties(
        width=width,
        height=200,
        padding=12,
        title=alt.TitleParams(
            text=scrub(title), subtitle=[scrub(citation)], anchor="start", subtitleFontSize=10, orient="top"
        ),
    )
    return to_svg(chart.configure_view(stroke=None))
