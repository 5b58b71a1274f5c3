"""National scopes of action in real Chromium at a phone's width (390 px): a city's officer filters the
measures catalogue to what the city can do, follows the link to the country's scope of action and
reads the sources. No page scrolls sideways and axe-core finds no serious violation."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, expect

from tests.browser.test_accessibility import DESKTOP, PHONE, _problems
from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World
from tests.scopes_fixture import seed_scoped_catalogue


def test_officer_filters_the_catalogue_to_what_the_city_can_do(
    chromium: Browser, server: str, world: World
) -> None:
    seed_scoped_catalogue(world)
    axe = Axe()
    context = chromium.new_context(base_url=server, locale="en-US", viewport=PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    _log_in(page, "heidelberg_editor")
    page.goto("/measures")
    expect(page.locator("body")).to_contain_text("Emission rules for factories")
    page.locator("#scope-city").select_option(label="Heidelberg (DE)")
    page.get_by_label("Only what my city can do").check()
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#scope-note")).to_contain_text("Measure types left out: 2.")
    expect(page.locator("body")).to_contain_text("Municipal heat plan")
    expect(page.locator("body")).not_to_contain_text("Emission rules for factories")
    expect(page.locator("body")).not_to_contain_text("National building code")
    problems = _problems(page, axe, "/measures?scope=can_do")
    page.get_by_role("link", name="Scope of action in DE").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Germany")
    expect(page.locator("#source-de_bimschg_4")).to_contain_text("gesetze-im-internet.de")
    problems += _problems(page, axe, "/scopes/DE")
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_scope_pages_fit_and_pass_axe(chromium: Browser, server: str, viewport: dict[str, int]) -> None:
    axe = Axe()
    problems: list[str] = []
    for lang in ("en", "de", "ja"):
        context = chromium.new_context(base_url=server, locale="en-US", viewport=viewport)  # type: ignore[arg-type]
        page = context.new_page()
        for path in (f"/scopes?lang={lang}", f"/scopes/JP?lang={lang}", f"/scopes/US?lang={lang}"):
            page.goto(path)
            problems += _problems(page, axe, path)
        context.close()
    assert not problems, "\n".join(problems)
