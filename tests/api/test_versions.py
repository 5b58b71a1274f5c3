"""No stale overwrites (issue 12, item 8): two editors read a record, both save; the second is
refused (412 on the API, 409 on a form that shows both versions) and nothing is lost."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from citypact.app import create_app
from citypact.config import Settings
from citypact.services import city_edits
from citypact.services.errors import StaleVersion, VersionRequired
from citypact.services.versions import IF_UNCHANGED
from citypact.storage.models import City
from tests.conftest import World, bearer
from tests.web.test_pages import log_in


def _city(client: TestClient, world: World, who: str = "admin") -> tuple[str, dict[str, object]]:
    response = client.get(f"/api/v1/cities/{world.city['Heidelberg']}", headers=bearer(world, who))
    assert response.status_code == 200
    return response.headers["etag"], response.json()


def test_second_of_two_api_editors_gets_412_and_the_first_change_stays(
    client: TestClient, world: World
) -> None:
    url = f"/api/v1/cities/{world.city['Heidelberg']}"
    tag_a, city = _city(client, world, "heidelberg_editor")
    tag_b, _ = _city(client, world, "admin")
    assert tag_a == tag_b == f'W/"{city["version"]}"'
    first = client.patch(
        url,
        json={"admin_area": "Kurpfalz"},
        headers={**bearer(world, "heidelberg_editor"), "If-Match": tag_a},
    )
    assert first.status_code == 200, first.text
    assert first.headers["etag"] == f'W/"{int(city["version"]) + 1}"' == f'W/"{first.json()["version"]}"'
    second = client.patch(
        url, json={"description": "mine"}, headers={**bearer(world, "admin"), "If-Match": tag_b}
    )
    assert second.status_code == 412
    assert "city" in second.json()["detail"] and "reload" in second.json()["detail"]
    stored = _city(client, world)[1]
    assert stored["admin_area"] == "Kurpfalz" and stored["description"] != "mine"


def test_if_match_rule_missing_star_and_garbage(client: TestClient, world: World) -> None:
    """No If-Match: allowed while the record is unchanged since its creation (version 1), so a
    client that creates and then edits once still works; afterwards 428. `*` overwrites."""
    url = f"/api/v1/cities/{world.city['Heidelberg']}"
    headers = bearer(world, "heidelberg_editor")
    assert _city(client, world)[1]["version"] == 1
    assert client.patch(url, json={"admin_area": "A"}, headers=headers).status_code == 200
    refused = client.patch(url, json={"admin_area": "B"}, headers=headers)
    assert refused.status_code == 428 and "If-Match" in refused.json()["detail"]
    assert (
        client.patch(url, json={"admin_area": "B"}, headers={**headers, "If-Match": '"nonsense"'}).status_code
        == 412
    )
    forced = client.patch(url, json={"admin_area": "C"}, headers={**headers, "If-Match": "*"})
    assert forced.status_code == 200 and forced.json()["admin_area"] == "C"
    assert (
        client.patch(
            url, json={"admin_area": "D"}, headers={**headers, "If-Match": forced.headers["etag"]}
        ).status_code
        == 200
    )


def test_stale_delete_of_a_figure_is_refused(client: TestClient, world: World) -> None:
    city_id = world.city["Heidelberg"]
    headers = bearer(world, "heidelberg_editor")
    body = {
        "year": 2020,
        "variable": "population",
        "value": 160000,
        "source": "own count",
        "data_quality": "high",
    }
    saved = client.post(f"/api/v1/cities/{city_id}/statistics", json=body, headers=headers).json()
    assert saved["version"] == 1
    again = client.post(
        f"/api/v1/cities/{city_id}/statistics", json={**body, "value": 161000}, headers=headers
    )
    assert again.json()["version"] == 2  # the same figure, replaced
    url = f"/api/v1/cities/{city_id}/statistics/{saved['id']}"
    assert client.delete(url, headers={**headers, "If-Match": 'W/"1"'}).status_code == 412
    assert client.delete(url, headers=headers).status_code == 428
    assert client.delete(url, headers={**headers, "If-Match": 'W/"2"'}).status_code == 204


def test_the_update_itself_checks_the_version(world: World) -> None:
    """A write that read version 1 just before another transaction committed version 2 (a race on
    PostgreSQL): the UPDATE's `WHERE version = 1` matches no row, so it is a conflict, not a win."""
    city_id = world.city["Heidelberg"]
    with world.db.read() as session:
        stale = session.get(City, city_id)  # read at version 1
        assert stale is not None and stale.version == 1
    with world.db.write() as other:
        city_edits.update_city(other, world.actor("admin"), city_id, {"admin_area": "Theirs"})
    with world.db.read() as check:
        assert check.get(City, city_id).version == 2  # type: ignore[union-attr]
    with pytest.raises(StaleVersion), world.db.write() as session:
        session.add(stale)  # the stale row back in a session: as if read just before the commit
        city_edits.update_city(
            session, world.actor("heidelberg_editor"), city_id, {"admin_area": "Mine"}, expected_version=1
        )
    with world.db.read() as check:
        assert check.get(City, city_id).admin_area == "Theirs"  # type: ignore[union-attr]
    with pytest.raises(VersionRequired), world.db.write() as session:
        city_edits.update_city(
            session, world.actor("admin"), city_id, {"admin_area": "x"}, expected_version=IF_UNCHANGED
        )


VERSION = re.compile(r'name="version" value="(\d+)"')


def test_second_of_two_form_editors_sees_both_versions_and_keeps_what_was_typed(
    world: World, settings: Settings
) -> None:
    app = create_app(settings, world.db)
    url = f"/cities/{world.city['Heidelberg']}/edit"
    with TestClient(app) as editor, TestClient(app) as admin:
        csrf_e, csrf_a = log_in(editor, "heidelberg_editor"), log_in(admin, "admin")
        page_e, page_a = editor.get(url).text, admin.get(url).text
        version = VERSION.search(page_e).group(1)  # type: ignore[union-attr]
        assert VERSION.search(page_a).group(1) == version  # type: ignore[union-attr]
        common = {"name": "Heidelberg", "is_published": "1", "version": version}
        saved = admin.post(
            url, data={**common, "csrf_token": csrf_a, "admin_area": "Kurpfalz"}, follow_redirects=False
        )
        assert saved.status_code == 303
        typed = "Stadt am Neckar, by the editor"
        clash = editor.post(
            url, data={**common, "csrf_token": csrf_e, "admin_area": "Rhein-Neckar", "description": typed}
        )
        assert clash.status_code == 409
        assert 'id="conflict"' in clash.text
        assert "Kurpfalz" in clash.text and "Rhein-Neckar" in clash.text  # theirs and yours
        assert typed in clash.text  # what was typed is kept in the form
        assert VERSION.search(clash.text).group(1) == str(int(version) + 1)  # type: ignore[union-attr]
        city = editor.get(f"/api/v1/cities/{world.city['Heidelberg']}").json()
        assert city["admin_area"] == "Kurpfalz" and city["description"] != typed
        # Saving the kept entries again is a deliberate overwrite of the newer version.
        again = editor.post(
            url,
            data={
                **common,
                "csrf_token": csrf_e,
                "admin_area": "Rhein-Neckar",
                "version": VERSION.search(clash.text).group(1),
            },
            follow_redirects=False,
        )  # type: ignore[union-attr]
        assert again.status_code == 303
