"""Joint project pages in real Chromium: at a phone's width (390 px) and a desktop's no page scrolls
sideways and axe-core finds no serious violation; a cost line is added by keyboard alone."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from citypact.services.cooperation import joint_projects
from tests.browser.test_accessibility import DESKTOP, PHONE, _problems
from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World


def _project(world: World) -> int:
    """A project of Heidelberg with Kyoto, costs over several years and a long title."""
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        made = joint_projects.create_project(
            session, editor, world.city["Heidelberg"],
            {"title": "Rhine-Neckar regional district-heating interconnector", "kind": "district_heating",
             "rule": "use", "input_unit": "MWh heat a year", "start_year": 2026, "end_year": 2040,
             "currency": "EUR", "reduction_t": 12500.5, "reduction_basis": "feasibility study 2025"},
        )  # fmt: skip
        joint_projects.update_partner(
            session, editor, made.id, world.city["Heidelberg"], {"use_quantity": 42000}
        )
        for city in ("Kyoto", "Munich"):
            joint_projects.add_partner(session, editor, made.id, world.city[city], {"use_quantity": 18000.5})
        joint_projects.add_cost(
            session,
            editor,
            made.id,
            {"kind": "capex", "year_from": 2026, "year_to": 2029, "amount": "125000000"},
        )
        joint_projects.add_cost(
            session, editor, made.id, {"kind": "opex", "year_from": 2030, "amount": "2400000"}
        )
        joint_projects.add_funding(session, editor, made.id, {"source": "eu_grant", "amount": "30000000"})
        return made.id


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_joint_project_pages_fit_and_pass_axe(
    chromium: Browser, server: str, world: World, viewport: dict[str, int]
) -> None:
    project = _project(world)
    axe = Axe()
    context = chromium.new_context(base_url=server, locale="en-US", viewport=viewport)  # type: ignore[arg-type]
    page = context.new_page()
    _log_in(page, "heidelberg_editor")
    page.goto("/account")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    problems: list[str] = []
    for path in (
        f"/cities/{world.city['Heidelberg']}/joint-projects",
        f"/joint-projects/{project}",
        f"/joint-projects/{project}/edit",
        f"/joint-projects/{project}/partners/{world.city['Kyoto']}/edit",
        f"/joint-projects/{project}/delete",
    ):
        page.goto(path)
        problems += _problems(page, axe, path)
    context.close()
    assert not problems, "\n".join(problems)


def test_a_cost_line_by_keyboard(page: Page, world: World) -> None:
    project = _project(world)
    _log_in(page, "heidelberg_editor")
    page.goto(f"/joint-projects/{project}")
    page.locator("#add-cost select[name=kind]").focus()
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("name", "label")
    page.keyboard.type("Pumping station")
    page.keyboard.press("Tab")
    page.keyboard.type("2031")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("name", "amount")
    page.keyboard.type("850000")
    page.keyboard.press("Enter")
    expect(page.locator("#costs")).to_contain_text("Pumping station")
    expect(page.get_by_role("status")).to_contain_text("Cost line added")
