"""The whole story of a Local Green Deal in real Chromium, through the pages only (issue 18): a
stakeholder registers their organisation and the city's editor confirms it; the stakeholder proposes
an idea in the House of Change and their organisation says it would join; three reviewers look at it
as dreamer, realist and critic; the editor makes it ready and turns it into a deal with the
organisation as party; the stakeholder commits with a KPI; both sign; the deal is implemented; the
stakeholder reports a KPI value; and the public, logged out, reads the deal page in German.

The accounts are made as the operator makes them (`citypact user create`): the platform has no
self-service sign-up page."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World
from tests.factories import user

REVIEWS = {
    "dreamer": {"could_become": "every school roof a power plant", "who_benefits": "pupils and the city"},
    "realist": {"steps": "survey the roofs, tender, build", "resources_costs": "EUR 1.2 million"},
    "critic": {"risks": "roof statics", "must_be_true": "the roofs carry the panels"},
}


def _as(chromium: Browser, server: str, who: str | None) -> tuple[BrowserContext, Page]:
    """A fresh browser of `who` (logged in) or of the public (None)."""
    context = chromium.new_context(base_url=server, locale="en-US")
    page = context.new_page()
    if who is not None:
        _log_in(page, who)
        page.goto("/account")
        expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return context, page


def test_a_green_deal_from_registration_to_the_german_public_page(
    chromium: Browser, server: str, world: World
) -> None:
    with world.db.write() as session:
        for name in ("stakeholder", "dreamer", "realist", "critic"):
            user(session, name=name)
    hd = world.city["Heidelberg"]
    today = dt.datetime.now(dt.UTC).date().isoformat()

    # The stakeholder registers the organisation from the city's page.
    stake, s = _as(chromium, server, "stakeholder")
    s.goto(f"/cities/{hd}")
    s.locator("#organisations-link").click()
    s.locator("#register-link").click()
    s.get_by_label("Name of the organisation").fill("Neckar Solar eG")
    s.get_by_label("Type").select_option("utility")
    s.get_by_label("Sector").fill("energy supply")
    s.get_by_label("Contact e-mail").fill("info@neckar-solar.example")
    s.get_by_label("Your position in it").fill("board member")
    s.get_by_role("button", name="Register the organisation").click()
    expect(s.locator("#organisation-status")).to_contain_text("waiting for the city's confirmation")
    org_url = s.url

    # The city's editor confirms it from the queue.
    city, e = _as(chromium, server, "heidelberg_editor")
    e.goto(f"/cities/{hd}/organisations")
    e.locator("#queue-link").click()
    e.get_by_role("button", name="Confirm it Neckar Solar eG").click()
    expect(e.locator("#registrations")).to_contain_text("No organisations wait for a decision.")

    # Confirmed, the stakeholder proposes an idea for the organisation and says it would join.
    s.goto(org_url)
    expect(s.locator("#organisation-status")).to_have_count(0)
    s.goto(f"/cities/{hd}")
    s.locator("#ideas-link").click()
    s.get_by_label("Title of the idea").fill("Solar roofs on every school")
    s.get_by_label("What is the idea?").fill("Photovoltaics on the roofs of the city's schools.")
    s.get_by_label("Action field of the European Green Deal").select_option("clean_energy")
    s.get_by_label("Proposed by").select_option(label="Neckar Solar eG")
    s.get_by_role("button", name="Propose the idea").click()
    expect(s.locator("h1")).to_have_text("Solar roofs on every school")
    idea_url = s.url
    s.locator("#support-form").get_by_role("button", name="We would join").click()
    expect(s.locator("#support")).to_contain_text("Neckar Solar eG")

    # The editor, as facilitator, takes it into review; three reviewers give their views.
    e.goto(idea_url)
    e.locator("#move-form").get_by_label("Next step of the idea").select_option("in_review")
    e.get_by_role("button", name="Take the step").click()
    expect(e.locator("#idea-status")).to_contain_text("in review")
    for role, answers in REVIEWS.items():
        context, r = _as(chromium, server, role)
        r.goto(idea_url)
        form = r.locator(f"#review-form-{role}")
        for question, text in answers.items():
            form.locator(f"textarea[name={question}]").fill(text)
        form.get_by_role("button", name="Save the review").click()
        expect(r.locator(f"#role-{role}")).to_contain_text(next(iter(answers.values())))
        context.close()

    # Ready, then a deal with the organisation as party.
    e.goto(idea_url)
    expect(e.locator("#missing-roles")).to_have_count(0)
    e.locator("#move-form").get_by_label("Next step of the idea").select_option("ready")
    e.get_by_role("button", name="Take the step").click()
    e.locator("#ready-hint a").click()
    expect(e.get_by_label("Neckar Solar eG")).to_be_checked()
    e.get_by_role("button", name="Create the draft deal").click()
    expect(e).to_have_url(re.compile(r"/deals/\d+"))
    deal_url = e.url
    expect(e.locator("#parties")).to_contain_text("Neckar Solar eG")

    # The stakeholder finds the deal on the organisation's page and commits with a KPI.
    s.goto(org_url)
    s.locator("#deals").get_by_role("link", name="Solar roofs on every school").click()
    s.get_by_role("link", name="Add a commitment of Neckar Solar eG").click()
    s.get_by_label("What the party commits to").fill("Photovoltaics on 12 school roofs")
    s.get_by_label("Indicator (KPI)").fill("installed peak power")
    s.get_by_label("Unit of the indicator").fill("kWp")
    s.get_by_label("Baseline value").fill("0")
    s.get_by_label("Baseline year").fill("2025")
    s.get_by_label("Target value").fill("400")
    s.get_by_label("Target year").fill("2030")
    s.get_by_role("button", name="Save the commitment").click()
    expect(s.locator("#parties")).to_contain_text("installed peak power")

    # Negotiation: both sign; the last signature signs the deal; the city makes parts public and
    # starts the implementation.
    e.goto(deal_url)
    e.get_by_role("button", name="Move to: negotiating").click()
    for page, who, name, title in ((s, "Neckar Solar eG", "Erika Muster", "board member"),
                                   (e, "Heidelberg", "Eckart Würzner", "Mayor")):  # fmt: skip
        page.goto(deal_url)
        form = page.locator("form", has=page.get_by_role("heading", name=f"Sign for {who}"))
        form.get_by_label("Signatory's name").fill(name)
        form.get_by_label("Signatory's position").fill(title)
        form.get_by_label("Date of signing").fill(today)
        form.get_by_role("button", name="Sign").click()
        expect(page.locator("#signatures")).to_contain_text(name)
    expect(e.locator("#signed-on")).to_be_visible()
    for part in ("parties", "commitments", "kpis", "progress"):
        e.locator(f"#public-{part}").check()
    e.get_by_role("button", name="Save what is public").click()
    e.get_by_role("button", name="Move to: implementing").click()
    expect(e.locator("#status [aria-current=step]")).to_contain_text("implementing")

    # The stakeholder reports the first value.
    s.goto(deal_url)
    s.locator("#progress-link").click()
    s.get_by_label("Value (kWp)").fill("120")
    s.locator("input[type=date][name=as_of]").fill(today)
    s.get_by_role("button", name="Report this value").click()
    expect(s.get_by_role("status")).to_contain_text("Progress reported")
    stake.close()
    city.close()

    # The public, logged out, finds the deal from the city's page and reads it in German.
    public, p = _as(chromium, server, None)
    p.goto(f"/cities/{hd}")
    p.locator("#deals-link").click()
    p.get_by_role("link", name="Solar roofs on every school").click()
    expect(p).to_have_url(re.compile(r"/public/deals/\d+"))
    p.get_by_role("link", name="Deutsch").click()
    expect(p.locator("html")).to_have_attribute("lang", "de")
    expect(p.locator("#deal-facts")).to_contain_text("in Umsetzung")
    expect(p.locator("#deal-parties")).to_contain_text("Neckar Solar eG")
    commitments = p.locator("#deal-commitments")
    expect(commitments).to_contain_text("Photovoltaics on 12 school roofs")
    expect(commitments).to_contain_text("installed peak power (kWp)")
    expect(commitments).to_contain_text("120")
    assert "Erika Muster" not in p.content()  # no personal names to the public
    public.close()
