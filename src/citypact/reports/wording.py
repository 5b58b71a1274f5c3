"""The reader's language for a document's sentences: catalog, number formats and a few composite
phrases (signed changes, lists, measure fields and instruments)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from babel.lists import format_list

from citypact.domain.measures import FIELDS, INSTRUMENTS
from citypact.i18n.catalog import Formatter, formatter, sensible_digits, translations

Gettext = Callable[[str], str]
Ngettext = Callable[[str, str, int], str]


class Words:
    """The reader's language: catalog, number formats and a few composite phrases."""

    def __init__(self, lang: str) -> None:
        catalog = translations(lang)
        self._: Gettext = catalog.gettext
        self.n: Ngettext = catalog.ngettext
        self.fmt: Formatter = formatter(lang)
        self.lang = lang

    def number(self, value: float, digits: int | None = None) -> str:
        """Sensible decimals unless told (i18n.catalog.sensible_digits: one rule for pages and reports),
        kept even when zero, so figures in a column line up."""
        return self.fmt.number(value, sensible_digits(value) if digits is None else digits)

    def signed(self, value: float, digits: int = 0) -> str:
        text = self.fmt.number(abs(value), digits)
        if text.strip("0.,") == "":
            return text
        return ("+" if value > 0 else "\u2212") + text

    def listing(self, items: Sequence[str]) -> str:
        return format_list(list(items), locale=self.lang) if items else ""

    def field(self, code: str) -> str:
        return self._(FIELDS.get(code, code))

    def instrument(self, code: str, short: bool = False) -> str:
        label = self._(INSTRUMENTS.get(code, code))
        return re.split(r" \(|（", label)[0] if short else label
