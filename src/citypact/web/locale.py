"""The page language of each request: ?lang= (remembered in the session), the session, the browser.

The catalogs and formats themselves are citypact.i18n's, shared with the reports and the CLI.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from babel import Locale
from starlette.types import ASGIApp, Receive, Scope, Send

from citypact.i18n.catalog import DEFAULT, LANGUAGES


def negotiate(accept_language: str) -> str | None:
    """The best supported language of an Accept-Language header."""
    preferred = []
    for part in accept_language.split(","):
        tag, _, quality = part.strip().partition(";q=")
        try:
            weight = float(quality) if quality else 1.0
        except ValueError:
            continue
        if tag:
            preferred.append((weight, tag.strip().replace("-", "_")))
    ordered = [tag for _, tag in sorted(preferred, key=lambda p: -p[0])]
    found = Locale.negotiate(ordered, list(LANGUAGES), sep="_") if ordered else None
    return str(found.language) if found else None


class LocaleMiddleware:
    """Choose the page language: ?lang= (remembered in the session), the session, the browser."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            session = scope.get("session")
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            asked = (query.get("lang") or [None])[0]
            lang: str | None = None
            if asked in LANGUAGES:
                lang = asked
                if session is not None and session.get("lang") != asked:
                    session["lang"] = asked
            elif session is not None and session.get("lang") in LANGUAGES:
                lang = session["lang"]
            else:
                header = dict(scope["headers"]).get(b"accept-language", b"").decode("latin-1")
                lang = negotiate(header) if header else None
            scope.setdefault("state", {})["locale"] = lang or DEFAULT
        await self.app(scope, receive, send)
