"""Joint positions in real Chromium at a phone's width (390 px): Heidelberg's editor drafts a
position with Kyoto and Munich invited and links evidence (an indicator shows its figure); Kyoto's
and Munich's editors co-sign it; Heidelberg sends it and records the answer; the public reads it in
the list of sent positions. No page scrolls sideways and axe-core finds no serious violation on the
way."""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_accessibility import PHONE, _problems
from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World
from tests.factories import reported_inventory
from tests.positions_fixture import position_world


def _sign(page: Page, who: str, url: str) -> None:
    page.context.clear_cookies()
    _log_in(page, who)
    page.goto(url)
    page.get_by_role("button", name="Sign for this city").click()
    expect(page.locator("#cities")).to_contain_text("signed on")


def test_a_city_drafts_two_cities_sign_it_is_sent_answered_and_read(
    chromium: Browser, server: str, world: World
) -> None:
    position_world(world)  # Munich's editor, c40 members
    reported_inventory(world, "Heidelberg", 2022, 580_000, 100_000)  # 5.8 t CO2e/person
    heidelberg, kyoto, munich = world.city["Heidelberg"], world.city["Kyoto"], world.city["Munich"]
    axe = Axe()
    context = chromium.new_context(base_url=server, locale="en-US", viewport=PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    problems: list[str] = []

    _log_in(page, "heidelberg_editor")
    page.goto(f"/cities/{heidelberg}/positions")
    problems += _problems(page, axe, "city positions")
    page.get_by_role("link", name="Draft a new position").click()
    expect(page).to_have_url(re.compile(r"/positions/new\?"))
    problems += _problems(page, axe, "new position")
    page.get_by_label("Title", exact=True).fill("Solar duty for new public buildings")
    page.get_by_label("Level of government").select_option("national")
    page.get_by_label("Addressed to (institution)").fill("Federal Ministry for Housing")
    page.get_by_label("Asks (one per line)").fill("Make solar roofs the rule\nFund the retrofit of schools")
    page.get_by_label("Text", exact=True).fill("Our cities install solar on every new school.")
    page.get_by_label("Cities invited").fill(f"{kyoto}, {munich}")
    page.get_by_role("button", name="Save the position").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Solar duty for new public buildings")
    url = page.url
    page.get_by_label("City (its number)").fill(str(heidelberg))
    page.get_by_label("Indicator").select_option("scope1_per_capita")
    page.get_by_label("Year", exact=True).fill("2022")
    page.get_by_label("Source", exact=True).fill("Heidelberg's inventory")
    page.get_by_role("button", name="Link the evidence").click()
    expect(page.locator("#evidence")).to_contain_text("5.8 t CO₂e/person (public benchmark, now")
    page.get_by_label("Kind of evidence").select_option("survey")
    page.get_by_label("Result or reference").fill("8 of 10 member cities plan solar duties")
    page.get_by_label("Source", exact=True).fill("Network survey 2026")
    page.get_by_role("button", name="Link the evidence").click()
    expect(page.locator("#evidence")).to_contain_text("Network survey 2026")
    problems += _problems(page, axe, "draft position")

    _sign(page, "kyoto_editor", url)
    _sign(page, "munich_editor", url)
    problems += _problems(page, axe, "signed position")

    page.context.clear_cookies()
    _log_in(page, "heidelberg_editor")
    page.goto(url)
    page.get_by_label("Sent on").fill("2026-04-01")
    page.get_by_label("Channel").select_option("letter")
    page.get_by_role("button", name="Mark as sent").click()
    expect(page.locator("#status")).to_have_text("sent")
    page.get_by_label("Outcome").select_option("adopted_in_part")
    page.get_by_label("Date of the answer").fill("2026-05-02")
    page.get_by_label("The answer", exact=True).fill("The ministry adopts the duty for schools.")
    page.get_by_role("button", name="Save the answer").click()
    expect(page.locator("#answer-result")).to_contain_text("adopted in part")
    problems += _problems(page, axe, "answered position")

    page.context.clear_cookies()
    page.goto("/positions")
    problems += _problems(page, axe, "public list")
    page.get_by_role("link", name="Solar duty for new public buildings").click()
    expect(page.locator("#cities")).to_contain_text("Kyoto")
    expect(page.locator("#cities")).to_contain_text("Munich")
    expect(page.locator("#cities")).not_to_contain_text("Heidelberg")  # it drafted but did not sign
    expect(page.locator("#answer-text")).to_contain_text("adopts the duty for schools")
    expect(page.locator("#evidence")).to_contain_text("5.8 t CO₂e/person (public benchmark, as sent")
    expect(page.locator("#sign-form")).to_have_count(0)
    problems += _problems(page, axe, "public position")
    page.get_by_role("link", name="Printable document").click()
    expect(page.locator("#signatories")).to_contain_text("Kyoto")
    context.close()
    assert not problems, "\n".join(problems)
