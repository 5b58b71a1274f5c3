"""A climate officer in a real browser: finds a case in Japanese, sets the city's target, adopts a
catalogue measure with a milestone, and sees the wedge chart; a bad value is refused by name."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World
from tests.factories import reported_inventory, seed_library


def test_officer_builds_the_plan(page: Page, world: World) -> None:
    seed_library(world)
    page.goto("/cases")
    page.get_by_label("Search").fill("街路灯")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#case-count")).to_have_text("1 case")
    page.get_by_role("link", name="LED street lights city-wide").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("LED street lights city-wide")

    heidelberg = world.city["Heidelberg"]
    _log_in(page, "heidelberg_editor")
    page.goto(f"/cities/{heidelberg}")
    page.get_by_role("link", name="Climate action plan").click()
    form = page.locator("#target-form")
    form.get_by_label("Base year").fill("2020")
    form.get_by_label("Base-year emissions (t CO2e)").fill("1000000")
    form.get_by_label("Target year").fill("2030")
    form.get_by_label("Reduction (%)").fill("50")
    form.get_by_label("Source").fill("council decision 2021")
    form.get_by_role("button", name="Save target").click()
    expect(page.locator("#wedge-chart svg")).to_be_visible()

    adding = page.locator("#add-measure")
    adding.get_by_label("From the catalogue").select_option("led_street_lighting")
    adding.get_by_label("Start").fill("2022-01-01")
    adding.get_by_label("Expected t CO2e/yr").fill("100000")
    adding.get_by_role("button", name="Add").click()
    expect(page.locator("table.plan")).to_contain_text("LED street lighting")
    expect(page.locator("#gap")).to_contain_text("400,000")

    page.get_by_label("Milestone").fill("Tender published")
    page.get_by_label("Due").fill("2021-06-01")  # before the start: refused, naming the field
    page.get_by_role("button", name="Add milestone").click()
    expect(page.locator(".field-error")).to_contain_text("the milestone is due before the measure starts")
    expect(page.get_by_label("Milestone")).to_have_value("Tender published")  # kept as typed


def test_target_from_the_inventory_and_the_same_gap_on_plan_and_benchmark(page: Page, world: World) -> None:
    reported_inventory(world, "Heidelberg", 2021, 800_000, 160_000)
    reported_inventory(world, "Heidelberg", 2022, 720_000, 160_000)
    for city, population in (("Munich", 1_470_000), ("Cologne", 1_000_000)):
        reported_inventory(world, city, 2022, 7.0 * population, population)
    heidelberg = world.city["Heidelberg"]
    _log_in(page, "heidelberg_editor")
    page.goto(f"/cities/{heidelberg}/plan")
    form = page.locator("#target-from-inventory")
    form.get_by_label("Base year and emissions from the inventory of").select_option("2021")
    form.get_by_label("Target year").fill("2025")
    form.get_by_label("Reduction (%)").fill("50")
    form.get_by_label("Source").fill("council decision 2023")
    form.get_by_role("button", name="Set the target from the inventory").click()
    expect(page.locator("#gap")).to_contain_text("from the 2021 inventory")

    adding = page.locator("#add-measure")
    adding.get_by_label("Title").fill("Heat pumps")
    adding.get_by_label("Field of action").select_option("buildings_residential")
    adding.get_by_label("Instrument").select_option("fiscal")
    adding.get_by_label("Start").fill("2023-01-01")
    adding.get_by_label("End").fill("2024-12-31")
    adding.get_by_label("Expected t CO2e/yr").fill("50000")
    adding.get_by_label("Funding source").select_option("eu_grant")
    adding.get_by_label("GPC sector it reduces").select_option("I")
    adding.get_by_label("Health").check()
    adding.get_by_role("button", name="Add").click()
    gap = page.locator("#gap")
    expect(gap).to_contain_text("That is 3% above the path.")
    expect(gap).to_contain_text("270,000 t CO₂e to find by 2025")
    on_plan = gap.inner_text()
    expect(page.locator("table.plan")).to_contain_text("Funding: EU grant")

    page.goto(f"/cities/{heidelberg}/benchmark")
    expect(page.locator("#target")).to_contain_text(on_plan)
