"""The city's forms on the form helper: the city edit form and the add-figure form keep what was
typed with the message at the field; a figure is deleted only after a confirmation page."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.conftest import World
from tests.web.test_page_forms import assert_refused_at
from tests.web.test_pages import log_in

FIGURE = {
    "variable": "population",
    "year": "2023",
    "value": "162000",
    "source": "Statistisches Landesamt",
    "data_quality": "high",
}


def test_the_city_form_says_what_is_wrong_in_words(client: TestClient, world: World) -> None:
    token = log_in(client, "heidelberg_editor")
    city = world.city["Heidelberg"]
    refused = client.post(
        f"/cities/{city}/edit",
        data={
            "csrf_token": token,
            "name": "Heidelberg",
            "population": "160.000,5",
            "area_km2": "about 109",
            "is_published": "1",
        },
    )
    assert refused.status_code == 422
    assert_refused_at(refused.text, "city-population", "Population: enter a whole number such as 160000")
    assert_refused_at(refused.text, "city-area-km2", "Area (km²): enter a number such as 1250.5")
    assert 'value="160.000,5"' in refused.text and "checked" in refused.text
    saved = client.post(
        f"/cities/{city}/edit",
        data={"csrf_token": token, "name": "Heidelberg", "population": "160000", "is_published": "1"},
        follow_redirects=False,
    )
    assert saved.headers["location"] == f"/cities/{city}?done=city_saved"
    assert 'id="notice">City saved<' in client.get(saved.headers["location"]).text


def test_a_bad_figure_keeps_what_was_typed(client: TestClient, world: World) -> None:
    token = log_in(client, "heidelberg_editor")
    city = world.city["Heidelberg"]
    refused = client.post(
        f"/cities/{city}/statistics", data={"csrf_token": token, **FIGURE, "value": "162k", "year": "23"}
    )
    assert refused.status_code == 422
    assert_refused_at(refused.text, "figure-value", "Value: enter a number such as 1250.5")
    assert_refused_at(refused.text, "figure-year", "Year: enter a year as four digits, such as 2030")
    assert 'value="Statistisches Landesamt"' in refused.text and 'value="162k"' in refused.text
    german = client.post(
        f"/cities/{city}/statistics",
        data={"csrf_token": token, **FIGURE, "value": "162k"},
        params={"lang": "de"},
    )
    assert german.status_code == 422 and "Wert: geben Sie eine Zahl ein, etwa 1250.5" in german.text


def test_deleting_a_figure_asks_first(client: TestClient, world: World) -> None:
    token = log_in(client, "heidelberg_editor")
    city = world.city["Heidelberg"]
    added = client.post(
        f"/cities/{city}/statistics", data={"csrf_token": token, **FIGURE}, follow_redirects=False
    )
    assert added.headers["location"] == f"/cities/{city}?done=statistic_added#figures"
    page = client.get(added.headers["location"]).text
    assert 'id="notice">Figure saved<' in page
    link = re.search(
        rf'<td>Statistisches Landesamt</td>.*?href="(/cities/{city}/statistics/(\d+)/delete)"', page, re.S
    )
    assert link and f'action="{link.group(1)}"' not in page
    asking = client.get(link.group(1))
    assert asking.status_code == 200 and "Delete this figure?" in asking.text
    assert "Statistisches Landesamt" in asking.text and "162000 persons" in asking.text
    version = re.search(r'name="version" value="(\d+)"', asking.text)
    assert version
    done = client.post(
        link.group(1), data={"csrf_token": token, "version": version.group(1)}, follow_redirects=False
    )
    assert done.headers["location"] == f"/cities/{city}?done=statistic_deleted#figures"
    assert link.group(1) not in client.get(f"/cities/{city}").text
    client.post("/logout", data={"csrf_token": token})
    assert client.get(link.group(1)).status_code == 401
    log_in(client, "kyoto_editor")
    assert client.get(link.group(1)).status_code == 403


def test_only_the_secretariat_or_the_citys_editors_are_asked_to_end_a_membership(
    client: TestClient, world: World
) -> None:
    leave = f"/networks/c40/members/{world.city['Munich']}/delete"
    assert client.get(leave).status_code == 401
    log_in(client, "kyoto_editor")
    assert client.get(leave).status_code == 403


def test_removing_an_offer_asks_first(client: TestClient, world: World) -> None:
    token = log_in(client, "kyoto_editor")
    kyoto = world.city["Kyoto"]
    offer = {"kind": "offer", "field": "transport", "support": "training", "description": "Bus rapid transit"}
    client.post(f"/cities/{kyoto}/cooperation", data={"csrf_token": token, **offer})
    page = client.get(f"/cities/{kyoto}/partners", params={"goal": "cooperation"}).text
    link = re.search(rf'href="(/cities/{kyoto}/cooperation/(\d+)/delete)"', page)
    assert link and f'action="{link.group(1)}"' not in page
    asking = client.get(link.group(1))
    assert asking.status_code == 200 and "Remove this offer or need?" in asking.text
    assert "Bus rapid transit" in asking.text and "We offer" in asking.text
    version = re.search(r'name="version" value="(\d+)"', asking.text)
    assert version
    client.post("/logout", data={"csrf_token": token})
    other = log_in(client, "heidelberg_editor")
    assert client.get(link.group(1)).status_code == 403
    refused = client.post(link.group(1), data={"csrf_token": other, "version": version.group(1)})
    assert refused.status_code == 403
    client.post("/logout", data={"csrf_token": other})
    token = log_in(client, "kyoto_editor")
    done = client.post(
        link.group(1), data={"csrf_token": token, "version": version.group(1)}, follow_redirects=False
    )
    assert (
        done.headers["location"] == f"/cities/{kyoto}/partners?goal=cooperation&done=item_removed#cooperation"
    )
    after = client.get(done.headers["location"]).text
    assert "Offer or need removed" in after and "Bus rapid transit" not in after
