"""Changing and moving one question of a draft round over the REST API: If-Match with the round's
ETag, the changed round in the answer, refusals that name the field or the question."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import World, bearer
from tests.surveys_fixture import QUESTIONS, draft_round, members, sent_round

R = "/api/v1/survey-rounds"
STAFF = {"key": "staff", "kind": "number", "unit": "persons", "low": 0, "text": {"en": "Staff on climate"}}


def test_change_and_move_with_if_match(client: TestClient, world: World) -> None:
    members(world)
    rid = draft_round(world)
    sec = bearer(world, "c40_secretariat")
    etag = client.get(f"{R}/{rid}", headers=sec).headers["ETag"]
    changed = client.put(f"{R}/{rid}/questions/staff", json=STAFF, headers=sec | {"If-Match": etag})
    assert changed.status_code == 200, changed.text
    assert changed.json()["questions"][2]["unit"] == "persons" and changed.json()["version"] == 2
    missing = client.post(f"{R}/{rid}/questions/topics/move", json={"direction": "up"}, headers=sec)
    assert missing.status_code == 428  # changed since it was made: send the ETag read
    stale = client.post(f"{R}/{rid}/questions/topics/move", json={"direction": "up"},
                        headers=sec | {"If-Match": etag})  # fmt: skip
    assert stale.status_code == 412
    moved = client.post(f"{R}/{rid}/questions/topics/move", json={"direction": "up"},
                        headers=sec | {"If-Match": changed.headers["ETag"]})  # fmt: skip
    assert moved.status_code == 200, moved.text
    assert [q["key"] for q in moved.json()["questions"]][1:4] == ["plan_year", "topics", "staff"]
    now = {"If-Match": moved.headers["ETag"]}
    broken = client.post(f"{R}/{rid}/questions/plan_year/move", json={"direction": "up"}, headers=sec | now)
    assert broken.status_code == 409 and "plan_year is asked depending on has_plan" in broken.text
    edge = client.post(f"{R}/{rid}/questions/has_plan/move", json={"direction": "up"}, headers=sec | now)
    assert edge.status_code == 422 and "direction" in edge.text and "already the first" in edge.text
    sideways = client.post(f"{R}/{rid}/questions/staff/move", json={"direction": "left"}, headers=sec | now)
    assert sideways.status_code == 422 and "direction" in sideways.text
    bad = client.put(f"{R}/{rid}/questions/staff", json={**STAFF, "low": 5, "high": 1}, headers=sec | now)
    assert bad.status_code == 422 and "questions.staff.low" in bad.text
    unknown = client.put(f"{R}/{rid}/questions/staff", json={**STAFF, "colour": "red"}, headers=sec | now)
    assert unknown.status_code == 422 and "colour" in unknown.text
    renamed = client.put(f"{R}/{rid}/questions/has_plan", json={**QUESTIONS[0], "key": "plan"},
                         headers=sec | now)  # fmt: skip
    assert renamed.status_code == 409 and "plan_year" in renamed.text
    assert client.get(f"{R}/{rid}", headers=sec).json()["version"] == 3  # the refusals wrote nothing


def test_others_and_sent_rounds_are_refused(client: TestClient, world: World) -> None:
    s = sent_round(world)
    sec = bearer(world, "c40_secretariat")
    sent = client.put(f"{R}/{s.round_id}/questions/staff", json=STAFF, headers=sec | {"If-Match": "*"})
    assert sent.status_code == 409 and "draft" in sent.text
    rid = draft_round(world, "Another draft")
    for who, status in (("kyoto_editor", 404), ("plain_user", 404)):
        r = client.post(f"{R}/{rid}/questions/topics/move", json={"direction": "up"},
                        headers=bearer(world, who) | {"If-Match": "*"})  # fmt: skip
        assert r.status_code == status
    anonymous = client.put(f"{R}/{rid}/questions/staff", json=STAFF, headers={"If-Match": "*"})
    assert anonymous.status_code == 401
