"""The partnership page's add forms (a goal, a task) keep what was typed (issue 16)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import World
from tests.factories import declared
from tests.web.test_page_forms import assert_refused_at
from tests.web.test_pages import log_in


def test_a_bad_goal_keeps_what_was_typed(client: TestClient, world: World) -> None:
    pid = declared(world, is_public=True)
    token = log_in(client, "heidelberg_editor")
    refused = client.post(
        f"/partnerships/{pid}/goals",
        data={"csrf_token": token, "text": "Shared heat atlas", "target_date": "end 2027"},
    )
    assert refused.status_code == 422
    assert_refused_at(
        refused.text,
        "add-goal-target-date",
        "Target date: enter a date as year-month-day, such as 2030-12-31",
    )
    assert 'value="Shared heat atlas"' in refused.text and 'value="end 2027"' in refused.text
    client.get("/cities", params={"lang": "de"})
    german = client.post(f"/partnerships/{pid}/goals", data={"csrf_token": token, "text": " "})
    assert german.status_code == 422
    assert 'id="add-goal-text" name="text" type="text" value=" " aria-invalid="true"' in german.text
    assert "Es gibt ein Problem" in german.text
    client.get("/cities", params={"lang": "en"})
    saved = client.post(
        f"/partnerships/{pid}/goals",
        data={"csrf_token": token, "text": "Shared heat atlas", "target_date": "2027-12-31"},
        follow_redirects=False,
    )
    assert saved.headers["location"] == f"/partnerships/{pid}?done=goal_added#goals"
    page = client.get(saved.headers["location"]).text
    assert 'role="status" id="notice">Goal added<' in page and "Shared heat atlas" in page


def test_a_bad_task_keeps_what_was_typed(client: TestClient, world: World) -> None:
    pid = declared(world, is_public=True)
    token = log_in(client, "heidelberg_editor")
    heidelberg = str(world.city["Heidelberg"])
    typed = {"csrf_token": token, "title": "Send the atlas data", "owner_city_id": heidelberg}
    refused = client.post(f"/partnerships/{pid}/tasks", data={**typed, "due_on": "2027-02-30"})
    assert refused.status_code == 422
    assert_refused_at(
        refused.text, "add-task-due-on", "Due: enter a date as year-month-day, such as 2030-12-31"
    )
    assert 'value="Send the atlas data"' in refused.text and 'value="2027-02-30"' in refused.text
    assert f'<option value="{heidelberg}" selected>' in refused.text
    saved = client.post(
        f"/partnerships/{pid}/tasks", data={**typed, "due_on": "2027-02-28"}, follow_redirects=False
    )
    assert saved.headers["location"] == f"/partnerships/{pid}?done=task_added#work-plan"
    assert 'role="status" id="notice">Task added<' in client.get(saved.headers["location"]).text
    viewer = log_in(client, "heidelberg_viewer")  # reads the work plan, changes nothing
    refused_viewer = client.post(f"/partnerships/{pid}/tasks", data={**typed, "csrf_token": viewer})
    assert refused_viewer.status_code == 403


def test_a_bad_exchange_keeps_what_was_typed(client: TestClient, world: World) -> None:
    pid = declared(world, is_public=True)
    token = log_in(client, "kyoto_editor")
    typed = {
        "csrf_token": token,
        "kind": "visit",
        "title": "Delegation to Heidelberg",
        "summary": "Heat atlas",
    }
    client.get("/cities", params={"lang": "de"})
    refused = client.post(f"/partnerships/{pid}/exchanges", data={**typed, "year": "'19", "is_internal": "1"})
    assert refused.status_code == 422
    assert_refused_at(
        refused.text,
        "add-exchange-year",
        "oder nur das Jahr: geben Sie ein Jahr mit vier Ziffern ein, etwa 2030",
    )
    page = refused.text
    assert 'value="Delegation to Heidelberg"' in page and ">Heat atlas</textarea>" in page
    assert 'value="&#39;19"' in page and '<option value="visit" selected>' in page
    assert 'id="add-exchange-is-internal" type="checkbox" name="is_internal" value="1" checked' in page
    client.get("/cities", params={"lang": "en"})
    saved = client.post(
        f"/partnerships/{pid}/exchanges", data={**typed, "year": "2019"}, follow_redirects=False
    )
    assert saved.headers["location"] == f"/partnerships/{pid}?done=exchange_added#exchange-log"
    shown = client.get(saved.headers["location"]).text
    assert 'role="status" id="notice">Exchange recorded<' in shown and "Delegation to Heidelberg" in shown


def test_a_bad_member_keeps_what_was_typed(client: TestClient, world: World) -> None:
    pid = declared(world, is_public=True)
    token = log_in(client, "heidelberg_editor")
    client.get("/cities", params={"lang": "de"})
    refused = client.post(
        f"/partnerships/{pid}/members", data={"csrf_token": token, "city": "Sapporo", "role": "sponsor"}
    )
    assert refused.status_code == 422
    assert_refused_at(
        refused.text, "add-member-role", "Rolle: wählen Sie eine der Möglichkeiten aus der Liste"
    )
    assert 'value="Sapporo"' in refused.text
    client.get("/cities", params={"lang": "en"})
    unknown = client.post(
        f"/partnerships/{pid}/members", data={"csrf_token": token, "city": "Atlantis", "role": "observer"}
    )
    assert unknown.status_code == 422 and 'value="Atlantis" aria-invalid="true"' in unknown.text
    saved = client.post(
        f"/partnerships/{pid}/members",
        data={"csrf_token": token, "city": "Sapporo", "role": "observer"},
        follow_redirects=False,
    )
    assert saved.headers["location"] == f"/partnerships/{pid}?done=member_invited#members"
    assert 'id="notice">City invited to the partnership<' in client.get(saved.headers["location"]).text
