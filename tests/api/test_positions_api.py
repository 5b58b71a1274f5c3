"""/api/v1/positions: reading as each may, versions (ETag, If-Match) and bad input."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import World, bearer
from tests.positions_fixture import position_world

P = "/api/v1/positions"


def test_the_public_reads_sent_positions_only(client: TestClient, world: World) -> None:
    pw = position_world(world)
    assert [r["id"] for r in client.get(P).json()] == [pw.sent]
    assert client.get(f"{P}/{pw.draft}").status_code == 404
    seen = client.get(f"{P}/{pw.draft}", headers=bearer(world, "kyoto_editor"))
    assert seen.status_code == 200 and seen.headers["ETag"]
    assert [c["signed_on"] for c in seen.json()["cities"]] == [None, None, None]


def test_a_stale_version_is_refused_and_writes_nothing(client: TestClient, world: World) -> None:
    pw = position_world(world)
    editor = bearer(world, "heidelberg_editor")
    etag = client.get(f"{P}/{pw.draft}", headers=editor).headers["ETag"]
    changed = client.patch(
        f"{P}/{pw.draft}", json={"institution": "Bundesrat"}, headers=editor | {"If-Match": etag}
    )
    assert changed.status_code == 200 and changed.json()["institution"] == "Bundesrat"
    stale = client.patch(f"{P}/{pw.draft}", json={"title": "X"}, headers=editor | {"If-Match": etag})
    assert stale.status_code == 412
    assert client.get(f"{P}/{pw.draft}", headers=editor).json()["title"] == "Heat pumps in listed buildings"


def test_bad_input_names_the_field(client: TestClient, world: World) -> None:
    pw = position_world(world)
    editor = bearer(world, "heidelberg_editor")
    made = client.post(P, json={"city_id": world.city["Heidelberg"], "title": "T", "level": "cosmic",
                                "institution": "I"}, headers=editor)  # fmt: skip
    assert made.status_code == 422 and "level" in made.text
    sent = client.post(f"{P}/{pw.draft}/send", json={"sent_on": "2026-04-01", "channel": "letter"},
                       headers=editor | {"If-Match": "*"})  # fmt: skip
    assert sent.status_code == 409 and "signature" in sent.text
