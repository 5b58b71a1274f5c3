"""The text a case is found by: its words in every language, and its classification as marks.

Cases are searched through one trigram index over one text (FTS5 on SQLite, pg_trgm on PostgreSQL).
So that a search with filters is a single index lookup, not a scan of the wide rows, the text
carries a mark per facet value (field, instrument, country, tags, ...): four characters from the
Unicode private-use area, derived from the facet's name and value, which no folded text contains.
A filter is the phrase of its mark; its two trigrams point straight at the cases that carry it.
A trigram index cannot find words shorter than three characters, which Japanese often has (断熱,
学校), so every pair of adjacent CJK characters is added as a mark too.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Final

from citypact.domain.text import fold

TRIGRAM: Final = 3
_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters around every mark
_CODES = 0xE100  # start of the private-use characters that encode a facet (6,144 of them)
_SPAN = 0xF800 - _CODES
# Han, hiragana, katakana (also half-width), hangul: scripts written without spaces between words.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff66-\uff9f]{2,}")
_PRIVATE = re.compile(r"[\ue000-\uf8ff]")


def mark(kind: str, value: str) -> str:
    """The mark of one facet value: two private-use characters from a hash of kind and value
    (37.7 million combinations, so two facet values sharing a mark is not to be expected)."""
    digest = int.from_bytes(hashlib.blake2b(f"{kind}={fold(value)}".encode(), digest_size=8).digest(), "big")
    return _OPEN + chr(_CODES + digest % _SPAN) + chr(_CODES + (digest // _SPAN) % _SPAN) + _CLOSE


def _clean(text: str) -> str:
    return _PRIVATE.sub("", fold(text))


def _cjk_pairs(text: str) -> list[str]:
    pairs: dict[str, None] = {}
    for run in _CJK.findall(text):
        for i in range(len(run) - 1):
            pairs[_OPEN + run[i : i + 2] + _CLOSE] = None
    return list(pairs)


def index_text(texts: Iterable[str], facets: Mapping[str, Iterable[str]], *, published: bool) -> str:
    """The folded texts, their CJK pairs, and a mark per facet value; empty for an unpublished case,
    so that no search finds it."""
    if not published:
        return ""
    words = _clean(" ".join(t for t in texts if t))
    marks = [mark(kind, value) for kind, values in facets.items() for value in values if value]
    return " ".join([words, *_cjk_pairs(words), *marks])


def query_phrases(q: str, filters: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """The phrases every found case's text contains (all index-able), and the words the index
    cannot find (single characters, two Latin letters), to be matched as plain substrings. Only
    published cases have an indexed text, so every phrase implies a published case."""
    phrases = [mark(kind, value) for kind, value in filters.items() if value]
    leftover = []
    for word in _clean(q).split():
        if len(word) >= TRIGRAM:
            phrases.append(word)
        elif len(word) == 2 and _CJK.fullmatch(word):
            phrases.append(_OPEN + word + _CLOSE)
        else:
            leftover.append(word)
    return phrases, leftover
