"""Deal pages in real Chromium: at a phone's width (390 px) and a desktop's no page scrolls sideways
and axe-core finds no serious violation; a party signs by keyboard alone, and the last signature
signs the deal."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_accessibility import DESKTOP, PHONE, _problems
from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World
from tests.deals_fixture import negotiated_deal, ready_idea, signed_deal, stakeholders


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_deal_pages_fit_and_pass_axe(
    chromium: Browser, server: str, world: World, viewport: dict[str, int]
) -> None:
    orgs = stakeholders(world)
    signed = signed_deal(world, orgs, report=17)
    open_deal = negotiated_deal(world, orgs)
    idea = ready_idea(world, [orgs.stadtwerke, orgs.wohnbau])
    axe = Axe()
    context = chromium.new_context(base_url=server, locale="en-US", viewport=viewport)  # type: ignore[arg-type]
    page = context.new_page()
    _log_in(page, "heidelberg_editor")
    page.goto("/account")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    problems: list[str] = []
    for path in (
        f"/cities/{world.city['Heidelberg']}/deals",
        f"/deals/{signed.id}",
        f"/deals/{open_deal.id}",
        f"/deals/{open_deal.id}/edit",
        f"/deals/{open_deal.id}/parties/{open_deal.city_party}/commitments/new",
        f"/deals/{open_deal.id}/commitments/{open_deal.funding}/edit",
        f"/deals/{open_deal.id}/parties/{open_deal.stadtwerke_party}/remove",
        f"/ideas/{idea}/make-deal",
    ):
        page.goto(path)
        problems += _problems(page, axe, path)
    context.close()
    assert not problems, "\n".join(problems)


def test_signing_by_keyboard(page: Page, world: World) -> None:
    orgs = stakeholders(world)
    made = negotiated_deal(world, orgs)
    _log_in(page, "stadtwerke_person")
    page.goto(f"/deals/{made.id}")
    page.locator(f"#sign-{made.stadtwerke_party} input[name=signatory_name]").focus()
    page.keyboard.type("Michael Teigeler")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("name", "signatory_title")
    page.keyboard.type("Managing Director")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("name", "signed_on")
    page.locator(":focus").fill("2026-03-05")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Signature saved")
    expect(page.locator("#signatures")).to_contain_text("Michael Teigeler")
    _log_in(page, "heidelberg_editor")
    page.goto(f"/deals/{made.id}")
    page.locator(f"#sign-{made.city_party} input[name=signatory_name]").fill("Eckart Würzner")
    page.locator(f"#sign-{made.city_party} input[name=signed_on]").fill("2026-03-02")
    page.locator(f"#sign-{made.city_party} button").press("Enter")
    expect(page.locator("#signed-on")).to_contain_text("2026")
