"""The pages work under the Content-Security-Policy: a real browser reports no violation on the main
pages (logged out and in), the nonce'd styles apply, and an injected style is refused and reported."""

from __future__ import annotations

from playwright.sync_api import ConsoleMessage, Page, expect

from tests.conftest import PASSWORD, World


def _watch(page: Page) -> list[str]:
    violations: list[str] = []

    def seen(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", seen)
    return violations


def test_main_pages_raise_no_csp_violation(page: Page, world: World) -> None:
    violations = _watch(page)
    heidelberg, ids = world.city["Heidelberg"], f"{world.city['Heidelberg']},{world.city['Munich']}"
    public = [
        "/",
        "/cities?q=kyoto",
        f"/cities/{heidelberg}",
        f"/cities/{heidelberg}/benchmark",
        f"/cities/{heidelberg}/benchmark/report",
        f"/cities/{heidelberg}/partners?goal=peer",
        f"/cities/{heidelberg}/plan",
        f"/cities/{heidelberg}/partnerships",
        "/networks/c40",
        "/measures",
        "/cases",
        "/about",
        f"/tours?cities={ids}",
        "/login",
    ]
    for path in public:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert "frame-ancestors 'none'" in (response.header_value("content-security-policy") or "")
    expect(page.locator("form[action='/login']")).to_be_visible()
    page.get_by_label("Email").fill("heidelberg_editor@test.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    for path in [
        "/account",
        f"/cities/{heidelberg}/edit",
        f"/cities/{heidelberg}/inventories",
        f"/cities/{heidelberg}/audit",
    ]:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
    expect(page.locator("body")).to_be_visible()
    assert violations == []

    # The tour's nonce'd <style> applies: its summary line is larger than the body text.
    page.goto(f"/tours?cities={ids}")
    size = page.locator(".tour-summary").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    body = page.locator("body").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size > body
    # And the policy is enforced: a style injected without the nonce is refused and reported.
    page.evaluate(
        "() => { const s = document.createElement('style'); s.textContent = 'body{color:red}';"
        " document.head.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert any("style" in v for v in violations), violations
