"""/api/v1/co2-prices: shipped schedules with their sources, a city's schedules and their versions."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import World, bearer

P = "/api/v1/co2-prices"
BODY = {
    "key": "city-price",
    "name": "Heidelberg shadow price",
    "publisher": "Stadt Heidelberg",
    "source": "council decision of 2025, annex 2",
    "url": "https://www.heidelberg.de/",
    "currency": "EUR",
    "price_year": 2025,
    "discounting": "undiscounted",
    "valid_from": "2026-01-01",
    "prices": {"2026": 300, "2030": 350.5},
}


def test_the_shipped_schedules_are_listed_with_source_and_prices(client: TestClient, world: World) -> None:
    listed = client.get(P)
    assert listed.status_code == 200
    behg = next(s for s in listed.json() if s["ref"] == "shipped/de-behg/2024")
    assert behg["prices"] == {
        "2021": 25.0,
        "2022": 30.0,
        "2023": 30.0,
        "2024": 45.0,
        "2025": 55.0,
        "2026": 55.0,
    }
    assert "BEHG" in behg["source"] and behg["discounting"] == "like_costs"
    bw = client.get(f"{P}/shipped/bw-klimag-8").json()
    assert [(v["version"], v["prices"], v["valid_to"]) for v in bw] == [
        ("2023", {"2023": 237.0}, "2025-07-31"),
        ("2025", {"2025": 300.0}, None),
    ]


def test_a_city_adds_a_schedule_and_a_version_and_both_stay_readable(
    client: TestClient, world: World
) -> None:
    owner = f"city-{world.city['Heidelberg']}"
    created = client.post(f"{P}/{owner}", json=BODY, headers=bearer(world, "heidelberg_editor"))
    assert created.status_code == 201, created.text
    assert created.json()["ref"] == f"{owner}/city-price/1"
    assert created.json()["prices"] == {"2026": 300.0, "2030": 350.5}
    version = {k: v for k, v in BODY.items() if k != "key"} | {
        "valid_from": "2027-07-01",
        "prices": {"2027": 400},
    }
    second = client.post(f"{P}/{owner}/city-price", json=version, headers=bearer(world, "heidelberg_editor"))
    assert second.status_code == 201, second.text
    first = client.get(f"{P}/{owner}/city-price/1").json()
    assert first["prices"] == {"2026": 300.0, "2030": 350.5} and first["valid_to"] == "2027-06-30"
    assert client.get(f"{P}/{owner}/city-price/2").json()["valid_to"] is None


def test_bad_bodies_and_owners_are_refused(client: TestClient, world: World) -> None:
    owner = f"city-{world.city['Heidelberg']}"
    editor = bearer(world, "heidelberg_editor")
    assert client.post(f"{P}/{owner}", json={**BODY, "key": "Bad Key"}, headers=editor).status_code == 422
    assert client.post(f"{P}/{owner}", json={**BODY, "prices": {}}, headers=editor).status_code == 422
    assert (
        client.post(f"{P}/{owner}", json={**BODY, "prices": {"2026": -1}}, headers=editor).status_code == 422
    )
    assert client.post(f"{P}/{owner}", json={**BODY, "extra": 1}, headers=editor).status_code == 422
    assert client.post(f"{P}/shipped", json=BODY, headers=bearer(world, "admin")).status_code == 422
    assert client.post(f"{P}/town-1", json=BODY, headers=editor).status_code == 422
    assert client.post(f"{P}/city-999999", json=BODY, headers=bearer(world, "admin")).status_code == 404
    assert client.get(f"{P}/shipped/no-such").status_code == 404
    assert client.get(f"{P}/shipped/de-behg/1999").status_code == 404
