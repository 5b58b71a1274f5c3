"""The administrators' pages of the national scopes of action: a refused form keeps what was typed
and says at the field what is wrong (EN/DE/JA), a stale edit is a 409 that keeps the typing, a
removal asks first, and a saved change shows on the profile and in the catalogue's filter."""

from __future__ import annotations

import html

from fastapi.testclient import TestClient

from citypact.services.scopes import admin
from tests.api.test_attack_surface import _page_login
from tests.conftest import World
from tests.scopes_fixture import CAN_DO, seed_scoped_catalogue


def _statement(world: World) -> int:
    with world.db.read() as session:
        found = admin.find_statement(session, "DE", "industry", "regulatory")
    assert found is not None
    return found


def test_the_profile_page_offers_the_administrator_the_edits(client: TestClient, world: World) -> None:
    _page_login(client, "admin")
    page = client.get("/scopes/DE")
    statement = _statement(world)
    assert 'id="statement-table"' in page.text
    assert f'href="/scopes/DE/statements/{statement}/edit"' in page.text
    assert f'href="/scopes/DE/statements/{statement}/remove"' in page.text
    assert 'href="/scopes/new"' in client.get("/scopes").text
    _page_login(client, "heidelberg_editor")
    assert 'id="statement-table"' not in client.get("/scopes/DE").text
    assert 'href="/scopes/new"' not in client.get("/scopes").text


def test_a_refused_statement_keeps_what_was_typed_and_names_the_field(
    client: TestClient, world: World
) -> None:
    token = _page_login(client, "admin")
    typed = {
        "field": "industry",
        "instrument": "fiscal",
        "say": "shares",
        "source": "",
        "note": "Mein Hinweis",
    }
    for lang, words in (("en", "Source"), ("de", "Quelle"), ("ja", "出典")):
        page = client.post(f"/scopes/DE/statements/new?lang={lang}", data={**typed, "csrf_token": token})
        assert page.status_code == 422
        text = html.unescape(page.text)
        assert 'id="statement-source-error"' in page.text and f"{words}:" in text
        assert "Mein Hinweis" in text and '<option value="fiscal" selected>' in page.text
    # The cell has a statement already: said in the summary, nothing written.
    again = client.post(
        "/scopes/DE/statements/new",
        data={**typed, "instrument": "regulatory", "source": "de_gg_28", "csrf_token": token},
    )
    assert again.status_code == 422 and "change that one instead" in again.text


def test_a_saved_change_shows_and_filters_the_catalogue(client: TestClient, world: World) -> None:
    seed_scoped_catalogue(world)
    token = _page_login(client, "admin")
    statement = _statement(world)
    form = client.get(f"/scopes/DE/statements/{statement}/edit")
    assert form.status_code == 200 and 'name="version" value="1"' in form.text
    saved = client.post(
        f"/scopes/DE/statements/{statement}/edit",
        data={"say": "shares", "source": "de_bimschg_4", "note": "", "version": "1", "csrf_token": token},
        follow_redirects=False,
    )
    assert saved.status_code == 303 and "done=scope_statement_saved" in saved.headers["location"]
    stale = client.post(
        f"/scopes/DE/statements/{statement}/edit",
        data={
            "say": "decides",
            "source": "de_bimschg_4",
            "note": "Mine",
            "version": "1",
            "csrf_token": token,
        },
    )
    assert stale.status_code == 409 and "Mine" in stale.text
    found = client.get(
        "/api/v1/measures", params={"city": world.city["Heidelberg"], "scope": "can_do"}
    ).json()
    assert {m["code"] for m in found} == CAN_DO["DE"] | {"industry_permit_rules"}


def test_a_removal_asks_first(client: TestClient, world: World) -> None:
    token = _page_login(client, "admin")
    statement = _statement(world)
    asked = client.get(f"/scopes/DE/statements/{statement}/remove?lang=de")
    assert (
        asked.status_code == 200 and "Diese Aussage entfernen?" in asked.text and "de_bimschg_4" in asked.text
    )
    assert _statement(world) == statement  # asking removed nothing
    done = client.post(
        f"/scopes/DE/statements/{statement}/remove",
        data={"version": "1", "csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    with world.db.read() as session:
        assert admin.find_statement(session, "DE", "industry", "regulatory") is None


def test_a_new_profile_and_source_by_form(client: TestClient, world: World) -> None:
    token = _page_login(client, "admin")
    bad = client.post("/scopes/new", data={"country": "FRA", "name": "France", "csrf_token": token})
    assert (
        bad.status_code == 422 and 'id="profile-country-error"' in bad.text and 'value="France"' in bad.text
    )
    made = client.post("/scopes/new", data={"country": "FR", "name": "France", "csrf_token": token})
    assert made.status_code == 200 and "Scope of action in France" in made.text
    source = {"code": "fr_cgct", "title": "CGCT", "url": "ftp://nowhere", "publisher": "Légifrance"}
    refused = client.post("/scopes/sources/new", data={**source, "csrf_token": token})
    assert refused.status_code == 422 and 'id="source-url-error"' in refused.text and "CGCT" in refused.text
    added = client.post(
        "/scopes/sources/new", data={**source, "url": "https://www.legifrance.gouv.fr/", "csrf_token": token}
    )
    assert added.status_code == 200 and 'id="source-fr_cgct"' in added.text
