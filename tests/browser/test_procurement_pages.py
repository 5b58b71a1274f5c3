"""Joint procurement in a real browser at a phone's width (390 px): Heidelberg's officer opens a
procurement from the city page and adds a lot by keyboard alone, Kyoto's officer joins and states its
demand, both see the group's total; no procurement page scrolls sideways or has a serious axe
violation."""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, expect

from tests.browser.test_accessibility import PHONE, _problems
from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World


def test_open_join_and_state_demand_on_a_phone(chromium: Browser, server: str, world: World) -> None:
    heidelberg = world.city["Heidelberg"]
    context = chromium.new_context(base_url=server, locale="en-US", viewport=PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    axe = Axe()
    problems: list[str] = []
    _log_in(page, "heidelberg_editor")
    page.goto(f"/cities/{heidelberg}")
    page.locator("#procurements-link").click()
    expect(page).to_have_url(re.compile(r"/procurements$"))
    problems += _problems(page, axe, page.url)
    form = page.locator("#open")
    form.get_by_label("Title", exact=True).fill("Electric buses")
    form.get_by_label("CPV code (optional), e.g. 34144910-0").fill("34144910-0")
    form.get_by_label("Cities to invite (names or ids, separated by commas)").fill("Kyoto")
    form.get_by_role("button", name="Open the procurement").click()
    expect(page).to_have_url(re.compile(r"/procurements/\d+\?done=procurement_opened$"))
    expect(page.get_by_role("status")).to_contain_text("Procurement opened")
    url = page.url.split("?")[0]

    # The lot form by keyboard alone: open its disclosure, type into each field, send with Enter.
    page.locator("#lots summary").focus()
    page.keyboard.press("Enter")
    page.locator("#lot-number").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("1")
    page.keyboard.press("Tab")
    page.keyboard.type("Battery buses, 12 m")
    page.keyboard.press("Tab")
    page.keyboard.type("bus")
    page.keyboard.press("Enter")
    expect(page.locator("#lot-totals")).to_contain_text("Battery buses, 12 m")
    problems += _problems(page, axe, url)

    kyoto = chromium.new_context(base_url=server, locale="en-US", viewport=PHONE)  # type: ignore[arg-type]
    other = kyoto.new_page()
    _log_in(other, "kyoto_editor")
    other.goto(url)
    other.locator(f"#join-{world.city['Kyoto']}").get_by_role("button", name="Join").click()
    demand = other.locator("#demand-form")
    demand.get_by_label("Quantity (in the lot's unit)").fill("4")
    demand.get_by_label("First delivery year").fill("2027")
    demand.get_by_label("Last delivery year").fill("2026")
    demand.get_by_role("button", name="Save the demand").click()
    expect(other.locator("#demand-delivery-to")).to_have_attribute("aria-invalid", "true")
    expect(other.locator("#demand-quantity")).to_have_value("4")  # what was typed stays
    other.locator("#demand-delivery-to").fill("2028")
    other.get_by_role("button", name="Save the demand").click()
    expect(other.locator("#lot-totals")).to_contain_text("4")
    problems += _problems(other, axe, url + " (participant)")
    kyoto.close()
    context.close()
    assert not problems, "\n".join(problems)
