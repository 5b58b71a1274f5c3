"""A city climate officer's week and a secretariat's round, end to end in a real browser, each step
on the page a new user would take. The pictures of docs/guide/ are taken here (`make guide`), so
the guide shows the pages as they are."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from citypact.domain.access import Role
from citypact.services.auth import accounts
from tests.browser.test_inventory_pages import _log_in
from tests.conftest import OPERATOR, World
from tests.factories import new_inventory, not_occurring_csv, open_refs, reported_inventory

GUIDE = os.environ.get("CITYPACT_GUIDE_SHOTS")  # a folder: take the guide's pictures there


def _shot(page: Page, name: str, at: str = "") -> None:
    """A picture of the window, scrolled to the element `at` when given."""
    if GUIDE:
        if at:
            page.locator(at).first.evaluate("element => element.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(Path(GUIDE) / f"{name}.png"))


def _download(page: Page, link: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link).click()
    return Path(info.value.path()).read_bytes()


def _peers(world: World) -> None:
    """Two peers with reported emissions, so that the benchmark has a median to show."""
    for city, population in (("Munich", 1_470_000), ("Cologne", 1_000_000)):
        reported_inventory(world, city, 2023, 7.0 * population, population)


def test_an_officers_week(page: Page, chromium: Browser, server: str, world: World, tmp_path: Path) -> None:
    _peers(world)
    heidelberg = world.city["Heidelberg"]
    page.set_viewport_size({"width": 1100, "height": 900})

    # Monday: log in, land on My city, start the 2023 inventory.
    _log_in(page, "heidelberg_editor")
    expect(page).to_have_url(re.compile(r"/my$"))
    _shot(page, "officer-1-my-city")
    page.goto(f"/cities/{heidelberg}/inventories")
    page.get_by_label("Year").fill("2023")
    page.get_by_role("button", name="New inventory").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Heidelberg inventory 2023")
    expect(page.locator("#notice")).to_have_text("Inventory created")
    inventory_url = page.url.split("?")[0]

    # The template, filled with one row of another year: refused by row, nothing written.
    template = _download(page, "CSV template").decode("utf-8-sig")
    header, example = list(csv.reader(io.StringIO(template)))
    assert example[header.index("year")] == "2023"
    wrong_year = [
        "2019" if column == "year" else value for column, value in zip(header, example, strict=True)
    ]
    upload = tmp_path / "activities.csv"
    with upload.open("w", newline="") as handle:
        csv.writer(handle).writerows([header, example, wrong_year])
    page.locator("#import").get_by_label("File").set_input_files(str(upload))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-refused")).to_contain_text("Nothing was imported")
    expect(page.locator("#import-problems tbody tr")).to_contain_text(
        "the row is of 2019, this inventory of 2023"
    )
    _shot(page, "officer-2-import-refused", at="h1")
    page.get_by_role("link", name="Back to the inventory").click()
    expect(page.locator("table.rows")).to_have_count(0)  # no rows: nothing of the file was kept

    # The fixed file goes in.
    with upload.open("w", newline="") as handle:
        csv.writer(handle).writerows([header, example])
    page.locator("#import").get_by_label("File").set_input_files(str(upload))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-done")).to_contain_text("1 row added.")
    page.get_by_role("link", name="Back to the inventory").click()

    # A row by hand with a mistyped amount: the message at the field, the rest kept.
    page.get_by_label("GPC reference").select_option("I.1.1")
    page.get_by_label("Fuel or carrier").fill("Natural Gas")
    page.get_by_label("Amount", exact=True).fill("1O00")  # a letter O
    page.get_by_label("Unit", exact=True).fill("MWh")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator(".error-summary")).to_contain_text("Amount: enter a number such as 1250.5")
    expect(page.get_by_label("Amount", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Fuel or carrier")).to_have_value("Natural Gas")
    expect(page.locator("main")).not_to_contain_text("body.")
    _shot(page, "officer-3-row-error")
    page.get_by_label("Amount", exact=True).fill("1000")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("#notice")).to_have_text("Activity added")

    # What does not occur in Heidelberg is said with a notation key, then the inventory is submitted.
    rest = tmp_path / "not-occurring.csv"
    rest.write_bytes(not_occurring_csv(open_refs({"I.1.1", example[header.index("gpc_ref")]})))
    page.locator("#import").get_by_label("File").set_input_files(str(rest))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-done")).to_contain_text("rows added")
    page.get_by_role("link", name="Back to the inventory").click()
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("main")).to_contain_text("submitted")
    _shot(page, "officer-4-inventory", at="h1")
    assert page.url.startswith(inventory_url)

    # Tuesday: the target from the inventory, a measure, the same gap on plan and benchmark.
    page.goto(f"/cities/{heidelberg}/plan")
    form = page.locator("#target-from-inventory")
    form.get_by_label("Base year and emissions from the inventory of").select_option("2023")
    form.get_by_label("Target year").fill("2030")
    form.get_by_label("Reduction (%)").fill("50")
    form.get_by_label("Source").fill("council decision 2024")
    form.get_by_role("button", name="Set the target from the inventory").click()
    expect(page.locator("#gap")).to_contain_text("from the 2023 inventory")
    adding = page.locator("#add-measure")
    adding.get_by_label("Title").fill("Heat pumps in municipal buildings")
    adding.get_by_label("Field of action").select_option("buildings_municipal")
    adding.get_by_label("Instrument").select_option("own_operations")
    adding.get_by_label("Start").fill("2025-01-01")
    adding.get_by_label("End").fill("2027-12-31")
    adding.get_by_label("Expected t CO2e/yr").fill("40")
    adding.get_by_role("button", name="Add").click()
    expect(page.locator("#notice")).to_have_text("Measure added")
    gap = page.locator("#gap").inner_text()
    _shot(page, "officer-5-plan", at="#gap")
    page.goto(f"/cities/{heidelberg}/benchmark")
    expect(page.locator("#target")).to_contain_text(gap)
    _shot(page, "officer-6-benchmark", at="#target")

    # Wednesday: a partner city, proposed from a suggestion; its editor accepts on My city.
    page.goto(f"/cities/{heidelberg}/partners")
    first = page.locator("#suggestions > li").first
    partner_name = first.locator("a").first.inner_text()
    _shot(page, "officer-7-partners")
    first.get_by_role("link", name=re.compile("^Propose a partnership")).click()
    proposal = page.locator("#propose")
    partner_id = int(
        proposal.get_by_label("Partner cities (names or ids, separated by commas)").input_value()
    )
    proposal.get_by_role("button", name="Propose").click()
    expect(page.locator("#partnership-status")).to_contain_text("proposed")
    with world.db.write() as session:
        accounts.grant_role(session, OPERATOR, world.users["plain_user"], Role.CITY_EDITOR, partner_id)
    invited = chromium.new_context(base_url=server, locale="en-US", viewport={"width": 1100, "height": 900})
    other = invited.new_page()
    _log_in(other, "plain_user")
    expect(other.locator("#invitation-notice")).to_contain_text("1 open invitation to a partnership")
    _shot(other, "officer-8-invitation")
    other.locator("#invitations li").first.get_by_role("button", name=f"Accept for {partner_name}").click()
    expect(other.locator("#partnership-status")).to_contain_text("accepted")
    invited.close()


def test_a_secretariats_round(page: Page, world: World) -> None:
    page.set_viewport_size({"width": 1100, "height": 900})
    _log_in(page, "c40_secretariat")
    page.goto("/networks/c40")
    _shot(page, "secretariat-1-network")
    page.get_by_role("link", name="Groups of similar members").click()
    expect(page.locator("#weights form").first).to_be_visible()
    _shot(page, "secretariat-2-groups")
    page.goto("/networks/c40")
    page.locator("#benchmark-rounds").click()
    page.get_by_label("Title").fill("Autumn 2026")
    page.get_by_role("button", name="Run a benchmark round now").click()
    expect(page.locator("h1")).to_have_text("Autumn 2026")
    expect(page.locator("#round-results")).to_contain_text("Kyoto")
    _shot(page, "secretariat-3-round")


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("de", "Menge: geben Sie eine Zahl ein, etwa 1250.5"),
        ("ja", "量: 1250.5 のような数値を入力してください"),
    ],
)
def test_a_bad_amount_in_german_and_japanese(page: Page, world: World, lang: str, message: str) -> None:
    """The same refusal in the reader's language, at the field, the typed values kept."""
    inventory_id = new_inventory(world, year=2022, rows=[])
    _log_in(page, "heidelberg_editor")
    page.goto(f"/inventories/{inventory_id}?lang={lang}")
    row = page.locator("#add-activity")
    row.locator("select[name=gpc_ref]").select_option("I.1.1")
    row.locator("input[name=fuel]").fill("Natural Gas")
    row.locator("input[name=amount]").fill("zwölf")
    row.locator("button[type=submit]").click()
    expect(page.locator(".error-summary")).to_contain_text(message)
    expect(row.locator("input[name=amount]")).to_have_attribute("aria-invalid", "true")
    expect(row.locator("input[name=fuel]")).to_have_value("Natural Gas")
    expect(page.locator("main")).not_to_contain_text("body.")
