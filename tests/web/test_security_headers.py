"""Security headers on every response (issue 12, item 13): pages, JSON, static files and errors carry a
Content-Security-Policy without inline script, nosniff, frame-ancestors 'none' and a Referrer-Policy;
the session cookie is Secure behind TLS. The templates hold no inline script or style attributes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from citypact.app import create_app
from citypact.config import Settings
from citypact.http.session import COOKIE
from tests.conftest import World, shared_app

TEMPLATES = Path(__file__).parents[2] / "src" / "citypact" / "web" / "templates"


def _assert_secure_headers(response: object) -> str:
    headers = response.headers  # type: ignore[attr-defined]
    policy: str = headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'", "no inline or foreign script"
    assert "'unsafe-inline'" not in directives["style-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    return policy


def test_every_kind_of_response_has_the_headers(client: TestClient, world: World) -> None:
    answers = {
        "page": client.get("/"),
        "json": client.get(f"/api/v1/cities/{world.city['Kyoto']}"),
        "static": client.get("/static/citypact.css"),
        "page 404": client.get("/cities/999999"),
        "api 404": client.get("/api/v1/cities/999999"),
        "422": client.get("/api/v1/cities/not-a-number"),
        "401": client.get("/account"),
        "413": client.post("/api/v1/cities", content=b"x" * 20, headers={"content-length": str(10**9)}),
        "health": client.get("/healthz"),
    }
    expected = {"page": 200, "json": 200, "static": 200, "page 404": 404, "api 404": 404, "422": 422}
    for name, response in answers.items():
        if name in expected:
            assert response.status_code == expected[name], name
        _assert_secure_headers(response)


def test_an_unhandled_error_has_the_headers_too(world: World, settings: Settings) -> None:
    app = create_app(settings, world.db)  # its own: a route is added

    def boom() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/api/v1/boom", boom)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/v1/boom")
    assert response.status_code == 500
    _assert_secure_headers(response)


def test_inline_styles_need_this_responses_nonce(client: TestClient, world: World) -> None:
    ids = ",".join(str(world.city[c]) for c in ("Heidelberg", "Munich", "Cologne"))
    response = client.get("/tours", params={"cities": ids})
    policy = _assert_secure_headers(response)
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce is not None
    styles = re.findall(r"<style([^>]*)>", response.text)
    assert styles and all(f'nonce="{nonce.group(1)}"' in attrs for attrs in styles)
    again = client.get("/tours", params={"cities": ids}).headers["content-security-policy"]
    assert again != policy, "a fresh nonce per response"


def test_no_page_loads_from_the_internet(client: TestClient) -> None:
    """FastAPI's Swagger UI (which loads its bundle from a CDN) is not served; the API is described
    at /openapi.json, and every policy allows our own origin only."""
    assert client.get("/api/docs").status_code == 404
    assert client.get("/openapi.json").status_code == 200
    for path in ("/", "/openapi.json", "/healthz"):
        assert "https:" not in client.get(path).headers["content-security-policy"]


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_templates_hold_no_inline_script_or_style_attributes(template: str) -> None:
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    # Scripts only as our own files (script-src 'self'), never inline code.
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", text, re.IGNORECASE | re.DOTALL)
    assert text.lower().count("<script") == len(scripts)
    for attributes, body in scripts:
        assert 'src="/static/' in attributes and not body.strip(), "inline script"
    assert not re.search(r"\son[a-z]+\s*=", text), "event handler attribute"
    assert not re.search(r"\sstyle\s*=", text), "style attribute (blocked by the policy)"
    assert "javascript:" not in text.lower()
    for attrs in re.findall(r"<style([^>]*)>", text):
        assert 'nonce="{{ csp_nonce }}"' in attrs


def _session_cookie(client: TestClient, headers: dict[str, str] | None = None) -> str:
    """The Set-Cookie of the session cookie, which the login form's CSRF token starts."""
    response = client.get("/login", headers=headers)
    cookie = next(v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith(COOKIE))
    return cookie.lower()


@pytest.mark.parametrize(
    ("base_url", "trust_proxy", "force", "forwarded", "secure"),
    [
        ("http://testserver", False, False, None, False),
        ("https://testserver", False, False, None, True),
        ("http://testserver", True, False, "https", True),  # behind a trusted TLS proxy
        ("http://testserver", False, False, "https", False),  # an untrusted header changes nothing
        ("http://testserver", False, True, None, True),  # CITYPACT_SECURE_COOKIES=1
    ],
)
def test_session_cookie_is_secure_behind_tls(
    world: World,
    database_url: str,
    base_url: str,
    trust_proxy: bool,
    force: bool,
    forwarded: str | None,
    secure: bool,
) -> None:
    settings = Settings(
        database_url=database_url, secret_key="k", trust_proxy=trust_proxy, secure_cookies=force
    )
    headers = {"x-forwarded-proto": forwarded} if forwarded else None
    with TestClient(shared_app(settings, world.db), base_url=base_url) as client:
        cookie = _session_cookie(client, headers)
    assert ("; secure" in cookie) is secure
    assert cookie.count("secure") <= 1 and "httponly" in cookie and "samesite=lax" in cookie
