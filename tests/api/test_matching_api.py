"""Partner suggestions and network groups over the API, and `citypact match`."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from citypact.cli.main import app
from tests.conftest import World, bearer
from tests.web.test_pages import log_in


def test_partners_with_reasons(client: TestClient, world: World) -> None:
    found = client.get(f"/api/v1/cities/{world.city['Heidelberg']}/partners?goal=neighbour&top=2")
    assert found.status_code == 200, found.text
    body = found.json()
    assert body["goal"] == "neighbour" and len(body["suggestions"]) == 2
    first = body["suggestions"][0]
    assert first["name"] == "Cologne"
    kinds = {r["kind"]: r for r in first["reasons"]}  # codes with their figures
    assert kinds["distance_km"]["other"] > 0 and kinds["same_country"]["mine"] == "DE"
    assert 0 < first["score"] <= 1 and set(first["signals"]) == {
        "near",
        "same_region",
        "conditions",
        "network",
        "language",
    }
    assert "rank" not in json.dumps(body)


def test_own_weights_and_bad_requests(client: TestClient, world: World) -> None:
    url = f"/api/v1/cities/{world.city['Heidelberg']}/partners"
    mine = client.get(url, params={"weights": "distance:1"}).json()
    assert mine["weights"] == {"distance": 1.0}
    for params, field in (({"goal": "friend"}, "goal"), ({"weights": "luck:1"}, "weights"),
                          ({"weights": "distance=1"}, "weights"), ({"top": 0}, "top")):  # fmt: skip
        refused = client.get(url, params=params)
        assert refused.status_code == 422 and field in refused.text, params
    assert client.get("/api/v1/cities/999999/partners").status_code == 404


def test_groups_for_the_secretariat_only(client: TestClient, world: World) -> None:
    url = "/api/v1/networks/c40/groups?max_size=2"
    assert client.get(url).status_code == 401
    assert client.get(url, headers=bearer(world, "kyoto_editor")).status_code == 403
    groups = client.get(url, headers=bearer(world, "c40_secretariat")).json()
    assert sorted(m["name"] for g in groups["groups"] for m in g) == ["Kyoto", "Portland"]


def test_cli_match_prints_the_api_json(
    world: World, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    result = CliRunner().invoke(
        app, ["match", "Heidelberg", "--goal", "neighbour", "--top", "2", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["suggestions"][0]["name"] == "Cologne"
    table = CliRunner().invoke(app, ["match", "--id", str(world.city["Heidelberg"]), "--goal", "neighbour"])
    assert table.exit_code == 0 and "km apart" in table.output
    bad = CliRunner().invoke(app, ["match", "Heidelberg", "--weights", "luck:1"])
    assert bad.exit_code == 2 and "weights" in bad.output


def test_cooperation_over_the_api_and_the_pages(client: TestClient, world: World) -> None:
    heidelberg, kyoto = world.city["Heidelberg"], world.city["Kyoto"]
    need = {"kind": "need", "field": "transport", "support": "training", "description": "bus lanes"}
    made = client.post(
        f"/api/v1/cities/{heidelberg}/cooperation", json=need, headers=bearer(world, "heidelberg_editor")
    )
    assert made.status_code == 201, made.text
    refused = client.post(
        f"/api/v1/cities/{heidelberg}/cooperation", json=need, headers=bearer(world, "kyoto_editor")
    )
    assert refused.status_code == 403
    bad = client.post(
        f"/api/v1/cities/{kyoto}/cooperation",
        json=need | {"support": "cash"},
        headers=bearer(world, "kyoto_editor"),
    )
    assert bad.status_code == 422 and "support" in bad.text
    offer = need | {"kind": "offer", "description": "BRT know-how"}
    assert (
        client.post(
            f"/api/v1/cities/{kyoto}/cooperation", json=offer, headers=bearer(world, "kyoto_editor")
        ).status_code
        == 201
    )
    fits = client.get(f"/api/v1/cities/{heidelberg}/cooperation/matches").json()
    assert [(m["other"]["city_name"], m["fit"]) for m in fits] == [("Kyoto", 1.0)]
    html = client.get(f"/cities/{heidelberg}/partners?goal=cooperation").text
    assert 'id="cooperation-matches"' in html and "Kyoto" in html and "bus lanes" in html
    assert 'id="cooperation-form"' not in html  # the public does not edit
    german = client.get(f"/cities/{heidelberg}/partners?goal=cooperation&lang=de").text
    assert "Schulungen und Workshops" in german
    item = made.json()["id"]
    assert (
        client.delete(
            f"/api/v1/cities/{heidelberg}/cooperation/{item}", headers=bearer(world, "heidelberg_editor")
        ).status_code
        == 204
    )
    assert client.get(f"/api/v1/cities/{heidelberg}/cooperation").json() == []


def test_network_weights_over_the_api_and_the_page(client: TestClient, world: World) -> None:
    url = "/api/v1/networks/c40/match-weights/peer"
    assert (
        client.put(url, json={"weights": {"distance": 1}}, headers=bearer(world, "kyoto_editor")).status_code
        == 403
    )
    bad = client.put(url, json={"weights": {"luck": 1}}, headers=bearer(world, "c40_secretariat"))
    assert bad.status_code == 422 and "weights" in bad.text
    assert (
        client.put(
            url, json={"weights": {"distance": 1}}, headers=bearer(world, "c40_secretariat")
        ).status_code
        == 204
    )
    assert client.get("/api/v1/networks/c40/match-weights").json() == {"peer": {"distance": 1.0}}
    found = client.get(
        f"/api/v1/cities/{world.city['Heidelberg']}/partners", params={"network": "c40"}
    ).json()
    assert found["weights"] == {"distance": 1.0}
    csrf = log_in(client, "c40_secretariat")
    page = client.get("/networks/c40/groups").text
    assert 'id="weights-peer"' in page and "set by the secretariat" in page
    saved = client.post(
        "/networks/c40/match-weights/neighbour",
        data={"csrf_token": csrf, "w_distance": "0,7", "w_same_region": "0.3"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert client.get("/api/v1/networks/c40/match-weights").json()["neighbour"] == {
        "distance": 0.7,
        "same_region": 0.3,
    }
    reset = client.post("/networks/c40/match-weights/peer", data={"csrf_token": csrf, "reset": "1"})
    assert reset.status_code == 200 and "peer" not in client.get("/api/v1/networks/c40/match-weights").json()
    partners = client.get(f"/cities/{world.city['Heidelberg']}/partners?network=c40&goal=neighbour").text
    assert '<option value="c40" selected>' in partners


def test_anonymous_matching_does_not_reveal_a_members_only_partnership(
    client: TestClient, world: World
) -> None:
    """Issue 12, item 10: "have worked together before" gave away a members-only partnership."""
    from citypact.services.cooperation import partnerships

    heidelberg, kyoto = world.city["Heidelberg"], world.city["Kyoto"]
    with world.db.write() as session:
        pid = partnerships.propose(
            session, world.actor("heidelberg_editor"), heidelberg, title="Quiet talks", kind="peer",
            partners=[{"city_id": kyoto}],
        ).id  # fmt: skip
        partnerships.accept(session, world.actor("kyoto_editor"), pid, kyoto)
    url = f"/api/v1/cities/{heidelberg}/partners?weights=past_work:1&top=6"

    def kyoto_seen_by(headers: dict[str, str]) -> dict[str, object]:
        body = client.get(url, headers=headers).json()
        return next(s for s in body["suggestions"] if s["city_id"] == kyoto)

    public = kyoto_seen_by({})
    assert public["signals"]["past_work"] == 0.0  # type: ignore[index]
    past = {"kind": "past_work", "mine": None, "other": None, "note": None, "sources": None}
    assert past not in public["reasons"]  # type: ignore[operator]
    member = kyoto_seen_by(bearer(world, "heidelberg_editor"))
    assert past in member["reasons"]  # type: ignore[operator]
