"""The first-inventory page: who reads it and who writes the estimate (a refused post writes
nothing), the form's problems at their fields, and the page in German and Japanese."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.test_attack_surface import ROLES, _page_login, _row_counts
from tests.beginners_fixture import mentor_world
from tests.conftest import World
from tests.factories import confirm_membership
from tests.web.test_form_csrf import ROUTES

STAFF_READERS = frozenset({"admin", "heidelberg_editor", "heidelberg_viewer"})
WRITERS = frozenset({"admin", "heidelberg_editor"})
PAGE = "/cities/{city_id}/first-inventory"
COMMENTS = PAGE + "/comments"


def test_every_first_inventory_page_write_is_listed() -> None:
    assert {str(r.path) for r in ROUTES if "first-inventory" in str(r.path)} == {PAGE, COMMENTS}


def test_read_page_obeys_role(client: TestClient, world: World) -> None:
    url = f"/cities/{world.city['Heidelberg']}/first-inventory"
    for role in ROLES:
        _page_login(client, role)
        response = client.get(url)
        if role in STAFF_READERS:
            assert response.status_code == 200, role
            assert "I.1 " in response.text and "utilities" in response.text
        else:
            assert response.status_code in ((401,) if role == "public" else (403, 404)), role
    confirm_membership(world, "Kyoto")
    _page_login(client, "c40_secretariat")
    assert client.get(f"/cities/{world.city['Kyoto']}/first-inventory").status_code == 200


def test_estimate_post_obeys_role(client: TestClient, world: World) -> None:
    url = f"/cities/{world.city['Heidelberg']}/first-inventory"
    for role in (r for r in ROLES if r not in WRITERS):
        token = _page_login(client, role)
        before = _row_counts(world)
        response = client.post(url, data={"csrf_token": token, "year": "2022"})
        assert response.status_code in ((401,) if role == "public" else (403, 404)), role
        assert _row_counts(world) == before, role
    token = _page_login(client, "heidelberg_editor")
    before = _row_counts(world)
    response = client.post(url, data={"csrf_token": token, "year": "2022"}, follow_redirects=False)
    assert response.status_code == 303, response.text[:400]
    assert "done=first_estimate_written" in response.headers["location"]
    after = _row_counts(world)
    assert after["activity_record"] == before["activity_record"] + 32
    assert after["audit_entry"] > before["audit_entry"]
    page = client.get(url).text
    assert "first estimate" in page and "Replace I.1.1 with local data" in page
    assert 'id="complete"' in page and 'id="submit-inventory"' in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"year": "22"}, "estimate-year", "four digits"),
        ({"year": "2022", "population": "1.5"}, "estimate-population", "whole number"),
        ({"year": "2022", "population": "0"}, "estimate-population", "inhabitants"),
        ({"year": "1850"}, "estimate-year", "1990"),
    ],
)
def test_bad_input_is_said_at_the_field_and_kept(
    client: TestClient, world: World, data: dict[str, str], field: str, message: str
) -> None:
    token = _page_login(client, "heidelberg_editor")
    before = _row_counts(world)
    response = client.post(
        f"/cities/{world.city['Heidelberg']}/first-inventory", data={"csrf_token": token, **data}
    )
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.text and message in response.text
    assert f'value="{next(iter(v for k, v in data.items() if field.endswith(k)))}"' in response.text
    assert _row_counts(world) == before


@pytest.mark.parametrize(("lang", "words"), [("de", "Erstes Inventar"), ("ja", "最初のインベントリ")])
def test_page_in_other_languages(client: TestClient, world: World, lang: str, words: str) -> None:
    _page_login(client, "heidelberg_editor")
    response = client.get(
        f"/cities/{world.city['Heidelberg']}/first-inventory", headers={"Accept-Language": lang}
    )
    assert response.status_code == 200 and words in response.text


def test_comment_post_obeys_role(client: TestClient, world: World) -> None:
    mentor_world(world, with_estimate=True)
    url = f"/cities/{world.city['Heidelberg']}/first-inventory/comments"
    data = {"subsector": "II.1", "body": "Our traffic counts came from the state roads office."}
    for role in (r for r in ROLES if r not in WRITERS):
        token = _page_login(client, role)
        before = _row_counts(world)
        response = client.post(url, data={"csrf_token": token, **data})
        assert response.status_code in ((401,) if role == "public" else (403, 404)), role
        assert _row_counts(world) == before, role
    for role in ("munich_editor", "heidelberg_editor"):
        token = _page_login(client, role)
        before = _row_counts(world)
        response = client.post(url, data={"csrf_token": token, **data}, follow_redirects=False)
        assert response.status_code == 303, response.text[:400]
        after = _row_counts(world)
        assert after["first_inventory_comment"] == before["first_inventory_comment"] + 1
        assert after["audit_entry"] > before["audit_entry"]
    _page_login(client, "heidelberg_viewer")
    page = client.get(f"/cities/{world.city['Heidelberg']}/first-inventory").text
    assert page.count("state roads office") == 2 and "Munich" in page
    token = _page_login(client, "munich_editor")
    response = client.post(url, data={"csrf_token": token, "subsector": "II.1", "body": " "})
    assert response.status_code == 422 and 'id="comment-body-error"' in response.text
    response = client.post(url, data={"csrf_token": token, "subsector": "IV.1", "body": "kept text"})
    assert response.status_code == 422 and 'id="comment-subsector-error"' in response.text
    assert "kept text" in response.text
