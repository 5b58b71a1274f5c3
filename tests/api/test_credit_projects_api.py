"""/api/v1/credit-projects end to end: create, shares, registration, a report through verification,
If-Match on the versioned rows, and fields refused where they are wrong."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from citypact.services.auth import accounts
from citypact.storage.models import User
from tests.conftest import World, bearer
from tests.credit_projects_fixture import MONITORED, officers

P = "/api/v1/credit-projects"


def _token(world: World, name: str) -> dict[str, str]:
    with world.db.write() as session:
        user_id = session.scalar(select(User.id).where(User.name == name))
        assert user_id is not None
        actor = accounts.actor_for(session, user_id)
        assert actor is not None
        return {"Authorization": f"Bearer {accounts.issue_token(session, actor, 'tests').token}"}


def test_project_from_draft_to_verified_report(client: TestClient, world: World) -> None:
    officers(world)
    hd, ky = bearer(world, "heidelberg_editor"), bearer(world, "kyoto_editor")
    made = client.post(
        P,
        json={"city_id": world.city["Heidelberg"], "title": "Solar park", "methodology": "grid_renewable",
              "ex_ante_parameters": {"eg_mwh": 10_000, "ef_grid_t_per_mwh": 0.4, "ef_grid_source": "PDD"},
              "crediting_start": "2025-01-01", "crediting_end": "2034-12-31", "buffer_percent": 2.5},
        headers=hd,
    )  # fmt: skip
    assert made.status_code == 201, made.text
    project = made.json()
    assert project["buffer_bp"] == 250
    assert project["ex_ante_t_per_year"] == 4_000.0
    pid = project["id"]
    with_partner = client.post(
        f"{P}/{pid}/parties", json={"city_id": world.city["Kyoto"], "share_percent": 40}, headers=hd
    )
    assert with_partner.status_code == 201
    assert with_partner.json()["missing_share_bp"] == -4_000  # 100 % + 40 %
    host = with_partner.json()["parties"][0]
    assert host["role"] == "host"
    share = client.put(f"{P}/{pid}/parties/{host['id']}/share", json={"share_percent": 60},
                       headers=ky | {"If-Match": f'"{host["version"]}"'})  # fmt: skip
    assert share.status_code == 200, share.text
    stale = client.patch(f"{P}/{pid}", json={"title": "x"}, headers=hd | {"If-Match": '"1"'})
    assert stale.status_code == 412
    registered = client.post(f"{P}/{pid}/register", headers=_token(world, "registry_officer"))
    assert registered.status_code == 200, registered.text
    assert client.get(f"{P}/{pid}").json()["status"] == "registered"  # public now

    report = client.post(
        f"{P}/{pid}/reports",
        json={"period_start": "2025-01-01", "period_end": "2025-12-31", "parameters": MONITORED},
        headers=ky,
    )
    assert report.status_code == 201, report.text
    assert report.json()["reductions_t"] == 3_600.0
    rid = report.json()["id"]
    verifier = world.users["verifier_person"]
    submitted = client.post(f"{P}/{pid}/reports/{rid}/submit", json={"verifier_id": verifier}, headers=hd)
    assert submitted.status_code == 200, submitted.text
    vt = _token(world, "verifier_person")
    verified = client.post(f"{P}/{pid}/reports/{rid}/verify", json={"verified_t": 3_500, "reference": "VR-9"},
                           headers=vt)  # fmt: skip
    assert verified.status_code == 200, verified.text
    assert verified.json()["status"] == "verified"
    public = client.get(f"{P}/{pid}").json()
    assert [(r["id"], r["verified_t"]) for r in public["reports"]] == [(rid, 3_500.0)]
    assert public["vintages"] == [{"vintage": 2025, "verified_t": 3_500.0, "issued": 0}]


def test_negative_energy_and_bad_share_are_refused_at_the_field(client: TestClient, world: World) -> None:
    hd = bearer(world, "heidelberg_editor")
    bad = client.post(
        P,
        json={"city_id": world.city["Heidelberg"], "title": "x", "methodology": "grid_renewable",
              "ex_ante_parameters": {"eg_mwh": -3}, "crediting_start": "2025-01-01",
              "crediting_end": "2026-01-01"},
        headers=hd,
    )  # fmt: skip
    assert bad.status_code == 422
    assert "eg_mwh" in bad.text
    share = client.post(
        f"{P}/1/parties", json={"city_id": world.city["Kyoto"], "share_percent": 140}, headers=hd
    )
    assert share.status_code == 422


def test_list_filters(client: TestClient, world: World) -> None:
    assert client.get(P, params={"host_country": "JP", "methodology": "reported"}).json() == []
    assert client.get(P, params={"methodology": "magic"}).status_code == 422
