"""The annual report's procurement section in real Chromium at a phone's width (390 px), in German:
the secretariat reads the draft of 2026 with the section and publishes it; the public reads the
frozen section. No page scrolls sideways and axe-core finds no serious violation."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, expect

from tests.browser.test_accessibility import PHONE, _problems
from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World
from tests.report_fixture import procurement_report_world


def test_procurement_section_at_a_phones_width(chromium: Browser, server: str, world: World) -> None:
    procurement_report_world(world)
    axe = Axe()
    context = chromium.new_context(base_url=server, locale="en-US", viewport=PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    problems: list[str] = []
    _log_in(page, "c40_secretariat")
    page.goto("/networks/c40/reports/2026")
    expect(page.locator("#procurement")).to_have_text("Joint procurement")
    expect(page.locator("#procurement-table")).to_contain_text("Elektro AG")
    expect(page.locator("#procurement-cities")).to_contain_text("Heidelberg (2)")
    problems += _problems(page, axe, "/networks/c40/reports/2026 (draft)")
    page.locator("#procurement-table").focus()  # the table's scroll region is reached by keyboard
    page.get_by_role("button", name="Publish this report").click()
    expect(page.locator("#notice")).to_contain_text("Report published")
    context.clear_cookies()
    page.goto("/networks/c40/reports/2026")
    page.get_by_role("link", name="Deutsch").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("#procurement")).to_have_text("Gemeinsame Beschaffung")
    expect(page.locator("#procurement-table")).to_contain_text("15.000.000,00 EUR")
    problems += _problems(page, axe, "/networks/c40/reports/2026 (public, de)")
    context.close()
    assert not problems, "\n".join(problems)
