"""The stakeholder pages: registering keeps what was typed and names the field, the editors' queue
asks for a reason at the field, the organisation's page shows each reader what they may see, and
the pages speak German and Japanese."""

from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient

from tests.conftest import World
from tests.stakeholders_fixture import confirmed, deal_with, registered
from tests.web.test_pages import log_in

FORM = {
    "name": "Neckar Solar eG",
    "kind": "utility",
    "sector": "energy",
    "size": "small",
    "contact_email": "info@neckar.example",
    "website": "https://neckar.example",
    "position": "board member",
}


def _org_id(location: str) -> int:
    found = re.fullmatch(r"/organisations/(\d+)", location)
    assert found, location
    return int(found.group(1))


def test_register_keeps_what_was_typed_and_names_the_field(client: TestClient, world: World) -> None:
    hd = world.city["Heidelberg"]
    token = log_in(client, "plain_user")
    bad = client.post(
        f"/cities/{hd}/organisations/new", data={"csrf_token": token, **FORM, "website": "neckar.example"}
    )
    assert bad.status_code == 422
    assert 'value="Neckar Solar eG"' in bad.text and 'value="board member"' in bad.text
    assert 'id="organisation-website-error"' in bad.text
    made = client.post(
        f"/cities/{hd}/organisations/new", data={"csrf_token": token, **FORM}, follow_redirects=False
    )
    assert made.status_code == 303
    org_id = _org_id(made.headers["location"])
    page = client.get(f"/organisations/{org_id}").text
    assert "waiting for the city&#39;s confirmation" in page and "info@neckar.example" in page
    again = client.post(
        f"/cities/{hd}/organisations/new", data={"csrf_token": token, **FORM, "name": "NECKAR SOLAR EG"}
    )
    assert again.status_code == 422 and "already registered in this city" in again.text
    assert client.get("/account/organisations").text.count(f'href="/organisations/{org_id}"') == 1


def test_the_queue_asks_for_a_reason_at_the_field_and_confirms(client: TestClient, world: World) -> None:
    org_id = registered(world, "plain_user")
    hd = world.city["Heidelberg"]
    token = log_in(client, "heidelberg_editor")
    queue = client.get(f"/cities/{hd}/organisations/queue")
    assert queue.status_code == 200 and "Stadtwerke Solar eG" in queue.text
    refused = client.post(f"/cities/{hd}/organisations/queue/{org_id}/refuse", data={"csrf_token": token})
    assert refused.status_code == 422 and f'id="refuse-{org_id}-reason-error"' in refused.text
    # A decision through another city's queue is not taken.
    other = client.post(
        f"/cities/{world.city['Kyoto']}/organisations/queue/{org_id}/confirm", data={"csrf_token": token}
    )
    assert other.status_code == 404
    done = client.post(
        f"/cities/{hd}/organisations/queue/{org_id}/confirm",
        data={"csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert world.actor("plain_user").speaks_for(org_id)
    assert "No organisations wait for a decision." in client.get(f"/cities/{hd}/organisations/queue").text


def test_only_the_citys_editors_see_the_queue(client: TestClient, world: World) -> None:
    hd = world.city["Heidelberg"]
    assert client.get(f"/cities/{hd}/organisations/queue").status_code == 401
    log_in(client, "kyoto_editor")
    assert client.get(f"/cities/{hd}/organisations/queue").status_code == 403


def test_each_reader_sees_what_they_may(client: TestClient, world: World) -> None:
    org_id = confirmed(world, "plain_user")
    deal_with(world, org_id, reports=((dt.date(2026, 6, 30), 125.0),))
    public = client.get(f"/organisations/{org_id}").text
    assert "info@solar.example" not in public and 'id="people"' not in public
    assert "Install photovoltaics on 12 school roofs" in public and "125" in public and "400" in public
    listed = client.get(f"/cities/{world.city['Heidelberg']}/organisations").text
    assert f'href="/organisations/{org_id}"' in listed and "info@solar.example" not in listed
    assert (
        f'href="/cities/{world.city["Heidelberg"]}/organisations"'
        in client.get(f"/cities/{world.city['Heidelberg']}").text
    )
    token = log_in(client, "plain_user")
    own = client.get(f"/organisations/{org_id}").text
    assert 'id="edit-organisation"' in own and "energy manager" in own
    version = re.search(r'name="version" value="(\d+)"', own).group(1)  # type: ignore[union-attr]
    saved = client.post(
        f"/organisations/{org_id}",
        data={"csrf_token": token, "name": "Stadtwerke Solar eG", "kind": "utility", "version": version,
              "sector": "solar power", "size": "medium", "contact_email": "", "website": ""},
        follow_redirects=False,
    )  # fmt: skip
    assert saved.status_code == 303
    stale = client.post(
        f"/organisations/{org_id}",
        data={"csrf_token": token, "name": "Stadtwerke Solar eG", "kind": "utility", "version": version,
              "sector": "wind"},
    )  # fmt: skip
    assert stale.status_code == 409 and 'value="wind"' in stale.text


def test_a_person_asks_to_join_and_the_editor_ends_it_with_a_reason(client: TestClient, world: World) -> None:
    org_id = confirmed(world, "plain_user")
    token = log_in(client, "heidelberg_viewer")
    asked = client.post(
        f"/organisations/{org_id}/join",
        data={"csrf_token": token, "position": "caretaker"},
        follow_redirects=False,
    )
    assert asked.status_code == 303
    hd = world.city["Heidelberg"]
    token = log_in(client, "heidelberg_editor")
    queue = client.get(f"/cities/{hd}/organisations/queue").text
    person = int(re.search(rf"/organisations/queue/{org_id}/people/(\d+)/confirm", queue).group(1))  # type: ignore[union-attr]
    client.post(
        f"/cities/{hd}/organisations/queue/{org_id}/people/{person}/confirm", data={"csrf_token": token}
    )
    assert world.actor("heidelberg_viewer").speaks_for(org_id)
    no_reason = client.post(f"/organisations/{org_id}/people/{person}/end", data={"csrf_token": token})
    assert no_reason.status_code == 422 and f'id="end-{person}-reason-error"' in no_reason.text
    client.post(
        f"/organisations/{org_id}/people/{person}/end", data={"csrf_token": token, "reason": "Moved on."}
    )
    assert not world.actor("heidelberg_viewer").speaks_for(org_id)


def test_the_pages_speak_german_and_japanese(client: TestClient, world: World) -> None:
    org_id = confirmed(world, "plain_user")
    hd = world.city["Heidelberg"]
    de = client.get(f"/organisations/{org_id}", params={"lang": "de"}).text
    assert "Versorgungsunternehmen" in de and "Deals, Verpflichtungen und Fortschritt" in de
    ja = client.get(f"/cities/{hd}/organisations", params={"lang": "ja"}).text
    assert "の組織" in ja


def test_leaving_an_organisation_asks_first(client: TestClient, world: World) -> None:
    org_id = confirmed(world, "plain_user")
    token = log_in(client, "plain_user")
    page = client.get(f"/organisations/{org_id}").text
    assert f'href="/organisations/{org_id}/leave"' in page
    asked = client.get(f"/organisations/{org_id}/leave")
    assert asked.status_code == 200 and 'id="confirm-delete"' in asked.text
    assert world.actor("plain_user").speaks_for(org_id)  # asking changed nothing
    left = client.post(f"/organisations/{org_id}/leave", data={"csrf_token": token}, follow_redirects=False)
    assert left.status_code == 303 and not world.actor("plain_user").speaks_for(org_id)
    assert client.get(f"/organisations/{org_id}/leave").status_code == 404  # nothing left to leave
