"""The "try the method" page in Chromium at 390 px: no sideways scroll, and the form sent by keyboard
shows the ranking and the sensitivity chart."""

from __future__ import annotations

from playwright.sync_api import Browser, expect


def test_the_try_page_at_390_px_by_keyboard(chromium: Browser, server: str) -> None:
    context = chromium.new_context(base_url=server, locale="en-US", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto("/procurement/try")
    page.locator("#try-template").focus()
    page.keyboard.press("End")  # the last template: renewable vs grid electricity
    page.locator("#try-schedule").select_option("shipped/de-behg/2024")
    page.get_by_role("button", name="Evaluate", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("table.ranking")).to_be_visible()
    expect(page.locator("table.ranking tbody tr").first).to_contain_text(
        "Renewable with guarantees of origin"
    )
    expect(page.locator("figure.chart svg")).to_be_visible()
    width = page.evaluate(
        "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )
    assert width[0] <= width[1], f"the try page scrolls sideways at 390 px: {width}"
    context.close()
