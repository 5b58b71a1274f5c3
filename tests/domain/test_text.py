"""Search folding: one rule for the index and the query."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain.text import fold, search_text


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
