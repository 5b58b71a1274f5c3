"""The stakeholder pages in real Chromium: each fits a phone's width (390 px) without scrolling
sideways and passes axe without serious violations; an organisation is registered by keyboard
alone, and a refusal without a reason is named at the field."""

from __future__ import annotations

import datetime as dt
import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_accessibility import PHONE, _problems
from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World
from tests.stakeholders_fixture import confirmed, deal_with, registered


def test_the_stakeholder_pages_fit_a_phone_and_pass_axe(chromium: Browser, server: str, world: World) -> None:
    org_id = confirmed(world, "plain_user")
    deal_with(world, org_id, reports=((dt.date(2026, 6, 30), 120.0),))
    registered(world, "plain_user", name="Waiting eG")
    hd = world.city["Heidelberg"]
    families = {
        "public": [
            f"/cities/{hd}/organisations",
            f"/organisations/{org_id}",
            f"/cities/{hd}/organisations/new",
        ],
        "plain_user": [
            f"/organisations/{org_id}",
            "/account/organisations",
            f"/cities/{hd}/organisations/new",
        ],
        "heidelberg_editor": [f"/cities/{hd}/organisations/queue", f"/organisations/{org_id}"],
    }
    axe = Axe()
    problems: list[str] = []
    for who, paths in families.items():
        context = chromium.new_context(base_url=server, locale="en-US", viewport=PHONE)  # type: ignore[arg-type]
        page = context.new_page()
        if who != "public":
            _log_in(page, who)
            page.goto("/account")
            expect(page.get_by_role("button", name="Log out")).to_be_visible()
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            problems += _problems(page, axe, path)
        context.close()
    assert not problems, "\n".join(problems)


def test_register_by_keyboard_and_refuse_with_a_reason(page: Page, world: World) -> None:
    hd = world.city["Heidelberg"]
    _log_in(page, "plain_user")
    page.goto(f"/cities/{hd}/organisations/new")
    page.get_by_label("Name of the organisation").focus()
    page.keyboard.type("Neckar Solar eG")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("name", "kind")
    page.keyboard.type("Utility")  # a select takes the typed start of its option
    for name, text in (("sector", "energy"), ("size", "Small"), ("contact_email", "info@neckar.example"),
                       ("website", "ftp://neckar.example"), ("position", "board member")):  # fmt: skip
        page.keyboard.press("Tab")
        expect(page.locator(":focus")).to_have_attribute("name", name)
        page.keyboard.type(text)
    page.keyboard.press("Enter")
    # The website lacks https://: the form comes back with what was typed and the problem at the field.
    expect(page.locator("#organisation-website-error")).to_contain_text("https://")
    expect(page.get_by_label("Your position in it")).to_have_value("board member")
    page.get_by_label("Website").fill("https://neckar.example")
    page.get_by_label("Website").press("Enter")
    expect(page).to_have_url(re.compile(r"/organisations/\d+$"))
    expect(page.locator("#organisation-status")).to_contain_text("waiting for the city's confirmation")
    page.context.clear_cookies()
    _log_in(page, "heidelberg_editor")
    page.goto(f"/cities/{hd}/organisations/queue")
    page.get_by_role("button", name="Refuse it Neckar Solar eG").click()
    expect(page.locator(".field-error")).to_contain_text("say why")
    page.locator("#registrations").get_by_label("Reason").fill("Please register with the street address.")
    page.get_by_role("button", name="Refuse it Neckar Solar eG").click()
    expect(page.locator("#registrations")).to_contain_text("No organisations wait for a decision.")
