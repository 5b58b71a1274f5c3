"""The public portal in real Chromium: C40's secretariat writes and publishes a news post; the
public reads it on the portal, sees the members on the map with their progress, follows the feed
link (valid Atom holding the post) and opens a city's progress chart. At a phone's width (390 px)
and a desktop's no page scrolls sideways and axe-core finds no serious violation."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_accessibility import DESKTOP, PHONE, _problems
from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World
from tests.portal_fixture import portal_world

ATOM = "{http://www.w3.org/2005/Atom}"


def test_secretariat_posts_news_and_the_public_reads_the_portal(page: Page, world: World) -> None:
    portal_world(world)
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    _log_in(page, "c40_secretariat")
    page.goto("/networks/c40/portal")
    page.get_by_role("link", name="Write a news post").click()
    page.get_by_role("button", name="Save the post").click()  # empty: the browser's required check
    page.get_by_label("Title").fill("Kyoto hosts the autumn workshop")
    page.get_by_label("Text").fill("Twelve cities came.\n\nThey agreed on heat planning.")
    page.get_by_label("Language of the post").select_option("en")
    page.get_by_label("State").select_option("published")
    page.get_by_role("button", name="Save the post").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kyoto hosts the autumn workshop")
    expect(page.locator("#notice")).to_contain_text("News post saved")
    page.context.clear_cookies()

    page.goto("/networks/c40/portal")
    expect(page.locator("#portal-news")).to_contain_text("Kyoto hosts the autumn workshop")
    expect(page.locator("#portal-member-table")).to_contain_text("−18 % since 2015")
    expect(page.locator("#portal-map circle")).to_have_count(2)
    expect(page.locator("#portal-write-news")).to_have_count(0)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the portal scrolls sideways at 390 px ({width})"
    href = page.get_by_role("link", name="News feed (Atom)").first.get_attribute("href")
    assert href == "/networks/c40/feed.atom"
    feed = page.request.get(href)
    assert feed.ok
    titles = [e.findtext(f"{ATOM}title") for e in ET.fromstring(feed.body()).findall(f"{ATOM}entry")]
    assert titles[0] == "Kyoto hosts the autumn workshop"
    page.locator("#portal-news").get_by_role("link", name="Kyoto hosts the autumn workshop").click()
    expect(page.locator("#news-post p.pre-line")).to_have_count(2)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_portal_pages_fit_and_pass_axe(
    chromium: Browser, server: str, world: World, viewport: dict[str, int]
) -> None:
    pw = portal_world(world)
    axe = Axe()
    context = chromium.new_context(base_url=server, locale="en-US", viewport=viewport)  # type: ignore[arg-type]
    page = context.new_page()
    problems: list[str] = []
    public_paths = ("/networks/c40/portal", "/networks/c40/news", f"/networks/c40/news/{pw.published_news}")
    for path in public_paths:
        page.goto(path)
        problems += _problems(page, axe, path)
    _log_in(page, "c40_secretariat")
    for path in (
        "/networks/c40/news",
        "/networks/c40/news/new",
        f"/networks/c40/news/{pw.draft_news}",
        f"/networks/c40/news/{pw.draft_news}/edit",
        f"/networks/c40/news/{pw.draft_news}/delete",
    ):
        page.goto(path)
        problems += _problems(page, axe, path)
    context.close()
    assert not problems, "\n".join(problems)
