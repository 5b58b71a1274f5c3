"""Reconciliation on small hand-made cases: names, countries, fuzzy + distance matching, locodes."""

from __future__ import annotations

import polars as pl
import pytest

from citypact.domain.names import (
    country_lookup,
    fold_ascii,
    letters_key,
    non_city_qualifier,
    normalize_name,
    resolve_country,
    slugify,
)
from citypact.domain.reconcile import (
    MATCH_SCHEMA,
    join_alt_names,
    keep_one_per_key,
    locode_fits,
    match_locodes,
    match_nearby,
    match_records,
)

# ------------------------------------------------------------------------------ names


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("Łódź", "lodz"),
        ("São Paulo", "sao paulo"),
        ("Saint-Étienne", "saint etienne"),
        ("St. Étienne", "saint etienne"),
        ("Sankt Gallen", "saint gallen"),
        ("City of Cape Town", "cape town"),
        ("Suwon-si", "suwon"),
        ("Toyota-shi", "toyota"),
        ("Aarhus Kommune", "aarhus"),
        ("Abington Township", "abington"),
        ("Prefeitura de Palmas", "palmas"),
        ("Comune di Milano", "milano"),
        ("Kraków (urban gmina)", "krakow"),
        ("Frankfurt (Oder)", "frankfurt"),
        ("Xi'an, Shaanxi", "xian"),
        ("Xi’an", "xian"),
        ("Quezon City", "quezon"),
        ("München", "munchen"),
        ("City", "city"),  # a qualifier alone is kept: never an empty name
    ],
)
def test_normalize_name(raw: str, normalized: str) -> None:
    assert normalize_name(raw) == normalized


def test_non_city_qualifiers() -> None:
    assert non_city_qualifier("Suwałki (rural gmina)") == "rural gmina"
    assert non_city_qualifier("Kaiserslautern (district)") == "district"
    assert non_city_qualifier("Cook County") == "county"
    assert non_city_qualifier("Frankfurt (Oder)") is None
    assert non_city_qualifier("Setagaya (Tokyo)") is None
    assert non_city_qualifier("Kansas City") is None


def test_small_helpers() -> None:
    assert fold_ascii("Ærøskøbing") == "Aeroskobing"
    assert letters_key("Zürich-Altstadt") == "ZURICHALTSTADT"
    assert slugify("São Paulo-BR") == "sao-paulo-br"
    assert fold_ascii("ミュンヘン") == "ミュンヘン"  # other scripts pass through


def test_resolve_country_labels() -> None:
    lookup = country_lookup(
        [("United Kingdom", "GB"), ("Georgia", "GE"), ("Ireland", "IE"), ("Norway", "NO"),
         ("Korea South", "KR"), ("Côte D’Ivoire", "CI"), ("Reunion", "RE")]
    )  # fmt: skip
    assert resolve_country("England", lookup) == "GB"
    assert resolve_country("Scotland, United Kingdom", lookup) == "GB"
    assert resolve_country("Georgia (country)", lookup) == "GE"
    assert resolve_country("Republic of Ireland", lookup) == "IE"
    assert resolve_country("Rauma, Norway", lookup) == "NO"
    assert resolve_country("Réunion, France", lookup) == "RE"
    assert resolve_country("South Korea", lookup) == "KR"
    assert resolve_country("Cote d'Ivoire", lookup) == "CI"
    assert resolve_country("in Norway", lookup) == "NO"
    assert resolve_country("Atlantis", lookup) is None
    assert resolve_country(None, lookup) is None


# --------------------------------------------------------------------------- matching

CANDIDATES = pl.DataFrame(
    [
        ("sm:munich", "DE", "Munich", 48.1372, 11.5755, 1_500_000),
        ("sm:munich", "DE", "München", 48.1372, 11.5755, 1_500_000),  # an alternate name
        ("sm:frankfurt", "DE", "Frankfurt", 50.1136, 8.6797, 750_000),
        ("sm:paris-fr", "FR", "Paris", 48.8566, 2.3522, 2_100_000),
        ("sm:paris-us", "US", "Paris", 33.6609, -95.5555, 25_000),
        ("sm:chengdu", "CN", "Chengdu", 30.6600, 104.0633, 8_800_000),
        ("sm:fujimino", "JP", "Fujimino", 35.8797, 139.5197, 110_000),
        ("sm:prague", "CZ", "Prague", 50.0880, 14.4208, 1_300_000),
        ("sm:springfield-il", "US", "Springfield", 39.7990, -89.6440, 114_000),
        ("sm:springfield-mo", "US", "Springfield", 37.1943, -93.2915, 167_000),
        ("sm:suwalki", "PL", "Suwałki", 54.1000, 22.9333, 69_000),
        ("sm:venice", "IT", "Venice", 45.4397, 12.3319, 261_905),
        ("sm:taipei", "TW", "Taipei", 25.0478, 121.5319, 2_684_567),
    ],
    schema=["key", "country", "name", "lat", "lon", "population"],
    orient="row",
)


