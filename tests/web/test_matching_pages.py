"""Pages: partner suggestions in any language, and a network's groups for its secretariat."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import World
from tests.web.test_pages import log_in


def test_partner_page_in_english_and_german(client: TestClient, world: World) -> None:
    url = f"/cities/{world.city['Heidelberg']}/partners?goal=neighbour&top=3"
    html = client.get(url).text
    assert 'id="suggestions"' in html and "Cologne" in html and "km apart" in html
    assert "a shared official language" in html
    german = client.get(url + "&lang=de").text
    assert "km entfernt" in german and "eine gemeinsame Amtssprache" in german
    assert 'id="partners-link"' in client.get(f"/cities/{world.city['Heidelberg']}").text


def test_mentor_without_evidence_says_why(client: TestClient, world: World) -> None:
    html = client.get(f"/cities/{world.city['Heidelberg']}/partners?goal=mentor").text
    assert 'id="no-suggestions"' in html and "published cases" in html and "action plans" in html
    refused = client.get(f"/cities/{world.city['Heidelberg']}/partners?goal=friend")
    assert refused.status_code == 422 and "goal" in refused.text


def test_mentor_evidence_names_the_field_in_the_readers_language(client: TestClient, world: World) -> None:
    from citypact.services.plans import action_plans

    with world.db.write() as session:  # Kyoto: strong in transport; Heidelberg: a plan, weak there
        action_plans.save_plan_measure(
            session, world.actor("heidelberg_editor"), world.city["Heidelberg"],
            {"title": "Solar", "field": "energy_supply", "instrument": "own_operations",
             "implementation": "implemented"},
        )  # fmt: skip
        for instrument in ("regulatory", "fiscal"):
            action_plans.save_plan_measure(
                session, world.actor("kyoto_editor"), world.city["Kyoto"],
                {"title": f"Bus {instrument}", "field": "transport", "instrument": instrument,
                 "implementation": "implemented"},
            )  # fmt: skip
    url = f"/cities/{world.city['Heidelberg']}/partners?goal=mentor"
    english = client.get(url).text
    assert "ahead in transport and mobility: 4 of 4 in the action plan against 0" in english
    german = client.get(url + "&lang=de").text
    assert "voraus bei Verkehr und Mobilität: 4 von 4 im Klimaschutzplan gegenüber 0" in german
    assert "action plan" not in german


def test_groups_page_for_the_secretariat(client: TestClient, world: World) -> None:
    assert client.get("/networks/c40/groups").status_code == 401
    log_in(client, "c40_secretariat")
    html = client.get("/networks/c40/groups?max_size=2").text
    assert "Group 1" in html and "Kyoto" in html and "Portland" in html
    assert 'id="network-groups"' in client.get("/networks/c40").text
