"""Invitations over the REST API (and the command line): the invited city's list, declining with a
reason, withdrawing, and the refusals by status code."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from citypact.cli.main import app
from tests.conftest import World, bearer
from tests.factories import proposed


def test_the_invited_city_lists_and_declines_over_the_api(client: TestClient, world: World) -> None:
    pid = proposed(world)
    kyoto = world.city["Kyoto"]
    listed = client.get(f"/api/v1/cities/{kyoto}/invitations", headers=bearer(world, "kyoto_editor"))
    assert listed.status_code == 200
    body = listed.json()
    assert (body["city_name"], body["can_answer"], body["sent"]) == ("Kyoto", True, [])
    assert [(i["partnership_id"], i["proposer_name"], i["role"]) for i in body["received"]] == [
        (pid, "Heidelberg", "partner")
    ]
    # Another city's editor neither reads nor answers Kyoto's invitations; the public is asked to log in.
    other = bearer(world, "heidelberg_editor")
    assert client.get(f"/api/v1/cities/{kyoto}/invitations", headers=other).status_code == 403
    assert client.get(f"/api/v1/cities/{kyoto}/invitations").status_code == 401
    refused = client.post(f"/api/v1/partnerships/{pid}/decline", json={"city_id": kyoto}, headers=other)
    assert refused.status_code == 403
    too_long = client.post(
        f"/api/v1/partnerships/{pid}/decline",
        json={"city_id": kyoto, "reason": "x" * 2001},
        headers=bearer(world, "kyoto_editor"),
    )
    assert too_long.status_code == 422
    declined = client.post(
        f"/api/v1/partnerships/{pid}/decline",
        json={"city_id": kyoto, "reason": "No staff this year"},
        headers=bearer(world, "kyoto_editor"),
    )
    assert declined.status_code == 200, declined.text
    assert (declined.json()["status"], declined.json()["next_steps"]) == ("ended", [])
    again = client.post(
        f"/api/v1/partnerships/{pid}/decline", json={"city_id": kyoto}, headers=bearer(world, "kyoto_editor")
    )
    assert again.status_code == 409


def test_the_proposer_withdraws_over_the_api(client: TestClient, world: World) -> None:
    pid = proposed(world)
    kyoto_refused = client.post(
        f"/api/v1/partnerships/{pid}/withdraw", json={}, headers=bearer(world, "kyoto_editor")
    )
    assert kyoto_refused.status_code == 403
    done = client.post(
        f"/api/v1/partnerships/{pid}/withdraw",
        json={"reason": "Budget cut"},
        headers=bearer(world, "heidelberg_editor"),
    )
    assert done.status_code == 200 and done.json()["status"] == "ended"
    listed = client.get(
        f"/api/v1/cities/{world.city['Kyoto']}/invitations", headers=bearer(world, "kyoto_editor")
    )
    assert listed.json()["received"] == []


@pytest.fixture
def on_the_test_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")


def test_invitations_from_the_command_line(on_the_test_database: None, world: World) -> None:
    pid = proposed(world)
    runner = CliRunner()
    asked = runner.invoke(app, ["partnership", "invitations", str(world.city["Kyoto"])])
    assert asked.exit_code == 0, asked.output
    assert (
        f"{pid:>6}  invited as partner by Heidelberg: Heidelberg and Kyoto on heat planning" in asked.stdout
    )
    sent = runner.invoke(
        app, ["partnership", "invitations", str(world.city["Heidelberg"]), "--format", "json"]
    )
    assert sent.exit_code == 0, sent.output
    body = json.loads(sent.stdout)
    assert [(i["partnership_id"], i["waiting_for"]) for i in body["sent"]] == [(pid, ["Kyoto"])]
