"""The reader's language (English, German, Japanese): message catalogs and locale formatting, for
the pages, the reports and the CLI alike.

The catalogs are the .po files beside this module, compiled in memory on first use, so the
repository holds no generated binaries.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import math
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import NumberPattern, parse_pattern

CATALOG_DIR = Path(__file__).resolve().parent
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


@lru_cache(maxsize=32)
def _decimal_pattern(digits: int, optional: bool = False) -> NumberPattern:
    """Grouped digits with `digits` decimals (`optional`: up to `digits`, trailing zeros dropped),
    parsed once (parsing costs more than formatting)."""
    return parse_pattern("#,##0" + ("." + ("#" if optional else "0") * digits if digits else ""))


def sensible_digits(value: float) -> int:
    """Decimals for a figure of unknown precision: none for a whole number or from 100 up, else about
    three significant digits (12.3, 1.23, 0.123, 0.00123), never more than 8."""
    size = abs(value)
    if not math.isfinite(value) or value == int(value) or size >= 100:
        return 0
    if size >= 1:
        return 1 if size >= 10 else 2
    return min(8, 2 - math.floor(math.log10(size)))


class Formatter:
    """Numbers, dates and country names as the reader's language writes them."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        try:
            self._locale = Locale.parse(lang)
        except (UnknownLocaleError, ValueError):
            self._locale = Locale.parse(DEFAULT)

    def number(self, value: float | int | None, digits: int | None = 0) -> str:
        """`value` with `digits` decimals, grouped as the language groups them; `digits=None` picks
        sensible ones (sensible_digits)."""
        # Stored data may hold what input no longer accepts (an infinite total from an overflow,
        # a missing key of an old record): a page shows a dash instead of failing.
        if not isinstance(value, int | float) or not math.isfinite(value):
            return "–"
        if abs(value) >= 1e15:  # beyond what the decimal pattern can quantize
            return f"{value:.3e}"
        if digits is None:  # a figure of unknown precision: no zeros that claim more
            return str(_decimal_pattern(sensible_digits(value), optional=True).apply(value, self._locale))
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
