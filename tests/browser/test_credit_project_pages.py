"""Carbon-credit project pages in real Chromium: at a phone's width (390 px) and a desktop's no page
scrolls sideways and axe-core finds no serious violation; a participant adds a partner by keyboard
alone."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_accessibility import DESKTOP, PHONE, _problems
from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World
from tests.credit_projects_fixture import (
    draft_project,
    registered_project,
    submitted_report,
    verified_project,
)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_credit_project_pages_fit_and_pass_axe(
    chromium: Browser, server: str, world: World, viewport: dict[str, int]
) -> None:
    done = verified_project(world)
    draft = draft_project(world, title="Energy audit of schools")
    later = registered_project(world, title="Second park")
    report = submitted_report(world, later)
    axe = Axe()
    context = chromium.new_context(base_url=server, locale="en-US", viewport=viewport)  # type: ignore[arg-type]
    page = context.new_page()
    _log_in(page, "heidelberg_editor")
    problems: list[str] = []
    for path in (
        "/credits/projects",
        "/credits/projects/new",
        f"/credits/projects/{done.id}",
        f"/credits/projects/{draft.id}",
        f"/credits/projects/{draft.id}/edit",
        f"/credits/projects/{draft.id}/parties/{draft.partner_party}/remove",
        f"/credits/projects/{later.id}/reports/new",
        f"/credits/projects/{later.id}/reports/{report}",
        f"/credits/projects/{done.id}/reports/{done.report}",
    ):
        page.goto(path)
        problems += _problems(page, axe, path)
    context.close()
    assert not problems, "\n".join(problems)


def test_add_a_partner_by_keyboard(page: Page, world: World) -> None:
    made = draft_project(world, partner=False)
    _log_in(page, "heidelberg_editor")
    page.goto(f"/credits/projects/{made.id}")
    page.locator("#party-city-id").focus()
    page.keyboard.type(str(world.city["Kyoto"]))
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("name", "organisation_id")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("name", "share_percent")
    page.locator(":focus").fill("40")
    page.keyboard.press("Enter")
    expect(page.locator("#party-table")).to_contain_text("Kyoto")
    expect(page.locator("#shares-missing")).to_be_visible()
