"""Changing and moving a question on the round's builder page: the change form prefilled with the
question, a wrong field said at the field with what was typed kept and nothing written, the move
buttons, and a refused move said on the round's page."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import World
from tests.surveys_fixture import draft_round, members, sent_round
from tests.web.test_pages import log_in

R = "/survey-rounds"


def _keys(client: TestClient, round_id: int) -> list[str]:
    return [q["key"] for q in client.get(f"/api/v1{R}/{round_id}").json()["questions"]]


def test_change_form_prefilled_errors_at_the_field_and_saved(client: TestClient, world: World) -> None:
    members(world)
    rid = draft_round(world)
    token = log_in(client, "c40_secretariat")
    page = client.get(f"{R}/{rid}")
    assert f'href="{R}/{rid}/questions/staff/change"' in page.text
    assert f'action="{R}/{rid}/questions/topics/move"' in page.text
    form = client.get(f"{R}/{rid}/questions/has_plan/change?lang=de")
    assert form.status_code == 200 and "Frage has_plan ändern" in form.text
    assert 'value="has_plan"' in form.text and ">yes\nno</textarea>" in form.text
    assert "Hat Ihr Rat einen Klimaplan beschlossen?</textarea>" in form.text
    assert 'name="required" value="1" checked' in form.text
    typed = {"csrf_token": token, "key": "staff", "kind": "number", "text_en": "Climate staff (FTE)",
             "unit": "FTE", "low": "10", "high": "2"}  # fmt: skip
    wrong = client.post(f"{R}/{rid}/questions/staff/change", data=typed)
    assert wrong.status_code == 422
    assert 'id="question-low-error"' in wrong.text and "is above the highest" in wrong.text
    assert 'value="10"' in wrong.text and "Climate staff (FTE)</textarea>" in wrong.text
    assert client.get(f"/api/v1{R}/{rid}").json()["version"] == 1  # nothing written
    done = client.post(f"{R}/{rid}/questions/staff/change", data={**typed, "high": "200"},
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303 and "#q-staff" in done.headers["location"]
    assert "Frage geändert" in client.get(done.headers["location"]).text
    staff = client.get(f"/api/v1{R}/{rid}").json()["questions"][2]
    assert staff["text"] == {"en": "Climate staff (FTE)"} and staff["high"] == 200
    renamed = client.post(f"{R}/{rid}/questions/has_plan/change",
                          data={"csrf_token": token, "key": "plan", "kind": "choice", "text_en": "Plan?",
                                "options": "yes\nno"})  # fmt: skip
    assert renamed.status_code == 422 and "plan_year is asked depending on has_plan" in renamed.text
    assert 'value="plan"' in renamed.text


def test_move_buttons_and_a_refused_move(client: TestClient, world: World) -> None:
    members(world)
    rid = draft_round(world)
    token = log_in(client, "c40_secretariat")
    page = client.get(f"{R}/{rid}").text
    first = page[page.index('id="q-has_plan"') : page.index('id="q-plan_year"')]
    assert "Move down" not in first and "Move up" not in first  # first; plan_year depends on it
    second = page[page.index('id="q-plan_year"') : page.index('id="q-staff"')]
    assert "Move down" in second and "Move up" not in second  # it stays below has_plan
    moved = client.post(f"{R}/{rid}/questions/topics/move",
                        data={"csrf_token": token, "direction": "up", "version": "1"},
                        follow_redirects=False)  # fmt: skip
    assert moved.status_code == 303 and "#q-topics" in moved.headers["location"]
    assert _keys(client, rid)[2] == "topics"
    refused = client.post(f"{R}/{rid}/questions/plan_year/move",
                          data={"csrf_token": token, "direction": "up", "version": "2"})  # fmt: skip
    assert refused.status_code == 422 and "plan_year is asked depending on has_plan" in refused.text
    stale = client.post(f"{R}/{rid}/questions/staff/move",
                        data={"csrf_token": token, "direction": "up", "version": "1"})  # fmt: skip
    assert stale.status_code == 409
    assert _keys(client, rid)[:4] == ["has_plan", "plan_year", "topics", "staff"]


def test_a_sent_round_has_no_change_form_nor_move_buttons(client: TestClient, world: World) -> None:
    s = sent_round(world)
    token = log_in(client, "c40_secretariat")
    page = client.get(f"{R}/{s.round_id}").text
    assert "/change" not in page and "/move" not in page
    assert client.get(f"{R}/{s.round_id}/questions/staff/change").status_code == 409
    refused = client.post(
        f"{R}/{s.round_id}/questions/topics/move", data={"csrf_token": token, "direction": "up"}
    )
    assert refused.status_code == 422 and "only while it is a draft" in refused.text
