"""The portal's documents on their own: the members' map and the Atom feed are well-formed XML
whatever the names hold, and the progress chart carries its citation inside the SVG."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from citypact.domain.portal import map_frame
from citypact.reports.portal import FeedEntry, MapPoint, atom_feed, members_map, progress_chart

SVG = "{http://www.w3.org/2000/svg}"
ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = '<b>Köln & "Bonn"</b> ]]>'


def test_the_map_is_well_formed_with_a_marker_per_member() -> None:
    points = [MapPoint(50.94, 6.96, HOSTILE), MapPoint(35.01, 135.77, "京都")]
    svg = members_map(map_frame([(p.lat, p.lon) for p in points]), points, "Members & friends")
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.findtext(f"{SVG}title") == "Members & friends"
    circles = root.findall(f"{SVG}circle")
    assert [c.findtext(f"{SVG}title") for c in circles] == [HOSTILE, "京都"]
    width, height = (float(v) for v in root.get("viewBox", "").split()[2:])
    for c in circles:
        assert 0 <= float(c.get("cx", "-1")) <= width and 0 <= float(c.get("cy", "-1")) <= height


def test_the_feed_holds_the_entries_and_the_newest_update() -> None:
    early = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)
    late = dt.datetime(2026, 4, 2, 10, 0, tzinfo=dt.UTC)
    url = "https://x.example/n/1"
    entry = FeedEntry(url, HOSTILE, "S", "Body", "de", url, early, late)
    body = atom_feed(
        feed_id="https://x.example/feed", title="Net", self_href="https://x.example/feed",
        page_href="https://x.example/portal", author="Net", entries=[entry], updated=early,
    )  # fmt: skip
    root = ET.fromstring(body)
    assert root.findtext(f"{ATOM}updated") == "2026-04-02T10:00:00Z"
    item = root.find(f"{ATOM}entry")
    assert item is not None
    assert item.findtext(f"{ATOM}title") == HOSTILE
    assert item.findtext(f"{ATOM}published") == "2026-03-01T09:30:00Z"
    content = item.find(f"{ATOM}content")
    assert content is not None and content.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"


def test_the_progress_chart_carries_its_citation() -> None:
    rows = [
        {"year": 2015, "series": "inventory", "value": 1000.0},
        {"year": 2020, "series": "inventory", "value": 900.0},
        {"year": 2015, "series": "path", "value": 1000.0},
        {"year": 2030, "series": "path", "value": 500.0},
    ]
    svg = progress_chart(
        rows, title="Kyoto", value_title="t", citation="Kyoto: source https://x.example/cities/3"
    )
    words = " ".join(ET.fromstring(svg).itertext())
    assert "Kyoto: source https://x.example/cities/3" in words
