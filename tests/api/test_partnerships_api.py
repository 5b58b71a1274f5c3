"""Partnerships and events over the REST API (and the same from the command line): the lifecycle with
tokens, refusals by status code and field, session writes with the CSRF header, the declaration."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from citypact.cli.main import app
from tests.conftest import World, bearer
from tests.factories import declared
from tests.web.test_pages import log_in


def _propose(client: TestClient, world: World, **extra: object) -> dict:
    body = {
        "city_id": world.city["Heidelberg"],
        "title": "Heat planning",
        "kind": "peer",
        "partners": [{"city_id": world.city["Kyoto"], "role": "partner"}],
        **extra,
    }
    made = client.post("/api/v1/partnerships", json=body, headers=bearer(world, "heidelberg_editor"))
    assert made.status_code == 201, made.text
    return made.json()


def test_the_lifecycle_over_the_api(client: TestClient, world: World) -> None:
    heidelberg, kyoto = world.city["Heidelberg"], world.city["Kyoto"]
    made = _propose(client, world, network="c40")
    pid = made["id"]
    assert made["status"] == "proposed" and made["network"]["slug"] == "c40"
    assert made["next_steps"] == [
        {"action": "withdraw", "city_id": heidelberg, "status": None},
        {"action": "status", "city_id": None, "status": "ended"},
    ]
    kyoto_token = bearer(world, "kyoto_editor")
    seen = client.get(f"/api/v1/partnerships/{pid}", headers=kyoto_token).json()
    assert {"action": "accept", "city_id": kyoto, "status": None} in seen["next_steps"]

    accepted = client.post(f"/api/v1/partnerships/{pid}/accept", json={"city_id": kyoto}, headers=kyoto_token)
    assert accepted.json()["status"] == "accepted"
    signed = client.post(
        f"/api/v1/partnerships/{pid}/sign",
        json={"city_id": heidelberg, "signed_on": "2026-01-05", "signatory": "Mayor"},
        headers=bearer(world, "heidelberg_editor"),
    )
    assert signed.status_code == 200 and signed.json()["status"] == "accepted"
    done = client.post(
        f"/api/v1/partnerships/{pid}/sign", json={"city_id": kyoto}, headers=kyoto_token
    ).json()
    assert done["status"] == "declared" and done["declared_on"] is not None
    assert [m["signed_on"] for m in done["members"]][0] == "2026-01-05"

    active = client.post(f"/api/v1/partnerships/{pid}/status", json={"status": "active"}, headers=kyoto_token)
    assert active.json()["status"] == "active"
    reviewed = client.post(
        f"/api/v1/partnerships/{pid}/status",
        json={"status": "reviewed", "note": "Good progress."},
        headers=bearer(world, "c40_secretariat"),
    )
    assert reviewed.status_code == 200 and reviewed.json()["review"] == "Good progress."
    listed = client.get(f"/api/v1/cities/{kyoto}/partnerships", headers=kyoto_token).json()
    assert [(p["id"], p["role"], p["status"]) for p in listed] == [(pid, "partner", "reviewed")]


def test_refusals(client: TestClient, world: World) -> None:
    pid = _propose(client, world)["id"]
    url = f"/api/v1/partnerships/{pid}"
    assert client.post(f"{url}/goals", json={"text": "x"}).status_code == 401
    assert client.get(url).status_code == 404  # not public: not found for the public
    assert client.get(url, headers=bearer(world, "plain_user")).status_code == 404
    other = client.post(
        f"{url}/accept", json={"city_id": world.city["Kyoto"]}, headers=bearer(world, "heidelberg_editor")
    )
    assert other.status_code == 403
    jump = client.post(
        f"{url}/status", json={"status": "declared"}, headers=bearer(world, "heidelberg_editor")
    )
    assert jump.status_code == 422 and jump.json()["detail"][0]["loc"] == ["body", "status"]
    early = client.post(
        f"{url}/sign", json={"city_id": world.city["Heidelberg"]}, headers=bearer(world, "heidelberg_editor")
    )
    assert early.status_code == 409
    bad = client.post(
        "/api/v1/partnerships",
        json={"city_id": world.city["Heidelberg"], "title": "x", "kind": "friendship",
              "partners": [{"city_id": world.city["Kyoto"]}]},
        headers=bearer(world, "heidelberg_editor"),
    )  # fmt: skip
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "kind"]
    extra = client.post(
        f"{url}/goals", json={"text": "x", "owner": 1}, headers=bearer(world, "heidelberg_editor")
    )
    assert extra.status_code == 422
    assert client.get("/api/v1/partnerships/999999", headers=bearer(world, "admin")).status_code == 404


def test_session_writes_need_the_csrf_header(client: TestClient, world: World) -> None:
    csrf = log_in(client, "heidelberg_editor")
    body = {"city_id": world.city["Heidelberg"], "title": "x", "kind": "peer",
            "partners": [{"city_id": world.city["Kyoto"]}]}  # fmt: skip
    assert client.post("/api/v1/partnerships", json=body).status_code == 403
    made = client.post("/api/v1/partnerships", json=body, headers={"X-CSRF-Token": csrf})
    assert made.status_code == 201


def test_work_plan_log_twinning_and_the_public_view(client: TestClient, world: World) -> None:
    made = _propose(client, world, partners=[{"city_id": world.city["Kumamoto"]}], kind="twinning")
    pid, token = made["id"], bearer(world, "heidelberg_editor")
    url = f"/api/v1/partnerships/{pid}"
    goal = client.post(
        f"{url}/goals", json={"text": "Exchange on heat", "target_date": "2027-06-30"}, headers=token
    )
    assert goal.status_code == 201
    goal_id = goal.json()["id"]
    assert (
        client.patch(f"{url}/goals/{goal_id}", json={"status": "in_progress"}, headers=token).status_code
        == 204
    )
    task = client.post(
        f"{url}/tasks", json={"title": "Send data", "owner_city_id": world.city["Heidelberg"]}, headers=token
    )
    assert task.status_code == 201
    assert client.post(f"{url}/tasks/{task.json()['id']}/done", json={}, headers=token).status_code == 204
    entry = client.post(
        f"{url}/exchanges",
        json={"kind": "webinar", "happened_on": "2026-03-02", "title": "Heat webinar", "is_internal": True},
        headers=token,
    )
    assert entry.status_code == 201
    imported = client.post(f"{url}/twinning-import", headers=token)
    assert imported.json() == {"added": 1}
    assert client.post(f"{url}/twinning-import", headers=token).json() == {"added": 0}
    # Changed since its creation (goals, tasks, log): an edit names the version it read (If-Match).
    assert client.patch(url, json={"is_public": True}, headers=token).status_code == 428
    read = client.get(url, headers=token).headers["etag"]
    made_public = client.patch(url, json={"is_public": True}, headers={**token, "If-Match": read})
    assert made_public.json()["is_public"] is True
    assert client.get(url).status_code == 404  # a proposal is not shown before Kumamoto accepts
    admin = bearer(world, "admin")
    assert (
        client.post(f"{url}/accept", json={"city_id": world.city["Kumamoto"]}, headers=admin).status_code
        == 200
    )

    public = client.get(url).json()
    assert not public["full"] and public["tasks"] == []
    assert [x["kind"] for x in public["exchanges"]] == ["twinning"]
    assert public["goals"][0]["status"] == "in_progress"
    member = client.get(url, headers=token).json()
    assert member["full"] and member["tasks"][0]["done_on"] is not None
    assert sorted(x["kind"] for x in member["exchanges"]) == ["twinning", "webinar"]


def test_events_over_the_api(client: TestClient, world: World) -> None:
    pid = declared(world, is_public=True)
    token = bearer(world, "kyoto_editor")
    made = client.post(
        f"/api/v1/partnerships/{pid}/events",
        json={"kind": "final", "title": "Final workshop", "starts_on": "2027-03-01", "place": "Heidelberg"},
        headers=token,
    )
    assert made.status_code == 201, made.text
    event_id = made.json()["id"]
    added = client.post(
        f"/api/v1/events/{event_id}/participants",
        json={"city_id": world.city["Sapporo"], "role": "observer", "people_count": 2, "people": "K. Sato"},
        headers=token,
    )
    assert added.status_code == 201 and added.json()["participants"][0]["people"] == "K. Sato"
    changed = client.patch(
        f"/api/v1/events/{event_id}", json={"recommendations": "Keep the atlas open"}, headers=token
    )
    assert changed.json()["recommendations"] == "Keep the atlas open"
    read = {**token, "If-Match": changed.headers["etag"]}
    backwards = client.patch(f"/api/v1/events/{event_id}", json={"ends_on": "2027-01-01"}, headers=read)
    assert backwards.status_code == 422 and backwards.json()["detail"][0]["loc"] == ["body", "ends_on"]
    public = client.get(f"/api/v1/events/{event_id}").json()
    assert public["participants"][0]["people"] == "" and not public["full"]
    gone = client.delete(f"/api/v1/events/{event_id}/participants/{world.city['Sapporo']}", headers=token)
    assert gone.status_code == 204
    assert (
        client.post(
            f"/api/v1/partnerships/{pid}/events",
            json={"kind": "final", "title": "x", "starts_on": "2027-03-01"},
            headers=bearer(world, "heidelberg_viewer"),
        ).status_code
        == 403
    )

    sprint = client.post(
        "/api/v1/networks/c40/events",
        json={"kind": "sprint", "title": "Cooling sprint", "starts_on": "2026-08-03", "online": True},
        headers=bearer(world, "c40_secretariat"),
    )
    assert sprint.status_code == 201 and sprint.json()["network_slug"] == "c40"
    assert [e["title"] for e in client.get("/api/v1/networks/c40/events").json()] == ["Cooling sprint"]
    assert (
        client.post(
            "/api/v1/networks/c40/events",
            json={"kind": "sprint", "title": "x", "starts_on": "2026-08-03"},
            headers=token,
        ).status_code
        == 403
    )


def test_the_declaration_pdf_in_the_readers_language(client: TestClient, world: World) -> None:
    pid = declared(world)
    token = bearer(world, "heidelberg_editor")
    assert client.get(f"/api/v1/partnerships/{pid}/declaration.pdf").status_code == 404
    moved = client.get(
        f"/api/v1/partnerships/{pid}/declaration.pdf",
        params={"lang": "de"},
        headers=token,
        follow_redirects=False,
    )
    assert (
        moved.status_code == 307
        and moved.headers["location"] == f"/partnerships/{pid}/declaration.pdf?lang=de"
    )
    document = client.get(f"/api/v1/partnerships/{pid}/declaration.pdf", params={"lang": "de"}, headers=token)
    assert document.status_code == 200 and document.content.startswith(b"%PDF")
    assert "declaration-de.pdf" in document.headers["content-disposition"]


@pytest.fixture
def cli_env(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")


def test_the_same_from_the_command_line(cli_env: None, world: World) -> None:
    pid = declared(world)
    runner = CliRunner()
    listed = runner.invoke(app, ["partnership", "list", str(world.city["Kyoto"])])
    assert listed.exit_code == 0, listed.output
    assert f"{pid}" in listed.stdout and "declared" in listed.stdout and "with Heidelberg" in listed.stdout
    shown = runner.invoke(app, ["partnership", "show", str(pid), "--format", "json"])
    assert shown.exit_code == 0, shown.output
    body = json.loads(shown.stdout)
    assert body["status"] == "declared" and [m["name"] for m in body["members"]] == ["Heidelberg", "Kyoto"]
    assert "signed 2026-05-18" in runner.invoke(app, ["partnership", "show", str(pid)]).stdout
    missing = runner.invoke(app, ["partnership", "show", "99999"])
    assert missing.exit_code == 2 and "No partnership" in missing.output