def _records(*rows: tuple[int, str | None, str, float | None, float | None]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={"ref": pl.Int64, "country": pl.Utf8, "name": pl.Utf8, "lat": pl.Float64, "lon": pl.Float64},
        orient="row",
    )


def _keys(result: pl.DataFrame) -> dict[int, str | None]:
    return dict(zip(result["ref"].to_list(), result["key"].to_list(), strict=True))


def test_accents_and_alternate_names_match() -> None:
    result = match_records(
        _records((1, "DE", "MÜNCHEN", 48.14, 11.57), (2, "DE", "Munchen", None, None),
                 (3, "DE", "Muenchen", None, None), (4, "DE", "Muenchen", 48.14, 11.57)),
        CANDIDATES,
    )  # fmt: skip
    assert result.schema == pl.Schema(MATCH_SCHEMA)
    keys = _keys(result)
    assert keys[1] == "sm:munich"
    assert keys[2] == "sm:munich"  # same normalized name, no coordinates, no homonym in DE
    # "muenchen" is only 93 % like "munchen": fine next to the city, too loose without coordinates
    assert keys[3] is None
    assert keys[4] == "sm:munich"


def test_homonyms_in_different_countries_are_kept_apart() -> None:
    result = match_records(
        _records(
            (1, "FR", "Paris", 48.86, 2.35), (2, "US", "Paris", 33.66, -95.55), (3, "FR", "Paris", None, None)
        ),
        CANDIDATES,
    )
    assert _keys(result) == {1: "sm:paris-fr", 2: "sm:paris-us", 3: "sm:paris-fr"}


def test_far_away_homonym_is_rejected() -> None:
    result = match_records(_records((1, "DE", "Frankfurt (Oder)", 52.3471, 14.5506)), CANDIDATES)
    row = result.row(0, named=True)
    assert row["key"] is None
    assert row["reason"].startswith("same name only")
    # wrong geocode: Paris, US with coordinates in France
    assert _keys(match_records(_records((2, "US", "Paris", 48.86, 2.35)), CANDIDATES))[2] is None


def test_fuzzy_spelling_close_by_is_accepted_but_must_be_nearer_than_exact_names() -> None:
    result = match_records(
        _records((1, "CN", "Chengdou", 30.66, 104.06), (2, "JP", "Fujimi", 35.8566, 139.5489)), CANDIDATES
    )
    keys = _keys(result)
    assert keys[1] == "sm:chengdu"
    assert keys[2] is None  # a different town 4 km away, not a spelling of Fujimino


def test_numbered_districts_are_not_the_city() -> None:
    result = match_records(_records((1, "CZ", "Prague 7", 50.10, 14.43)), CANDIDATES)
    assert _keys(result)[1] is None


def test_ambiguous_homonyms_without_coordinates_stay_unmatched() -> None:
    result = match_records(_records((1, "US", "Springfield", None, None)), CANDIDATES)
    row = result.row(0, named=True)
    assert row["key"] is None and "ambiguous" in row["reason"]
    # with coordinates the nearer one wins
    assert _keys(match_records(_records((2, "US", "Springfield", 37.2, -93.3)), CANDIDATES))[2] == (
        "sm:springfield-mo"
    )


def test_non_city_areas_and_unknown_countries_are_reported() -> None:
    result = match_records(
        _records((1, "PL", "Suwałki (rural gmina)", 54.1, 22.93), (2, None, "Suwałki", 54.1, 22.93),
                 (3, "XX", "Suwałki", 54.1, 22.93)),
        CANDIDATES,
    )  # fmt: skip
    reasons = dict(zip(result["ref"].to_list(), result["reason"].to_list(), strict=True))
    assert result["key"].null_count() == 3
    assert reasons[1] == "not a city: rural gmina"
    assert reasons[2] == "unknown country"
    assert reasons[3] == "no registry city in XX"


