"""The plan page's forms keep what was typed (the target, a measure); a measure is changed on its
own page and cancelled only after a confirmation page (issue 16)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.conftest import World
from tests.web.test_page_forms import assert_refused_at
from tests.web.test_pages import log_in

TARGET = {
    "base_year": "2020",
    "base_emissions_t": "1000000",
    "target_year": "2030",
    "reduction_pct": "50",
    "source": "council decision 2021/17",
}
MEASURE = {
    "title": "Heat pumps for schools",
    "field": "buildings_municipal",
    "instrument": "own_operations",
    "owner_department": "Building authority",
    "start_date": "2024-01-01",
    "end_date": "2028-12-31",
    "capex": "1200000",
    "currency": "EUR",
    "expected_reduction_t": "2500",
}


def test_a_bad_target_keeps_what_was_typed(client: TestClient, world: World) -> None:
    heidelberg = world.city["Heidelberg"]
    token = log_in(client, "heidelberg_editor")
    refused = client.post(
        f"/cities/{heidelberg}/target",
        data={"csrf_token": token, **TARGET, "base_emissions_t": "1 Mio", "target_year": "30"},
    )
    assert refused.status_code == 422
    assert_refused_at(
        refused.text, "target-base-emissions-t", "Base-year emissions (t CO2e): enter a number such as 1250.5"
    )
    assert_refused_at(
        refused.text, "target-target-year", "Target year: enter a year as four digits, such as 2030"
    )
    assert 'value="1 Mio"' in refused.text and 'value="council decision 2021/17"' in refused.text
    # The service's refusal (no source) is shown at its field, in German on a German page.
    client.get("/cities", params={"lang": "de"})
    german = client.post(f"/cities/{heidelberg}/target", data={"csrf_token": token, **TARGET, "source": ""})
    assert german.status_code == 422
    assert_refused_at(
        german.text,
        "target-source",
        "Quelle: nennen Sie den Ratsbeschluss oder den Plan, der das Ziel festlegt.",
    )
    client.get("/cities", params={"lang": "en"})
    saved = client.post(
        f"/cities/{heidelberg}/target", data={"csrf_token": token, **TARGET}, follow_redirects=False
    )
    assert saved.headers["location"] == f"/cities/{heidelberg}/plan?done=target_saved#target"
    assert 'role="status" id="notice">Target saved<' in client.get(saved.headers["location"]).text


def test_a_bad_measure_keeps_what_was_typed(client: TestClient, world: World) -> None:
    heidelberg = world.city["Heidelberg"]
    token = log_in(client, "heidelberg_editor")
    refused = client.post(
        f"/cities/{heidelberg}/plan/measures",
        data={"csrf_token": token, **MEASURE, "capex": "1.2 million", "end_date": "31.12.2028"},
    )
    assert refused.status_code == 422
    page = refused.text
    assert_refused_at(page, "measure-capex", "Investment: enter a number such as 1250.5")
    assert_refused_at(page, "measure-end-date", "End: enter a date as year-month-day, such as 2030-12-31")
    assert 'value="Heat pumps for schools"' in page and 'value="1.2 million"' in page
    assert '<option value="buildings_municipal" selected>' in page
    assert "No measures in the plan yet." in page
    japanese = client.post(
        f"/cities/{heidelberg}/plan/measures",
        data={"csrf_token": token, **MEASURE, "capex": "x", "lang": "ja"},
        params={"lang": "ja"},
    )
    assert japanese.status_code == 422 and "1250.5 のような数値を入力してください" in japanese.text


def _one_measure(client: TestClient, world: World, token: str) -> tuple[int, int]:
    heidelberg = world.city["Heidelberg"]
    added = client.post(
        f"/cities/{heidelberg}/plan/measures", data={"csrf_token": token, **MEASURE}, follow_redirects=False
    )
    found = re.fullmatch(
        rf"/cities/{heidelberg}/plan\?done=measure_added#measure-(\d+)", added.headers["location"]
    )
    assert found, added.headers["location"]
    return heidelberg, int(found.group(1))


def test_a_measure_is_changed_in_place(client: TestClient, world: World) -> None:
    token = log_in(client, "heidelberg_editor")
    city, measure = _one_measure(client, world, token)
    form = client.get(f"/cities/{city}/plan/measures/{measure}/edit")
    assert form.status_code == 200
    assert 'value="Heat pumps for schools"' in form.text and 'value="1200000"' in form.text
    assert 'value="2028-12-31"' in form.text
    version = re.search(r'name="version" value="(\d+)"', form.text)
    assert version
    changed = {**MEASURE, "expected_reduction_t": "3000", "owner_department": "", "version": version.group(1)}
    bad = client.post(
        f"/cities/{city}/plan/measures/{measure}/edit",
        data={"csrf_token": token, **changed, "start_date": "soon"},
    )
    assert bad.status_code == 422
    assert_refused_at(
        bad.text, "measure-start-date", "Start: enter a date as year-month-day, such as 2030-12-31"
    )
    saved = client.post(
        f"/cities/{city}/plan/measures/{measure}/edit",
        data={"csrf_token": token, **changed},
        follow_redirects=False,
    )
    assert saved.headers["location"] == f"/cities/{city}/plan?done=measure_saved#measure-{measure}"
    page = client.get(saved.headers["location"]).text
    assert "3,000" in page and "Building authority" not in page  # the emptied owner is cleared
    stale = client.post(f"/cities/{city}/plan/measures/{measure}/edit", data={"csrf_token": token, **changed})
    assert stale.status_code == 409 and "Someone else saved this while you were editing it" in stale.text


def test_cancelling_a_measure_asks_first(client: TestClient, world: World) -> None:
    token = log_in(client, "heidelberg_editor")
    city, measure = _one_measure(client, world, token)
    asking = client.get(f"/cities/{city}/plan/measures/{measure}/cancel")
    assert asking.status_code == 200 and "Cancel this measure?" in asking.text
    assert "Heat pumps for schools" in asking.text and "Keep it</a>" in asking.text
    assert (
        "cancelled"
        not in client.get(f"/cities/{city}/plan").text.split('id="measures"')[1].split("</table>")[0]
    )
    version = re.search(r'name="version" value="(\d+)"', asking.text)
    assert version
    done = client.post(
        f"/cities/{city}/plan/measures/{measure}/cancel",
        data={"csrf_token": token, "version": version.group(1)},
        follow_redirects=False,
    )
    assert done.headers["location"] == f"/cities/{city}/plan?done=measure_cancelled#measure-{measure}"
    page = client.get(done.headers["location"]).text
    assert "Measure cancelled" in page and f"/plan/measures/{measure}/cancel" not in page


def test_only_the_citys_editors_reach_the_measure_pages(client: TestClient, world: World) -> None:
    token = log_in(client, "heidelberg_editor")
    city, measure = _one_measure(client, world, token)
    client.post("/logout", data={"csrf_token": token})
    for path in ("edit", "cancel"):
        assert client.get(f"/cities/{city}/plan/measures/{measure}/{path}").status_code == 401
    kyoto = log_in(client, "kyoto_editor")
    for path in ("edit", "cancel"):
        assert client.get(f"/cities/{city}/plan/measures/{measure}/{path}").status_code == 403
        refused = client.post(
            f"/cities/{city}/plan/measures/{measure}/{path}", data={"csrf_token": kyoto, **MEASURE}
        )
        assert refused.status_code == 403


def test_a_milestone_before_the_start_is_said_at_its_field(client: TestClient, world: World) -> None:
    heidelberg = world.city["Heidelberg"]
    token = log_in(client, "heidelberg_editor")
    added = client.post(
        f"/cities/{heidelberg}/plan/measures", data={"csrf_token": token, **MEASURE}, follow_redirects=False
    )
    plan_id = added.headers["location"].rsplit("#measure-", 1)[1]
    url = f"/cities/{heidelberg}/plan/measures/{plan_id}/milestones"
    early = {"csrf_token": token, "title": "Tender published", "due_date": "2023-12-31"}  # start: 2024-01-01
    refused = client.post(url, data=early)
    assert refused.status_code == 422
    assert_refused_at(
        refused.text,
        f"milestone-{plan_id}-due-date",
        "Due: the milestone is due before the measure starts; give a date on or after its start",
    )
    assert 'value="Tender published"' in refused.text and 'value="2023-12-31"' in refused.text
    client.get("/cities", params={"lang": "de"})
    german = client.post(url, data={**early, "due_date": "31.12.2024"})
    assert german.status_code == 422
    assert_refused_at(
        german.text,
        f"milestone-{plan_id}-due-date",
        "Fällig: geben Sie ein Datum als Jahr-Monat-Tag ein, etwa 2030-12-31",
    )
    client.get("/cities", params={"lang": "en"})
    saved = client.post(url, data={**early, "due_date": "2024-01-01"}, follow_redirects=False)
    assert saved.headers["location"] == f"/cities/{heidelberg}/plan?done=milestone_added#measure-{plan_id}"
    page = client.get(saved.headers["location"]).text
    assert 'role="status" id="notice">Milestone added<' in page and "Tender published" in page
