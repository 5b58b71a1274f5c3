"""The indexed text of a case: words, CJK pairs and facet marks that words cannot match."""

from __future__ import annotations

from citypact.domain.case_index import index_text, mark, query_phrases


def _indexed() -> str:
    return index_text(
        ["Solar roofs on schools", "学校の屋根に太陽光発電"],
        {"field": ["energy_supply"], "country": ["JP"], "co_benefits": ["health", "jobs"]},
        published=True,
    )


def test_every_phrase_of_a_matching_query_is_in_the_text() -> None:
    text = _indexed()
    phrases, leftover = query_phrases("Solar 学校 太陽光", {"field": "energy_supply", "country": "JP"})
    assert leftover == []
    assert all(p in text for p in phrases)
    assert any("学校" in p and len(p) == 4 for p in phrases)  # two CJK characters: found by their pair mark


def test_words_do_not_match_inside_marks() -> None:
    text = _indexed()
    for word in ("energy", "supply", "health", "field", "jobs"):
        phrases, _ = query_phrases(word, {})
        assert phrases[-1] not in text, word
    assert mark("field", "transport") not in text
    assert mark("field", "energy_supply") in text


def test_marks_cannot_be_typed_into_a_query() -> None:
    typed = mark("field", "energy_supply")
    phrases, _ = query_phrases(f"x{typed}y", {})
    assert phrases == [] or typed not in phrases[0]


def test_short_latin_words_are_left_for_a_substring_match_and_unpublished_cases_are_not_indexed() -> None:
    assert query_phrases("ev pv", {})[1] == ["ev", "pv"]
    assert index_text(["anything"], {}, published=False) == ""
