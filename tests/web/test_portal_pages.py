"""The portal page, the Atom feed (parsed, with a hostile title), the embeddable progress chart
and the news forms (problems at their fields, what was typed kept)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from fastapi.testclient import TestClient

from citypact.services.portal import news
from tests.conftest import World
from tests.portal_fixture import portal_world
from tests.web.test_pages import log_in

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = '<script>alert("x")</script> & ]]> "quoted" 日本'


def test_the_portal_shows_public_data_and_progress_in_words(client: TestClient, world: World) -> None:
    portal_world(world)
    page = client.get("/networks/c40/portal")
    assert page.status_code == 200
    text = page.text
    for shown in (
        "Kyoto",
        "Portland",
        "Signed deal",
        "Published case",
        "Spring news",
        "/networks/c40/feed.atom",
    ):
        assert shown in text, shown
    for hidden in ("Hidden Town", "Secret pact", "Draft deal", "Unpublished case", "Draft news"):
        assert hidden not in text, hidden
    assert "−18 % since 2015 (latest inventory 2021)" in text  # Portland
    assert "−10 % since 2015, above its target path (−50 % by 2030)" in text  # Kyoto
    assert "<svg" in text and 'class="portal-map"' in text
    assert text.count("<circle") == 2  # one marker per published member
    de = client.get("/networks/c40/portal", headers={"Accept-Language": "de"})
    assert de.status_code == 200


def test_the_feed_is_valid_atom_with_stable_ids_and_escapes_a_hostile_title(
    client: TestClient, world: World
) -> None:
    portal_world(world)
    with world.db.write() as session:
        news.create_news(
            session, world.actor("c40_secretariat"), "c40",
            {"title": HOSTILE, "body": "Body & more", "language": "ja"}, publish=True,
        )  # fmt: skip
    first = client.get("/networks/c40/feed.atom")
    assert first.status_code == 200
    assert first.headers["content-type"].startswith("application/atom+xml")
    assert "max-age" in first.headers["cache-control"]
    root = ET.fromstring(first.content)
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{tag}") is not None, tag
    assert root.find(f"{ATOM}author/{ATOM}name").text == "C40 Cities"  # type: ignore[union-attr]
    entries = root.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles == [HOSTILE, "Spring news"]  # newest first; no draft
    assert "<script>" not in first.text  # escaped, not markup
    for entry in entries:
        for tag in ("id", "title", "updated", "published", "content"):
            assert entry.find(f"{ATOM}{tag}") is not None, tag
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    again = ET.fromstring(client.get("/networks/c40/feed.atom").content)
    assert [e.findtext(f"{ATOM}id") for e in again.findall(f"{ATOM}entry")] == ids  # stable
    unchanged = client.get("/networks/c40/feed.atom", headers={"If-None-Match": first.headers["etag"]})
    assert unchanged.status_code == 304
    assert client.get("/networks/no-such/feed.atom").status_code == 404


def test_the_progress_chart_is_svg_with_its_citation(client: TestClient, world: World) -> None:
    pw = portal_world(world)
    kyoto = world.city["Kyoto"]
    response = client.get(f"/cities/{kyoto}/progress.svg")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert "public" in response.headers["cache-control"]
    root = ET.fromstring(response.content)
    assert root.tag.endswith("svg")
    words = " ".join(t for t in root.itertext())
    assert "Kyoto" in words and f"/cities/{kyoto}" in words and "source" in words
    again = client.get(f"/cities/{kyoto}/progress.svg", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304
    assert client.get(f"/cities/{pw.hidden_city}/progress.svg").status_code == 404


def test_the_news_form_keeps_what_was_typed_and_names_the_field(client: TestClient, world: World) -> None:
    portal_world(world)
    token = log_in(client, "c40_secretariat")
    response = client.post(
        "/networks/c40/news/new",
        data={
            "csrf_token": token,
            "title": "",
            "body": "Kept body text",
            "language": "en",
            "status": "draft",
        },
    )
    assert response.status_code == 422
    assert "Kept body text" in response.text and 'id="news-title-error"' in response.text
    done = client.post(
        "/networks/c40/news/new",
        data={
            "csrf_token": token,
            "title": "Done",
            "body": "A\n\nB",
            "language": "de",
            "status": "published",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303
    shown = client.get(done.headers["location"])
    assert "News post saved" in shown.text and '<p class="pre-line">A</p>' in shown.text


def test_deleting_asks_first(client: TestClient, world: World) -> None:
    pw = portal_world(world)
    log_in(client, "c40_secretariat")
    page = client.get(f"/networks/c40/news/{pw.published_news}/delete")
    assert page.status_code == 200 and "Delete this news post?" in page.text and "Spring news" in page.text
