"""The benchmark endpoints: one city against its peers, from submitted inventories (reported totals and
one computed here), and the structure model behind the comparison."""

from __future__ import annotations

import math
from typing import Any

import pytest
from fastapi.testclient import TestClient

from citypact.services.plans import action_plans, cases
from citypact.services.registry import city_edits
from citypact.storage.models import City
from tests.conftest import OPERATOR, World, bearer
from tests.factories import new_inventory, reported_inventory

GAS_T = 201.96 + 0.018 * 28 + 0.00036 * 265  # 1000 MWh of natural gas in homes, t CO2e (AR5)

# Reported territorial (scope 1) totals: (city, year) -> (t CO2e, population).
REPORTED = {
    ("Heidelberg", 2020): (1_600_000.0, 160_000),  # 10 t/person
    ("Heidelberg", 2021): (1_440_000.0, 160_000),  # 9 t/person: -10 %/yr
    ("Munich", 2020): (18_000_000.0, 1_500_000),  # 12 t/person
    ("Munich", 2021): (17_100_000.0, 1_500_000),  # 11.4 t/person: -5 %/yr
    ("Cologne", 2020): (8_000_000.0, 1_000_000),  # 8 t/person
    ("Cologne", 2021): (8_000_000.0, 1_000_000),  # 8 t/person: 0 %/yr
}
CLIMATE = {"Heidelberg": (3_200.0, 50.0), "Munich": (3_500.0, 40.0), "Cologne": (3_000.0, 60.0)}


