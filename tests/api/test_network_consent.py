"""A city joins a network only with its consent (issue 12, item 6): the secretariat invites and the
city's editor accepts, or the city asks and the secretariat accepts. Until then the secretariat has
none of a member's rights, and a membership loaded from a published list gives none either."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from citypact.storage.models import AuditEntry, NetworkJoin, NetworkMember
from tests.conftest import World, bearer
from tests.factories import new_inventory


def _secretariat_reads(client: TestClient, world: World, city: str, inventory_id: int) -> dict[str, int]:
    h = bearer(world, "c40_secretariat")
    return {
        "draft": client.get(f"/api/v1/inventories/{inventory_id}", headers=h).status_code,
        "audit": client.get(f"/api/v1/cities/{world.city[city]}/audit", headers=h).status_code,
    }


def test_secretariat_cannot_enrol_a_city_and_read_its_drafts(client: TestClient, world: World) -> None:
    heidelberg = world.city["Heidelberg"]
    draft = new_inventory(world)
    secretariat = bearer(world, "c40_secretariat")
    # The old attack: enrol directly. There is no such write any more.
    enrol = client.post("/api/v1/networks/c40/members", json={"city_id": heidelberg}, headers=secretariat)
    assert enrol.status_code in (404, 405)
    invited = client.post(
        "/api/v1/networks/c40/invitations", json={"city_id": heidelberg}, headers=secretariat
    )
    assert invited.status_code == 204
    assert _secretariat_reads(client, world, "Heidelberg", draft) == {"draft": 404, "audit": 403}
    members = client.get("/api/v1/networks/c40").json()["members"]
    assert heidelberg not in {m["id"] for m in members}, "an invited city is not a member"
    # The secretariat cannot accept its own invitation.
    own = client.post(f"/api/v1/networks/c40/pending/{heidelberg}/accept", headers=secretariat)
    assert own.status_code == 403
    pending = client.get(f"/api/v1/networks/pending/{heidelberg}", headers=bearer(world, "heidelberg_viewer"))
    assert [(p["network_slug"], p["direction"]) for p in pending.json()] == [("c40", "invitation")]
    accepted = client.post(
        f"/api/v1/networks/c40/pending/{heidelberg}/accept", headers=bearer(world, "heidelberg_editor")
    )
    assert accepted.status_code == 204
    assert _secretariat_reads(client, world, "Heidelberg", draft) == {"draft": 200, "audit": 200}
    with world.db.read() as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "network")).all()
        assert session.scalars(select(NetworkJoin).where(NetworkJoin.city_id == heidelberg)).all() == []
    assert {"invite", "accept_invitation"} <= set(actions)


def test_a_declined_invitation_gives_nothing(client: TestClient, world: World) -> None:
    heidelberg = world.city["Heidelberg"]
    draft = new_inventory(world)
    client.post(
        "/api/v1/networks/c40/invitations",
        json={"city_id": heidelberg},
        headers=bearer(world, "c40_secretariat"),
    )
    declined = client.post(
        f"/api/v1/networks/c40/pending/{heidelberg}/decline", headers=bearer(world, "heidelberg_editor")
    )
    assert declined.status_code == 204
    assert _secretariat_reads(client, world, "Heidelberg", draft) == {"draft": 404, "audit": 403}
    again = client.post(
        f"/api/v1/networks/c40/pending/{heidelberg}/accept", headers=bearer(world, "heidelberg_editor")
    )
    assert again.status_code == 404


def test_a_city_asks_and_the_secretariat_accepts(client: TestClient, world: World) -> None:
    heidelberg = world.city["Heidelberg"]
    asked = client.post(
        "/api/v1/networks/c40/requests",
        json={"city_id": heidelberg},
        headers=bearer(world, "heidelberg_editor"),
    )
    assert asked.json() == {"result": "requested"}
    # A city cannot accept its own request.
    own = client.post(
        f"/api/v1/networks/c40/pending/{heidelberg}/accept", headers=bearer(world, "heidelberg_editor")
    )
    assert own.status_code == 403
    seen = client.get("/api/v1/networks/c40/pending", headers=bearer(world, "c40_secretariat")).json()
    assert [(p["city_id"], p["direction"]) for p in seen] == [(heidelberg, "request")]
    assert (
        client.get("/api/v1/networks/c40/pending", headers=bearer(world, "kyoto_editor")).status_code == 403
    )
    ok = client.post(
        f"/api/v1/networks/c40/pending/{heidelberg}/accept", headers=bearer(world, "c40_secretariat")
    )
    assert ok.status_code == 204
    members = client.get("/api/v1/networks/c40").json()["members"]
    assert heidelberg in {m["id"] for m in members}


def test_a_listed_membership_gives_no_rights_until_the_city_confirms(
    client: TestClient, world: World
) -> None:
    kyoto = world.city["Kyoto"]
    draft = new_inventory(world, city="Kyoto", by="kyoto_editor")
    with world.db.read() as session:
        listed = session.scalars(select(NetworkMember).where(NetworkMember.city_id == kyoto)).all()
    assert listed and all(m.confirmed_at is None for m in listed)  # loaded from the published list
    assert _secretariat_reads(client, world, "Kyoto", draft) == {"draft": 404, "audit": 403}
    profile = client.get(f"/api/v1/cities/{kyoto}").json()
    assert [(n["slug"], n["confirmed"]) for n in profile["networks"] if n["slug"] == "c40"] == [
        ("c40", False)
    ]
    confirmed = client.post(
        "/api/v1/networks/c40/requests", json={"city_id": kyoto}, headers=bearer(world, "kyoto_editor")
    )
    assert confirmed.json() == {"result": "confirmed"}
    assert _secretariat_reads(client, world, "Kyoto", draft) == {"draft": 200, "audit": 200}
    # The city leaves: the rights end with the membership.
    left = client.delete(f"/api/v1/networks/c40/members/{kyoto}", headers=bearer(world, "kyoto_editor"))
    assert left.status_code == 204
    assert _secretariat_reads(client, world, "Kyoto", draft) == {"draft": 404, "audit": 403}


def test_conflicting_steps_name_the_fix(client: TestClient, world: World) -> None:
    heidelberg = world.city["Heidelberg"]
    client.post(
        "/api/v1/networks/c40/requests",
        json={"city_id": heidelberg},
        headers=bearer(world, "heidelberg_editor"),
    )
    invite = client.post(
        "/api/v1/networks/c40/invitations",
        json={"city_id": heidelberg},
        headers=bearer(world, "c40_secretariat"),
    )
    assert invite.status_code == 409 and "accept or decline its request" in invite.text
    missing = client.post(
        "/api/v1/networks/c40/invitations",
        json={"city_id": 999_999},
        headers=bearer(world, "c40_secretariat"),
    )
    assert missing.status_code == 404