def test_exact_only_mode_and_name_variants_of_one_record() -> None:
    records = _records((1, "DE", "Monaco di Baviera", 48.14, 11.58), (1, "DE", "München", 48.14, 11.58))
    result = match_records(records, CANDIDATES, fuzzy=False)
    assert result.height == 1 and _keys(result)[1] == "sm:munich"


def test_keep_one_per_key_leaves_the_weaker_record_unmatched() -> None:
    result = match_records(_records((1, "DE", "Munich", 48.1372, 11.5755), (2, "DE", "Munchen", 48.2, 11.7)),
                           CANDIDATES)  # fmt: skip
    one = keep_one_per_key(result)
    assert _keys(one) == {1: "sm:munich", 2: None}
    assert "already matched by ref 1" in one.filter(pl.col("ref") == 2)["reason"][0]


def test_match_nearby_takes_loose_names_close_by_only() -> None:
    records = _records(
        (1, "IT", "Venezia", 45.4380, 12.3267), (2, "TW", "New Taipei", 25.011, 121.446)
    ).with_columns(population=pl.Series([260_000.0, 3_900_000.0]))
    result = match_nearby(records, CANDIDATES)
    assert _keys(result) == {1: "sm:venice"}  # "New Taipei" is not Taipei


# ---------------------------------------------------------------------------- locodes

LOCODE_NAMES = pl.DataFrame(
    [
        ("munich", "DE", "Munich"), ("munich", "DE", "Muenchen"), ("murnau", "DE", "Murnau am Staffelsee"),
        ("duesseldorf", "DE", "Dusseldorf"), ("duisburg", "DE", "Duisburg"), ("boston", "US", "Boston"),
        ("boise", "US", "Boise"),
    ],
    schema=["key", "country", "name"],
    orient="row",
)  # fmt: skip
LOCODE_POPS = pl.DataFrame(
    {
        "key": ["munich", "munich", "murnau", "duesseldorf", "duisburg", "boston", "boise"],
        "population": [1_488_000, 1_260_000, 12_000, 620_000, 498_000, 675_000, 235_000],
    }
)


def test_locode_fits_the_letters_in_order() -> None:
    assert locode_fits("DEMUC", "München")
    assert locode_fits("DEMUC", "Munich")
    assert not locode_fits("DEMUC", "Mainz")  # no U before C
    assert not locode_fits("DEBER", "Hamburg")


def _locodes(*rows: tuple[int, str, int]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["ref", "locode", "population"], orient="row")


def test_locode_heuristic_picks_closest_population_within_factor_three() -> None:
    result = match_locodes(
        _locodes(
            (1, "DEMUC", 1_472_000), (2, "DEMUC", 20_000_000), (3, "DEDUS", 619_000), (4, "USBOS", 675_000)
        ),
        LOCODE_NAMES,
        LOCODE_POPS,
    )
    keys = dict(zip(result["ref"].to_list(), result["key"].to_list(), strict=True))
    reasons = dict(zip(result["ref"].to_list(), result["reason"].to_list(), strict=True))
    assert keys[1] == "munich"  # Murnau fits the letters too, but is 100x smaller
    assert keys[2] is None and reasons[2].startswith("closest population off by factor")
    assert keys[3] == "duesseldorf"  # Duisburg is as large: the code's first three letters decide
    assert keys[4] == "boston"  # Boise is within a factor 3 but Boston is far closer


def test_locode_heuristic_refuses_ties_and_unknown_names() -> None:
    names = pl.DataFrame({"key": ["a", "b"], "country": ["IT", "IT"], "name": ["Roveredo", "Rovereto"]})
    pops = pl.DataFrame({"key": ["a", "b"], "population": [40_000, 39_000]})
    result = match_locodes(_locodes((1, "ITRVR", 40_000), (2, "ITXYZ", 40_000)), names, pops)
    reasons = dict(zip(result["ref"].to_list(), result["reason"].to_list(), strict=True))
    assert result["key"].null_count() == 2
    assert reasons[1].startswith("ambiguous")
    assert reasons[2] == "no city in country whose name fits the code"


def test_join_alt_names_dedupes_case_insensitively_and_drops_long_and_primary_names() -> None:
    names = pl.DataFrame(
        {
            "key": ["m"] * 6,
            "name": ["München", "MÜNCHEN", "Munich", "ミュンヘン", "x" * 41, "Monaco|di Baviera"],
        }
    )
    out = join_alt_names(names, pl.DataFrame({"key": ["m"], "name": ["Munich"]}))
    alts = out["alt_names"][0].split("|")
    assert sorted(a.lower() for a in alts) == sorted(["münchen", "ミュンヘン", "monaco di baviera"])
