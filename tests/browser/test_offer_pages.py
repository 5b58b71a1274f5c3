"""Business matchmaking in real Chromium: a provider publishes an offer; a city's editor finds it
from the city's needs and writes to the provider; the provider reads it in the inbox and replies.
At a phone's width (390 px) and a desktop's no page scrolls sideways and axe-core finds no serious
violation."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_accessibility import DESKTOP, PHONE, _problems
from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World
from tests.offers_fixture import offer_world


def _log_out(page: Page) -> None:
    page.context.clear_cookies()


def test_provider_publishes_city_writes_provider_replies(page: Page, world: World) -> None:
    ow = offer_world(world)
    heidelberg = world.city["Heidelberg"]
    _log_in(page, "provider_person")
    page.goto("/offers")
    page.get_by_role("link", name="List an offer of Neckar Licht GmbH").click()
    page.get_by_label("Title").fill("Electric bus depot chargers")
    page.get_by_label("Kind of offer").select_option("service")
    page.get_by_label("Transport and mobility").check()
    page.get_by_label("Countries served").fill("DE, AT")
    page.get_by_label("Languages").fill("de, en")
    page.get_by_role("button", name="Save the offer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Electric bus depot chargers")
    page.get_by_role("button", name="Publish the offer").click()
    expect(page.locator("#status h2")).to_contain_text("published")
    _log_out(page)

    _log_in(page, "heidelberg_editor")
    page.goto(f"/cities/{heidelberg}/offers")
    need = page.locator(f"#need-cooperation_need-{ow.transport_need}")
    expect(need).to_contain_text("Electric bus depot chargers")
    need.get_by_role("link", name="contact the provider").click()
    page.get_by_label("Message").fill("We electrify our bus depot in 2027: could you advise us?")
    page.get_by_role("button", name="Send the message").click()
    expect(page.locator("#messages")).to_contain_text("could you advise us?")
    _log_out(page)

    _log_in(page, "provider_person")
    page.goto("/messages")
    expect(page.locator("#conversations")).to_contain_text("Heidelberg")
    page.locator("#conversations a").first.click()
    expect(page.locator("#messages")).to_contain_text("could you advise us?")
    page.get_by_label("Your reply").fill("Gladly: shall we meet in March?")
    page.get_by_role("button", name="Send the reply").click()
    expect(page.locator("#messages")).to_contain_text("shall we meet in March?")
    expect(page.locator("body")).not_to_contain_text("heidelberg_editor@test.example")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_offer_pages_fit_and_pass_axe(
    chromium: Browser, server: str, world: World, viewport: dict[str, int]
) -> None:
    ow = offer_world(world)
    from citypact.services.matchmaking import messages

    with world.db.write() as session:
        conv = messages.start_conversation(
            session, world.actor("heidelberg_editor"), ow.led_offer, world.city["Heidelberg"], subject="LED",
            body="Hello",
        ).id  # fmt: skip
    axe = Axe()
    context = chromium.new_context(base_url=server, locale="en-US", viewport=viewport)  # type: ignore[arg-type]
    page = context.new_page()
    _log_in(page, "provider_person")
    problems: list[str] = []
    for path in (
        "/offers",
        f"/offers/{ow.led_offer}",
        f"/offers/{ow.led_offer}/edit",
        f"/organisations/{ow.provider}/offers/new",
        f"/offers/{ow.led_offer}/references/{ow.reference}/remove",
        "/messages",
        f"/messages/{conv}",
    ):
        page.goto(path)
        problems += _problems(page, axe, path)
    context.clear_cookies()
    _log_in(page, "heidelberg_editor")
    for path in (f"/cities/{world.city['Heidelberg']}/offers", f"/offers/{ow.led_offer}"):
        page.goto(path)
        problems += _problems(page, axe, path)
    context.close()
    assert not problems, "\n".join(problems)
