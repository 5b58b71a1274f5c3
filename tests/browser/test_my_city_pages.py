"""In a real browser: Heidelberg's officer lands on My city, proposes a partnership from a suggestion
of the partners page (the form comes filled in), and the invited city's editor accepts it from its own
My city page. The menu folds behind "Menu" at 390 px and opens by keyboard."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from citypact.domain.access import Role
from citypact.services.auth import accounts
from tests.browser.test_inventory_pages import _log_in
from tests.conftest import OPERATOR, World


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width} px wide at 390 px"


def test_propose_from_a_suggestion_and_the_invited_city_accepts_on_my_city(
    page: Page, chromium: Browser, server: str, world: World
) -> None:
    _log_in(page, "heidelberg_editor")
    expect(page).to_have_url(re.compile(r"/my$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My city: Heidelberg")
    page.get_by_role("link", name="Find partner cities").click()
    first = page.locator("#suggestions > li").first
    partner_name = first.locator("a").first.inner_text()
    first.get_by_role("link", name=re.compile("^Propose a partnership")).click()
    form = page.locator("#propose")
    expect(form.locator("#prefilled")).to_contain_text(partner_name)
    partner_id = int(form.get_by_label("Partner cities (names or ids, separated by commas)").input_value())
    assert form.get_by_label("Description").input_value().strip()  # the suggestion's reasons
    form.get_by_role("button", name="Propose").click()
    expect(page).to_have_url(re.compile(r"/partnerships/\d+\?done=partnership_proposed$"))
    expect(page.locator("#partnership-status")).to_contain_text("proposed")
    partnership = page.url.split("?")[0]

    # An editor of the suggested city (the test data has none yet: give one the role).
    with world.db.write() as session:
        accounts.grant_role(session, OPERATOR, world.users["plain_user"], Role.CITY_EDITOR, partner_id)
    invited = chromium.new_context(base_url=server, locale="en-US")
    other = invited.new_page()
    _log_in(other, "plain_user")
    expect(other).to_have_url(re.compile(r"/my$"))
    expect(other.locator("#invitation-notice")).to_contain_text("1 open invitation to a partnership")
    card = other.locator("#invitations li").first
    expect(card).to_contain_text("proposed by Heidelberg")
    card.get_by_role("button", name=f"Accept for {partner_name}").click()
    expect(other).to_have_url(partnership + "#status")
    expect(other.locator("#partnership-status")).to_contain_text("accepted")
    other.goto("/my")
    expect(other.locator("#invitations")).to_contain_text("No open invitations.")
    invited.close()


def test_the_menu_at_390_px_by_keyboard(chromium: Browser, server: str) -> None:
    context = chromium.new_context(base_url=server, locale="en-US", viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto("/")
    _no_sideways_scroll(page)
    menu = page.locator("details.main-menu")
    expect(menu.get_by_role("link", name="Study tours")).to_be_hidden()
    menu.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(menu.get_by_role("link", name="Study tours")).to_be_visible()
    page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name="Cities")).to_be_focused()
    _no_sideways_scroll(page)
    context.close()
