"""/api/v1/scopes: administrators correct a source (PATCH, the code stays), remove one no statement
cites (DELETE; a shipped or cited one is a 409 saying why) and rename a country's profile (PATCH
/scopes/{country}); ETags on every source and profile, If-Match on every change and removal."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import World, bearer

S = "/api/v1/scopes"
NEW = {"code": "de_kag", "title": "KAG", "url": "https://example.org/kag", "publisher": "Land"}


def test_change_a_source_with_its_etag(client: TestClient, world: World) -> None:
    headers = bearer(world, "admin")
    url = f"{S}/sources/de_gg_28"
    read = client.get(url)
    assert read.status_code == 200 and read.headers["etag"] == 'W/"1"'
    assert read.json()["shipped"] is True and read.json()["cited_by"] >= 1
    changed = client.patch(url, json={"title": "GG Art. 28"}, headers={**headers, "If-Match": 'W/"1"'})
    assert changed.status_code == 200 and changed.headers["etag"] == 'W/"2"'
    assert changed.json()["title"] == "GG Art. 28" and changed.json()["url"] == read.json()["url"]
    sources = {s["id"]: s for s in client.get(f"{S}/DE").json()["sources"]}
    assert sources["de_gg_28"]["title"] == "GG Art. 28"  # the profile cites it as changed
    stale = client.patch(url, json={"title": "Later"}, headers={**headers, "If-Match": 'W/"1"'})
    assert stale.status_code == 412
    assert client.patch(url, json={"title": "Later"}, headers=headers).status_code == 428
    bad = client.patch(url, json={"url": "ftp://x"}, headers={**headers, "If-Match": "*"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "url"]
    code = client.patch(url, json={"code": "gg"}, headers={**headers, "If-Match": "*"})
    assert code.status_code == 422 and code.json()["detail"][0]["loc"] == ["body", "code"]
    assert "citation key" in code.json()["detail"][0]["msg"]
    assert client.get(f"{S}/sources/nowhere").status_code == 404
    assert client.get(f"{S}/sources/{'x' * 61}").status_code == 422


def test_remove_a_source_with_its_etag(client: TestClient, world: World) -> None:
    headers = bearer(world, "admin")
    assert client.post(f"{S}/sources", json=NEW, headers=headers).status_code == 201
    shipped = client.delete(f"{S}/sources/de_gg_28", headers={**headers, "If-Match": "*"})
    assert shipped.status_code == 409 and "data load" in shipped.json()["detail"]
    body = {"field": "industry", "instrument": "fiscal", "say": "shares", "source": "de_kag"}
    statement = client.post(f"{S}/DE/statements", json=body, headers=headers)
    cited = client.delete(f"{S}/sources/de_kag", headers={**headers, "If-Match": 'W/"1"'})
    assert cited.status_code == 409 and "1 statement cites" in cited.json()["detail"]
    gone = f"{S}/DE/statements/{statement.json()['id']}"
    assert client.delete(gone, headers={**headers, "If-Match": 'W/"1"'}).status_code == 204
    assert client.delete(f"{S}/sources/de_kag", headers={**headers, "If-Match": 'W/"2"'}).status_code == 412
    assert client.delete(f"{S}/sources/de_kag", headers={**headers, "If-Match": 'W/"1"'}).status_code == 204
    assert client.get(f"{S}/sources/de_kag").status_code == 404


def test_rename_a_profile_with_its_etag(client: TestClient, world: World) -> None:
    headers = bearer(world, "admin")
    read = client.get(f"{S}/DE")
    assert read.headers["etag"] == 'W/"1"' and read.json()["name"] == "Germany"
    renamed = client.patch(
        f"{S}/de", json={"name": " Deutschland "}, headers={**headers, "If-Match": 'W/"1"'}
    )
    assert renamed.status_code == 200 and renamed.headers["etag"] == 'W/"2"'
    assert renamed.json()["name"] == "Deutschland" and len(renamed.json()["cells"]) == 48
    assert next(p for p in client.get(S).json()["profiles"] if p["country"] == "DE")["name"] == "Deutschland"
    assert (
        client.patch(f"{S}/DE", json={"name": "X"}, headers={**headers, "If-Match": 'W/"1"'}).status_code
        == 412
    )
    bad = client.patch(f"{S}/DE", json={"name": " "}, headers={**headers, "If-Match": "*"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "name"]
    too_long = client.patch(f"{S}/DE", json={"name": "n" * 101}, headers={**headers, "If-Match": "*"})
    assert too_long.status_code == 422
    assert (
        client.patch(f"{S}/FR", json={"name": "France"}, headers={**headers, "If-Match": "*"}).status_code
        == 404
    )


def test_a_city_editor_is_refused(client: TestClient, world: World) -> None:
    headers = {**bearer(world, "heidelberg_editor"), "If-Match": "*"}
    assert client.patch(f"{S}/sources/de_gg_28", json={"title": "X"}, headers=headers).status_code == 403
    assert client.patch(f"{S}/DE", json={"name": "X"}, headers=headers).status_code == 403
    assert client.get(f"{S}/sources/de_gg_28").json()["title"] != "X"
    assert client.get(f"{S}/DE").json()["name"] == "Germany"
