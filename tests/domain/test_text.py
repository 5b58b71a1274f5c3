"""Search folding: one rule for the index and the query."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain.text import fold, refused_character, refused_pattern, scrub, search_text


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("München", "munchen"),
        ("ÅLESUND", "alesund"),
        ("Straßburg", "strassburg"),
        ("São Paulo", "sao paulo"),
        ("  Frankfurt   am Main ", "frankfurt am main"),
        ("ＴＯＫＹＯ", "tokyo"),
        ("Kyōto", "kyoto"),
        ("ハイデルベルク", "ハイデルベルク"),  # kana keep their voicing marks
        ("京都市", "京都市"),
        ("Łódź", "łodz"),  # ł has no decomposition; it stays
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@given(st.text(max_size=40))
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text(max_size=40))
def test_fold_ignores_case(text: str) -> None:
    assert fold(text.upper()) == fold(fold(text).upper())


def test_search_text_holds_each_name_once_in_its_slot() -> None:
    assert search_text("Köln", "Koln", "Cologne|KÖLN|ケルン") == "|koln|cologne|ケルン|"


def test_control_characters_become_spaces() -> None:
    assert fold("Kyo\x00to\t") == "kyo to"


@pytest.mark.parametrize(
    ("text", "multiline", "found"),
    [
        ("Heidel\x01berg", False, (6, "U+0001")),
        ("a\tb", False, (1, "U+0009")),
        ("a\tb\r\nc", True, None),
        ("x\ud800", True, (1, "U+D800")),
        ("\U0010ffff", True, (0, "U+10FFFF")),
        ("\ufdd0", True, (0, "U+FDD0")),
        ("a\u202eb", True, (1, "U+202E")),
        ("a\u2069", True, (1, "U+2069")),
        ("\x85", True, (0, "U+0085")),
        ("Zürich 京都 ハイデルベルク 😀 \u200d", False, None),
    ],
)
def test_refused_character(text: str, multiline: bool, found: tuple[int, str] | None) -> None:
    assert refused_character(text, multiline=multiline) == found


@given(st.text(max_size=40))
def test_scrub_leaves_nothing_refused_and_clean_text_alone(text: str) -> None:
    for multiline in (False, True):
        clean = scrub(text, multiline=multiline)
        assert refused_character(clean, multiline=multiline) is None
        if refused_character(text, multiline=multiline) is None:
            assert clean == text


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40))
def test_the_column_pattern_is_the_same_rule(text: str) -> None:
    """polars' pattern (imported cells) refuses exactly what the Python check refuses."""
    for multiline in (False, True):
        in_column = pl.Series([text]).str.contains(refused_pattern(multiline=multiline))[0]
        assert in_column == (refused_character(text, multiline=multiline) is not None)
