"""A climate officer in a real browser: create an inventory, add rows, import a file, see charts,
submit it; the public then reads it; a bad file is refused with the row named."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD, World
from tests.factories import not_occurring_csv, open_refs

ACTIVITY = """gpc_ref,fuel,amount,unit,source,data_quality
I.1.1,Natural Gas,1000,MWh,utility bills,H
I.2.2,electricity,2000,MWh,grid operator,H
II.1.1,Gas/Diesel Oil,500,t,fuel sales,M
"""


def _log_in(page: Page, who: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(f"{who}@test.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _import_not_occurring(page: Page, tmp_path: Path) -> None:
    """Add "NO" for every BASIC reference ACTIVITY leaves open, keeping the rows."""
    rest = tmp_path / "not-occurring.csv"
    rest.write_bytes(not_occurring_csv(open_refs({"I.1.1", "I.2.2", "II.1.1"})))
    page.locator("#import").get_by_label("File").set_input_files(str(rest))
    page.get_by_label("Replace all rows").uncheck()
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-done")).to_contain_text("rows added")
    page.get_by_role("link", name="Back to the inventory").click()


def test_officer_builds_and_submits_an_inventory(page: Page, world: World, tmp_path: Path) -> None:
    heidelberg = world.city["Heidelberg"]
    _log_in(page, "heidelberg_editor")
    page.goto(f"/cities/{heidelberg}")
    page.get_by_role("link", name="Inventories to the GPC, year over year").click()
    page.get_by_label("Year").fill("2022")
    page.get_by_role("button", name="New inventory").click()
    expect(page).to_have_url(re.compile(r"/inventories/\d+\?done=inventory_created$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Heidelberg inventory 2022")

    # One row by hand: 1000 MWh natural gas in homes = 202.5594 t CO2e (AR5).
    page.get_by_label("GPC reference").select_option("I.1.1")
    page.get_by_label("Fuel or carrier").fill("Natural Gas")
    page.get_by_label("Amount", exact=True).fill("1000")
    page.get_by_label("Unit", exact=True).fill("MWh")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("#total-basic")).to_contain_text("203 t CO₂e")

    # A file with a bad row is refused, naming the row; nothing changes.
    bad = tmp_path / "bad.csv"
    bad.write_text(ACTIVITY + "I.3.1,Natural Gaz,10,MWh,,\n")
    page.locator("#import").get_by_label("File").set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-problems")).to_contain_text("5fuel")
    page.get_by_role("link", name="Back to the inventory").click()
    expect(page.locator("#total-basic")).to_contain_text("203 t CO₂e")

    # The file replaces the row typed by hand, which the form asks to confirm.
    good = tmp_path / "activity.csv"
    good.write_text(ACTIVITY)
    page.locator("#import").get_by_label("File").set_input_files(str(good))
    page.get_by_label("Replace all rows").check()
    page.get_by_label(
        "If replacing: yes, delete the 1 row this inventory holds now (1 of them typed by hand)."
    ).check()
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-done")).to_contain_text(
        "3 rows added. The 1 row the inventory held was deleted."
    )
    page.get_by_role("link", name="Back to the inventory").click()
    expect(page.locator("table.rows tbody tr")).to_have_count(3)
    expect(page.locator("#sector-chart svg")).to_be_visible()
    expect(page.locator("#scope-chart svg")).to_be_visible()
    expect(page.locator("#quality")).to_contain_text("Stationary energy")

    # Submitting now is refused on the page itself, which lists the references still open.
    expect(page.locator("#completeness")).to_contain_text("29 reference numbers")
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#not-submitted")).to_contain_text("The inventory was not submitted")
    expect(page.locator("#completeness")).to_contain_text("29 reference numbers")
    expect(page.locator("#status")).to_have_text("draft")
    _import_not_occurring(page, tmp_path)
    expect(page.locator("#completeness")).to_contain_text("Complete")

    page.get_by_role("link", name="I.1", exact=False).first.click()
    expect(page.locator("table.rows tbody tr")).to_have_count(2)  # I.1.1 gas, I.1.2 NO

    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#status")).to_have_text("submitted")
    expect(page.locator("#add-activity")).to_have_count(0)


def test_public_reads_a_submitted_inventory_in_german(page: Page, world: World, tmp_path: Path) -> None:
    heidelberg = world.city["Heidelberg"]
    _log_in(page, "heidelberg_editor")
    page.goto(f"/cities/{heidelberg}/inventories")
    page.get_by_label("Year").fill("2021")
    page.get_by_role("button", name="New inventory").click()
    url = page.url.split("?")[0]
    good = tmp_path / "activity.csv"
    good.write_text(ACTIVITY)
    page.locator("#import").get_by_label("File").set_input_files(str(good))
    page.get_by_role("button", name="Import").click()
    page.get_by_role("link", name="Back to the inventory").click()
    _import_not_occurring(page, tmp_path)
    page.get_by_role("button", name="Submit").click()
    page.get_by_role("button", name="Log out").click()

    page.goto(url + "?lang=de")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inventar Heidelberg 2021")
    expect(page.locator("#status")).to_have_text("eingereicht")
    expect(page.locator("#sector-chart")).to_contain_text("Stationäre Energie")
    page.screenshot(
        path=str(Path(__file__).parent / ".." / ".." / "var" / "inventory-page.png"), full_page=True
    )
