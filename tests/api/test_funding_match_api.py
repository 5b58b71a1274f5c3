"""The read-only funding API: matches, a city's funding view, a network's pipeline; every role
against every endpoint, and the JSON carrying codes and figures."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.test_attack_surface import ROLES
from tests.conftest import World, bearer
from tests.factories import confirm_membership
from tests.funding_match_fixture import DAY, funding_world

HEIDELBERG_READERS = frozenset({"admin", "heidelberg_editor", "heidelberg_viewer"})


@pytest.mark.parametrize("who", ROLES)
def test_every_role_against_every_funding_endpoint(client: TestClient, world: World, who: str) -> None:
    fw = funding_world(world)
    hd = world.city["Heidelberg"]
    h = bearer(world, who)
    on = f"on={DAY.isoformat()}"
    public = client.get(f"/api/v1/cities/{hd}/funding-matches?{on}", headers=h)
    assert public.status_code == 200  # the city-level match is public for a published city
    measure = client.get(
        f"/api/v1/cities/{hd}/funding-matches?measure={fw.measures['schools']}&{on}", headers=h
    )
    view = client.get(f"/api/v1/cities/{hd}/funding?{on}", headers=h)
    pipe = client.get(f"/api/v1/networks/c40/funding-pipeline?{on}", headers=h)
    if who in HEIDELBERG_READERS:
        assert measure.status_code == 200 and view.status_code == 200
    else:
        assert measure.status_code == 404
        assert view.status_code == (401 if who == "public" else 403)
        assert "Retrofit of schools" not in view.text + measure.text
    if who in ("admin", "c40_secretariat"):
        assert pipe.status_code == 200
    else:
        assert pipe.status_code == (401 if who == "public" else 403)


def test_matches_json_carries_codes_figures_and_call_states(client: TestClient, world: World) -> None:
    fw = funding_world(world)
    hd = world.city["Heidelberg"]
    body = client.get(
        f"/api/v1/cities/{hd}/funding-matches?measure={fw.measures['schools']}&on={DAY.isoformat()}",
        headers=bearer(world, "heidelberg_editor"),
    ).json()
    assert body["measure"]["gap_minor"] == 70_000_000 and body["internal"] is True
    first = body["matches"][0]
    assert first["programme_name"] == "Municipal retrofit fund" and first["eligible"]
    assert first["call_state"] == "open" and first["closes_on"] == "2026-03-22"
    fits = {r["code"]: r["figures"] for r in first["fits"]}
    assert fits["closes_in"] == {"days": 12, "closes_on": "2026-03-22"}
    assert fits["cofinancing"]["covers_minor"] == 40_000_000
    joint = next(m for m in body["matches"] if m["programme_name"] == "Cities joining forces")
    assert joint["rules_out"][0]["code"] == "joint_too_few" and joint["joint"]["met"] is False
    assert "probability" not in str(body).lower()


def test_the_public_city_match_hides_private_partnerships_and_measures(
    client: TestClient, world: World
) -> None:
    funding_world(world)
    body = client.get(f"/api/v1/cities/{world.city['Heidelberg']}/funding-matches?on=2026-03-10").json()
    assert body["internal"] is False and body["measure"] is None
    assert [p["name"] for p in body["partners"]] == ["Kumamoto"]
    assert [m["programme_name"] for m in body["matches"] if m["eligible"]] == [
        "Municipal retrofit fund",
        "Clean transport call",
    ]


def test_the_view_and_pipeline_json(client: TestClient, world: World) -> None:
    funding_world(world)
    confirm_membership(world, "Kyoto")
    view = client.get(
        f"/api/v1/cities/{world.city['Kyoto']}/funding?on=2026-03-10",
        headers=bearer(world, "c40_secretariat"),
    ).json()
    assert [m["measure"]["title"] for m in view["measures"]] == ["Solar roofs"]
    assert view["totals"] == [
        {"currency": "JPY", "measures": 1, "capex_minor": 80_000_000, "secured_minor": 0, "sought_minor": 0,
         "gap_minor": 80_000_000}
    ]  # fmt: skip
    pipe = client.get(
        "/api/v1/networks/c40/funding-pipeline?on=2026-03-10", headers=bearer(world, "admin")
    ).json()
    assert pipe["members"] == 1 and pipe["measures"][0]["measure"]["title"] == "Solar roofs"
    assert pipe["measures"][0]["matches"][0]["programme_name"] == "City-to-city JCM"


def test_bad_parameters_are_refused_with_the_field_named(client: TestClient, world: World) -> None:
    hd = world.city["Heidelberg"]
    bad = client.get(f"/api/v1/cities/{hd}/funding-matches?on=yesterday")
    assert bad.status_code == 422 and "on" in bad.text
    assert client.get(f"/api/v1/cities/{hd}/funding-matches?measure=0").status_code == 422
    far = client.get(f"/api/v1/cities/{hd}/funding-matches?on=1850-01-01")
    assert far.status_code == 422 and "on" in far.text and "2000-01-01" in far.text
    assert client.get("/api/v1/networks/" + "x" * 61 + "/funding-pipeline").status_code == 422
    assert client.get("/api/v1/cities/999999/funding-matches").status_code == 404


def test_a_funding_line_names_a_programme_through_the_api(client: TestClient, world: World) -> None:
    fw = funding_world(world)
    url = f"/api/v1/cities/{world.city['Heidelberg']}/plan/measures/{fw.measures['schools']}/funding"
    h = bearer(world, "heidelberg_editor")
    line = {"source": "national_grant", "status": "sought", "amount_minor": 5_000_000}
    refused = client.post(url, json={**line, "programme_id": fw.programmes["suggested"]}, headers=h)
    assert refused.status_code == 422 and "programme_id" in refused.text
    made = client.post(url, json={**line, "programme_id": fw.programmes["retrofit"]}, headers=h)
    assert made.status_code == 201
    money = client.get(url.removesuffix("/funding") + "/money", headers=h).json()
    assert [f["programme_id"] for f in money["funding"]] == [None, None, fw.programmes["retrofit"]]
