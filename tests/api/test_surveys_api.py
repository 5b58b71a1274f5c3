"""Survey rounds over the REST API: a draft built and sent, answers saved with If-Match and
submitted, the results as JSON and CSV, and refusals that name the field."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import World, bearer
from tests.surveys_fixture import (
    BAD_FILE,
    DEADLINE,
    GOOD_FILE,
    INVENTORY_YEAR,
    QUESTIONS,
    members,
    upload_round,
)

R = "/api/v1/survey-rounds"


def test_build_send_answer_and_read_results(client: TestClient, world: World) -> None:
    members(world)
    sec = bearer(world, "c40_secretariat")
    made = client.post("/api/v1/networks/c40/surveys", json={"title": "R", "deadline": DEADLINE}, headers=sec)
    assert made.status_code == 201, made.text
    rid = made.json()["id"]
    bad = client.patch(f"{R}/{rid}", json={"questions": [{"key": "x", "kind": "essay", "text": "?"}]},
                       headers=sec | {"If-Match": made.headers["ETag"]})  # fmt: skip
    assert bad.status_code == 422 and "questions.x.kind" in bad.text
    changed = client.patch(
        f"{R}/{rid}", json={"questions": QUESTIONS}, headers=sec | {"If-Match": made.headers["ETag"]}
    )
    assert changed.status_code == 200 and len(changed.json()["questions"]) == len(QUESTIONS)
    kyoto = world.city["Kyoto"]
    sent = client.post(f"{R}/{rid}/send", json={"city_ids": [kyoto]}, headers=sec)
    assert sent.status_code == 200 and sent.json()["status"] == "open"

    editor = bearer(world, "kyoto_editor")
    read = client.get(f"{R}/{rid}/cities/{kyoto}", headers=editor)
    assert read.status_code == 200 and read.json()["missing"] == ["has_plan"]
    draft = client.put(
        f"{R}/{rid}/cities/{kyoto}", json={"answers": {"has_plan": "yes"}},
        headers=editor | {"If-Match": read.headers["ETag"]},
    )  # fmt: skip
    assert draft.status_code == 200 and draft.json()["missing"] == ["plan_year"]
    stale = client.put(
        f"{R}/{rid}/cities/{kyoto}",
        json={"answers": {"has_plan": "no"}},
        headers=editor | {"If-Match": 'W/"1"'},
    )
    assert stale.status_code == 412
    wrong = client.put(
        f"{R}/{rid}/cities/{kyoto}", json={"answers": {"has_plan": "yes", "plan_year": "19"}, "submit": True},
        headers=editor | {"If-Match": draft.headers["ETag"]},
    )  # fmt: skip
    assert wrong.status_code == 422 and "plan_year" in wrong.text
    done = client.put(
        f"{R}/{rid}/cities/{kyoto}", json={"answers": {"has_plan": "yes", "plan_year": 2020}, "submit": True},
        headers=editor | {"If-Match": draft.headers["ETag"]},
    )  # fmt: skip
    assert done.status_code == 200 and done.json()["status"] == "submitted"

    res = client.get(f"{R}/{rid}/results", headers=sec).json()
    plan = next(a for a in res["aggregates"] if a["key"] == "has_plan")
    assert res["submitted"] == 1 and plan["distribution"] == {"yes": 1, "no": 0}
    csv_text = client.get(f"{R}/{rid}/results.csv", headers=editor).text
    assert csv_text.splitlines()[1].startswith(f"{kyoto},Kyoto,JP,yes,2020")
    assert client.get(f"{R}/{rid}/results", headers=bearer(world, "heidelberg_editor")).status_code == 404
    listed = client.get("/api/v1/networks/c40/surveys", headers=editor).json()
    assert [r["id"] for r in listed] == [rid]


def test_an_inventory_question_answered_with_a_file(client: TestClient, world: World) -> None:
    s = upload_round(world)
    editor = bearer(world, "kyoto_editor")
    url = f"{R}/{s.round_id}/cities/{s.kyoto}"
    client.put(url, json={"answers": {"remarks": "kept"}}, headers=editor | {"If-Match": "*"})
    bad = client.post(
        url + "/inventory-file",
        data={"key": "inventory"},
        files={"file": ("bad.csv", BAD_FILE)},
        headers=editor,
    )
    assert bad.status_code == 422 and "bad.csv" in bad.text and "amount" in bad.text
    wrong_key = client.post(
        url + "/inventory-file", data={"key": "remarks"}, files={"file": ("a.csv", GOOD_FILE)}, headers=editor
    )
    assert wrong_key.status_code == 422 and "remarks" in wrong_key.text
    done = client.post(
        url + "/inventory-file",
        data={"key": "inventory", "submit": "true"},
        files={"file": ("activities-2024.csv", GOOD_FILE)},
        headers=editor,
    )
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["created"] and body["imported_rows"] == 1 and body["year"] == INVENTORY_YEAR
    assert body["response"]["status"] == "submitted"
    assert body["response"]["answers"] == {
        "remarks": "kept",
        "inventory": {"inventory": body["inventory_id"], "file": "activities-2024.csv"},
    }
    res = client.get(f"{R}/{s.round_id}/results", headers=bearer(world, "c40_secretariat")).json()
    [inv] = res["inventories"]
    assert inv["inventory_id"] == body["inventory_id"] and 250 < inv["total_t"] < 256
