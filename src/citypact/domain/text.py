"""Text folding for search: one rule for indexing and for queries."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


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
