"""An officer in a real browser downloads the template, imports it with one bad row, sees that row
refused (and nothing else lost), downloads the refused rows, then imports the good file; with our
progress script and without JavaScript (the plain form post)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World
from tests.factories import new_inventory

GAS = {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000.0, "unit": "MWh"}


@pytest.fixture(params=[True, False], ids=["script", "no-script"])
def tab(request: pytest.FixtureRequest, chromium: Browser, server: str) -> Iterator[tuple[Page, bool]]:
    """A page with JavaScript on or off, and which."""
    context = chromium.new_context(base_url=server, locale="en-US", java_script_enabled=request.param)
    yield context.new_page(), request.param
    context.close()


def _download(page: Page, link: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link).click()
    return Path(info.value.path()).read_bytes()


def test_template_with_a_bad_row_is_refused_and_nothing_is_lost(
    tab: tuple[Page, bool], world: World, tmp_path: Path
) -> None:
    page, script = tab
    inventory_id = new_inventory(world, year=2022, rows=[GAS])  # one row typed by hand
    _log_in(page, "heidelberg_editor")
    page.goto(f"/inventories/{inventory_id}")
    expect(page.locator("table.rows tbody tr")).to_have_count(1)
    expect(page.get_by_label("Replace all rows")).not_to_be_checked()

    template = _download(page, "CSV template").decode("utf-8-sig")
    header, example = list(csv.reader(io.StringIO(template)))
    assert header[:4] == ["gpc_ref", "fuel", "amount", "unit"] and example[header.index("year")] == "2022"
    other_year = [
        ("2021" if column == "year" else value) for column, value in zip(header, example, strict=True)
    ]
    bad = tmp_path / "activities.csv"
    with bad.open("w", newline="") as handle:
        csv.writer(handle).writerows([header, example, other_year])
    page.locator("#import").get_by_label("File").set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Import into the 2022 inventory")
    expect(page.locator("#import-refused")).to_contain_text("Nothing was imported")
    expect(page.locator("#import-refused")).to_contain_text("The inventory keeps its 1 row as it was.")
    problem = page.locator("#import-problems tbody tr")
    expect(problem).to_have_count(1)
    expect(problem).to_contain_text("3year")
    expect(problem).to_contain_text("the row is of 2021, this inventory of 2022")
    # With the script the page was replaced in place; without it the form posted as usual.
    expect(page).to_have_url(re.compile(r"\?imported=1$" if script else r"/import$"))

    refused = list(
        csv.reader(
            io.StringIO(_download(page, "Download the refused rows (CSV, with a reason column)").decode())
        )
    )
    assert refused[0] == [*header, "reason"]
    assert refused[1][header.index("year")] == "2021"
    assert refused[1][-1].startswith("row 3, column 'year': the row is of 2021")

    page.get_by_role("link", name="Back to the inventory").click()
    expect(page.locator("table.rows tbody tr")).to_have_count(1)  # nothing else lost

    good = tmp_path / "template.csv"
    good.write_text(template, encoding="utf-8")
    page.locator("#import").get_by_label("File").set_input_files(str(good))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-done")).to_contain_text("1 row added.")
    expect(page.locator("#import-done")).to_contain_text("The inventory now holds 2 rows.")
    page.get_by_role("link", name="Back to the inventory").click()
    expect(page.locator("table.rows tbody tr")).to_have_count(2)
