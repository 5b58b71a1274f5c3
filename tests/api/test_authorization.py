"""Every write endpoint against every role: allowed roles succeed, the public gets 401, every
other role 403, and a refused request writes nothing (not even an audit entry)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from citypact.services import city_edits, networks
from citypact.storage.models import AuditEntry, CityStatistic, NetworkJoin, NetworkMember
from tests.conftest import World, bearer

ROLES = (
    "public",
    "plain_user",
    "heidelberg_viewer",
    "heidelberg_editor",
    "kyoto_editor",
    "c40_secretariat",
    "admin",
)


@dataclass(frozen=True)
class Write:
    name: str
    allowed: frozenset[str]
    call: Callable[[TestClient, World, dict[str, str]], Any]
    setup: Callable[[World], Any] | None = None  # run before the state is taken


def _statistic_id(world: World) -> int:
    with world.db.write() as session:
        row = city_edits.save_statistic(
            session,
            world.actor("admin"),
            world.city["Heidelberg"],
            year=2023,
            variable="population",
            value=163_000,
            source="Stadt Heidelberg",
            data_quality="high",
        )
        return row.id


def _invitation(world: World) -> None:
    with world.db.write() as session:
        networks.invite(session, world.actor("c40_secretariat"), "c40", world.city["Heidelberg"])


def _request(world: World) -> None:
    with world.db.write() as session:
        networks.request_to_join(session, world.actor("heidelberg_editor"), "c40", world.city["Heidelberg"])


def _pending(answer: str) -> Callable[[TestClient, World, dict[str, str]], Any]:
    return lambda c, w, h: c.post(f"/api/v1/networks/c40/pending/{w.city['Heidelberg']}/{answer}", headers=h)


WRITES = [
    Write(
        "create city",
        frozenset({"admin"}),
        lambda c, w, h: c.post(
            "/api/v1/cities",
            json={"name": "Freiburg im Breisgau", "country": "DE", "lat": 47.995, "lon": 7.85},
            headers=h,
        ),
    ),
    Write(
        "update city",
        frozenset({"admin", "heidelberg_editor"}),
        lambda c, w, h: c.patch(
            f"/api/v1/cities/{w.city['Heidelberg']}",
            json={"description": "Bahnstadt passive-house district"},
            headers=h,
        ),
    ),
    Write(
        "save statistic",
        frozenset({"admin", "heidelberg_editor"}),
        lambda c, w, h: c.post(
            f"/api/v1/cities/{w.city['Heidelberg']}/statistics",
            json={
                "year": 2023,
                "variable": "population",
                "value": 163000,
                "source": "Stadt Heidelberg",
                "data_quality": "high",
            },
            headers=h,
        ),
    ),
    Write(
        "delete statistic",
        frozenset({"admin", "heidelberg_editor"}),
        lambda c, w, h: c.delete(
            f"/api/v1/cities/{w.city['Heidelberg']}/statistics/{_statistic_id(w)}", headers=h
        ),
    ),
    Write(
        "invite city to network",
        frozenset({"admin", "c40_secretariat"}),
        lambda c, w, h: c.post(
            "/api/v1/networks/c40/invitations", json={"city_id": w.city["Heidelberg"]}, headers=h
        ),
    ),
    Write(
        "ask to join network",
        frozenset({"admin", "heidelberg_editor"}),
        lambda c, w, h: c.post(
            "/api/v1/networks/c40/requests", json={"city_id": w.city["Heidelberg"]}, headers=h
        ),
    ),
    Write("accept invitation", frozenset({"admin", "heidelberg_editor"}), _pending("accept"), _invitation),
    Write("accept request", frozenset({"admin", "c40_secretariat"}), _pending("accept"), _request),
    Write(
        "decline invitation",
        frozenset({"admin", "heidelberg_editor", "c40_secretariat"}),
        _pending("decline"),
        _invitation,
    ),
    Write(
        "withdraw request",
        frozenset({"admin", "heidelberg_editor", "c40_secretariat"}),
        _pending("decline"),
        _request,
    ),
    Write(
        "remove network member",
        frozenset({"admin", "c40_secretariat", "kyoto_editor"}),
        lambda c, w, h: c.delete(f"/api/v1/networks/c40/members/{w.city['Kyoto']}", headers=h),
    ),
    Write(
        "create user",
        frozenset({"admin"}),
        lambda c, w, h: c.post(
            "/api/v1/users",
            json={"email": "new@test.example", "name": "New", "password": "0123456789ab"},
            headers=h,
        ),
    ),
    Write(
        "grant role",
        frozenset({"admin"}),
        lambda c, w, h: c.post(
            f"/api/v1/users/{w.users['plain_user']}/memberships",
            json={"role": "city_editor", "scope_id": w.city["Heidelberg"]},
            headers=h,
        ),
    ),
    Write(
        "issue token",
        frozenset(ROLES) - {"public"},
        lambda c, w, h: c.post("/api/v1/tokens", json={"name": "script"}, headers=h),
    ),
]


def _state(world: World) -> tuple[int, int, int, int]:
    with world.db.read() as session:
        return (
            session.scalar(select(func.count()).select_from(AuditEntry)) or 0,
            session.scalar(select(func.count()).select_from(CityStatistic)) or 0,
            session.scalar(select(func.count()).select_from(NetworkMember)) or 0,
            session.scalar(select(func.count()).select_from(NetworkJoin)) or 0,
        )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.name)
def test_write_endpoint_obeys_role(client: TestClient, world: World, write: Write, role: str) -> None:
    headers = bearer(world, role)
    if write.name == "delete statistic":
        _statistic_id(world)  # the row exists before the state is taken
    if write.setup is not None:
        write.setup(world)
    before = _state(world)
    response = write.call(client, world, headers)
    if role in write.allowed:
        assert response.status_code in (200, 201, 204), response.text
        assert _state(world)[0] > before[0], "an allowed change leaves an audit entry"
    else:
        assert response.status_code == (401 if role == "public" else 403), response.text
        if write.name != "delete statistic":
            assert _state(world) == before, "a refused request writes nothing"


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
