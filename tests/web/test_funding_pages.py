"""The funding catalogue's pages: the list states its order and filters, a programme shows the
state of its calls, its source and the day it was checked (with a notice when that is old or
every call has passed), forms keep what was typed and say at the field what is wrong, a call goes
only after its confirmation page, the application form is prefilled from the pipeline's link, and
the pages speak German and Japanese."""

from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient

from citypact.services.funding import programme_calls
from tests.conftest import World
from tests.funding_programmes_fixture import PROGRAMME, catalogue_world
from tests.web.test_pages import log_in


def test_list_states_the_order_and_filters(client: TestClient, world: World) -> None:
    catalogue_world(world)
    page = client.get("/funding/programmes")
    assert page.status_code == 200
    assert 'id="order-rule"' in page.text and "Nothing is ever ordered by payment" in page.text
    assert "Municipal Heat Transition Fund" in page.text and "Twin Cities Climate Exchange" in page.text
    only_de = client.get("/funding/programmes", params={"country": "JP"})
    assert "Municipal Heat Transition Fund" not in only_de.text
    assert client.get("/funding/programmes", params={"instrument": "gift"}).status_code == 422
    assert 'href="/funding/programmes"' in page.text  # the navigation's "Funding"


def test_programme_page_shows_calls_source_and_old_checks(client: TestClient, world: World) -> None:
    made = catalogue_world(world)
    page = client.get(f"/funding/programmes/{made.joint}")
    assert page.status_code == 200
    assert 'id="stale"' in page.text  # checked 2025-01-10, more than 12 months ago
    assert 'href="https://example.org/twin"' in page.text
    assert "at least 3 cities from 2 countries" in page.text
    with world.db.write() as session:
        programme_calls.update_call(
            session, world.actor("admin"), made.joint, made.joint_call, {"closes_on": "2020-01-31"}
        )
    closed = client.get(f"/funding/programmes/{made.joint}")
    assert 'id="closed"' in closed.text
    assert 'id="call-form"' not in closed.text  # the public keeps nothing


def test_the_new_form_keeps_what_was_typed_and_names_the_field(client: TestClient, world: World) -> None:
    token = log_in(client, "c40_secretariat")
    typed = {**PROGRAMME, "fields": "energy_supply", "gpc_sectors": "I", "countries": "DE",
             "source_url": "http://insecure.example.org", "name": "Typed name"}  # fmt: skip
    response = client.post("/funding/programmes/new", data=typed | {"csrf_token": token})
    assert response.status_code == 422
    assert 'value="Typed name"' in response.text
    assert 'id="programme-source-url-error"' in response.text
    good = client.post(
        "/funding/programmes/new",
        data=typed | {"csrf_token": token, "source_url": "https://example.org/ok"},
        follow_redirects=False,
    )
    assert good.status_code == 303
    programme = good.headers["location"]
    future = client.post(
        f"{programme}/calls",
        data={"csrf_token": token, "title": "Backwards", "opens_on": "2027-02-01", "closes_on": "2027-01-01"},
    )
    assert future.status_code == 422
    assert 'id="call-closes-on-error"' in future.text
    assert 'value="Backwards"' in future.text


def test_a_call_goes_only_after_its_confirmation_page(client: TestClient, world: World) -> None:
    made = catalogue_world(world)
    token = log_in(client, "c40_secretariat")
    ask = client.get(f"/funding/programmes/{made.programme}/calls/{made.closed_call}/remove")
    assert ask.status_code == 200
    assert "Round 2025" in ask.text and 'id="confirm-delete"' in ask.text
    version = re.search(r'name="version" value="(\d+)"', ask.text)
    assert version
    gone = client.post(
        f"/funding/programmes/{made.programme}/calls/{made.closed_call}/remove",
        data={"csrf_token": token, "version": version.group(1)},
        follow_redirects=False,
    )
    assert gone.status_code == 303
    assert "Round 2025" not in client.get(f"/funding/programmes/{made.programme}").text


def test_application_form_is_prefilled_from_the_query(client: TestClient, world: World) -> None:
    made = catalogue_world(world)
    log_in(client, "c40_secretariat")
    cities = f"{world.city['Kyoto']},{world.city['Portland']}"
    page = client.get(f"/funding/applications/new?programme={made.joint}&cities={cities}&network=c40")
    assert page.status_code == 200
    assert f'<option value="{made.joint}" selected>' in page.text
    assert f'value="{world.city["Kyoto"]}"' in page.text
    assert f'value="{world.city["Portland"]}"' in page.text
    assert 'value="c40"' in page.text
    assert client.get("/funding/applications/new?cities=1;drop").status_code == 422


def test_suggestion_then_review(client: TestClient, world: World) -> None:
    token = log_in(client, "heidelberg_editor")
    form = client.get("/funding/suggestions/new")
    assert form.status_code == 200
    sent = client.post(
        "/funding/suggestions/new",
        data={**{k: str(v) for k, v in PROGRAMME.items() if not isinstance(v, list)},
              "fields": "energy_supply", "gpc_sectors": "I", "csrf_token": token,
              "city_id": str(world.city["Heidelberg"]),
              "checked_on": dt.date.today().isoformat()},
        follow_redirects=False,
    )  # fmt: skip
    assert sent.status_code == 303, sent.text[:600]
    where = sent.headers["location"]
    assert 'id="suggested"' in client.get(where).text
    client.cookies.clear()
    assert client.get(where).status_code == 404  # never public
    token = log_in(client, "c40_secretariat")
    assert "Municipal Heat Transition Fund" in client.get("/funding/suggestions").text
    accepted = client.post(f"{where}/accept", data={"csrf_token": token}, follow_redirects=False)
    assert accepted.status_code == 303
    client.cookies.clear()
    assert client.get(where).status_code == 200


def test_pages_speak_german_and_japanese(client: TestClient, world: World) -> None:
    made = catalogue_world(world)
    german = client.get(f"/funding/programmes/{made.programme}", headers={"Accept-Language": "de"})
    assert "Aufrufe" in german.text and "Veröffentlichte Quelle" in german.text
    japanese = client.get("/funding/programmes", headers={"Accept-Language": "ja"})
    assert "資金プログラム" in japanese.text
