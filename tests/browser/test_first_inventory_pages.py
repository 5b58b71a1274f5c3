"""The first inventory in real Chromium at a phone's width: a beginner city's editor writes the
first estimate, replaces one estimate with local data, reads the mentor city's comment, and submits
the first inventory. The page fits 390 px without sideways scrolling and axe-core finds no serious
violation."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from citypact.services.inventory import first_inventory
from tests.beginners_fixture import mentor_world
from tests.browser.test_accessibility import DESKTOP, PHONE, _problems
from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World


def test_a_beginner_city_reaches_a_submitted_first_inventory(
    chromium: Browser, server: str, world: World
) -> None:
    mentor_world(world)
    url = f"/cities/{world.city['Heidelberg']}/first-inventory"
    axe = Axe()
    context = chromium.new_context(base_url=server, locale="en-US", viewport=PHONE)  # type: ignore[arg-type]
    page: Page = context.new_page()
    problems: list[str] = []
    _log_in(page, "heidelberg_editor")
    page.goto(url)
    expect(page.locator("#step-I-1")).to_contain_text("utilities' bills")
    problems += _problems(page, axe, url)
    page.get_by_label("Inventory year").fill("2022")
    page.get_by_role("button", name="Write the estimate").click()
    expect(page.locator("#notice")).to_contain_text("First estimate written")
    expect(page.locator("#step-II-1 .state")).to_contain_text("first estimate")
    expect(page.locator("#local-share")).to_contain_text("0 / 17")
    problems += _problems(page, axe, url + " (estimate)")

    page.get_by_role("link", name="Replace I.1.1 with local data").click()
    page.get_by_label("Notation key (instead of an amount)").select_option("")
    page.get_by_label("Explanation", exact=True).fill("")
    page.get_by_label("Fuel or carrier").fill("Natural Gas")
    page.get_by_label("Amount", exact=True).fill("250000")
    page.get_by_label("Unit", exact=True).fill("MWh")
    page.get_by_label("Source", exact=True).fill("Stadtwerke Heidelberg bills 2022")
    page.get_by_label("Data quality", exact=True).select_option("H")
    page.get_by_role("button", name="Save").click()
    page.goto(url)
    expect(page.locator("#step-I-1 .state")).to_contain_text("local data")
    expect(page.locator("#local-share")).to_contain_text("1 / 17")
    context.clear_cookies()

    _log_in(page, "munich_editor")
    page.goto(url)
    page.get_by_label("Subsector").select_option("II.1")
    page.get_by_label("Comment").fill("Our traffic counts came from the state roads office.")
    page.get_by_role("button", name="Add the comment").click()
    expect(page.locator("#comments")).to_contain_text("state roads office")
    problems += _problems(page, axe, url + " (mentor)")
    context.clear_cookies()

    _log_in(page, "heidelberg_editor")
    page.goto(url)
    expect(page.locator("#comments")).to_contain_text("Munich")
    page.get_by_role("button", name="Submit the inventory").click()
    page.goto(url)
    expect(page.locator("#status")).to_contain_text("submitted")
    context.close()
    assert not problems, "\n".join(problems)


def test_the_page_fits_a_desktop(chromium: Browser, server: str, world: World) -> None:
    mentor_world(world, with_estimate=True)
    with world.db.write() as session:
        first_inventory.add_comment(
            session,
            world.actor("munich_editor"),
            world.city["Heidelberg"],
            subsector="I.1",
            body="Start here.",
        )
    context = chromium.new_context(base_url=server, locale="en-US", viewport=DESKTOP)  # type: ignore[arg-type]
    page = context.new_page()
    _log_in(page, "heidelberg_editor")
    url = f"/cities/{world.city['Heidelberg']}/first-inventory"
    page.goto(url)
    problems = _problems(page, Axe(), url)
    context.close()
    assert not problems, "\n".join(problems)
