"""The annual report in real Chromium at a phone's width (390 px): the secretariat opens the draft of
2025 and publishes it; the public finds it on the network's reports, reads the frozen figures and
the open data. No page scrolls sideways and axe-core finds no serious violation."""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, expect

from tests.annual_report_fixture import report_world, set_inventory
from tests.browser.test_accessibility import PHONE, _problems
from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World


def test_secretariat_publishes_public_reads(chromium: Browser, server: str, world: World) -> None:
    report_world(world)
    axe = Axe()
    context = chromium.new_context(base_url=server, locale="en-US", viewport=PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    problems: list[str] = []
    _log_in(page, "c40_secretariat")
    page.goto("/networks/c40/reports")
    problems += _problems(page, axe, "/networks/c40/reports")
    page.get_by_label("Year of the report").fill("2025")
    page.get_by_role("button", name="Open the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual report 2025")
    expect(page.locator("#draft-note")).to_be_visible()
    expect(page.locator(".headline")).to_contain_text("+10.0 %")
    problems += _problems(page, axe, "/networks/c40/reports/2025 (draft)")
    page.get_by_role("button", name="Publish this report").click()
    expect(page.locator("#notice")).to_contain_text("Report published")
    expect(page.locator("#report-status")).to_contain_text("published")
    context.clear_cookies()

    set_inventory(world, "Kyoto", 2025, "verified", 5000.0, 100)  # the data change afterwards
    page.goto("/networks/c40")
    page.locator("#annual-reports").click()
    expect(page).to_have_url(re.compile(r"/networks/c40/reports$"))
    problems += _problems(page, axe, "/networks/c40/reports (public)")
    page.get_by_role("link", name="Annual report 2025").click()
    expect(page.locator(".headline")).to_contain_text("3,900")
    expect(page.locator("#member-table")).to_contain_text("Kyoto")
    expect(page.get_by_role("button", name="Publish this report")).to_have_count(0)
    problems += _problems(page, axe, "/networks/c40/reports/2025 (public)")
    page.goto("/open-data")
    expect(page.locator("#datasets")).to_contain_text("Greenhouse-gas inventory totals")
    problems += _problems(page, axe, "/open-data")
    context.close()
    assert not problems, "\n".join(problems)
