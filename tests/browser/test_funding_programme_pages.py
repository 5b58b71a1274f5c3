"""Funding programme pages in real Chromium: at a phone's width (390 px) and a desktop's no page
scrolls sideways and axe-core finds no serious violation; a secretariat adds a programme with a
call, and a city's editor finds it open and suggests another."""

from __future__ import annotations

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_accessibility import DESKTOP, PHONE, _problems
from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World
from tests.funding_programmes_fixture import catalogue_world


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_funding_pages_fit_and_pass_axe(
    chromium: Browser, server: str, world: World, viewport: dict[str, int]
) -> None:
    made = catalogue_world(world)
    axe = Axe()
    context = chromium.new_context(base_url=server, locale="en-US", viewport=viewport)  # type: ignore[arg-type]
    page = context.new_page()
    _log_in(page, "c40_secretariat")
    problems: list[str] = []
    for path in (
        "/funding/programmes",
        "/funding/programmes/new",
        f"/funding/programmes/{made.programme}",
        f"/funding/programmes/{made.programme}/edit",
        f"/funding/programmes/{made.programme}/calls/{made.open_call}/edit",
        f"/funding/programmes/{made.programme}/calls/{made.open_call}/remove",
        "/funding/suggestions",
        f"/funding/applications/new?programme={made.joint}",
    ):
        page.goto(path)
        problems += _problems(page, axe, path)
    context.close()
    assert not problems, "\n".join(problems)


def test_secretariat_adds_a_programme_and_a_city_suggests_another(page: Page, world: World) -> None:
    today = dt.datetime.now(dt.UTC).date()
    _log_in(page, "c40_secretariat")
    page.goto("/funding/programmes/new")
    page.get_by_label("Name of the programme").fill("Solar Roofs for Towns")
    page.get_by_label("Funder", exact=True).fill("Test Energy Agency")
    page.get_by_label("Published source page (https://)").fill("https://example.org/solar-roofs")
    page.get_by_label("Fields of action (codes; empty: any)").fill("energy_supply")
    page.get_by_role("button", name="Add the programme").click()
    expect(page.locator("h1")).to_have_text("Solar Roofs for Towns")
    page.get_by_label("Title of the call").fill("Round one")
    page.get_by_label("Closes on (empty: rolling)").fill((today + dt.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Add the call").click()
    expect(page.locator("#call-table")).to_contain_text("Round one")
    page.context.clear_cookies()

    _log_in(page, "heidelberg_editor")
    page.goto("/funding/programmes?open_now=1")
    expect(page.locator("#programmes")).to_contain_text("Solar Roofs for Towns")
    page.get_by_role("link", name="Solar Roofs for Towns").click()
    expect(page.locator("#call-table")).to_contain_text("open")
    page.goto("/funding/programmes")
    page.get_by_role("link", name="Suggest a programme").click()
    page.get_by_label("Name of the programme").fill("Heat Pump Bonus")
    page.get_by_label("Funder", exact=True).fill("Land Ministry")
    page.get_by_label("Published source page (https://)").fill("https://example.org/heat-pumps")
    page.get_by_role("button", name="Send the suggestion").click()
    expect(page.locator("#suggested")).to_be_visible()
