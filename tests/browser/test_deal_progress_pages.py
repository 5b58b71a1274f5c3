"""The progress, public deal and portfolio pages in real Chromium: at a phone's width (390 px) and a
desktop's no page scrolls sideways and axe-core finds no serious violation; a stakeholder reports a
KPI value by keyboard alone, and the public reads the deal page in German."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_accessibility import DESKTOP, PHONE, _problems
from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World
from tests.deal_progress_fixture import signed_deal


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_progress_pages_fit_and_pass_axe(
    chromium: Browser, server: str, world: World, viewport: dict[str, int]
) -> None:
    rows = signed_deal(world)
    axe = Axe()
    context = chromium.new_context(base_url=server, locale="en-US", viewport=viewport)  # type: ignore[arg-type]
    page = context.new_page()
    problems: list[str] = []
    for path in (f"/public/deals/{rows.deal_id}", f"/cities/{world.city['Heidelberg']}/deal-portfolio"):
        page.goto(path)
        problems += _problems(page, axe, path)
    _log_in(page, "housing_person")
    for path in (f"/deals/{rows.deal_id}/progress", f"/deals/{rows.deal_id}/document"):
        page.goto(path)
        problems += _problems(page, axe, path)
    context.close()
    assert not problems, "\n".join(problems)


def test_reporting_by_keyboard_and_the_public_page_in_german(page: Page, world: World) -> None:
    rows = signed_deal(world)
    _log_in(page, "housing_person")
    page.goto(f"/deals/{rows.deal_id}/progress")
    page.locator(f"#report-{rows.housing_commitment}-as-of").fill("2026-06-01")
    page.locator(f"#report-{rows.housing_commitment}-value").focus()
    page.keyboard.type("115")  # the line asks for 150 - 5 x 6.41 = 117.9 on 1 June 2026
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("name", "note")
    page.keyboard.type("heating bills 2025/26")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Progress reported")
    expect(page.locator(f"#commitment-{rows.housing_commitment}")).to_contain_text("on track")
    page.context.clear_cookies()
    page.goto(f"/public/deals/{rows.deal_id}?lang=de")
    expect(page.locator("h1")).to_have_text("Warm homes, bright roofs")
    expect(page.locator("#deal-commitments")).to_contain_text("im Plan")
