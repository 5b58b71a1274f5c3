"""A network secretariat in a real browser: from the network page to its groups and a benchmark
round it runs, and back to that round from the network page."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World


def test_a_secretariat_runs_and_opens_a_benchmark_round(page: Page, world: World) -> None:
    _log_in(page, "c40_secretariat")
    page.goto("/networks/c40")
    expect(page).to_have_title("C40 Cities · citypact")
    page.get_by_role("link", name="Groups of similar members").click()
    expect(page).to_have_title("Groups of similar members · C40 Cities · citypact")
    expect(page.locator("#weights form").first).to_be_visible()

    page.goto("/networks/c40")
    page.locator("#benchmark-rounds").click()
    page.get_by_label("Title").fill("Spring 2027")
    page.get_by_role("button", name="Run a benchmark round now").click()
    expect(page.locator("h1")).to_have_text("Spring 2027")
    expect(page.locator("#round-results tbody tr")).to_have_count(2)  # Kyoto and Portland
    expect(page.locator("#round-results")).to_contain_text("Kyoto")

    page.goto("/networks/c40")
    page.locator("#network-rounds").get_by_role("link", name="Spring 2027").click()
    expect(page.locator("h1")).to_have_text("Spring 2027")
