"""GET /api/v1/tours: the route with its legs and landmark projects, for anyone; bad input 422 naming
the field."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import World
from tests.services.test_tours import CGN_MUC, HD_CGN, HD_MUC, add_tour_cases


def _ids(world: World, *names: str) -> str:
    return ",".join(str(world.city[n]) for n in names)


def test_the_public_plans_a_tour(client: TestClient, world: World) -> None:
    cases = add_tour_cases(world)
    response = client.get("/api/v1/tours", params={"cities": _ids(world, "Munich", "Cologne", "Heidelberg")})
    assert response.status_code == 200, response.text
    body = response.json()
    assert [s["name"] for s in body["stops"]] == ["Munich", "Heidelberg", "Cologne"]
    assert [leg["km_rounded"] for leg in body["legs"]] == [253, 211]
    assert body["total_km"] == pytest.approx(HD_MUC + HD_CGN, abs=1e-3)
    assert body["total_km_rounded"] == 464
    assert body["method"] == "exact" and body["exact_limit"] == 12 and body["round_trip"] is False
    first, second = body["stops"][:2]
    assert first["leg_km"] is None and first["cumulative_km"] == 0
    assert second["cumulative_km"] == pytest.approx(HD_MUC, abs=1e-3)
    assert [m["id"] for m in first["landmarks"]] == [cases["swm"]]
    assert [m["id"] for m in second["landmarks"]] == [cases["bus"], cases["bahnstadt"]]
    assert set(second["landmarks"][0]) == {
        "id", "title", "field", "instrument", "implementation", "start_year", "has_results"
    }  # fmt: skip


def test_start_round_trip_cases_and_language(client: TestClient, world: World) -> None:
    cases = add_tour_cases(world)
    body = client.get(
        "/api/v1/tours",
        params={
            "cities": _ids(world, "Heidelberg", "Munich", "Cologne"),
            "start": world.city["Cologne"],
            "round_trip": "true",
            "cases": f"{cases['bahnstadt']}",
            "lang": "de",
        },
    ).json()
    assert body["stops"][0]["name"] == "Cologne" and body["round_trip"] is True
    assert len(body["legs"]) == 3 and body["legs"][-1]["to_city_id"] == world.city["Cologne"]
    assert body["total_km"] == pytest.approx(HD_CGN + HD_MUC + CGN_MUC, abs=1e-3)
    heidelberg = next(s for s in body["stops"] if s["name"] == "Heidelberg")
    assert [m["title"] for m in heidelberg["landmarks"]] == ["Passivhaus-Stadtteil Bahnstadt"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "cities"),
        ({"cities": "1;2"}, "cities"),
        ({"cities": "{heidelberg}"}, "cities"),
        ({"cities": "{heidelberg},{heidelberg}"}, "cities"),
        ({"cities": "{heidelberg},999999"}, "cities"),
        ({"cities": "{heidelberg},{munich}", "start": "{kyoto}"}, "start"),
        ({"cities": "{heidelberg},{munich}", "start": 0}, "start"),
        ({"cities": "{heidelberg},{munich}", "cases": "999999"}, "cases"),
        ({"cities": "{heidelberg},{munich}", "cases": "a"}, "cases"),
        ({"cities": "{heidelberg},{munich}", "round_trip": "maybe"}, "round_trip"),
        ({"cities": "{heidelberg},{munich}", "lang": "fr"}, "lang"),
    ],
)
def test_bad_input_is_422_naming_the_field(
    client: TestClient, world: World, params: dict[str, Any], field: str
) -> None:
    names = {
        "heidelberg": world.city["Heidelberg"],
        "munich": world.city["Munich"],
        "kyoto": world.city["Kyoto"],
    }
    filled = {k: v.format(**names) if isinstance(v, str) else v for k, v in params.items()}
    response = client.get("/api/v1/tours", params=filled)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"][-1] == field


def test_the_message_names_the_unknown_city(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/tours", params={"cities": f"{world.city['Kyoto']},999999"})
    assert "no published city with id 999999" in response.json()["detail"][0]["msg"]


def test_the_schema_is_documented(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/v1/tours"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"cities", "start", "round_trip", "cases", "lang"}
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/TourOut")


def test_ids_beyond_the_integer_range_are_named_not_a_server_error(client: TestClient) -> None:
    answer = client.get("/api/v1/tours", params={"cities": "0,3000000000"})
    assert answer.status_code == 422 and "cities" in answer.text
