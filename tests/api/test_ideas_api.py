"""/api/v1/ideas: the House of Change through the API: lifecycle, versions, names, hidden content."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from citypact.services.ideas.writing import PROPOSALS_PER_DAY
from citypact.storage.ideas import Idea
from tests.api.idea_ops import DREAM, IDEA, P, in_review, proposed
from tests.conftest import World, bearer

REALISM = {"role": "realist", "answers": {"steps": "survey, build", "resources_costs": "EUR 4 million"}}
CRITIQUE = {"role": "critic", "answers": {"risks": "statics", "must_be_true": "roofs carry it"}}


def test_an_idea_goes_from_open_to_ready(client: TestClient, world: World) -> None:
    ctx = in_review(client, world)
    url = f"{P}/{ctx['idea']}"
    editor = bearer(world, "heidelberg_editor")
    refused = client.post(f"{url}/status", json={"status": "ready"}, headers=editor)
    assert refused.status_code == 422 and "dreamer, realist, critic" in refused.text
    for who, body in (("kyoto_editor", DREAM), ("heidelberg_viewer", REALISM), ("c40_secretariat", CRITIQUE)):
        assert client.post(f"{url}/reviews", json=body, headers=bearer(world, who)).status_code == 201
    twice = client.post(f"{url}/reviews", json=DREAM, headers=bearer(world, "kyoto_editor"))
    assert twice.status_code == 409
    ready = client.post(f"{url}/status", json={"status": "ready"}, headers=editor | {"If-Match": 'W/"2"'})
    assert ready.status_code == 200, ready.text
    body = ready.json()
    assert (body["status"], body["missing_roles"], body["version"]) == ("ready", [], 3)
    assert [r["role"] for r in body["reviews"]] == ["dreamer", "realist", "critic"]
    assert all(r["by_name"] is None for r in body["reviews"])  # nobody consented to show their name


def test_patch_needs_the_version_read(client: TestClient, world: World) -> None:
    ctx = proposed(client, world)
    url = f"{P}/{ctx['idea']}"
    mine = bearer(world, "plain_user")
    read = client.get(url, headers=mine)
    assert read.headers["ETag"] == 'W/"1"' and read.json()["may_edit"] is True
    first = client.patch(url, json={"sdg_targets": ["11.a", "7"]}, headers=mine | {"If-Match": 'W/"1"'})
    assert first.status_code == 200 and first.json()["sdg_targets"] == ["7", "11.a"]
    assert first.headers["ETag"] == 'W/"2"'
    stale = client.patch(url, json={"title": "late"}, headers=mine | {"If-Match": 'W/"1"'})
    assert stale.status_code == 412
    bad = client.patch(url, json={"sdg_targets": ["7.4"]}, headers=mine | {"If-Match": "*"})
    assert bad.status_code == 422 and "7.1 to 7.3 and 7.a to 7.b" in bad.text


def test_the_list_filters_and_hides(client: TestClient, world: World) -> None:
    first = proposed(client, world)["idea"]
    second = in_review(client, world)["idea"]
    city = world.city["Heidelberg"]
    listed = client.get(P, params={"city_id": city, "status": "in_review"}).json()
    assert [i["id"] for i in listed["items"]] == [second] and listed["total"] == 1
    editor = bearer(world, "heidelberg_editor")
    assert client.post(f"{P}/{first}/hide", json={"reason": "spam"}, headers=editor).status_code == 200
    assert client.get(f"{P}/{first}").status_code == 404
    assert [i["id"] for i in client.get(P, params={"city_id": city}).json()["items"]] == [second]
    marked = client.get(P, params={"city_id": city}, headers=editor).json()["items"]
    assert [(i["id"], i["hidden"]) for i in marked] == [(second, False), (first, True)]
    assert client.get(P, params={"city_id": city, "action_field": "mining"}).status_code == 422


def test_reports_reach_the_citys_editors_only(client: TestClient, world: World) -> None:
    idea = proposed(client, world)["idea"]
    city = world.city["Heidelberg"]
    made = client.post(
        f"{P}/{idea}/reports", json={"reason": "advertising"}, headers=bearer(world, "kyoto_editor")
    )
    assert made.status_code == 201
    assert (
        client.get(
            f"{P}/reports", params={"city_id": city}, headers=bearer(world, "kyoto_editor")
        ).status_code
        == 403
    )
    queue = client.get(
        f"{P}/reports", params={"city_id": city}, headers=bearer(world, "heidelberg_editor")
    ).json()
    assert [(r["idea_id"], r["reason"]) for r in queue["items"]] == [(idea, "advertising")]


def test_a_proposal_refuses_unknown_fields_and_codes(client: TestClient, world: World) -> None:
    h = bearer(world, "plain_user")
    city = world.city["Heidelberg"]
    assert client.post(P, json=IDEA | {"city_id": city, "votes": 5}, headers=h).status_code == 422
    wrong = client.post(P, json=IDEA | {"city_id": city, "gpc_sectors": ["VII"]}, headers=h)
    assert wrong.status_code == 422 and "gpc_sectors" in wrong.text
    assert client.post(P, json=IDEA | {"city_id": 2_000_000}, headers=h).status_code == 404


def test_a_person_past_the_days_proposals_gets_429(client: TestClient, world: World) -> None:
    """Ten proposals in 24 hours are the most a person may make; the eleventh is "too many requests"
    (429), not a conflict with a record, and writes nothing."""
    for _ in range(PROPOSALS_PER_DAY):
        proposed(client, world)
    eleventh = client.post(
        P, json=IDEA | {"city_id": world.city["Heidelberg"]}, headers=bearer(world, "plain_user")
    )
    assert eleventh.status_code == 429, eleventh.text
    assert "tomorrow" in eleventh.json()["detail"]
    with world.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Idea)) == PROPOSALS_PER_DAY
