"""The administrators' pages that correct the national scopes of action: a source changed (prefilled,
a refused change keeps what was typed and says at the field what is wrong, a stale one is a 409), a
source removed after a confirmation page (a shipped or cited one says why it stays and offers no
button), a country's profile renamed. EN/DE/JA words."""

from __future__ import annotations

from fastapi.testclient import TestClient

from citypact.services import scopes
from citypact.services.scopes import sources
from tests.api.test_attack_surface import _page_login
from tests.conftest import World

NEW = {"code": "de_kag", "title": "KAG", "url": "https://example.org/kag", "publisher": "Land"}


def _added(world: World) -> None:
    with world.db.write() as session:
        sources.add_source(session, world.actor("admin"), NEW)


def test_the_sources_list_offers_the_administrator_change_and_remove(
    client: TestClient, world: World
) -> None:
    _page_login(client, "admin")
    page = client.get("/scopes")
    assert 'id="sources"' in page.text
    assert 'href="/scopes/sources/de_gg_28/edit"' in page.text
    assert 'href="/scopes/sources/de_gg_28/remove"' in page.text
    assert 'href="/scopes/DE/rename"' in client.get("/scopes/DE").text
    _page_login(client, "heidelberg_editor")
    assert "/scopes/sources/de_gg_28/edit" not in client.get("/scopes").text
    assert "/scopes/DE/rename" not in client.get("/scopes/DE").text


def test_a_source_change_keeps_what_was_typed_and_names_the_field(client: TestClient, world: World) -> None:
    token = _page_login(client, "admin")
    form = client.get("/scopes/sources/de_gg_28/edit")
    assert form.status_code == 200 and 'name="version" value="1"' in form.text
    assert "<code>de_gg_28</code>" in form.text and 'name="code"' not in form.text  # the code stays
    typed = {"title": "Grundgesetz Art. 28", "url": "ftp://nowhere", "publisher": "BMJ", "version": "1"}
    refused = client.post("/scopes/sources/de_gg_28/edit?lang=de", data={**typed, "csrf_token": token})
    assert refused.status_code == 422 and 'id="source-url-error"' in refused.text
    assert 'value="Grundgesetz Art. 28"' in refused.text and 'value="ftp://nowhere"' in refused.text
    assert "Quelle ändern" in refused.text
    saved = client.post(
        "/scopes/sources/de_gg_28/edit",
        data={**typed, "url": "https://www.gesetze-im-internet.de/gg/art_28.html", "csrf_token": token},
        follow_redirects=False,
    )
    assert (
        saved.status_code == 303
        and saved.headers["location"] == "/scopes?done=scope_source_changed#source-de_gg_28"
    )
    shown = client.get(saved.headers["location"].replace("#", "&lang=en#"))
    assert "Grundgesetz Art. 28 (BMJ)" in shown.text and "Source changed" in shown.text
    stale = client.post(
        "/scopes/sources/de_gg_28/edit", data={**typed, "title": "Later", "csrf_token": token}
    )
    assert stale.status_code == 409 and 'value="Later"' in stale.text
    with world.db.read() as session:
        assert scopes.all_scopes(session).sources["de_gg_28"].title == "Grundgesetz Art. 28"


def test_a_source_removal_asks_first_and_a_shipped_one_says_why_it_stays(
    client: TestClient, world: World
) -> None:
    _added(world)
    token = _page_login(client, "admin")
    shipped = client.get("/scopes/sources/de_gg_28/remove?lang=ja")
    assert shipped.status_code == 200 and 'id="source-stays"' in shipped.text
    assert 'id="confirm-delete"' not in shipped.text and "この出典を削除しますか" in shipped.text
    asked = client.get("/scopes/sources/de_kag/remove")
    assert asked.status_code == 200 and 'id="confirm-delete"' in asked.text and "KAG" in asked.text
    with world.db.read() as session:
        assert "de_kag" in scopes.all_scopes(session).sources  # asking removed nothing
    refused = client.post("/scopes/sources/de_gg_28/remove", data={"version": "1", "csrf_token": token})
    assert refused.status_code == 409
    done = client.post(
        "/scopes/sources/de_kag/remove", data={"version": "1", "csrf_token": token}, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"] == "/scopes?done=scope_source_removed#sources"
    with world.db.read() as session:
        assert "de_kag" not in scopes.all_scopes(session).sources
        assert "de_gg_28" in scopes.all_scopes(session).sources


def test_a_profile_is_renamed_by_form(client: TestClient, world: World) -> None:
    token = _page_login(client, "admin")
    form = client.get("/scopes/DE/rename?lang=de")
    assert form.status_code == 200 and 'value="Germany"' in form.text and "Profil umbenennen" in form.text
    refused = client.post("/scopes/DE/rename", data={"name": "  ", "version": "1", "csrf_token": token})
    assert refused.status_code == 422 and 'id="profile-name-error"' in refused.text
    saved = client.post(
        "/scopes/DE/rename",
        data={"name": "Deutschland", "version": "1", "csrf_token": token},
        follow_redirects=False,
    )
    assert saved.status_code == 303 and saved.headers["location"] == "/scopes/DE?done=scope_profile_renamed"
    assert "Scope of action in Deutschland" in client.get("/scopes/DE?lang=en").text
    stale = client.post("/scopes/DE/rename", data={"name": "Allemagne", "version": "1", "csrf_token": token})
    assert stale.status_code == 409 and 'value="Allemagne"' in stale.text
