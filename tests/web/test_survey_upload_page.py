"""The answer page's inventory upload: a good file creates the city's inventory of the question's
year and saves the answers; a bad file writes nothing, lists its problems (file, row, column, fix)
and keeps what was typed; a draft's rows are replaced only with the confirmation; the results show
each city's inventory total with a link."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from citypact.services.surveys import rounds
from citypact.storage.models import Inventory
from tests.conftest import World
from tests.factories import new_inventory
from tests.surveys_fixture import BAD_FILE, GOOD_FILE, INVENTORY_YEAR, upload_round
from tests.web.test_pages import log_in


def _inventories(world: World) -> int:
    with world.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Inventory)) or 0)


def test_upload_creates_the_inventory_and_the_results_show_it(client: TestClient, world: World) -> None:
    s = upload_round(world)
    token = log_in(client, "heidelberg_editor")
    url = f"/survey-rounds/{s.round_id}/cities/{s.heidelberg}"
    form = client.get(url).text
    assert 'enctype="multipart/form-data"' in form and 'name="file_inventory"' in form
    assert f"creates the city&#39;s {INVENTORY_YEAR} inventory as a draft" in form
    response = client.post(
        url,
        data={"csrf_token": token, "q_remarks": "First one", "action": "submit"},
        files={"file_inventory": ("activities-2024.csv", GOOD_FILE, "text/csv")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:1500]
    page = client.get(response.headers["location"]).text
    assert "File imported into the city" in page and "from activities-2024.csv" in page
    with world.db.read() as session:
        inventory_id = session.scalar(select(Inventory.id).where(Inventory.city_id == s.heidelberg))
    log_in(client, "c40_secretariat")
    results = client.get(f"/survey-rounds/{s.round_id}/results").text
    assert 'id="inventory-answers"' in results
    assert f'href="/inventories/{inventory_id}"' in results and "activities-2024.csv" in results
    assert "253" in results  # 1,250.5 MWh of natural gas: about 253 t CO2e


def test_a_bad_file_writes_nothing_and_keeps_the_typed_answers(client: TestClient, world: World) -> None:
    s = upload_round(world)
    token = log_in(client, "heidelberg_editor")
    url = f"/survey-rounds/{s.round_id}/cities/{s.heidelberg}"
    response = client.post(
        url,
        data={"csrf_token": token, "q_remarks": "kept text", "action": "save"},
        files={"file_inventory": ("bad.csv", BAD_FILE, "text/csv")},
    )
    assert response.status_code == 422
    assert 'id="upload-problems"' in response.text and 'id="answer-inventory-error"' in response.text
    assert '<td>bad.csv</td><td class="num">3</td><td>amount</td>' in response.text
    assert ">kept text</textarea>" in response.text
    assert _inventories(world) == 0
    assert "not started" in client.get(url).text.lower()


def test_replacing_a_drafts_rows_needs_the_confirmation(client: TestClient, world: World) -> None:
    s = upload_round(world)
    new_inventory(world, year=INVENTORY_YEAR, completed=True)
    token = log_in(client, "heidelberg_editor")
    url = f"/survey-rounds/{s.round_id}/cities/{s.heidelberg}"
    form = client.get(url).text
    assert 'id="answer-inventory-confirm"' in form
    response = client.post(
        url,
        data={"csrf_token": token, "action": "save"},
        files={"file_inventory": ("a.csv", GOOD_FILE, "text/csv")},
    )
    assert response.status_code == 422 and "tick the box" in response.text
    rows = form.split('name="q_inventory__confirm" value="')[1].split('"')[0]
    response = client.post(
        url,
        data={"csrf_token": token, "action": "save", "q_inventory__confirm": rows},
        files={"file_inventory": ("a.csv", GOOD_FILE, "text/csv")},
        follow_redirects=False,
    )
    assert response.status_code == 303


def test_after_the_deadline_the_form_says_so_and_refuses(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = upload_round(world)
    token = log_in(client, "heidelberg_editor")
    url = f"/survey-rounds/{s.round_id}/cities/{s.heidelberg}"
    with world.db.read() as session:
        deadline = rounds.get_round(session, world.actor("heidelberg_editor"), s.round_id).deadline
    monkeypatch.setattr(rounds, "today_utc", lambda: deadline + dt.timedelta(days=1))
    page = client.get(url).text
    assert 'id="deadline-passed"' in page and 'id="answer-form"' not in page
    response = client.post(url, data={"csrf_token": token, "q_remarks": "late", "action": "save"})
    assert response.status_code == 409 and "no longer taken" in response.text
    assert _inventories(world) == 0