def _computed(world: World, year: int, gas_mwh: float) -> None:
    """A submitted Kyoto inventory computed here: natural gas in homes only, 100 inhabitants."""
    gas = {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": gas_mwh, "unit": "MWh", "source": "utility"}
    new_inventory(
        world, city="Kyoto", by="kyoto_editor", year=year, population=100, rows=[gas], completed=True,
        status="submitted",
    )  # fmt: skip


@pytest.fixture
def figures(client: TestClient, world: World) -> World:
    for (city, year), (tonnes, population) in REPORTED.items():
        reported_inventory(world, city, year, tonnes, population)
    # A draft is not benchmarked: Kumamoto has nothing to compare.
    reported_inventory(world, "Kumamoto", 2021, 5_000_000.0, 740_000, status="draft")
    _computed(world, 2020, 1000.0)
    _computed(world, 2021, 900.0)
    with world.db.write() as session:
        for city, (hdd, cdd) in CLIMATE.items():
            for variable, value in (("hdd", hdd), ("cdd", cdd)):
                city_edits.save_statistic(
                    session, OPERATOR, world.city[city], year=2015, variable=variable, value=value,
                    source="test", data_quality="high",
                )  # fmt: skip
        cases.load_library(session)
        # Munich implemented an integrated climate action plan; Heidelberg has none yet.
        action_plans.save_plan_measure(
            session, OPERATOR, world.city["Munich"],
            {"measure": "climate_action_plan", "implementation": "implemented"},
        )  # fmt: skip
        action_plans.set_target(
            session, OPERATOR, world.city["Heidelberg"], base_year=2020, base_emissions_t=1_600_000,
            target_year=2030, reduction_pct=50, source="council decision",
        )  # fmt: skip
    return world


def _benchmark(client: TestClient, world: World, city: str, **params: Any) -> dict[str, Any]:
    response = client.get(f"/api/v1/cities/{world.city[city]}/benchmark", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def _floats(value: Any) -> list[float]:
    if isinstance(value, dict):
        return [f for v in value.values() for f in _floats(v)]
    if isinstance(value, list):
        return [f for v in value for f in _floats(v)]
    return [value] if isinstance(value, float) else []


def test_headline_trend_and_movement_by_hand(client: TestClient, figures: World) -> None:
    body = _benchmark(client, figures, "Heidelberg", peers="country")
    assert body["peer_group"] == "country"
    assert body["headline"] == {
        "code": "scope1_per_capita",
        "unit": "t CO2e/person",
        "value": 9.0,
        "year": 2021,
    }
    assert body["series"] == [{"year": 2020, "value": 10.0}, {"year": 2021, "value": 9.0}]
    assert body["trend"]["percent_per_year"] == pytest.approx(-10.0)  # 10 -> 9 t/person in a year
    assert body["trend"]["years"] == 2
    peers = {p["name"]: p for p in body["peers"]}
    assert set(peers) == {"Munich", "Cologne"}  # Kyoto is not in Germany
    assert [p["distance"] for p in body["peers"]] == sorted(p["distance"] for p in body["peers"])
    assert peers["Munich"]["headline"] == pytest.approx(11.4)
    assert peers["Munich"]["trend_pct"] == pytest.approx(-5.0)
    assert peers["Cologne"]["trend_pct"] == pytest.approx(0.0)
    # Reasons as codes with both cities' values, and the conditions both cities know.
    assert {"kind": "same_country", "mine": "DE", "other": "DE", "note": None, "sources": None} in peers[
        "Munich"
    ]["reasons"]
    assert {"log_population", "grid"} <= set(peers["Munich"]["compared"])
    series = {s["id"]: s["points"] for s in body["peer_series"]}
    assert series[figures.city["Munich"]] == [{"year": 2020, "value": 12.0}, {"year": 2021, "value": 11.4}]
    movement = body["movement"]
    assert (movement["faster_than"], movement["peers_with_rate"]) == (2, 2)
    assert (
        movement["sentence"] == "Emissions per capita are falling by 10.0% a year, faster than 2 of 2 peers."
    )
    assert [p["name"] for p in movement["most_improved"]] == ["Munich", "Cologne"]


def test_indicators_name_their_source_and_missing_stays_null(client: TestClient, figures: World) -> None:
    body = _benchmark(client, figures, "Heidelberg", peers="country")
    by_code = {i["code"]: i for i in body["indicators"]}
    scope1 = by_code["scope1_per_capita"]
    assert scope1 == {
        "code": "scope1_per_capita",
        "label": "Territorial emissions per capita",
        "unit": "t CO2e/person",
        "direction": "lower",
        "value": 9.0,
        "year": 2021,
        "peer_median": pytest.approx((11.4 + 8.0) / 2),
        "peers_with_value": 2,
        "source": "test report Heidelberg 2021",
        "data_quality": "reported, not verified",
    }
    # No BASIC, sectors or energy were reported: null, never 0.
    for code in ("basic_per_capita", "transport_per_capita", "electricity_per_capita"):
        assert by_code[code]["value"] is None and by_code[code]["peer_median"] is None, code
        assert by_code[code]["peers_with_value"] == 0
    grid = by_code["grid_intensity"]
    assert grid["value"] == pytest.approx(0.356)  # DE 2021, 356 g/kWh
    assert grid["source"].startswith("national grid intensity") and grid["data_quality"] is None
    # Kyoto's inventories are computed here: energy per capita from the activity rows.
    kyoto = {i["code"]: i for i in _benchmark(client, figures, "Kyoto")["indicators"]}
    assert kyoto["scope1_per_capita"]["value"] == pytest.approx(0.9 * GAS_T / 100)
    assert kyoto["stationary_energy_per_capita"]["value"] == pytest.approx(9.0)  # 900 MWh / 100
    assert kyoto["scope1_per_capita"]["data_quality"] == "as entered per activity"
    assert kyoto["grid_intensity"]["value"] is None  # no Japanese grid figure for 2021 or before


def test_performance_matches_the_published_model(client: TestClient, figures: World) -> None:
    model = client.get("/api/v1/benchmark/model").json()
    b = {c["name"]: c["coefficient"] for c in model["coefficients"]}
    body = _benchmark(client, figures, "Heidelberg")
    hdd, cdd = CLIMATE["Heidelberg"]
    # Germany is in the model's reference region and the totals cover all gases: no dummy applies.
    log_expected = (
        b["intercept"]
        + b["log_hdd"] * math.log1p(hdd)
        + b["log_cdd"] * math.log1p(cdd)
        + b["log_population"] * math.log(160_000)
        + b["log_density"] * math.log(160_000 / 108.83)
        + b["grid"] * 0.356
    )
    performance = body["performance"]
    assert performance["expected"] == pytest.approx(math.exp(log_expected))
    assert performance["percent"] == pytest.approx((9.0 / math.exp(log_expected) - 1) * 100)
    interval = performance["interval"]
    assert interval["low_percent"] < performance["percent"] < interval["high_percent"]
    assert f"{9.0:.2f} against {math.exp(log_expected):.2f} t per person" in performance["sentence"]
    gap = body["gap"]
    parts = sum(p["percent_points"] for p in gap["parts"]) + gap["local"]["percent_points"]
    assert parts == pytest.approx(gap["total_percent"])
    assert {p["name"] for p in gap["parts"]} >= {"climate", "size and density", "the national grid"}
    assert "local" in gap["sentence"]


def test_target_change_profile_and_suggestions(client: TestClient, figures: World) -> None:
    body = _benchmark(client, figures, "Heidelberg", peers="country")
    target = body["target"]
    # Straight path 1.6 Mt (2020) -> 0.8 Mt (2030): 1.52 Mt asked for in 2021, 1.44 Mt emitted.
    assert (target["basis"], target["year"], target["actual_t"]) == ("territorial", 2021, 1_440_000)
    assert target["on_path_t"] == pytest.approx(1_520_000)
    assert target["gap_pct"] == pytest.approx((1.44 / 1.52 - 1) * 100)
    assert target["needed_rate_pct"] == pytest.approx(((0.8 / 1.44) ** (1 / 9) - 1) * 100)
    assert target["on_track"] is True
    assert body["change"] is None  # reported totals have no activity data to decompose
    # Heidelberg has no action plan: not assessed (null), never 0; Munich's plan is the peers' one.
    assert body["has_plan"] is False and body["peers_with_plan"] == 1
    assert body["profile"] is None and body["catalogue"] is None and body["suggestions"] == []
    by_code = {i["code"]: i for i in body["indicators"]}
    assert by_code["catalogue_score"]["value"] is None and by_code["catalogue_score"]["peers_with_value"] == 1
    assert by_code["measures_implemented"]["value"] is None
    assert by_code["measures_implemented"]["peer_median"] == 1.0  # Munich's one implemented measure
    # Kyoto: gas 1000 -> 900 MWh with the same population and fuel is all energy per capita.
    change = _benchmark(client, figures, "Kyoto")["change"]
    assert (change["year_from"], change["year_to"]) == (2020, 2021)
    assert change["total_change_t"] == pytest.approx(-0.1 * GAS_T)
    assert change["effects_t"]["energy_per_capita"] == pytest.approx(-0.1 * GAS_T)
    for effect in ("population", "energy_mix", "fuel_intensity", "grid_factor"):
        assert change["effects_t"][effect] == pytest.approx(0.0, abs=1e-9)
    assert change["explanation"].startswith("Emissions fell by 20.3 t CO2e: population 0.0")


def test_no_rank_and_no_nan_anywhere(client: TestClient, figures: World) -> None:
    for city in ("Heidelberg", "Kyoto", "Portland"):
        response = client.get(f"/api/v1/cities/{figures.city[city]}/benchmark")
        assert "NaN" not in response.text and "Infinity" not in response.text
        body = response.json()
        assert not any("rank" in key.lower() for key in _keys(body)), city
        assert all(math.isfinite(f) for f in _floats(body))
    model = client.get("/api/v1/benchmark/model")
    assert "NaN" not in model.text and not any("rank" in k for k in _keys(model.json()))


def test_drafts_are_not_benchmarked(client: TestClient, figures: World) -> None:
    body = _benchmark(client, figures, "Kumamoto")
    assert body["headline"]["value"] is None and body["series"] == []
    assert all(i["value"] is None for i in body["indicators"] if i["unit"] == "t CO2e/person")
    assert body["movement"] is None and body["performance"] is None
    assert any("Drafts are not benchmarked" in note for note in body["notes"])
    # Nor is Kumamoto anyone's peer.
    peers = _benchmark(client, figures, "Kyoto", peers="country")["peers"]
    assert peers == []


def test_peer_groups(client: TestClient, figures: World) -> None:
    munich, kyoto = figures.city["Munich"], figures.city["Kyoto"]
    custom = _benchmark(client, figures, "Heidelberg", peers="custom", ids=f"{munich},{kyoto},999999")
    assert {p["id"] for p in custom["peers"]} == {munich, kyoto}  # an id without figures is no peer
    twins = _benchmark(client, figures, "Cologne", peers="twins")  # Cologne and Kyoto are twinned
    assert [p["name"] for p in twins["peers"]] == ["Kyoto"]
    network_id = client.get("/api/v1/networks/c40").json()["id"]
    c40 = _benchmark(client, figures, "Heidelberg", peers="network", network=network_id)
    assert [p["name"] for p in c40["peers"]] == ["Kyoto"]  # Portland has no figures


def test_unpublished_city_is_hidden_from_the_public(client: TestClient, figures: World) -> None:
    with figures.db.write() as session:
        city = session.get(City, figures.city["Heidelberg"])
        assert city is not None
        city.is_published = False
    url = f"/api/v1/cities/{figures.city['Heidelberg']}/benchmark"
    assert client.get(url).status_code == 404
    staff = client.get(url, headers=bearer(figures, "heidelberg_viewer"))
    assert staff.status_code == 200
    # Its own staff see the page, but an unpublished city is nobody's benchmark, not even its own.
    assert staff.json()["headline"]["value"] is None
    munich = _benchmark(client, figures, "Munich", peers="country")
    assert [p["name"] for p in munich["peers"]] == ["Cologne"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"peers": "league"}, "peers"),
        ({"peers": "network"}, "network"),
        ({"peers": "custom"}, "ids"),
        ({"peers": "custom", "ids": "1,two"}, "ids"),
        ({"network": 0}, "network"),
    ],
)
def test_bad_parameters_are_422_naming_the_field(
    client: TestClient, figures: World, params: dict[str, Any], field: str
) -> None:
    response = client.get(f"/api/v1/cities/{figures.city['Heidelberg']}/benchmark", params=params)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"][-1] == field


