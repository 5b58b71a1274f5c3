"""/api/v1/networks/{slug}/news: the public reads published posts; the secretariat also drafts,
publishes with a version (ETag, If-Match) and gets clear messages for bad input."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import World, bearer
from tests.portal_fixture import portal_world

N = "/api/v1/networks/c40/news"


def test_the_public_reads_published_posts_only(client: TestClient, world: World) -> None:
    pw = portal_world(world)
    listed = client.get(N, params={"drafts": "true"}).json()
    assert listed["total"] == 1 and [p["title"] for p in listed["posts"]] == ["Spring news"]
    assert client.get(f"{N}/{pw.draft_news}").status_code == 404
    own = client.get(N, params={"drafts": "true"}, headers=bearer(world, "c40_secretariat")).json()
    assert [p["title"] for p in own["posts"]] == ["Draft news", "Spring news"]
    assert client.get(N, params={"limit": 1000}).status_code == 422


def test_the_secretariat_publishes_with_the_version_it_read(client: TestClient, world: World) -> None:
    pw = portal_world(world)
    h = bearer(world, "c40_secretariat")
    read = client.get(f"{N}/{pw.draft_news}", headers=h)
    assert read.status_code == 200
    changed = client.patch(
        f"{N}/{pw.draft_news}", json={"status": "published"}, headers=h | {"If-Match": read.headers["etag"]}
    )
    assert changed.status_code == 200 and changed.json()["status"] == "published"
    stale = client.patch(f"{N}/{pw.draft_news}", json={"title": "Late"}, headers=h | {"If-Match": 'W/"1"'})
    assert stale.status_code == 412  # the house rule for a stale If-Match
    assert client.get(f"{N}/{pw.draft_news}").status_code == 200  # public now


def test_bad_input_names_the_field(client: TestClient, world: World) -> None:
    portal_world(world)
    h = bearer(world, "c40_secretariat")
    bad = client.post(N, json={"title": "T", "body": "B", "language": "fr"}, headers=h)
    assert bad.status_code == 422 and "language" in bad.text
    bad_status = client.post(N, json={"title": "T", "body": "B", "status": "live"}, headers=h)
    assert bad_status.status_code == 422 and "status" in bad_status.text
    made = client.post(N, json={"title": "T", "body": "B", "language": "ja"}, headers=h)
    assert made.status_code == 201 and made.json()["status"] == "draft"
