"""Pages of the House of Change: propose with a form that keeps what was typed, review in each role,
support, report, facilitate and hide (asked first), in English, German and Japanese."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.conftest import World
from tests.ideas_fixture import (
    ANSWERS,
    Orgs,
    idea_in_review,
    organisations,
    proposed_idea,
    reviewed_in_all_roles,
)
from tests.web.test_pages import csrf_of, log_in


def test_the_city_page_links_the_house_of_change(client: TestClient, world: World) -> None:
    page = client.get(f"/cities/{world.city['Heidelberg']}").text
    assert f'href="/cities/{world.city["Heidelberg"]}/ideas"' in page


def test_propose_an_idea_through_the_form(client: TestClient, world: World) -> None:
    organisations(world)
    city = world.city["Heidelberg"]
    token = log_in(client, "resident")
    form = {
        "csrf_token": token,
        "title": "Cargo bikes for the market",
        "action_field": "sustainable_mobility",
        "sdg_targets": "11.2; 7.9",
        "gpc_sectors": ["II"],
        "show_name": "1",
    }
    refused = client.post(f"/cities/{city}/ideas", data=form)
    assert refused.status_code == 422
    assert "goal 7 has no target 7.9" in refused.text
    assert 'value="11.2; 7.9"' in refused.text and 'value="II" checked' in refused.text
    done = client.post(f"/cities/{city}/ideas", data=form | {"sdg_targets": "11.2"}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].endswith("?step=proposed")
    page = client.get(done.headers["location"]).text
    assert "Cargo bikes for the market" in page and 'id="step"' in page
    assert "proposed by resident" in page  # consented
    client.cookies.clear()
    listed = client.get(f"/cities/{city}/ideas?status=open").text
    assert "Cargo bikes for the market" in listed and "Log in to propose" in listed


def test_names_stay_hidden_without_consent_in_german(client: TestClient, world: World) -> None:
    organisations(world)
    idea_id = proposed_idea(world)
    page = client.get(f"/ideas/{idea_id}", headers={"Accept-Language": "de"}).text
    assert "eine Bürgerin oder ein Bürger" in page and "resident" not in page


def test_review_forms_show_for_each_role_until_used(client: TestClient, world: World) -> None:
    organisations(world)
    idea_id = idea_in_review(world)
    token = log_in(client, "dreamer")
    page = client.get(f"/ideas/{idea_id}").text
    assert all(f'id="review-form-{role}"' in page for role in ("dreamer", "realist", "critic"))
    missing = client.post(
        f"/ideas/{idea_id}/reviews", data={"csrf_token": token, "role": "critic", "risks": "cost"}
    )
    assert missing.status_code == 422 and 'id="review-critic-must-be-true"' in missing.text
    assert ">cost</textarea>" in missing.text
    saved = client.post(
        f"/ideas/{idea_id}/reviews", data={"csrf_token": token, "role": "dreamer", **ANSWERS["dreamer"]}
    )
    assert saved.status_code == 200 and "every school a power plant" in saved.text
    assert 'id="review-form-dreamer"' not in saved.text and 'id="review-form-critic"' in saved.text


def test_facilitation_and_hiding_ask_first(client: TestClient, world: World) -> None:
    organisations(world)
    idea_id = reviewed_in_all_roles(world)
    token = log_in(client, "heidelberg_editor")
    page = client.get(f"/ideas/{idea_id}").text
    assert 'id="move-form"' in page and 'id="hide-idea"' in page
    version = re.search(r'name="version" value="(\d+)"', page)
    assert version is not None
    moved = client.post(
        f"/ideas/{idea_id}/status", data={"csrf_token": token, "status": "ready", "version": version.group(1)}
    )
    assert moved.status_code == 200 and "ready for a deal" in moved.text
    assert 'id="ready-hint"' in moved.text
    ask = client.get(f"/ideas/{idea_id}/hide")
    assert ask.status_code == 200 and 'id="hide"' in ask.text
    no_reason = client.post(f"/ideas/{idea_id}/hide", data={"csrf_token": csrf_of(ask.text), "reason": " "})
    assert no_reason.status_code == 422 and "aria-invalid" in no_reason.text
    hidden = client.post(f"/ideas/{idea_id}/hide", data={"csrf_token": token, "reason": "spam"})
    assert hidden.status_code == 200 and 'id="hidden-idea"' in hidden.text
    assert 'id="restore"' in hidden.text
    client.cookies.clear()
    assert client.get(f"/ideas/{idea_id}").status_code == 404


def test_hidden_idea_is_shown_again_with_a_reason(client: TestClient, world: World) -> None:
    organisations(world)
    idea_id = proposed_idea(world)
    token = log_in(client, "heidelberg_editor")
    assert 'id="restore"' not in client.get(f"/ideas/{idea_id}").text  # nothing hidden, no form
    client.post(f"/ideas/{idea_id}/hide", data={"csrf_token": token, "reason": "spam"})
    no_reason = client.post(
        f"/ideas/{idea_id}/restore",
        data={"csrf_token": token, "reason": " "},
        headers={"Accept-Language": "de"},
    )
    assert no_reason.status_code == 422 and "aria-invalid" in no_reason.text
    assert "Warum wird es wieder gezeigt?" in no_reason.text
    shown = client.post(f"/ideas/{idea_id}/restore", data={"csrf_token": token, "reason": "not spam"})
    assert shown.status_code == 200 and "Shown again" in shown.text and 'id="hidden-idea"' not in shown.text
    client.cookies.clear()
    assert client.get(f"/ideas/{idea_id}").status_code == 200
    token = log_in(client, "kyoto_editor")
    refused = client.post(f"/ideas/{idea_id}/restore", data={"csrf_token": token, "reason": "x"})
    assert refused.status_code == 403


def test_report_and_moderation_queue(client: TestClient, world: World) -> None:
    organisations(world)
    idea_id = proposed_idea(world)
    city = world.city["Heidelberg"]
    token = log_in(client, "dreamer")
    reported = client.post(f"/ideas/{idea_id}/reports", data={"csrf_token": token, "reason": "advertising"})
    assert reported.status_code == 200 and "Report sent" in reported.text
    assert client.get(f"/cities/{city}/ideas/reports").status_code == 403
    client.cookies.clear()
    token = log_in(client, "heidelberg_editor")
    queue = client.get(f"/cities/{city}/ideas/reports", headers={"Accept-Language": "ja"})
    assert queue.status_code == 200 and "advertising" in queue.text
    report_id = re.search(r"/ideas/reports/(\d+)/keep", queue.text)
    assert report_id is not None
    kept = client.post(f"/ideas/reports/{report_id.group(1)}/keep", data={"csrf_token": token})
    assert kept.status_code == 200 and 'id="no-reports"' in kept.text


def test_support_from_a_confirmed_organisation(client: TestClient, world: World) -> None:
    orgs: Orgs = organisations(world)
    idea_id = proposed_idea(world)
    token = log_in(client, "stadtwerke_person")
    page = client.get(f"/ideas/{idea_id}").text
    assert 'id="support-form"' in page
    added = client.post(
        f"/ideas/{idea_id}/support",
        data={"csrf_token": token, "organisation_id": str(orgs.stadtwerke), "note": "roof surveys"},
    )
    assert added.status_code == 200 and "Stadtwerke Heidelberg: roof surveys" in added.text
    assert 'id="support-form"' not in added.text


def test_the_proposer_edits_an_open_idea_and_the_form_keeps_what_was_typed(
    client: TestClient, world: World
) -> None:
    organisations(world)
    idea_id = proposed_idea(world)
    token = log_in(client, "resident")
    assert f'href="/ideas/{idea_id}/edit"' in client.get(f"/ideas/{idea_id}").text
    form = client.get(f"/ideas/{idea_id}/edit").text
    version = re.search(r'name="version" value="(\d+)"', form).group(1)  # type: ignore[union-attr]
    typed = {
        "csrf_token": token,
        "version": version,
        "title": "Cargo bikes for every market",
        "action_field": "sustainable_mobility",
        "sdg_targets": "11.2; 7.9",  # 7.9 is no target of goal 7
        "gpc_sectors": ["II"],
    }
    refused = client.post(f"/ideas/{idea_id}/edit", data=typed)
    assert refused.status_code == 422
    assert 'id="idea-sdg-targets-error"' in refused.text and "Cargo bikes for every market" in refused.text
    saved = client.post(
        f"/ideas/{idea_id}/edit", data={**typed, "sdg_targets": "11.2"}, follow_redirects=False
    )
    assert saved.status_code == 303 and saved.headers["location"] == f"/ideas/{idea_id}?step=edited"
    page = client.get(saved.headers["location"]).text
    assert "Cargo bikes for every market" in page and 'id="step"' in page
    stale = client.post(f"/ideas/{idea_id}/edit", data={**typed, "sdg_targets": "11.2", "title": "Late"})
    assert stale.status_code == 409 and "Late" in stale.text  # a save from the old version is refused
    token = log_in(client, "heidelberg_editor")
    assert client.get(f"/ideas/{idea_id}/edit").status_code == 403
    other = client.post(f"/ideas/{idea_id}/edit", data={**typed, "csrf_token": token, "title": "Taken over"})
    assert other.status_code == 403
