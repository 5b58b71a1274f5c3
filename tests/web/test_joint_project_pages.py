"""The pages of joint projects: a city's list and the new-project form that keeps what was typed,
the project's page with the sharing table and the rule in words, the partner's forms, and removals
that ask first; in English, German and Japanese."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from citypact.storage.joint_projects import JointProject, JointProjectCost
from tests.api.joint_project_ops import joint_project
from tests.conftest import World
from tests.web.test_pages import log_in

FORM = {
    "title": "Neckar heat network",
    "kind": "district_heating",
    "start_year": "2026",
    "end_year": "2030",
    "currency": "EUR",
    "rule": "use",
    "input_unit": "MWh heat a year",
    "reduction_t": "500",
}


def _created(client: TestClient, world: World) -> int:
    token = log_in(client, "heidelberg_editor")
    response = client.post(
        f"/cities/{world.city['Heidelberg']}/joint-projects",
        data=FORM | {"csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    found = re.search(r"/joint-projects/(\d+)", response.headers["location"])
    assert found
    return int(found.group(1))


def test_new_project_form_keeps_what_was_typed(client: TestClient, world: World) -> None:
    token = log_in(client, "heidelberg_editor")
    page = client.get(f"/cities/{world.city['Heidelberg']}/joint-projects")
    assert page.status_code == 200 and 'id="new-project"' in page.text
    bad = FORM | {"start_year": "20x6", "currency": "EURO", "csrf_token": token}
    response = client.post(f"/cities/{world.city['Heidelberg']}/joint-projects", data=bad)
    assert response.status_code == 422
    assert "There is a problem" in response.text and 'aria-invalid="true"' in response.text
    assert 'value="Neckar heat network"' in response.text and 'value="20x6"' in response.text
    with world.db.read() as session:
        assert session.scalar(select(func.count(JointProject.id))) == 0


def test_project_page_shows_the_sharing_table_and_the_rule(client: TestClient, world: World) -> None:
    project_id = _created(client, world)
    token = log_in(client, "heidelberg_editor")
    base = f"/joint-projects/{project_id}"
    assert (
        client.post(
            f"{base}/partners", data={"csrf_token": token, "city": "Kyoto", "use_quantity": "3"}
        ).status_code
        == 200
    )
    edit = client.post(
        f"{base}/partners/{world.city['Heidelberg']}/edit", data={"csrf_token": token, "use_quantity": "1"}
    )
    assert edit.status_code == 200
    added = client.post(
        f"{base}/costs",
        data={"csrf_token": token, "kind": "capex", "year_from": "2026", "amount": "1,000.01"},
    )
    assert added.status_code == 200
    page = client.get(base).text
    assert "Each partner pays the share of the costs that its stated use is of all partners" in page
    assert "largest-remainder" in page
    # 1 : 3 of 100,001 cents: 25,000 and 75,001
    assert "250.00 EUR" in page and "750.01 EUR" in page and "1,000.01 EUR" in page
    assert 'id="share-table"' in page and "125.000" in page and "375.000" in page
    # a bad amount comes back at its field, with the value typed
    refused = client.post(
        f"{base}/costs", data={"csrf_token": token, "kind": "capex", "year_from": "2026", "amount": "1.001"}
    )
    assert refused.status_code == 422 and 'value="1.001"' in refused.text


def test_partner_confirms_and_links_its_own_plan(client: TestClient, world: World) -> None:
    ctx = joint_project(client, world)
    token = log_in(client, "kyoto_editor")
    base = f"/joint-projects/{ctx['project']}"
    page = client.get(base).text
    assert f'id="plan-link-{world.city["Kyoto"]}"' in page and 'id="add-cost"' not in page
    assert (
        client.post(f"{base}/partners/{world.city['Kyoto']}/confirm", data={"csrf_token": token}).status_code
        == 200
    )
    linked = client.post(
        f"{base}/partners/{world.city['Kyoto']}/plan-link",
        data={"csrf_token": token, "plan_measure_id": str(ctx["measure"])},
    )
    assert linked.status_code == 200 and "Plan link saved" in linked.text
    # not for Heidelberg's plan: Kyoto's editor acts for Kyoto only
    refused = client.post(f"{base}/partners/{world.city['Heidelberg']}/confirm", data={"csrf_token": token})
    assert refused.status_code == 403


def test_removals_ask_first(client: TestClient, world: World) -> None:
    ctx = joint_project(client, world)
    token = log_in(client, "heidelberg_editor")
    base = f"/joint-projects/{ctx['project']}"
    ask = client.get(f"{base}/costs/{ctx['cost']}/delete")
    assert ask.status_code == 200 and "Delete this cost line?" in ask.text and "1,000.00 EUR" in ask.text
    with world.db.read() as session:
        assert session.scalar(select(func.count(JointProjectCost.id))) == 1
    version = re.search(r'name="version" value="(\d+)"', ask.text)
    assert version
    done = client.post(
        f"{base}/costs/{ctx['cost']}/delete", data={"csrf_token": token, "version": version.group(1)}
    )
    assert done.status_code == 200 and "Cost line deleted" in done.text
    ask = client.get(f"{base}/delete")
    assert "Delete this joint project?" in ask.text and "Kyoto" in ask.text
    log_in(client, "kyoto_editor")
    assert client.get(f"{base}/delete").status_code == 403


@pytest.mark.parametrize(("lang", "words"), [("de", "Gemeinsame Projekte von"), ("ja", "の共同プロジェクト")])
def test_pages_in_german_and_japanese(client: TestClient, world: World, lang: str, words: str) -> None:
    ctx = joint_project(client, world)
    log_in(client, "heidelberg_editor")
    city_page = client.get(f"/cities/{world.city['Heidelberg']}/joint-projects", params={"lang": lang})
    assert words in city_page.text
    page = client.get(f"/joint-projects/{ctx['project']}", params={"lang": lang}).text
    assert ("Aufteilungsregel" if lang == "de" else "費用分担ルール") in page


def test_outsiders_do_not_see_a_project(client: TestClient, world: World) -> None:
    ctx = joint_project(client, world)
    assert client.get(f"/joint-projects/{ctx['project']}").status_code == 401
    log_in(client, "plain_user")
    assert client.get(f"/joint-projects/{ctx['project']}").status_code == 404
