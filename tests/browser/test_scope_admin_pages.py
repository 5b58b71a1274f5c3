"""Maintaining the national scopes of action in real Chromium at a phone's width (390 px): an
administrator changes Germany's statement on industry regulation, is told at the field what is
missing in a new statement, adds a source, corrects its address and removes it; a city's officer
then finds the factory emission rules among what Heidelberg can do. No page scrolls sideways and
axe-core finds no serious violation."""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, expect

from citypact.services.scopes import admin
from tests.browser.test_accessibility import PHONE, _problems
from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World
from tests.scopes_fixture import seed_scoped_catalogue


def test_administrator_changes_a_statement_and_the_catalogue_follows(
    chromium: Browser, server: str, world: World
) -> None:
    seed_scoped_catalogue(world)
    with world.db.read() as session:
        statement = admin.find_statement(session, "DE", "industry", "regulatory")
    axe = Axe()
    context = chromium.new_context(base_url=server, locale="en-US", viewport=PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    _log_in(page, "admin")
    page.goto("/scopes/DE")
    problems = _problems(page, axe, "/scopes/DE (administrator)")
    page.locator(f"#statement-{statement}").get_by_role("link", name="Change").click()
    expect(page).to_have_url(re.compile(r"/edit$"))
    problems += _problems(page, axe, "statement edit form")
    page.get_by_label("The municipality").select_option("shares")
    page.get_by_label("Note").fill("Checked by hand.")
    page.get_by_role("button", name="Save the statement").click()
    expect(page.locator("body")).to_contain_text("Statement saved")
    expect(page.locator(f"#statement-{statement}")).to_contain_text("shares")

    page.get_by_role("link", name="Add a statement").click()
    page.get_by_label("Field").select_option("industry")
    page.get_by_label("Instrument").select_option("fiscal")
    page.get_by_label("Note").fill("Kept when refused.")
    page.get_by_role("button", name="Save the statement").click()
    expect(page.locator("#statement-source-error")).to_be_visible()
    expect(page.get_by_label("Note")).to_have_value("Kept when refused.")
    problems += _problems(page, axe, "statement form with an error")
    page.get_by_role("link", name="Add a source").click()
    page.get_by_label("Code").fill("de_kag")
    page.get_by_label("Title of the law or page").fill("Kommunalabgabengesetz")
    page.get_by_label("Web address").fill("https://www.landesrecht-bw.de/")
    page.get_by_label("Publisher").fill("Land Baden-Württemberg")
    page.get_by_role("button", name="Add the source").click()
    expect(page.locator("#source-de_kag")).to_contain_text("Kommunalabgabengesetz")
    problems += _problems(page, axe, "/scopes (administrator)")
    # The source corrected (a wrong address is said at the field, the typing kept), then removed.
    page.get_by_role("link", name="Change de_kag", exact=True).click()
    page.get_by_label("Web address").fill("ftp://nowhere")
    page.get_by_label("Title of the law or page").fill("KAG Baden-Württemberg")
    page.get_by_label("Web address").press("Enter")
    expect(page.locator("#source-url-error")).to_be_visible()
    expect(page.get_by_label("Title of the law or page")).to_have_value("KAG Baden-Württemberg")
    problems += _problems(page, axe, "source change form with an error")
    page.get_by_label("Web address").fill("https://www.landesrecht-bw.de/kag")
    page.get_by_role("button", name="Save the source").click()
    expect(page.locator("#source-de_kag")).to_contain_text("KAG Baden-Württemberg")
    page.get_by_role("link", name="Remove de_kag", exact=True).click()
    problems += _problems(page, axe, "source removal confirmation")
    page.get_by_role("button", name="Remove the source").click()
    expect(page.locator("body")).to_contain_text("Source removed")
    expect(page.locator("#source-de_kag")).to_have_count(0)
    context.clear_cookies()

    _log_in(page, "heidelberg_editor")
    page.goto("/measures")
    page.locator("#scope-city").select_option(label="Heidelberg (DE)")
    page.get_by_label("Only what my city can do").check()
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#scope-note")).to_contain_text("Measure types left out: 1.")
    expect(page.locator("body")).to_contain_text("Emission rules for factories")
    context.close()
    assert not problems, "\n".join(problems)
