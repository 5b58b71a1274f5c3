"""Two climate officers in a real browser: Heidelberg's proposes a partnership to Kyoto from the city
page, Kyoto's accepts and signs, Heidelberg's signs, both see it declared, and the declaration comes
as a PDF."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World


def test_two_cities_propose_accept_sign_and_declare(
    page: Page, chromium: Browser, server: str, world: World, tmp_path: Path
) -> None:
    heidelberg = world.city["Heidelberg"]
    _log_in(page, "heidelberg_editor")
    page.goto(f"/cities/{heidelberg}")
    page.get_by_role("link", name="Partnerships with other cities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partnerships of Heidelberg")
    form = page.locator("#propose")
    form.get_by_label("Title", exact=True).fill("Heat planning: Heidelberg and Kyoto")
    form.get_by_label("Kind").select_option("peer")
    form.get_by_label("Partner cities (names or ids, separated by commas)").fill("Kyoto")
    form.get_by_role("button", name="Propose").click()
    expect(page).to_have_url(re.compile(r"/partnerships/\d+\?done=partnership_proposed$"))
    expect(page.locator("#partnership-status")).to_contain_text("proposed")
    url = page.url.split("?")[0]
    page.locator("#add-goal").get_by_label("Goal").fill("A municipal heat plan in each city by 2027")
    page.get_by_role("button", name="Add goal").click()
    expect(page.locator("#goals")).to_contain_text("A municipal heat plan")

    kyoto = chromium.new_context(base_url=server, locale="en-US")
    other = kyoto.new_page()
    _log_in(other, "kyoto_editor")
    other.goto(url)
    expect(other.get_by_role("button", name="Accept for Heidelberg")).to_have_count(0)  # own city only
    other.get_by_role("button", name="Accept for Kyoto").click()
    expect(other.locator("#partnership-status")).to_contain_text("accepted")
    other.get_by_role("button", name="Sign for Kyoto").click()
    expect(other.locator(f"#member-{world.city['Kyoto']}")).not_to_contain_text("not yet")
    expect(other.locator("#partnership-status")).to_contain_text("accepted")

    page.goto(url)
    signing = page.locator(f"#sign-{heidelberg}")
    signing.get_by_label("Signed by").fill("Mayor of Heidelberg")
    signing.get_by_role("button", name="Sign for Heidelberg").click()
    expect(page.locator("#partnership-status")).to_contain_text("declared")
    expect(page.locator(f"#member-{heidelberg}")).to_contain_text("Mayor of Heidelberg")
    other.reload()
    expect(other.locator("#partnership-status")).to_contain_text("declared")
    kyoto.close()

    with page.expect_download() as downloading:
        page.locator("#declaration-pdf").click()
    download = downloading.value
    assert download.suggested_filename.endswith(".pdf")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
