"""An officer in a real browser: finds partner cities from the city page, states a need for
technical cooperation and sees the city that offers it; then plans a City Climate Tour."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World


def test_officer_finds_partners_and_cooperation(page: Page, world: World) -> None:
    heidelberg, kyoto = world.city["Heidelberg"], world.city["Kyoto"]
    _log_in(page, "kyoto_editor")
    page.goto(f"/cities/{kyoto}/partners?goal=cooperation")
    offer = page.locator("#cooperation-form")
    offer.get_by_label("Offer or need").select_option("offer")
    offer.get_by_label("Field of action").select_option("transport")
    offer.get_by_label("Type of support").select_option("training")
    offer.get_by_label("What, in a sentence").fill("Bus rapid transit know-how")
    offer.get_by_role("button", name="Add").click()
    expect(page.locator("#cooperation-items")).to_contain_text("Bus rapid transit know-how")

    _log_in(page, "heidelberg_editor")
    page.goto(f"/cities/{heidelberg}")
    page.get_by_role("link", name="Find partner cities").click()
    page.get_by_label("neighbours for work in our area").check()
    page.get_by_role("button", name="Find partners").click()
    expect(page.locator("#suggestions li").first).to_contain_text("Cologne")
    expect(page.locator("#suggestions li").first).to_contain_text("km apart")

    page.get_by_label("technical cooperation: offers of expertise for our needs").check()
    page.get_by_role("button", name="Find partners").click()
    need = page.locator("#cooperation-form")
    need.get_by_label("Offer or need").select_option("need")
    need.get_by_label("Field of action").select_option("transport")
    need.get_by_label("Type of support").select_option("training")
    need.get_by_role("button", name="Add").click()
    expect(page.locator("#cooperation-matches")).to_contain_text("Kyoto")


def test_reader_plans_a_city_climate_tour(page: Page, world: World) -> None:
    ids = ",".join(str(world.city[c]) for c in ("Heidelberg", "Munich", "Cologne"))
    page.goto(f"/tours?cities={ids}")
    rows = page.locator("table tbody tr")
    expect(rows.first).to_contain_text("Heidelberg")
    expect(page.locator("body")).to_contain_text("667")  # km in total: Heidelberg, Cologne, Munich
    expect(page.locator("svg").first).to_be_visible()
