"""Matching self-reported records to registry cities: names, alternate names, then coordinates."""

from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain.city_match import COORDINATE_KM, candidate_names, match_cities

CITIES = pl.DataFrame(
    {
        "key": ["milan", "rome", "quezon", "fiumicino", "portland", "portland-me"],
        "name": ["Milan", "Rome", "Quezon City", "Fiumicino", "Portland", "Portland"],
        "name_ascii": ["Milan", "Rome", "Quezon City", "Fiumicino", "Portland", "Portland"],
        "country": ["IT", "IT", "PH", "IT", "US", "US"],
        "alt_names": ["Milano|Mailand", "Roma|Rom", "", "", "", ""],
        "lat": [45.4669, 41.8931, 14.6333, 41.7667, 45.5371, 43.6773],
        "lon": [9.19, 12.4828, 121.0333, 12.2333, -122.65, -70.2715],
        "population": [1_366_180, 2_872_800, 2_960_048, 80_000, 653_115, 68_000],
    }
)


def _records(rows: list[tuple[int, str, str, float | None, float | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows, schema={"ref": pl.Int64, "country": pl.String, "name": pl.String, "lat": pl.Float64,
                      "lon": pl.Float64}, orient="row",
    )  # fmt: skip


def test_alternate_names_coordinates_and_their_conflicts() -> None:
    records = _records(
        [
            (1, "IT", "Milano", 45.4642, 9.19),  # alternate name (GeoNames spelling of Milan)
            (2, "IT", "Roma Capitale", 41.9028, 12.4964),  # no such name: the nearest city, 1.5 km
            (3, "PH", "Quezon City", 14.676, 121.0437),  # "City" is a local-government word
            (4, "US", "Portland", -45.5371, 122.65),  # signs lost; the homonym (Maine) is < 1/5 as populous
            (5, "IT", "Atlantide", 0.0, 0.0),  # neither name nor point
            (6, "IT", "Fiumicino", 12.2333, 41.7667),  # lat/lon swapped: only one Fiumicino, name wins
        ]
    )
    found = match_cities(records, candidate_names(CITIES)).sort("ref")
    assert found["key"].to_list() == ["milan", "rome", "quezon", "portland", None, "fiumicino"]
    assert found["how"].to_list() == ["name", "coordinates", "name", "name_only", None, "name_only"]
    assert found["conflict"].to_list() == [False, True, False, True, None, True]
    # Roma Capitale's point to Rome's: dlat 0.0097 deg = 1.08 km, dlon 0.0136 deg * cos(41.9) * 111.2 km
    # = 1.13 km, so about sqrt(1.08^2 + 1.13^2) = 1.56 km (haversine)
    assert abs(found["distance_km"][1] - 1.56) < 0.02


@given(st.floats(0.0, 2 * COORDINATE_KM))
def test_a_point_matches_only_within_the_stated_distance(km: float) -> None:
    # a point `km` north of Rome (1 degree of latitude = 111.195 km on the haversine sphere)
    records = _records([(1, "IT", "Unknown Place", 41.8931 + km / 111.195, 12.4828)])
    found = match_cities(records, candidate_names(CITIES))
    if km < COORDINATE_KM - 0.01:
        assert found["key"][0] == "rome" and found["how"][0] == "coordinates"
    elif km > COORDINATE_KM + 0.01:
        assert found["key"][0] is None


def test_a_far_point_is_another_place_of_the_same_name() -> None:
    # Portland, Maine (43.66, -70.26) where the registry knows only Portland, Oregon: 4,100 km away
    # however the point is read, so no match; without a point the name alone decides.
    oregon = candidate_names(CITIES.filter(pl.col("key") != "portland-me"))
    far = match_cities(_records([(1, "US", "Portland", 43.66, -70.26)]), oregon)
    assert far["key"].to_list() == [None]
    no_point = match_cities(_records([(1, "US", "Portland", None, None)]), oregon)
    assert (no_point["key"][0], no_point["how"][0], no_point["conflict"][0]) == (
        "portland",
        "name",
        False,
    )


def test_a_point_some_tens_of_km_off_keeps_its_name() -> None:
    # CDP 2021's "Roma" point (41.53, 12.2858): dlat 0.3631 deg = 40.4 km, dlon 0.197 deg x cos(41.7)
    # x 111.2 km = 16.4 km, about 43.6 km from Rome's centre: beyond 30 km, within NAME_ONLY_KM
    found = match_cities(_records([(1, "IT", "Roma", 41.53, 12.2858)]), candidate_names(CITIES))
    assert (found["key"][0], found["how"][0], found["conflict"][0]) == ("rome", "name_only", True)
    assert abs(found["distance_km"][0] - 43.6) < 0.5


def test_coordinates_never_overrule_a_known_name_or_another_size() -> None:
    # "Milano" with a point at Rome's centre (477 km from Milan however it is read): Milan is in the
    # registry, so the point is wrong; it stays unmatched instead of going to Rome 0.1 km away
    wrong_point = _records([(1, "IT", "Milano", 41.8941, 12.4828)])
    assert match_cities(wrong_point, candidate_names(CITIES))["key"].to_list() == [None]
    # an unknown name 1 km from Rome's centre, with 60,000 people against Rome's 2,872,800 (factor 48):
    # a district, not Rome
    district = _records([(1, "IT", "San Isidoro", 41.90, 12.49)]).with_columns(population=pl.lit(60_000))
    assert match_cities(district, candidate_names(CITIES))["key"].to_list() == [None]
    # the same point with 2,800,000 people (factor 1.03) is Rome
    city = district.with_columns(population=pl.lit(2_800_000))
    assert match_cities(city, candidate_names(CITIES))["key"].to_list() == ["rome"]
    # a county around the city is not the city
    county = _records([(1, "IT", "Roma County", 41.90, 12.49)])
    assert match_cities(county, candidate_names(CITIES))["key"].to_list() == [None]
