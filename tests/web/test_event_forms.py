"""The event's edit form keeps what was typed and says at the field what is wrong (issue 16)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import World
from tests.factories import declared
from tests.web.test_page_forms import assert_refused_at
from tests.web.test_pages import log_in

EVENT = {"kind": "webinar", "title": "Heat", "starts_on": "2027-03-01", "place": "Kyoto", "is_public": "1"}


def test_a_bad_event_keeps_what_was_typed(client: TestClient) -> None:
    csrf = log_in(client, "c40_secretariat")
    made = client.post("/networks/c40/events", data={"csrf_token": csrf, **EVENT}, follow_redirects=False)
    url = made.headers["location"].removesuffix("?done=event_added")
    typed = {**EVENT, "title": "Heat planning", "starts_on": "1.3.2027", "agenda": "Welcome; maps"}
    refused = client.post(url, data={"csrf_token": csrf, **typed})
    assert refused.status_code == 422
    assert_refused_at(
        refused.text, "event-starts-on", "Starts: enter a date as year-month-day, such as 2030-12-31"
    )
    page = refused.text
    assert (
        'value="Heat planning"' in page and 'value="1.3.2027"' in page and ">Welcome; maps</textarea>" in page
    )
    assert '<option value="webinar" selected>' in page
    assert 'id="event-is-public" type="checkbox" name="is_public" value="1" checked' in page
    assert 'id="event-online" type="checkbox" name="online" value="1">' in page
    # The service's refusal (the end before the start) at its field, in German on a German page.
    client.get("/networks", params={"lang": "de"})
    german = client.post(url, data={"csrf_token": csrf, **EVENT, "ends_on": "2027-02-28"})
    assert german.status_code == 422
    assert_refused_at(
        german.text,
        "event-ends-on",
        "Ende: das Ende liegt vor dem Beginn; geben Sie ein Ende am oder nach dem Beginn an.",
    )
    assert 'value="2027-02-28"' in german.text
    client.get("/networks", params={"lang": "en"})
    saved = client.post(
        url, data={"csrf_token": csrf, **typed, "starts_on": "2027-03-02"}, follow_redirects=False
    )
    assert saved.status_code == 303 and saved.headers["location"] == f"{url}?done=event_saved"
    shown = client.get(saved.headers["location"]).text
    assert 'role="status" id="notice">Event saved<' in shown and "Welcome; maps" in shown


def test_a_bad_new_event_keeps_what_was_typed(client: TestClient) -> None:
    """The add form on the network page (the partnership page includes the same form)."""
    csrf = log_in(client, "c40_secretariat")
    typed = {**EVENT, "title": "Heat sprint", "starts_on": "2027-03-05", "ends_on": "2027-13-01"}
    refused = client.post("/networks/c40/events", data={"csrf_token": csrf, **typed})
    assert refused.status_code == 422
    assert_refused_at(
        refused.text, "add-network-event-ends-on", "Ends: enter a date as year-month-day, such as 2030-12-31"
    )
    page = refused.text
    assert 'value="Heat sprint"' in page and 'value="2027-13-01"' in page and 'value="Kyoto"' in page
    assert "Heat sprint" not in client.get("/networks/c40").text  # nothing was added
    client.get("/networks", params={"lang": "de"})
    german = client.post("/networks/c40/events", data={"csrf_token": csrf, **EVENT, "title": " "})
    assert german.status_code == 422
    assert 'id="add-network-event-title-error">' in german.text and "Titel" in german.text
    client.get("/networks", params={"lang": "en"})
    made = client.post(
        "/networks/c40/events", data={"csrf_token": csrf, **typed, "ends_on": ""}, follow_redirects=False
    )
    assert made.status_code == 303 and made.headers["location"].endswith("?done=event_added")
    shown = client.get(made.headers["location"]).text
    assert 'role="status" id="notice">Event added<' in shown and "Heat sprint" in shown


def test_removing_a_participant_asks_first(client: TestClient, world: World) -> None:
    pid = declared(world, is_public=True)
    csrf = log_in(client, "kyoto_editor")
    made = client.post(
        f"/partnerships/{pid}/events", data={"csrf_token": csrf, **EVENT}, follow_redirects=False
    )
    url = made.headers["location"].removesuffix("?done=event_added")
    sapporo = world.city["Sapporo"]
    client.post(
        f"{url}/participants",
        data={
            "csrf_token": csrf,
            "city": "Sapporo",
            "role": "observer",
            "people_count": "2",
            "people": "K. Sato",
        },
    )
    page = client.get(url).text
    leave = f"{url}/participants/{sapporo}/delete"
    assert f'href="{leave}"' in page and f'action="{leave}"' not in page  # a link to the question
    asking = client.get(leave)
    assert asking.status_code == 200 and "Remove this participant?" in asking.text
    assert "Sapporo" in asking.text and "K. Sato" in asking.text and f'action="{leave}"' in asking.text
    client.post("/logout", data={"csrf_token": csrf})
    viewer = log_in(client, "heidelberg_viewer")
    assert client.get(leave).status_code == 403
    assert client.post(leave, data={"csrf_token": viewer}).status_code == 403
    client.post("/logout", data={"csrf_token": viewer})
    csrf = log_in(client, "kyoto_editor")
    client.get("/cities", params={"lang": "de"})
    assert "Diese Teilnahme entfernen?" in client.get(leave).text
    assert client.get(f"{url}/participants/{world.city['Munich']}/delete").status_code == 404  # not listed
    client.get("/cities", params={"lang": "en"})
    done = client.post(leave, data={"csrf_token": csrf}, follow_redirects=False)
    assert done.headers["location"] == f"{url}?done=participant_removed#participants"
    shown = client.get(done.headers["location"]).text
    assert 'role="status" id="notice">Participant removed<' in shown and "K. Sato" not in shown


def test_a_bad_participant_keeps_what_was_typed(client: TestClient, world: World) -> None:
    pid = declared(world, is_public=True)
    csrf = log_in(client, "kyoto_editor")
    made = client.post(
        f"/partnerships/{pid}/events", data={"csrf_token": csrf, **EVENT}, follow_redirects=False
    )
    url = made.headers["location"].removesuffix("?done=event_added")
    typed = {"csrf_token": csrf, "city": "Sapporo", "role": "host", "people": "K. Sato"}
    client.get("/cities", params={"lang": "de"})
    refused = client.post(f"{url}/participants", data={**typed, "people_count": "2.5"})
    assert refused.status_code == 422
    assert_refused_at(
        refused.text, "add-participant-people-count", "Personen: geben Sie eine ganze Zahl ein, etwa 160000"
    )
    page = refused.text
    assert 'value="Sapporo"' in page and 'value="2.5"' in page and 'value="K. Sato"' in page
    assert '<option value="host" selected>' in page
    client.get("/cities", params={"lang": "en"})
    unknown = client.post(f"{url}/participants", data={**typed, "city": "Atlantis"})
    assert (
        unknown.status_code == 422
        and 'id="add-participant-city" name="city" type="text" value="Atlantis"' in unknown.text
    )
    assert 'aria-describedby="add-participant-city-error"' in unknown.text
    saved = client.post(f"{url}/participants", data={**typed, "people_count": "2"}, follow_redirects=False)
    assert saved.headers["location"] == f"{url}?done=participant_added#participants"
    shown = client.get(saved.headers["location"]).text
    assert 'role="status" id="notice">Participant added<' in shown and "K. Sato" in shown
