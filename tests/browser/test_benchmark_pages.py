"""A reader in a real browser: opens a city's benchmark from its page, sees the charts, compares with
the cities of the same country instead through the form, and downloads the PDF report."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.conftest import World
from tests.web.test_benchmark_pages import benchmarked


def test_reader_compares_and_downloads_the_report(page: Page, world: World, tmp_path: Path) -> None:
    benchmarked(world, tmp_path)
    heidelberg = world.city["Heidelberg"]
    page.goto(f"/cities/{heidelberg}")
    page.get_by_role("link", name="Benchmark: compared with similar cities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Benchmark of Heidelberg")
    for chart in ("scatter-chart", "trend-chart", "radar-chart", "heatmap-chart"):
        image = page.locator(f"#{chart} img")
        expect(image).to_be_visible()
        # The browser fetched and drew the SVG: an image that failed has no natural width.
        page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert "Sapporo" in _chart_text(page, "scatter-chart")
    expect(page.locator("#performance")).to_contain_text("than cities under its framework conditions")
    expect(page.locator("table.peers tbody tr")).to_have_count(5)

    page.get_by_label("Same country").check()
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(re.compile(r"peers=country"))
    expect(page.locator("table.peers tbody tr")).to_have_count(2)
    expect(page.locator("table.peers")).to_contain_text("Munich")
    assert "Cologne" in _chart_text(page, "trend-chart")

    with page.expect_download() as downloading:
        page.locator("#pdf-link").click()
    download = downloading.value
    assert download.suggested_filename.endswith(".pdf")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF") and saved.stat().st_size > 20_000


def _chart_text(page: Page, chart: str) -> str:
    src = page.locator(f"#{chart} img").get_attribute("src")
    assert src is not None
    return page.request.get(src).text()
