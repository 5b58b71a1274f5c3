"""Languages of the pages (English, German, Japanese): message catalogs and locale formatting.

The catalogs are the .po files under citypact/i18n, compiled in memory at start-up, so the
repository holds no generated binaries.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import math
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import parse_qs

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import NumberPattern, parse_pattern
from starlette.types import ASGIApp, Receive, Scope, Send

CATALOG_DIR = Path(__file__).resolve().parent.parent / "i18n"
LANGUAGES = {"en": "English", "de": "Deutsch", "ja": "日本語"}
DEFAULT = "en"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of `lang` (English is the source language and needs none)."""
    po = CATALOG_DIR / lang / "LC_MESSAGES" / "messages.po"
    if lang == DEFAULT or not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


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


@lru_cache(maxsize=8)
def _decimal_pattern(digits: int) -> NumberPattern:
    """Grouped digits with `digits` decimals, parsed once (parsing costs more than formatting)."""
    return parse_pattern("#,##0" + ("." + "0" * digits if digits else ""))


class Formatter:
    """Numbers, dates and country names as the reader's language writes them."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        try:
            self._locale = Locale.parse(lang)
        except (UnknownLocaleError, ValueError):
            self._locale = Locale.parse(DEFAULT)

    def number(self, value: float | int | None, digits: int = 0) -> str:
        # Stored data may hold what input no longer accepts (an infinite total from an overflow,
        # a missing key of an old record): a page shows a dash instead of failing.
        if not isinstance(value, int | float) or not math.isfinite(value):
            return "–"
        if abs(value) >= 1e15:  # beyond what the decimal pattern can quantize
            return f"{value:.3e}"
        return str(_decimal_pattern(digits).apply(value, self._locale))

    def date(self, value: dt.date | dt.datetime | None) -> str:
        if value is None:
            return "–"
        if isinstance(value, dt.datetime):
            return format_datetime(value, "medium", tzinfo=dt.UTC, locale=self._locale)
        return format_date(value, "medium", locale=self._locale)

    def country(self, iso2: str) -> str:
        return str(self._locale.territories.get(iso2.upper(), iso2))


@cache
def formatter(lang: str) -> Formatter:
    """One formatter per language, shared by all requests (it holds no request state)."""
    return Formatter(lang)
