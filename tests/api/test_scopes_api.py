"""/api/v1/scopes: administrators maintain the profiles over the API (If-Match on every change and
removal, ETags on every statement, 422 naming the field, 409 for a cell that has a statement)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from citypact.services.scopes import admin
from tests.conftest import World, bearer

S = "/api/v1/scopes"


def _statement(world: World) -> int:
    with world.db.read() as session:
        found = admin.find_statement(session, "DE", "industry", "regulatory")
    assert found is not None
    return found


def test_change_and_remove_a_statement_with_its_etag(client: TestClient, world: World) -> None:
    headers = bearer(world, "admin")
    url = f"{S}/DE/statements/{_statement(world)}"
    read = client.get(url)
    assert read.status_code == 200 and read.headers["etag"] == 'W/"1"'
    assert (read.json()["say"], read.json()["source"]) == ("no_say", "de_bimschg_4")
    changed = client.patch(url, json={"say": "shares"}, headers={**headers, "If-Match": read.headers["etag"]})
    assert (
        changed.status_code == 200
        and changed.headers["etag"] == 'W/"2"'
        and changed.json()["say"] == "shares"
    )
    # The profile says it: Germany's industry regulation is shared now.
    cells = client.get(f"{S}/DE").json()["cells"]
    assert (
        next(c for c in cells if (c["field"], c["instrument"]) == ("industry", "regulatory"))["say"]
        == "shares"
    )
    stale = client.patch(url, json={"note": "mine"}, headers={**headers, "If-Match": read.headers["etag"]})
    assert stale.status_code == 412 and "reload" in stale.json()["detail"]
    assert client.patch(url, json={"note": "mine"}, headers=headers).status_code == 428
    assert client.delete(url, headers={**headers, "If-Match": 'W/"1"'}).status_code == 412
    assert client.delete(url, headers={**headers, "If-Match": changed.headers["etag"]}).status_code == 204
    assert client.get(url).status_code == 404


def test_add_a_profile_a_source_and_a_statement(client: TestClient, world: World) -> None:
    headers = bearer(world, "admin")
    made = client.post(S, json={"country": "fr", "name": "France"}, headers=headers)
    assert made.status_code == 201 and made.json()["country"] == "FR"
    assert {c["say"] for c in made.json()["cells"]} == {"unknown"}
    source = {"code": "fr_cgct", "title": "CGCT", "url": "https://www.legifrance.gouv.fr/", "publisher": "L"}
    assert client.post(f"{S}/sources", json=source, headers=headers).status_code == 201
    again = client.post(f"{S}/sources", json=source, headers=headers)
    assert again.status_code == 422 and again.json()["detail"][0]["loc"] == ["body", "code"]
    body = {"field": "transport", "instrument": "*", "say": "decides", "source": "fr_cgct"}
    added = client.post(f"{S}/FR/statements", json=body, headers=headers)
    assert added.status_code == 201 and added.headers["etag"] == 'W/"1"'
    assert client.post(f"{S}/FR/statements", json=body, headers=headers).status_code == 409
    bad = client.post(f"{S}/FR/statements", json={**body, "say": "perhaps"}, headers=headers)
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "say"]
    listed = client.get(f"{S}/FR/statements").json()
    assert [(s["field"], s["instrument"], s["say"]) for s in listed] == [("transport", "*", "decides")]
    cells = client.get(f"{S}/FR").json()["cells"]
    # By hand: 4 transport cells decided, the other 44 of 12 x 4 not stated.
    assert sum(c["say"] == "decides" for c in cells) == 4 and sum(c["say"] == "unknown" for c in cells) == 44


def test_a_city_editor_is_refused(client: TestClient, world: World) -> None:
    url = f"{S}/DE/statements/{_statement(world)}"
    refused = client.patch(
        url, json={"say": "shares"}, headers={**bearer(world, "heidelberg_editor"), "If-Match": "*"}
    )
    assert refused.status_code == 403
    assert client.get(url).json()["say"] == "no_say"
