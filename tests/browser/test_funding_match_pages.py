"""Funding pages in real Chromium: a city officer finds a programme for a measure and records a
sought funding line naming it; the pages fit a phone's width and pass axe-core."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_accessibility import DESKTOP, PHONE, _problems
from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World
from tests.factories import confirm_membership
from tests.funding_match_fixture import funding_world

TODAY = dt.datetime.now(dt.UTC).date()


def test_an_officer_finds_a_programme_for_a_measure_and_records_a_sought_line(
    page: Page, world: World
) -> None:
    fw = funding_world(world, TODAY)
    hd, schools, retrofit = world.city["Heidelberg"], fw.measures["schools"], fw.programmes["retrofit"]
    _log_in(page, "heidelberg_editor")
    page.goto(f"/cities/{hd}")
    page.locator("#funding-link").click()  # from the city's page
    page.get_by_role("link", name="Retrofit of schools").click()
    expect(page).to_have_url(re.compile(rf"/cities/{hd}/funding\?measure={schools}$"))
    fitting = page.locator("#fitting")
    expect(fitting).to_contain_text("Municipal retrofit fund")
    expect(fitting).to_contain_text("closes in 12 days")
    expect(fitting).to_contain_text("the field agrees")
    expect(fitting).to_contain_text("pays up to 50 %")
    link = fitting.get_by_role("link", name="Municipal retrofit fund")
    expect(link).to_have_attribute("href", f"/funding/programmes/{retrofit}")
    link.click()  # the catalogue's page (another part of the capability)
    expect(page).to_have_url(re.compile(rf"/funding/programmes/{retrofit}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Municipal retrofit fund")
    page.go_back()
    fitting.get_by_role("link", name="Record funding sought from this programme").click()
    form = page.locator("#add-funding")
    expect(form.get_by_label("Status")).to_have_value("sought")
    expect(form.get_by_label("Funding programme of the catalogue (optional)")).to_have_value(str(retrofit))
    form.get_by_label("Source").select_option("national_grant")
    form.get_by_label("Programme, lender or partner").fill("Retrofit fund 2026")
    form.get_by_label("Amount (EUR)").fill("300000")
    form.get_by_role("button", name="Add the funding source").click()
    lines = page.locator("#funding-lines")
    expect(lines).to_contain_text("Retrofit fund 2026")
    expect(lines.locator(f'a[href="/funding/programmes/{retrofit}"]')).to_have_count(1)
    page.goto(f"/cities/{hd}/funding?measure={schools}")
    # 1 000 000 capex - 200 000 secured - 100 000 and 300 000 sought: a gap of 400 000 EUR
    expect(page.locator("#measure-matches")).to_contain_text("400,000.00 EUR")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_funding_pages_fit_and_pass_axe(
    chromium: Browser, server: str, world: World, viewport: dict[str, int]
) -> None:
    fw = funding_world(world, TODAY)
    confirm_membership(world, "Kyoto")
    axe = Axe()
    context = chromium.new_context(base_url=server, locale="en-US", viewport=viewport)  # type: ignore[arg-type]
    page = context.new_page()
    _log_in(page, "admin")
    problems: list[str] = []
    hd = world.city["Heidelberg"]
    for path in (
        f"/cities/{hd}/funding",
        f"/cities/{hd}/funding?measure={fw.measures['schools']}",
        "/networks/c40/funding",
    ):
        page.goto(path)
        problems += _problems(page, axe, path)
    context.close()
    assert not problems, "\n".join(problems)
