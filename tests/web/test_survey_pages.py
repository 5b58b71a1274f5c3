"""The survey pages in the reader's language, and the answer form keeping what was typed."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import World
from tests.surveys_fixture import sent_round
from tests.web.test_pages import log_in


def test_questions_in_the_readers_language_fall_back_to_english(client: TestClient, world: World) -> None:
    s = sent_round(world)
    log_in(client, "heidelberg_editor")
    url = f"/survey-rounds/{s.round_id}/cities/{s.heidelberg}"
    german = client.get(url + "?lang=de").text
    assert "Hat Ihr Rat einen Klimaplan beschlossen?" in german
    assert "Climate staff" in german  # no German text: English
    assert "Entwurf speichern" in german
    japanese = client.get(url + "?lang=ja").text
    assert "議会は気候計画を採択しましたか?" in japanese and "下書きを保存" in japanese


def test_a_wrong_answer_is_said_at_its_question_nothing_saved(client: TestClient, world: World) -> None:
    s = sent_round(world)
    token = log_in(client, "heidelberg_editor")
    url = f"/survey-rounds/{s.round_id}/cities/{s.heidelberg}"
    response = client.post(
        url,
        data={"csrf_token": token, "q_has_plan": "yes", "q_staff": "-2", "q_remarks": "kept"},
    )
    assert response.status_code == 422
    assert 'id="answer-staff-error"' in response.text and "below 0" in response.text
    assert 'value="-2"' in response.text and ">kept</textarea>" in response.text
    assert "not started" in client.get(url).text  # nothing written
    response = client.post(
        url, data={"csrf_token": token, "q_has_plan": "yes", "action": "submit"}, follow_redirects=False
    )
    assert response.status_code == 422 and 'id="answer-plan-year-error"' in response.text


def test_surveys_in_the_navigation_for_those_who_answer_or_run_them(client: TestClient, world: World) -> None:
    sent_round(world)
    for who, shown in (("heidelberg_editor", True), ("c40_secretariat", True), ("plain_user", False)):
        log_in(client, who)
        page = client.get("/my").text  # a page rendered for the signed-in reader
        assert ('<li><a href="/surveys">' in page) is shown, who
    log_in(client, "c40_secretariat")
    assert 'href="/networks/c40/surveys"' in client.get("/surveys").text
    client.cookies.clear()
    assert '<li><a href="/surveys">' not in client.get("/cities").text
