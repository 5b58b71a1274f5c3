"""A person in a real browser: search, profile, twin towns, languages, logging in and editing."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD, World


def test_search_profile_and_twin_town(page: Page, world: World) -> None:
    page.goto("/")
    page.get_by_label("City name").fill("Köln")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#result-count")).to_have_text("1 city")
    page.get_by_role("link", name="Cologne").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cologne")
    expect(page.locator("#population")).to_contain_text("1,085,664")
    page.locator("#twins").get_by_role("link", name="Kyoto").click()
    expect(page).to_have_url(re.compile(rf"/cities/{world.city['Kyoto']}$"))
    expect(page.locator("#grid")).to_contain_text("485 g CO₂/kWh")


def test_filters_and_language_switch(page: Page) -> None:
    page.goto("/cities")
    page.get_by_label("Country").select_option("JP")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#result-count")).to_have_text("3 cities")
    page.get_by_role("link", name="Deutsch").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("table.cities")).to_contain_text("1.973.395")  # Sapporo, German digits
    page.get_by_role("link", name="日本語").click()
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.locator("table.cities")).to_contain_text("1,973,395")


def test_editor_logs_in_edits_and_sees_the_change_history(page: Page, world: World) -> None:
    heidelberg = world.city["Heidelberg"]
    page.goto(f"/cities/{heidelberg}")
    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill("heidelberg_editor@test.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(rf"/cities/{heidelberg}$"))
    page.get_by_role("link", name="Edit city data").click()
    page.get_by_label("Population", exact=True).fill("162273")
    page.get_by_label("Population year").fill("2022")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#population")).to_contain_text("162,273")
    page.get_by_role("link", name="Change history").click()
    expect(page.locator("table.audit")).to_contain_text("heidelberg_editor@test.example")
    expect(page.locator("table.audit")).to_contain_text("159914")


def test_editor_of_another_city_sees_no_edit_button(page: Page, world: World) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill("kyoto_editor@test.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/cities/{world.city['Heidelberg']}")
    expect(page.get_by_role("link", name="Edit city data")).to_have_count(0)
    response = page.goto(f"/cities/{world.city['Heidelberg']}/edit")
    assert response is not None and response.status == 403


def test_pages_work_without_javascript(chromium: object, server: str) -> None:
    context = chromium.new_context(base_url=server, java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto("/cities?q=sapporo")
    page.get_by_role("link", name="Sapporo").click()
    expect(page.locator("#twins")).to_contain_text("Portland")
    context.close()
