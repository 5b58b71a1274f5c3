"""The whole story of a joint carbon-credit project in real Chromium, each person in their own
browser: the registry issues a verified monitoring report, the partner city transfers part of its
share to the host city and retires some toward its own target, the public reads the retirement's
record with its double-claim flag and downloads the certificate; afterwards the ledger verifies and
no credit was lost or made."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select

from citypact.services.credits.verify import verify_ledger
from citypact.storage.credits import CreditBlock, CreditRetirement
from tests.browser.test_inventory_pages import _log_in
from tests.conftest import World
from tests.credit_projects_fixture import officers, verified_project


def _as(chromium: Browser, server: str, who: str | None) -> Page:
    page = chromium.new_context(base_url=server, locale="en-US").new_page()
    if who is not None:
        _log_in(page, who)
    return page


def _held(page: Page) -> int:
    """The credits in the first block of the account page shown."""
    return int(page.locator("#held-blocks tbody tr").first.locator("td.num").inner_text().replace(",", ""))


def test_issue_transfer_retire_and_read_the_record(chromium: Browser, server: str, world: World) -> None:
    officers(world)
    made = verified_project(world)  # hosted by Heidelberg (60 %), Kyoto a partner (40 %)

    registry = _as(chromium, server, "registry_officer")
    registry.goto(f"/credits/projects/{made.id}/reports/{made.report}")
    registry.get_by_role("button", name="Issue the credits").click()
    expect(registry.get_by_role("status")).to_contain_text("Credits issued")

    kyoto = _as(chromium, server, "kyoto_editor")
    kyoto.goto("/credits/accounts")
    kyoto.locator("#credit-accounts a").first.click()
    share = _held(kyoto)
    assert share > 100
    kyoto.locator("#held-blocks tbody a").first.click()
    to = kyoto.locator("#transfer-to option", has_text="Heidelberg").get_attribute("value")
    kyoto.locator("#transfer-to").select_option(to)
    kyoto.locator("#transfer-quantity").fill("100")
    kyoto.get_by_role("button", name="Transfer the credits").click()
    expect(kyoto.get_by_role("status")).to_contain_text("Credits transferred")
    assert _held(kyoto) == share - 100

    kyoto.locator("#held-blocks tbody a").first.click()
    kyoto.locator("#retire-quantity").fill("25")
    kyoto.locator("#retire-use").select_option("own_target")
    kyoto.locator("#retire-beneficiary").fill("Kyoto City")
    kyoto.locator("#retire-purpose").fill("Toward the 2030 target")
    kyoto.locator("#retire-claim-year").fill("2026")
    kyoto.get_by_role("button", name="Retire the credits").click()
    expect(kyoto.get_by_role("status")).to_contain_text("Credits retired")
    record = kyoto.url.split("?")[0]

    public = _as(chromium, server, None)
    public.goto(record)
    expect(public.locator("#retirement-facts")).to_contain_text("Kyoto City")
    expect(public.locator("#double-claim")).to_be_visible()  # Heidelberg's inventory counts the tonnes too
    certificate = public.request.get(record + "/certificate.pdf")
    assert certificate.ok and certificate.headers["content-type"] == "application/pdf"

    with world.db.read() as session:
        check = verify_ledger(session)
        live = session.scalar(
            select(func.sum(CreditBlock.serial_end - CreditBlock.serial_start + 1)).where(
                CreditBlock.status != "split"
            )
        )
        retired = session.scalar(select(func.count(CreditRetirement.id)))
    assert check.ok, check.detail
    assert check.issued == live == check.active + check.retired + check.cancelled
    assert check.retired == 25 and retired == 1
