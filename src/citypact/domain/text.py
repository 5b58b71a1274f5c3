"""Text folding for search: one rule for indexing and for queries."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final


@lru_cache(maxsize=65_536)
def _fold_char(char: str) -> str:
    # Accents come off Latin letters only: in kana the combining marks are part of the
    # letter (バ is not ハ), so other scripts are kept as they are.
    if unicodedata.category(char) == "Cc":
        return " "  # control characters (NUL, tabs) separate words; SQLite's FTS5 refuses a NUL
    if ord(char) < 0x250 or 0x1E00 <= ord(char) <= 0x1EFF:
        return "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return char


def fold(text: str) -> str:
    """Case- and accent-insensitive form: "München" -> "munchen", "ÅLESUND" -> "alesund",
    full-width "ＴＯＫＹＯ" -> "tokyo"; "京都" and "ハイデルベルク" stay as they are."""
    normal = unicodedata.normalize("NFKC", text).casefold().replace("ß", "ss")
    return " ".join("".join(_fold_char(c) for c in normal).split())


def search_text(name: str, name_ascii: str, alt_names: str) -> str:
    """What a city is found by: its names, folded, each in a '|'-delimited slot so that a query
    can ask for a whole name ("|kyoto|") or a name's start ("|kyo")."""
    names = [name, name_ascii, *alt_names.split("|")]
    return "|" + "|".join(dict.fromkeys(fold(n) for n in names if n.strip())) + "|"


# Characters no text field may hold: they break XML (SVG charts, PDFs), terminals and databases
# (PostgreSQL refuses NUL), or reorder what a reader sees (bidirectional overrides and isolates).
# Tab and line feed are kept in multi-line fields; carriage returns come from browsers' text areas
# ("\r\n") and are kept there too.
_BIDI_CONTROLS: Final = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))


def _char_class(multiline: bool) -> str:
    kept = "\t\n\r" if multiline else ""
    controls = "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in kept)
    noncharacters = "".join(chr(plane << 16 | low) for plane in range(17) for low in (0xFFFE, 0xFFFF))
    return (
        "["
        + re.escape(controls)
        + "\ud800-\udfff"  # surrogates: unpaired in a str, never valid text
        + "\ufdd0-\ufdef"
        + re.escape(noncharacters)
        + "".join(chr(c) for c in sorted(_BIDI_CONTROLS))
        + "]"
    )


_SINGLE_LINE: Final = re.compile(_char_class(multiline=False))
_MULTILINE: Final = re.compile(_char_class(multiline=True))


def refused_character(text: str, *, multiline: bool = False) -> tuple[int, str] | None:
    """The first character `text` may not hold, as (position, "U+0001"), or None when it is clean.
    `multiline` fields (descriptions, notes, explanations) may hold tabs and line breaks."""
    found = (_MULTILINE if multiline else _SINGLE_LINE).search(text)
    return None if found is None else (found.start(), f"U+{ord(found.group()):04X}")


def refused_message(text: str, *, multiline: bool = False) -> str | None:
    """Why `text` is refused, for an error that names the field, or None when it is clean."""
    found = refused_character(text, multiline=multiline)
    if found is None:
        return None
    position, code = found
    allowed = "; tabs and line breaks are allowed here" if multiline else ""
    return (
        f"remove the invisible control or direction character {code} at character {position + 1}"
        f" (control characters, direction overrides and non-characters are not allowed{allowed})."
    )


def scrub(text: str, *, multiline: bool = True) -> str:
    """`text` without the characters `refused_character` names: for text stored before they were
    refused and for everything handed to a renderer (SVG, PDF) that aborts on them."""
    return (_MULTILINE if multiline else _SINGLE_LINE).sub("", text)


def refused_pattern(*, multiline: bool = False) -> str:
    """The same characters as a regular expression for whole columns (polars' Rust regex)."""
    kept = (0x09, 0x0A, 0x0D) if multiline else ()
    codes = [c for c in [*range(0x20), *range(0x7F, 0xA0)] if c not in kept]
    codes += sorted(_BIDI_CONTROLS) + [plane << 16 | low for plane in range(17) for low in (0xFFFE, 0xFFFF)]
    return "[" + "".join(f"\\x{{{c:x}}}" for c in codes) + "\\x{fdd0}-\\x{fdef}]"
