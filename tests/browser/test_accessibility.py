"""Every page family in real Chromium, at a phone's width (390 x 844) and a desktop's: no page
scrolls sideways, and axe-core (bundled by axe-playwright-python, loaded from the installed package,
so it runs offline) finds no serious or critical violation. One form is filled and sent by keyboard."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from citypact.services.benchmarking import rounds as benchmark_rounds
from citypact.storage.models import ActivityRecord, CaseStudy, Inventory
from tests.browser.test_inventory_pages import _log_in
from tests.conftest import PASSWORD, World
from tests.factories import declared
from tests.web.test_benchmark_pages import benchmarked

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SERIOUS = {"serious", "critical"}


def _seed(world: World, tmp_path: Path) -> dict[str, int]:
    """Data behind every page: inventories, a plan, a case, a declared partnership, a round."""
    benchmarked(world, tmp_path)
    partnership = declared(world)
    with world.db.write() as session:
        round_id = benchmark_rounds.run_round(
            session, world.actor("c40_secretariat"), "c40", "Spring 2027"
        ).id
        case = session.scalar(select(CaseStudy.id))
        inventory = session.scalar(
            select(Inventory.id).where(Inventory.city_id == world.city["Heidelberg"]).order_by(Inventory.year)
        )
        record = session.scalar(select(ActivityRecord.id).where(ActivityRecord.inventory_id == inventory))
    assert case is not None and inventory is not None and record is not None
    return {
        "case": case,
        "round": round_id,
        "partnership": partnership,
        "inventory": inventory,
        "record": record,
    }


def _pages(world: World, ids: dict[str, int]) -> dict[str, list[str]]:
    hd = world.city["Heidelberg"]
    public = [
        "/",
        "/cities",
        f"/cities/{hd}",
        f"/cities/{hd}/inventories",
        f"/inventories/{ids['inventory']}",
        f"/cities/{hd}/plan",
        f"/cities/{hd}/benchmark",
        f"/cities/{hd}/partners",
        "/measures",
        "/cases",
        f"/cases/{ids['case']}",
        "/networks",
        "/networks/c40",
        f"/tours?cities={hd},{world.city['Munich']}",
        "/tours",
        "/about",
        "/login",
        "/cities/999999",  # the error page
        "/procurement/try",
        "/procurement/try?method=lcc-co2&template=buses&schedule=shipped/de-behg/2024&country=DE&year=2026",
        "/co2-prices",
        "/co2-prices/shipped/bw-klimag-8",
    ]
    editor = [
        f"/cities/{hd}/edit",
        f"/cities/{hd}/partnerships",
        f"/partnerships/{ids['partnership']}",
        f"/inventories/{ids['inventory']}",
        f"/cities/{hd}/plan",
        "/account",
        "/my",
        f"/cities/{hd}/invitations",
        f"/inventories/{ids['inventory']}/activities/{ids['record']}/edit",
        f"/inventories/{ids['inventory']}/activities/{ids['record']}/delete",  # the confirmation
        "/co2-prices/new",
    ]
    secretariat = [
        "/networks/c40",
        "/networks/c40/groups",
        "/networks/c40/benchmark-rounds",
        f"/networks/c40/benchmark-rounds/{ids['round']}",
    ]
    admin = ["/audit", f"/cities/{hd}/audit"]
    return {"public": public, "heidelberg_editor": editor, "c40_secretariat": secretariat, "admin": admin}


def _problems(page: Page, axe: Axe, path: str) -> list[str]:
    found = []
    page.wait_for_load_state()  # a click's navigation may still be parsing the new page
    overflow = page.evaluate(
        "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )
    if overflow[0] > overflow[1]:
        width = page.viewport_size["width"] if page.viewport_size else 0
        found.append(f"{path} at {width} px scrolls sideways ({overflow[0]} > {overflow[1]})")
    results = axe.run(page)
    for violation in results.response["violations"]:
        if violation["impact"] in SERIOUS:
            targets = [" ".join(node["target"]) for node in violation["nodes"]][:3]
            found.append(f"{path}: {violation['id']} ({violation['impact']}) at {targets}")
    return found


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_page_fits_and_passes_axe(
    chromium: Browser, server: str, world: World, tmp_path: Path, viewport: dict[str, int]
) -> None:
    ids = _seed(world, tmp_path)
    axe = Axe()
    problems: list[str] = []
    visited = 0
    families = _pages(world, ids)
    for who, paths in families.items():
        context = chromium.new_context(base_url=server, locale="en-US", viewport=viewport)  # type: ignore[arg-type]
        page = context.new_page()
        if who != "public":
            _log_in(page, who)
            page.goto("/account")
            expect(page.get_by_role("button", name="Log out")).to_be_visible()
        for path in paths:
            page.goto(path)
            problems += _problems(page, axe, path)
            visited += 1
        context.close()
    assert visited == sum(len(paths) for paths in families.values()) == 39
    assert not problems, "\n".join(problems)


def test_a_form_by_keyboard_alone(page: Page, world: World) -> None:
    """Log in with Tab, typing and Enter only: the skip link comes first, focus is visible, and the
    fields follow in reading order."""
    page.goto("/login")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Skip to content")
    # The focused element draws an outline (the focus style is ours, not left to chance).
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("name", "email")
    page.keyboard.type("heidelberg_editor@test.example")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("name", "password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile(r"/login"))
    page.goto("/account")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_a_wide_table_scrolls_in_its_box_by_keyboard(page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/cities")
    box = page.locator(".table-scroll").first
    expect(box).to_have_attribute("tabindex", "0")
    expect(box).to_have_attribute("role", "region")
    assert box.get_attribute("aria-label")
    assert page.evaluate(
        "() => document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth"
    )
