"""A climate officer in a real browser types a row with a bad amount: the page comes back with
the message at the field, the error summary focused and linking to it, and the rest of the input
kept; fixed, the row is added and the page says so; deleting it asks first (issue 16)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World


def test_a_bad_amount_is_shown_at_its_field_and_the_input_is_kept(page: Page, world: World) -> None:
    _log_in(page, "heidelberg_editor")
    page.goto(f"/cities/{world.city['Heidelberg']}/inventories")
    page.get_by_label("Year").fill("2023")
    page.get_by_role("button", name="New inventory").click()
    expect(page).to_have_url(re.compile(r"/inventories/\d+\?done=inventory_created$"))
    expect(page.get_by_role("status")).to_have_text("Inventory created")

    page.get_by_label("GPC reference").select_option("I.1.1")
    page.get_by_label("Fuel or carrier").fill("Natural Gas")
    page.get_by_label("Amount", exact=True).fill("1.000,5 MWh")
    page.get_by_label("Unit", exact=True).fill("MWh")
    page.get_by_label("Source", exact=True).fill("utility bills 2023")
    page.get_by_label("Data quality").select_option("H")
    page.get_by_role("button", name="Add", exact=True).click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    expect(page).to_have_title(re.compile(r"^Error: "))
    amount = page.get_by_label("Amount", exact=True)
    expect(amount).to_have_attribute("aria-invalid", "true")
    expect(amount).to_have_accessible_description(re.compile("enter a number such as 1250.5"))
    expect(amount).to_have_value("1.000,5 MWh")
    expect(page.get_by_label("Fuel or carrier")).to_have_value("Natural Gas")
    expect(page.get_by_label("Source", exact=True)).to_have_value("utility bills 2023")
    expect(page.get_by_label("Data quality")).to_have_value("H")
    expect(page.get_by_label("GPC reference")).to_have_value("I.1.1")
    expect(page.locator("main")).not_to_contain_text("body.")

    summary.get_by_role("link", name="Amount: enter a number such as 1250.5").click()
    expect(amount).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("1000")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Activity added")
    expect(page.locator("#total-basic")).to_contain_text("203 t CO₂e")  # 1000 MWh gas: 202.56 t (AR5)

    page.get_by_role("link", name="delete").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete this activity row?")
    page.get_by_role("link", name="Cancel").click()
    expect(page.locator("#total-basic")).to_contain_text("203 t CO₂e")  # nothing went
    page.get_by_role("link", name="delete").click()
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_role("status")).to_have_text("Activity deleted")
    expect(page.locator("#rows")).to_contain_text("No rows here yet.")