def test_unknown_city_is_404(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/cities/999999/benchmark")
    assert response.status_code == 404
    assert "999999" in response.json()["detail"]


def test_the_structure_model(client: TestClient) -> None:
    body = client.get("/api/v1/benchmark/model").json()
    # Chosen out of sample on the shipped panel: the conditions with separate source dummies beat the
    # country median by more than the spread over repeats (docs/benchmark_model.md).
    assert body["chosen"] == "conditions_sources"
    names = [c["name"] for c in body["coefficients"]]
    assert names[0] == "intercept"
    assert {"log_hdd", "log_cdd", "log_population", "log_density", "grid", "source_pku"} <= set(names)
    for c in body["coefficients"]:
        assert c["ci_low"] < c["coefficient"] < c["ci_high"]
        assert c["ci_high"] - c["coefficient"] == pytest.approx(1.959964 * c["standard_error"], rel=1e-4)
    assert body["converged"] is True
    assert body["n_used"] > 100 and body["scale"] > 0 and "pseudo_r2" not in body
    assert 0 <= body["outliers"] < body["n_used"]
    v = body["validation"]
    assert (v["folds"], v["repeats"]) == (5, 10)
    scores = {s["name"]: s for s in v["scores"]}
    assert list(scores)[:2] == ["country_median", "region_median"]
    # The margin is the paired difference, so its mean is the difference of the means.
    assert v["margin_mean"] == pytest.approx(
        scores["country_median"]["mdale_mean"] - scores["conditions_sources"]["mdale_mean"], abs=1e-12
    )
    assert v["margin_mean"] > scores["conditions_sources"]["mdale_sd"] > 0
    assert v["interval_low"] < 0 < v["interval_high"]
    assert body["description"].startswith("The expected level of territorial emissions per capita")
