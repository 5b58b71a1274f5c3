"""The registry over the API: search, profile, edits with their audit trail."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import World, bearer
from tests.factories import confirm_membership


def test_health_and_openapi(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}
    spec = client.get("/openapi.json").json()
    assert "/api/v1/cities" in spec["paths"] and "/api/v1/cities/{city_id}" in spec["paths"]


def test_search_returns_items_and_total(client: TestClient) -> None:
    body = client.get("/api/v1/cities", params={"limit": 2}).json()
    assert body["total"] == 7
    assert len(body["items"]) == 2
    first = body["items"][0]
    assert {"id", "name", "country", "population", "lat", "lon"} <= set(first)
    assert first["name"] == "Portland"  # largest first when no name is asked for


def test_search_finds_other_spellings(client: TestClient) -> None:
    for query in ("münchen", "MUENCHEN", "ミュンヘン", "Munich", "munc"):
        items = client.get("/api/v1/cities", params={"q": query}).json()["items"]
        assert [c["name"] for c in items] == ["Munich"], query


def test_search_filters_by_country_network_size_and_pages(client: TestClient) -> None:
    assert client.get("/api/v1/cities", params={"country": "jp"}).json()["total"] == 3
    c40 = client.get("/api/v1/cities", params={"network": "c40"}).json()
    assert sorted(c["name"] for c in c40["items"]) == ["Kyoto", "Portland"]
    medium = client.get("/api/v1/cities", params={"size": "medium"}).json()
    assert [c["name"] for c in medium["items"]] == ["Heidelberg"]
    page = client.get("/api/v1/cities", params={"limit": 3, "offset": 6}).json()
    assert page["total"] == 7 and len(page["items"]) == 1


def test_search_treats_like_wildcards_as_text(client: TestClient) -> None:
    assert client.get("/api/v1/cities", params={"q": "%"}).json()["total"] == 0
    assert client.get("/api/v1/cities", params={"q": "_"}).json()["total"] == 0


def test_profile_has_framework_conditions_and_twins(client: TestClient, world: World) -> None:
    city = client.get(f"/api/v1/cities/{world.city['Heidelberg']}").json()
    assert city["country"] == "DE" and city["unlocode"] == "DEHEI"
    assert city["density"] == 159914 / 108.83
    assert city["size_band"] == "medium"
    assert [t["name"] for t in city["twins"]] == ["Kumamoto"]
    assert {(g["year"], g["value"]) for g in city["grid_intensity"]} == {(2021, 356.0), (2022, 385.39)}
    assert city["national_hdd"] == [{"year": 2022, "value": 2842.45, "source": "eurostat_chdd"}]
    populations = [(s["year"], s["value"]) for s in city["statistics"] if s["variable"] == "population"]
    assert populations == [(2018, 160355.0), (2022, 162273.0)]
    kumamoto = client.get(f"/api/v1/cities/{world.city['Kumamoto']}").json()
    assert [t["name"] for t in kumamoto["twins"]] == ["Heidelberg"]  # links are symmetric


def test_unknown_city_is_404(client: TestClient) -> None:
    response = client.get("/api/v1/cities/999999")
    assert response.status_code == 404
    assert "999999" in response.json()["detail"]


def test_edit_is_audited_with_before_and_after(client: TestClient, world: World) -> None:
    heidelberg = world.city["Heidelberg"]
    response = client.patch(
        f"/api/v1/cities/{heidelberg}",
        json={"population": 162273, "population_year": 2022},
        headers=bearer(world, "heidelberg_editor"),
    )
    assert response.status_code == 200
    assert response.json()["population"] == 162273
    trail = client.get(f"/api/v1/cities/{heidelberg}/audit", headers=bearer(world, "heidelberg_viewer"))
    assert trail.status_code == 200
    entry = trail.json()[0]
    assert entry["user"] == "heidelberg_editor@test.example"
    assert entry["action"] == "update" and entry["entity"] == "city"
    assert entry["before"] == {"population": 159914, "population_year": 2021}
    assert entry["after"] == {"population": 162273, "population_year": 2022}


def test_audit_is_readable_by_admin_and_the_city_only(client: TestClient, world: World) -> None:
    heidelberg = world.city["Heidelberg"]
    for who, status in (("public", 401), ("kyoto_editor", 403), ("heidelberg_viewer", 200), ("admin", 200)):
        response = client.get(f"/api/v1/cities/{heidelberg}/audit", headers=bearer(world, who))
        assert response.status_code == status, who
    assert client.get("/api/v1/audit", headers=bearer(world, "heidelberg_editor")).status_code == 403
    assert client.get("/api/v1/audit", headers=bearer(world, "admin")).status_code == 200


def test_network_secretariat_reads_member_city_audit(client: TestClient, world: World) -> None:
    kyoto = world.city["Kyoto"]
    confirm_membership(world, "Kyoto")
    assert (
        client.get(f"/api/v1/cities/{kyoto}/audit", headers=bearer(world, "c40_secretariat")).status_code
        == 200
    )
    heidelberg = world.city["Heidelberg"]  # not a C40 member
    assert (
        client.get(f"/api/v1/cities/{heidelberg}/audit", headers=bearer(world, "c40_secretariat")).status_code
        == 403
    )


def test_unpublished_city_is_hidden_from_the_public(client: TestClient, world: World) -> None:
    heidelberg = world.city["Heidelberg"]
    client.patch(
        f"/api/v1/cities/{heidelberg}",
        json={"is_published": False},
        headers=bearer(world, "heidelberg_editor"),
    )
    assert client.get(f"/api/v1/cities/{heidelberg}").status_code == 404
    assert client.get("/api/v1/cities", params={"q": "heidelberg"}).json()["total"] == 0
    assert (
        client.get(f"/api/v1/cities/{heidelberg}", headers=bearer(world, "heidelberg_viewer")).status_code
        == 200
    )


def test_me_lists_roles(client: TestClient, world: World) -> None:
    me = client.get("/api/v1/me", headers=bearer(world, "heidelberg_editor")).json()
    assert me["roles"] == [{"role": "city_editor", "scope_id": world.city["Heidelberg"]}]
    assert client.get("/api/v1/me").json() == {"user_id": None, "is_admin": False, "roles": []}
