"""Matching and case reasons (codes with figures) worded in English, German and Japanese."""

from __future__ import annotations

import pytest

from citypact.domain.reasons import Reason
from citypact.i18n.reasons import matching_reason, peer_reason


@pytest.mark.parametrize(
    ("reason", "lang", "words"),
    [
        (Reason("mentor_cases", 0.0, 1.0, "transport"), "en",
         "ahead in transport and mobility: 1 published best-practice case against 0"),
        (Reason("mentor_cases", 0.0, 2.0, "transport"), "de",
         "voraus bei Verkehr und Mobilität: 2 veröffentlichte Praxisbeispiele gegenüber 0"),
        (Reason("mentor_target", None, 4.25, "governance"), "en",
         "ahead in climate policy and governance: a target of 4.2% less a year against no target on record"),
        (Reason("mentor_trend", -1.0, -3.0, None), "en",
         "ahead in the whole city: emissions change −3.0% a year against −1.0%"),
        (Reason("mentee_performance", -20.0, 15.0, None), "en",
         "you are ahead in the whole city: −20% against the level its framework conditions lead to "
         "expect, against +15%"),
        (Reason("distance_km", other=1234.4), "de", "1.234 km entfernt"),
        (Reason("cooperation_offer", "training", "peer_review", "transport"), "en",
         "offers peer review of plans and projects in transport and mobility (you asked for training and "
         "workshops)"),
        (Reason("a_new_kind"), "ja", "a_new_kind"),  # unknown codes shown as codes, never dropped
    ],
)  # fmt: skip
def test_matching_reasons_in_the_readers_language(reason: Reason, lang: str, words: str) -> None:
    assert matching_reason(reason, lang) == words


def test_reasons_of_cases_like_mine_never_reach_other_languages_in_english() -> None:
    reasons = [
        Reason("same_country", "DE", "DE"),
        Reason("similar_size", 150_000.0, 160_000.0),
        Reason("same_climate_zone", 3000.0, 3100.0, "cold", sources=("nangini2019_gea", "eurostat_chdd")),
        Reason("similar_gdp", 50_000.0, 52_000.0),
    ]
    assert [peer_reason(r, "en") for r in reasons] == [
        "same country (Germany)",
        "similar size (160,000 vs 150,000 inhabitants)",
        "same climate zone, cold (heating degree days 3,100 vs 3,000); "
        "degree days: national figure vs the city's own (GEA+)",
        "similar GDP per person (52,000 vs 50,000 USD)",
    ]
    for lang in ("de", "ja"):
        for r in reasons:
            words = peer_reason(r, lang)
            assert "similar" not in words and "same" not in words and "national" not in words, words


@pytest.mark.parametrize(
    ("reason", "lang", "words"),
    [
        (Reason("same_world_region", "Europe", "Europe"), "en", "same world region (Europe)"),
        (Reason("same_world_region", "Europe", "Europe"), "de", "gleiche Weltregion (Europa)"),
        (Reason("same_world_region", "East Asia", "East Asia"), "ja", "同じ世界地域（東アジア）"),
        (Reason("similar_grid", 0.34, 0.38), "de",
         "ähnliches nationales Stromnetz (0,38 zu 0,34 kg CO₂/kWh)"),
        (Reason("similar_gdp", 40_000.0, 45_000.0), "en", "similar GDP per person (45,000 vs 40,000 USD)"),
    ],
)  # fmt: skip
def test_peer_reasons_in_the_readers_language(reason: Reason, lang: str, words: str) -> None:
    assert peer_reason(reason, lang) == words
