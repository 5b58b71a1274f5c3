"""Authorization cases beyond the role matrix of every write endpoint (test_attack_surface.py)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import World, bearer


def test_editor_of_one_city_cannot_change_another(client: TestClient, world: World) -> None:
    response = client.patch(
        f"/api/v1/cities/{world.city['Kyoto']}",
        json={"population": 1},
        headers=bearer(world, "heidelberg_editor"),
    )
    assert response.status_code == 403
    assert client.get(f"/api/v1/cities/{world.city['Kyoto']}").json()["population"] == 1464890


def test_revoking_someone_elses_token_is_not_found(client: TestClient, world: World) -> None:
    issued = client.post("/api/v1/tokens", json={"name": "mine"}, headers=bearer(world, "kyoto_editor"))
    token_id = issued.json()["id"]
    other = client.delete(f"/api/v1/tokens/{token_id}", headers=bearer(world, "heidelberg_editor"))
    assert other.status_code == 404
    own = client.delete(f"/api/v1/tokens/{token_id}", headers=bearer(world, "kyoto_editor"))
    assert own.status_code == 204
    revoked = {"Authorization": f"Bearer {issued.json()['token']}"}
    assert client.get("/api/v1/me", headers=revoked).status_code == 401


def test_session_endpoints_outside_the_role_table(client: TestClient, world: World) -> None:
    """Logging in is for everyone and writes no audit entry, so it stands apart from WRITES; logging
    out needs a session (401 for the public) and, with a cookie, its CSRF header."""
    assert client.delete("/api/v1/session").status_code == 401
    assert (
        client.post("/api/v1/session", json={"email": "x@test.example", "password": "y"}).status_code == 401
    )
    assert client.get("/api/v1/me/sessions").status_code == 401
    mine = client.get("/api/v1/me/sessions", headers=bearer(world, "plain_user"))
    assert mine.status_code == 200 and mine.json() == []
    bad = client.post("/api/v1/session", json={"email": "x@test.example", "password": "y" * 257})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "password"]
