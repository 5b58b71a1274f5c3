"""The credit pages in real Chromium: at a phone's width (390 px) and a desktop's no page scrolls
sideways and axe-core finds no serious violation; a city's editor retires credits by keyboard
alone, is refused the offset from its own project at the field, and the record reads in Japanese."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_accessibility import DESKTOP, PHONE, _problems
from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World
from tests.credits_fixture import credit_world


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_credit_pages_fit_and_pass_axe(
    chromium: Browser, server: str, world: World, viewport: dict[str, int]
) -> None:
    made = credit_world(world)
    axe = Axe()
    context = chromium.new_context(base_url=server, locale="en-US", viewport=viewport)  # type: ignore[arg-type]
    page = context.new_page()
    problems: list[str] = []
    public = (
        f"/cities/{world.city['Heidelberg']}/credits",
        f"/credits/retirements/{made.heidelberg_retirement}",
        f"/credits/retirements/{made.kyoto_retirement}/certificate",
    )
    for path in public:
        page.goto(path)
        problems += _problems(page, axe, path)
    _log_in(page, "heidelberg_editor")
    block = f"/credits/blocks/{made.heidelberg_held}"
    for path in (
        "/credits/accounts",
        f"/credits/accounts/{made.heidelberg_account}",
        block,
        block + "/cancel",
    ):
        page.goto(path)
        problems += _problems(page, axe, path)
    context.close()
    assert not problems, "\n".join(problems)


def test_retiring_by_keyboard_with_the_offset_refused_at_the_field(page: Page, world: World) -> None:
    made = credit_world(world)
    _log_in(page, "kyoto_editor")
    page.goto(f"/credits/blocks/{made.kyoto_held}")
    page.locator("#retire-quantity").focus()
    page.keyboard.type("12")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("name", "use")
    page.keyboard.press("Home")  # own_target, the first option
    page.keyboard.press("Tab")
    page.keyboard.type("Kyoto citizens")
    page.keyboard.press("Tab")
    page.keyboard.type("pledge week")
    page.keyboard.press("Tab")
    page.keyboard.type("2026")
    page.keyboard.press("Enter")
    expect(page.locator("#retire-use-error")).to_contain_text("inside your city's boundary")
    expect(page.locator("#retire-beneficiary")).to_have_value("Kyoto citizens")
    page.locator("#retire-use").select_option("on_behalf")
    page.locator("#retire-claim-year").press("Enter")  # the year was kept as typed
    expect(page.get_by_role("status")).to_contain_text("Credits retired")
    page.goto(page.url.split("?")[0] + "?lang=ja")
    expect(page.locator("#claim")).to_contain_text("温室効果ガスインベントリを減らすものではありません")
