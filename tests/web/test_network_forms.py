"""The network page's invite form keeps what was typed and says at the field what is wrong (issue 16)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import World
from tests.web.test_page_forms import assert_refused_at
from tests.web.test_pages import log_in


def test_a_bad_invitation_keeps_what_was_typed(client: TestClient, world: World) -> None:
    csrf = log_in(client, "c40_secretariat")
    refused = client.post("/networks/c40/invitations", data={"csrf_token": csrf, "city_id": "Munich"})
    assert refused.status_code == 422
    assert_refused_at(
        refused.text, "invite-city-city-id", "Invite a city (id): enter a whole number such as 160000"
    )
    assert 'value="Munich"' in refused.text
    client.get("/networks", params={"lang": "de"})
    german = client.post("/networks/c40/invitations", data={"csrf_token": csrf, "city_id": "424242"})
    assert german.status_code == 422
    assert 'id="invite-city-city-id-error">' in german.text
    assert "keine Stadt hat diese ID; die ID steht auf der Seite der Stadt" in german.text
    assert 'value="424242"' in german.text
    client.get("/networks", params={"lang": "en"})
    munich = world.city["Munich"]
    done = client.post(
        "/networks/c40/invitations", data={"csrf_token": csrf, "city_id": str(munich)}, follow_redirects=False
    )
    assert done.headers["location"] == "/networks/c40?done=city_invited#network-joins"
    page = client.get(done.headers["location"]).text
    assert 'id="notice">City invited; it is a member once its editor accepts<' in page
    assert f'id="join-{munich}"' in page


def test_only_the_secretariat_invites(client: TestClient, world: World) -> None:
    csrf = log_in(client, "kyoto_editor")
    refused = client.post(
        "/networks/c40/invitations", data={"csrf_token": csrf, "city_id": str(world.city["Munich"])}
    )
    assert refused.status_code == 403
