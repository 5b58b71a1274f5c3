"""House of Change pages in real Chromium: at a phone's width (390 px) and a desktop's no page
scrolls sideways and axe-core finds no serious violation; a review is written by keyboard alone."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from citypact.services import ideas
from tests.browser.test_accessibility import DESKTOP, PHONE, _problems
from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World
from tests.ideas_fixture import ANSWERS, organisations, reviewed_in_all_roles


def _ideas(world: World) -> tuple[int, int]:
    """A reviewed idea with a long title and a report, and an idea in review."""
    organisations(world)
    reviewed = reviewed_in_all_roles(world)
    with world.db.write() as session:
        waiting = ideas.propose(
            session, world.actor("resident"), world.city["Heidelberg"],
            title="A regional cooperative for photovoltaic roofs on schools, sports halls and libraries",
            action_field="clean_energy", sdg_targets="7;7.2;7.a;11.6;13.2", gpc_sectors=["I", "II"],
        ).id  # fmt: skip
        ideas.move(session, world.actor("heidelberg_editor"), waiting, "in_review")
        ideas.report(session, world.actor("dreamer"), reviewed, "advertising")
    return reviewed, waiting


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_idea_pages_fit_and_pass_axe(
    chromium: Browser, server: str, world: World, viewport: dict[str, int]
) -> None:
    reviewed, waiting = _ideas(world)
    city = world.city["Heidelberg"]
    axe = Axe()
    context = chromium.new_context(base_url=server, locale="en-US", viewport=viewport)  # type: ignore[arg-type]
    page = context.new_page()
    _log_in(page, "heidelberg_editor")
    page.goto("/account")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    problems: list[str] = []
    for path in (
        f"/cities/{city}/ideas",
        f"/ideas/{reviewed}",
        f"/ideas/{waiting}",
        f"/ideas/{reviewed}/hide",
        f"/cities/{city}/ideas/reports",
    ):
        page.goto(path)
        problems += _problems(page, axe, path)
    context.close()
    assert not problems, "\n".join(problems)


def test_a_review_by_keyboard(page: Page, world: World) -> None:
    _, waiting = _ideas(world)
    _log_in(page, "realist")
    page.goto(f"/ideas/{waiting}")
    page.locator("#review-form-realist textarea[name=steps]").focus()
    page.keyboard.type(ANSWERS["realist"]["steps"])
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("name", "resources_costs")
    page.keyboard.type(ANSWERS["realist"]["resources_costs"])
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("name", "show_name")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Review saved")
    expect(page.locator("#role-realist")).to_contain_text("survey, tender, build")
