"""The offer-or-need form on the partners page keeps what was typed (issue 16)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import World
from tests.web.test_page_forms import assert_refused_at
from tests.web.test_pages import log_in

OFFER = {"kind": "need", "field": "transport", "support": "training", "description": "Bus rapid transit"}


def test_a_bad_offer_keeps_what_was_typed(client: TestClient, world: World) -> None:
    kyoto = world.city["Kyoto"]
    token = log_in(client, "kyoto_editor")
    url = f"/cities/{kyoto}/cooperation"
    refused = client.post(url, data={"csrf_token": token, **OFFER, "contact": "Ms\x1b Ito"})
    assert refused.status_code == 422
    assert_refused_at(
        refused.text,
        "cooperation-contact",
        "Contact: remove the invisible control or direction character U+001B at character 3",
    )
    page = refused.text
    assert 'value="Bus rapid transit"' in page and '<option value="need" selected>' in page
    assert '<option value="transport" selected>' in page and '<option value="training" selected>' in page
    assert "Bus rapid transit" not in client.get(url.replace("cooperation", "partners?goal=cooperation")).text
    client.get("/cities", params={"lang": "de"})
    german = client.post(url, data={"csrf_token": token, **OFFER, "support": "money"})
    assert german.status_code == 422
    assert_refused_at(
        german.text,
        "cooperation-support",
        "Art der Unterstützung: wählen Sie eine der Möglichkeiten aus der Liste",
    )
    client.get("/cities", params={"lang": "en"})
    saved = client.post(url, data={"csrf_token": token, **OFFER}, follow_redirects=False)
    assert (
        saved.headers["location"] == f"/cities/{kyoto}/partners?goal=cooperation&done=item_added#cooperation"
    )
    shown = client.get(saved.headers["location"]).text
    assert 'role="status" id="notice">Offer or need added<' in shown and "Bus rapid transit" in shown


def test_another_citys_editor_cannot_add_an_offer(client: TestClient, world: World) -> None:
    token = log_in(client, "heidelberg_editor")
    refused = client.post(f"/cities/{world.city['Kyoto']}/cooperation", data={"csrf_token": token, **OFFER})
    assert refused.status_code == 403
