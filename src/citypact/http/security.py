"""Security headers on every response, the Secure flag of the session cookie behind TLS, and the
client's address (for login throttling), trusting a reverse proxy's X-Forwarded-* only when told to."""

from __future__ import annotations

import secrets

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from citypact.http.session import COOKIE

# No inline script anywhere; inline <style> elements only with this response's nonce (the report
# documents keep their styles inline because their PDF is rendered offline from the same HTML).
_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def is_https(scope: Scope, trust_proxy: bool) -> bool:
    """Served over TLS: the request's own scheme, or the proxy's X-Forwarded-Proto when trusted."""
    if scope.get("scheme") in ("https", "wss"):
        return True
    forwarded = _header(scope, b"x-forwarded-proto") if trust_proxy else None
    return forwarded is not None and forwarded.split(",")[-1].strip().lower() == "https"


def client_address(request: Request) -> str:
    """The client's IP address; behind a trusted proxy the one it appended to X-Forwarded-For
    (the rightmost entry: the ones before it are whatever the client claimed)."""
    settings = getattr(request.app.state, "settings", None)
    if getattr(settings, "trust_proxy", False):
        forwarded = request.headers.get("x-forwarded-for", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return request.client.host if request.client else "unknown"


def csp_nonce(request: Request) -> str:
    return str(getattr(request.state, "csp_nonce", ""))


class SecurityHeaders:
    """Add the security headers to every response (pages, JSON, static files, errors) and mark the
    session cookie Secure when the request came over TLS or `force_secure_cookie` is set."""

    def __init__(self, app: ASGIApp, *, trust_proxy: bool = False, force_secure_cookie: bool = False) -> None:
        self.app = app
        self.trust_proxy = trust_proxy
        self.force_secure_cookie = force_secure_cookie

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})["csp_nonce"] = nonce
        policy = _POLICY.format(nonce=nonce).encode()
        secure = self.force_secure_cookie or is_https(scope, self.trust_proxy)
        cookie_prefix = f"{COOKIE}=".encode()
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [
                    (
                        k,
                        v + b"; secure"
                        if secure and k == b"set-cookie" and _needs_secure(v, cookie_prefix)
                        else v,
                    )
                    for k, v in message.get("headers", [])
                ]
                present = {k.lower() for k, _ in headers}
                for name, value in (
                    (b"content-security-policy", policy),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                ):
                    if name not in present:
                        headers.append((name, value))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            # An unhandled error still answers with the headers; the error goes on to be logged.
            if not started:
                await send_with_headers(
                    {
                        "type": "http.response.start",
                        "status": 500,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8")],
                    }
                )
                await send({"type": "http.response.body", "body": b"Internal Server Error"})
            raise


def _needs_secure(value: bytes, cookie_prefix: bytes) -> bool:
    return value.startswith(cookie_prefix) and b"; secure" not in value.lower()
