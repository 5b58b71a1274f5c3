"""Bids, evaluation and award in a real browser at a phone's width (390 px): a supplier seals a bid
(a bad price is refused at its field and the form keeps it), the lead city's officer opens the bids
after the deadline, evaluates with a CO2 price, publishes and awards, and the public reads the award
notice; no page scrolls sideways or has a serious axe violation."""

from __future__ import annotations

import datetime as dt
import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, expect

from citypact.services.procurement import bids
from tests.browser.conftest import SECRET_KEY
from tests.browser.test_accessibility import PHONE, _problems
from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World
from tests.procurement_bids_fixture import DIESEL, ELECTRIC, tender

PAST_DUE = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)


def test_a_supplier_seals_a_bid_on_a_phone(chromium: Browser, server: str, world: World) -> None:
    t = tender(world, bids_due=dt.datetime.now(dt.UTC) + dt.timedelta(days=365))
    page = chromium.new_context(base_url=server, locale="en-US", viewport=PHONE).new_page()  # type: ignore[arg-type]
    axe = Axe()
    _log_in(page, "busbau_seller")
    page.goto(f"/procurements/{t.procurement_id}/bids")
    problems = _problems(page, axe, page.url)
    page.get_by_label("Bidding for").select_option(label="Busbau GmbH")
    page.get_by_label("Price for the lot's whole quantity").fill("9.000.000,5")
    page.get_by_label("Lifetime in years").fill("12")
    page.get_by_role("button", name="Seal and send the bid").click()
    price = page.get_by_label("Price for the lot's whole quantity")
    expect(price).to_have_attribute("aria-invalid", "true")
    expect(price).to_have_value("9.000.000,5")
    problems += _problems(page, axe, "the refused bid")
    price.fill("9000000.50")
    price.press("Enter")  # sent by keyboard
    expect(page.locator("main")).to_contain_text("sealed")
    expect(page.locator("main")).not_to_contain_text("9000000.5")  # the figure stays sealed
    assert problems == []


def test_the_lead_opens_evaluates_and_awards_on_a_phone(chromium: Browser, server: str, world: World) -> None:
    t = tender(world, bids_due=PAST_DUE)
    for who, org, values in (("busbau_seller", t.busbau, DIESEL), ("elektro_seller", t.elektro, ELECTRIC)):
        with world.db.write() as session:
            bids.submit_bid(
                session, world.actor(who), t.procurement_id, t.lot_id, org, values,
                secret_key=SECRET_KEY, now=PAST_DUE - dt.timedelta(days=1),
            )  # fmt: skip
    context = chromium.new_context(base_url=server, locale="en-US", viewport=PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    axe = Axe()
    _log_in(page, "heidelberg_editor")
    page.goto(f"/procurements/{t.procurement_id}/bids")
    page.get_by_role("button", name="Open the bids (recorded)").click()
    expect(page.locator("main")).to_contain_text("Elektro AG")
    problems = _problems(page, axe, "the opened bids")

    page.get_by_label("Method").select_option(value="lcc-co2")
    page.get_by_label("Or a constant CO₂ price per tonne").fill("3000")
    page.get_by_label("Discount rate (0.03 is 3 %)").fill("0")
    page.get_by_role("button", name="Evaluate (recorded)").click()
    expect(page).to_have_url(re.compile(r"/procurement-evaluations/\d+\?done=evaluation_stored$"))
    expect(page.locator("figure svg").first).to_be_visible()
    problems += _problems(page, axe, "the draft evaluation")
    page.get_by_role("button", name="Publish (it will not change afterwards)").click()
    expect(page.locator("main")).to_contain_text("frozen")
    page.get_by_label("Awarded on").fill("2025-04-01")
    page.get_by_role("button", name="Award the lot to the first of the ranking").click()
    expect(page).to_have_url(re.compile(rf"/procurements/{t.procurement_id}/notice"))
    problems += _problems(page, axe, "the award notice")

    public = chromium.new_context(base_url=server, locale="de-DE", viewport=PHONE).new_page()  # type: ignore[arg-type]
    public.goto(f"/procurements/{t.procurement_id}/notice")
    expect(public.locator("main")).to_contain_text("Elektro AG")
    expect(public.locator("main")).not_to_contain_text("Busbau")  # the losing bid is not published
    assert problems == []
