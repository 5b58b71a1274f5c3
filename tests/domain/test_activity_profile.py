"""A city's activity profile: a small city by hand, the national reduction, suggestions, properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citypact.domain.activity_profile import (
    FIELD_POINTS,
    LOCAL_SHARE,
    NATIONAL_DEFAULT,
    NATIONAL_SHARE,
    REGION_FACTOR,
    CatalogueScore,
    CatalogueType,
    CityMeasure,
    FieldScore,
    catalogue_score,
    decision_share,
    field_instrument_profile,
    suggestions,
)
from citypact.domain.measures import DECISION_LEVELS, FIELDS, IMPLEMENTATION, INSTRUMENTS, ClassificationError

CATALOGUE = [
    CatalogueType("climate_plan", "governance", "regulatory", "municipality"),  # 8 points
    CatalogueType("pv_roofs", "buildings_municipal", "own_operations", "municipality"),  # 6
    CatalogueType("home_subsidy", "buildings_residential", "fiscal", "municipality"),  # 8
    CatalogueType("building_code", "buildings_residential", "regulatory", "nation"),  # 8
    CatalogueType("bus_lanes", "transport", "regulatory", "municipality"),  # 8
    CatalogueType("low_emission_zone", "transport", "regulatory", "region"),  # 8
]

CITY = [
    CityMeasure("climate_plan", "governance", "regulatory", "implemented"),
    CityMeasure(
        "pv_roofs", "buildings_municipal", "own_operations", "in_implementation", expected_reduction_t=120
    ),
    CityMeasure("home_subsidy", "buildings_residential", "fiscal", "planned"),
    CityMeasure("bus_lanes", "transport", "regulatory", "adopted"),
    CityMeasure("bus_lanes", "transport", "regulatory", "implemented", cancelled=True),  # counts 0
    CityMeasure(None, "transport", "soft", "idea"),  # the city's own: profile only
]


def _field(score: CatalogueScore, field: str) -> FieldScore:
    return next(f for f in score.fields if f.field == field)


def test_profile_of_a_small_city() -> None:
    p = field_instrument_profile(CITY)
    # Cells: best stage -> idea/planned 1, adopted 2, in_implementation 3, implemented/evaluated 4.
    assert p.cell("governance", "regulatory").score == 4  # implemented
    assert p.cell("buildings_municipal", "own_operations").score == 3  # in implementation
    assert p.cell("buildings_municipal", "own_operations").expected_reduction_t == 120
    assert p.cell("buildings_residential", "fiscal").score == 1  # planned
    assert p.cell("transport", "regulatory").score == 2  # adopted; the cancelled implemented one counts 0
    assert p.cell("transport", "regulatory").measures == 1
    assert p.cell("transport", "soft").score == 1  # idea
    assert p.matrix().sum() == 4 + 3 + 1 + 2 + 1
    # Fields: mean of the two best cells, rounded half up.
    assert p.fields["governance"] == 2  # (4 + 0) / 2 = 2
    assert p.fields["buildings_municipal"] == 2  # (3 + 0) / 2 = 1.5 -> 2
    assert p.fields["buildings_residential"] == 1  # (1 + 0) / 2 = 0.5 -> 1
    assert p.fields["transport"] == 2  # (2 + 1) / 2 = 1.5 -> 2
    assert p.fields["waste"] == 0
    assert p.strengths == (("governance", "regulatory"), ("buildings_municipal", "own_operations"))
    assert len(p.weaknesses) == 48 - 3  # every cell but the three scored >= 2
    assert ("buildings_residential", "fiscal") in p.weaknesses and ("transport", "soft") in p.weaknesses
    assert set(p.weak_fields) == set(FIELDS) - {"governance", "buildings_municipal", "transport"}
    assert dict(p.stages) == {
        "climate_plan": "implemented",
        "pv_roofs": "in_implementation",
        "home_subsidy": "planned",
        "bus_lanes": "adopted",
    }


def test_breadth_bonus() -> None:
    def cell(*stages: str, cancelled: int = 0) -> int:
        ms = [CityMeasure(None, "waste", "soft", s, cancelled=i < cancelled) for i, s in enumerate(stages)]
        return field_instrument_profile(ms).cell("waste", "soft").score

    assert cell("adopted", "adopted") == 2
    assert cell("adopted", "adopted", "adopted") == 3  # three decided measures: one step more
    assert cell("adopted", "adopted", "adopted", cancelled=1) == 2  # a cancelled one is not counted
    assert cell("planned", "planned", "planned") == 1  # the bonus needs adopted measures
    assert cell("implemented", "evaluated", "adopted") == 4  # never past 4


def test_catalogue_score_by_hand_germany() -> None:
    s = catalogue_score(CITY, CATALOGUE, "de")
    assert s.country == "DE"
    # possible x share (DE tables) = reduced; achieved = reduced x share of the stage
    # climate_plan       8 x 1                = 8.0, implemented 100 % -> 8.0
    # pv_roofs           6 x 1                = 6.0, in implementation 75 % -> 4.5
    # home_subsidy       8 x 0.75 (GEG)       = 6.0, planned 25 % -> 1.5
    # building_code      8 x 0 (nation, GEG)  = 0: cannot decide, not counted
    # bus_lanes          8 x 0.75 (StVO)      = 6.0, adopted 50 % -> 3.0 (the cancelled one counts 0)
    # low_emission_zone  8 x 0.75 x 0.75      = 4.5 (region), nothing -> 0
    # total 17.0 / 30.5
    assert s.excluded == ("building_code",)
    assert s.possible == pytest.approx(30.5)
    assert s.achieved == pytest.approx(17.0)
    assert s.percent == pytest.approx(100 * 17 / 30.5)  # 55.7 %
    assert _field(s, "buildings_residential").percent == pytest.approx(25.0)  # 1.5 / 6
    assert _field(s, "transport").percent == pytest.approx(100 * 3 / 10.5)  # 3 / (6 + 4.5)
    assert _field(s, "governance").percent == pytest.approx(100.0)
    assert [f.field for f in s.fields] == [
        "governance",
        "buildings_municipal",
        "buildings_residential",
        "transport",
    ]


def test_same_measures_score_differently_in_the_usa() -> None:
    s = catalogue_score(CITY, CATALOGUE, "US")
    # climate_plan 8/8, pv_roofs 4.5/6, home_subsidy 2/8 (nothing reduced in the US),
    # building_code 0/8 (nation, but US cities adopt building codes: share 1), bus_lanes 4/8,
    # low_emission_zone 0/6 (region 8 x 0.75); total 18.5 / 44
    assert s.excluded == ()
    assert s.possible == pytest.approx(44.0)
    assert s.achieved == pytest.approx(18.5)
    assert s.percent == pytest.approx(100 * 18.5 / 44)  # 42.0 %
    assert _field(s, "buildings_residential").percent == pytest.approx(12.5)  # 2 / 16
    de = catalogue_score(CITY, CATALOGUE, "DE")
    assert de.percent != s.percent


def test_reduced_points_are_as_the_tables_say() -> None:
    by_country = {
        c: {t.code: t for t in catalogue_score([], CATALOGUE, c).types} for c in ("DE", "JP", "US", "FR")
    }
    pts = FIELD_POINTS["buildings_residential"]
    assert (
        by_country["US"]["building_code"].reduced_possible
        == pts * NATIONAL_SHARE["US"]["buildings_residential"]
    )
    assert "building_code" not in by_country["DE"] and "building_code" not in by_country["JP"]
    assert by_country["FR"]["building_code"].reduced_possible == pts * NATIONAL_DEFAULT
    assert (
        by_country["DE"]["home_subsidy"].reduced_possible == pts * LOCAL_SHARE["DE"]["buildings_residential"]
    )
    assert (
        by_country["JP"]["home_subsidy"].reduced_possible == pts * LOCAL_SHARE["JP"]["buildings_residential"]
    )
    assert by_country["US"]["home_subsidy"].reduced_possible == pts
    assert by_country["DE"]["low_emission_zone"].share == pytest.approx(
        LOCAL_SHARE["DE"]["transport"] * REGION_FACTOR
    )
    assert decision_share("international", "transport", "DE") == NATIONAL_SHARE["DE"]["transport"]
    assert decision_share("municipality", "waste", "ZZ") == 1.0  # a country not in the tables: default


def test_cancelled_measures_count_nothing() -> None:
    ms = [CityMeasure("climate_plan", "governance", "regulatory", "evaluated", cancelled=True)]
    p = field_instrument_profile(ms)
    assert p.cell("governance", "regulatory").score == 0
    assert p.cancelled_codes == frozenset({"climate_plan"}) and not p.stages
    assert catalogue_score(ms, CATALOGUE, "DE").achieved == 0.0


def test_city_without_measures() -> None:
    p = field_instrument_profile([])
    assert p.matrix().sum() == 0 and set(p.weak_fields) == set(FIELDS) and not p.strengths
    assert len(p.weaknesses) == len(FIELDS) * len(INSTRUMENTS)
    s = catalogue_score([], CATALOGUE, "JP")
    assert s.percent == 0.0 and s.possible > 0 and s.achieved == 0.0
    assert all(f.percent == 0.0 for f in s.fields)
    assert catalogue_score([], [], "JP").percent is None  # nothing could be scored at all


SUGGESTABLE = [
    *CATALOGUE,
    CatalogueType("solar_coop", "energy_supply", "soft", "municipality"),  # 8
    CatalogueType("district_heat", "energy_supply", "own_operations", "municipality"),  # 8
    CatalogueType("shop_energy_advice", "buildings_commercial", "soft", "municipality"),  # 6
]
PEERS = {
    "solar_coop": 9,
    "home_subsidy": 7,
    "building_code": 7,
    "bus_lanes": 10,  # transport is not weak (2 of 4): not suggested
    "climate_plan": 10,  # implemented already
    "district_heat": 3,
    "shop_energy_advice": 3,
}


def test_suggestions_ranked_by_peers_with_reasons() -> None:
    p = field_instrument_profile(CITY)
    found = suggestions(p, SUGGESTABLE, PEERS, 10, peers=10)
    # peers first (9, 7, 7, 3, 3), then points possible (8 before 6), then code
    assert [s.code for s in found] == [
        "solar_coop",
        "building_code",
        "home_subsidy",
        "district_heat",
        "shop_energy_advice",
    ]
    by_code = {s.code: s for s in found}
    assert (
        by_code["solar_coop"].reason
        == "implemented by 9 of your 10 peers; your profile in energy_supply is 0 of 4"
    )
    assert by_code["home_subsidy"].reason == (
        "implemented by 7 of your 10 peers; your profile in buildings_residential is 1 of 4;"
        " you have it as planned"
    )
    assert [s.code for s in suggestions(p, SUGGESTABLE, PEERS, 2, peers=10)] == [
        "solar_coop",
        "building_code",
    ]
    # Without the number of peers the reason still says how many implemented it.
    assert suggestions(p, SUGGESTABLE, PEERS, 1)[0].reason.startswith("implemented by 9 peers;")


def test_a_type_no_peer_implemented_is_no_suggestion() -> None:
    p = field_instrument_profile(CITY)
    # district_heat implemented by no peer: "0 of your 10 peers" is no reason to suggest it.
    found = suggestions(p, SUGGESTABLE, {**PEERS, "district_heat": 0}, 10, peers=10)
    assert "district_heat" not in {s.code for s in found}
    assert all(s.peers >= 1 for s in found)
    # Peers without action plans implemented nothing: no suggestion at all.
    assert suggestions(p, SUGGESTABLE, {}, 10, peers=0) == []


def test_suggestions_in_a_country_leave_out_what_the_city_cannot_decide() -> None:
    p = field_instrument_profile(CITY)
    found = suggestions(p, SUGGESTABLE, PEERS, 10, peers=10, country="DE")
    assert "building_code" not in {s.code for s in found}  # GEG: federal
    assert {s.code: s.points_possible for s in found}["home_subsidy"] == 6.0  # 8 x 0.75


def test_suggestions_mention_a_cancelled_measure_and_skip_adopted_ones() -> None:
    ms = [
        CityMeasure("solar_coop", "energy_supply", "soft", "implemented", cancelled=True),
        CityMeasure("district_heat", "energy_supply", "own_operations", "adopted"),
    ]
    p = field_instrument_profile(ms)
    assert p.fields["energy_supply"] == 1  # (2 + 0) / 2
    found = {s.code: s for s in suggestions(p, SUGGESTABLE, PEERS, 10)}
    assert "district_heat" not in found  # adopted: already on its way
    assert found["solar_coop"].reason.endswith("; you cancelled it before")


def test_errors_name_the_field() -> None:
    with pytest.raises(ClassificationError) as e:
        CityMeasure(None, "buildings", "soft", "idea")
    assert e.value.field == "field"
    with pytest.raises(ClassificationError) as e:
        CityMeasure(None, "waste", "soft", "done")
    assert e.value.field == "implementation"
    with pytest.raises(ClassificationError) as e:
        CatalogueType("x", "waste", "soft", "county")
    assert e.value.field == "decision_level"
    with pytest.raises(ClassificationError) as e:
        CatalogueType("x", "waste", "nudge", "region")
    assert e.value.field == "instrument"
    with pytest.raises(ValueError, match="country"):
        catalogue_score([], CATALOGUE, "Germany")
    with pytest.raises(ValueError, match="appears twice"):
        catalogue_score([], [*CATALOGUE, CATALOGUE[0]], "DE")
    with pytest.raises(ValueError, match="expected_reduction_t"):
        CityMeasure(None, "waste", "soft", "idea", expected_reduction_t=-1)
    with pytest.raises(ValueError, match="peer_implemented"):
        suggestions(field_instrument_profile([]), CATALOGUE, {"climate_plan": 11}, 3, peers=10)


# Properties ---------------------------------------------------------------------------------------

catalogue_st = st.lists(
    st.builds(
        CatalogueType,
        code=st.sampled_from([f"t{i}" for i in range(12)]),
        field=st.sampled_from(list(FIELDS)),
        instrument=st.sampled_from(list(INSTRUMENTS)),
        decision_level=st.sampled_from(list(DECISION_LEVELS)),
    ),
    max_size=12,
    unique_by=lambda t: t.code,
)
measure_st = st.builds(
    CityMeasure,
    code=st.one_of(st.none(), st.sampled_from([f"t{i}" for i in range(14)])),
    field=st.sampled_from(list(FIELDS)),
    instrument=st.sampled_from(list(INSTRUMENTS)),
    implementation=st.sampled_from(list(IMPLEMENTATION)),
    cancelled=st.booleans(),
)
country_st = st.sampled_from(["DE", "JP", "US", "FR"])


@settings(max_examples=200, deadline=None)
@given(catalogue_st, st.lists(measure_st, max_size=15), measure_st, country_st)
def test_one_more_measure_never_lowers_anything(catalogue, measures, extra, country) -> None:  # type: ignore[no-untyped-def]
    before = catalogue_score(measures, catalogue, country)
    after = catalogue_score([*measures, extra], catalogue, country)
    if before.percent is None:
        assert after.percent is None
    else:
        assert after.percent is not None
        assert 0.0 <= before.percent <= 100.0 and 0.0 <= after.percent <= 100.0
        assert after.percent >= before.percent - 1e-9
        assert after.possible == before.possible  # what the city does never changes what is possible
    p0, p1 = field_instrument_profile(measures), field_instrument_profile([*measures, extra])
    assert (p1.matrix() >= p0.matrix()).all() and ((p1.matrix() >= 0) & (p1.matrix() <= 4)).all()
    assert all(p1.fields[f] >= p0.fields[f] and 0 <= p1.fields[f] <= 4 for f in FIELDS)
