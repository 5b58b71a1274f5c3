"""Survey rounds end to end in the services: who may build, send, answer, read and reopen; drafts
and frozen submissions; results computed by hand; the outbox sent to a local SMTP server; and the
measures matrix as a source of the activity profile."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from citypact.services.benchmarking.data import city_measures
from citypact.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from citypact.services.surveys import mail, profile, questions, responses, results, rounds
from citypact.services.surveys.mail import SmtpSettings
from citypact.storage.surveys import SurveyMail
from tests.conftest import World
from tests.factories import new_inventory
from tests.surveys_fixture import DEADLINE, QUESTIONS, answer, draft_round, members, sent_round

HEIDELBERG: dict[str, Any] = {
    "has_plan": "yes",
    "plan_year": "2019",
    "staff": "4.5",
    "topics": ["energy", "mobility"],
    "remarks": "We started early.",
    "measures": {"led_street_lighting": "implemented"},
}
KYOTO: dict[str, Any] = {
    "has_plan": "no",
    "plan_year": "2001",
    "staff": "10",
    "topics": ["mobility"],
    "measures": {"led_street_lighting": "planned", "renovation_subsidy": "adopted"},
}


def test_only_the_secretariat_builds_and_sends(world: World) -> None:
    members(world)
    for who in ("heidelberg_editor", "plain_user"):
        with pytest.raises(PermissionDenied), world.db.write() as session:
            rounds.create_round(session, world.actor(who), "c40", {"title": "x", "deadline": DEADLINE})
    round_id = draft_round(world)
    with world.db.read() as session, pytest.raises(NotFound):  # a draft is invisible to cities
        rounds.get_round(session, world.actor("heidelberg_editor"), round_id)
    with pytest.raises(InvalidInput) as e, world.db.write() as session:
        rounds.send_round(session, world.actor("c40_secretariat"), round_id, [world.city["Munich"]], None)
    assert e.value.field == "city_ids" and "confirmed" in e.value.message


def test_bad_questionnaire_names_the_question(world: World) -> None:
    members(world)
    bad = [*QUESTIONS, {"key": "later", "kind": "text", "text": "x", "condition": {"key": "nope"}}]
    with pytest.raises(InvalidInput) as e, world.db.write() as session:
        rounds.create_round(
            session,
            world.actor("c40_secretariat"),
            "c40",
            {"title": "t", "deadline": DEADLINE, "questions": bad},
        )
    assert e.value.field == "questions.later.condition"


def test_builder_adds_and_removes_questions(world: World) -> None:
    members(world)
    round_id = draft_round(world)
    sec = world.actor("c40_secretariat")
    with world.db.write() as session:
        extra = {"key": "extra", "kind": "year", "text": "Year?"}
        questions.add_question(session, sec, round_id, extra, None)
    with pytest.raises(Conflict, match="plan_year"), world.db.write() as session:
        questions.remove_question(session, sec, round_id, "has_plan", None)
    with world.db.write() as session:
        questions.remove_question(session, sec, round_id, "extra", None)
        assert [q.key for q in rounds.get_round(session, sec, round_id).questions] == [
            q["key"] for q in QUESTIONS
        ]


def test_drafts_submit_freeze_and_reopen(world: World) -> None:
    s = sent_round(world)
    # a draft may miss required answers, never hold a wrong one
    answer(world, s, "heidelberg_editor", s.heidelberg, {"has_plan": "yes"}, submit=False)
    with pytest.raises(InvalidInput) as e:
        answer(world, s, "heidelberg_editor", s.heidelberg, {"has_plan": "yes"}, submit=True)
    assert e.value.field == "plan_year"
    with pytest.raises(InvalidInput) as e:
        answer(world, s, "heidelberg_editor", s.heidelberg, {"staff": "-1"}, submit=False)
    assert e.value.field == "staff"
    with world.db.read() as session:
        view = responses.get_response(session, world.actor("heidelberg_viewer"), s.round_id, s.heidelberg)
    assert (
        view.status == "draft"
        and dict(view.answers) == {"has_plan": "yes"}
        and view.missing == ("plan_year",)
    )
    assert not view.can_answer  # a viewer reads only
    with pytest.raises(PermissionDenied):
        answer(world, s, "heidelberg_viewer", s.heidelberg, HEIDELBERG)
    with pytest.raises(NotFound):  # Kyoto's editor cannot reach Heidelberg's response
        answer(world, s, "kyoto_editor", s.heidelberg, HEIDELBERG)
    answer(world, s, "heidelberg_editor", s.heidelberg, HEIDELBERG)
    with pytest.raises(Conflict, match="reopen"):
        answer(world, s, "heidelberg_editor", s.heidelberg, HEIDELBERG)
    with pytest.raises(PermissionDenied), world.db.write() as session:
        responses.reopen_response(session, world.actor("heidelberg_editor"), s.round_id, s.heidelberg, "x")
    with pytest.raises(InvalidInput) as e, world.db.write() as session:
        responses.reopen_response(session, world.actor("c40_secretariat"), s.round_id, s.heidelberg, " ")
    assert e.value.field == "reason"
    with world.db.write() as session:
        responses.reopen_response(
            session, world.actor("c40_secretariat"), s.round_id, s.heidelberg, "Staff in FTE, please"
        )
    with world.db.read() as session:
        view = responses.get_response(session, world.actor("heidelberg_editor"), s.round_id, s.heidelberg)
    assert view.status == "draft" and view.reopened_reason == "Staff in FTE, please" and view.can_answer


def test_inventory_answer_must_be_the_citys(world: World) -> None:
    s = sent_round(world)
    kyoto_inventory = new_inventory(world, city="Kyoto", by="kyoto_editor")
    with pytest.raises(InvalidInput) as e:
        answer(world, s, "heidelberg_editor", s.heidelberg, {**HEIDELBERG, "inventory": str(kyoto_inventory)})
    assert e.value.field == "inventory"
    answer(world, s, "kyoto_editor", s.kyoto, {**KYOTO, "inventory": kyoto_inventory})


def test_results_by_hand_and_who_sees_whom(world: World) -> None:
    s = sent_round(world)
    answer(world, s, "heidelberg_editor", s.heidelberg, HEIDELBERG)
    answer(world, s, "kyoto_editor", s.kyoto, KYOTO)
    with world.db.read() as session:
        res = results.results(session, world.actor("c40_secretariat"), s.round_id)
        mine = results.results(session, world.actor("kyoto_editor"), s.round_id)
    by_key = {a.key: a for a in res.aggregates}
    assert res.submitted == 2 and res.sent_to == 2
    assert dict(by_key["has_plan"].distribution) == {"yes": 1, "no": 1}
    assert by_key["plan_year"].answered == 1  # Kyoto's year was dropped: not asked after "no"
    staff = by_key["staff"]
    assert (staff.minimum, staff.median, staff.maximum) == (4.5, 7.25, 10.0)
    assert dict(by_key["topics"].distribution) == {"energy": 1, "mobility": 2, "waste": 0}
    led = dict(dict(by_key["measures"].matrix)["led_street_lighting"])
    assert led["implemented"] == 1 and led["planned"] == 1 and sum(led.values()) == 2
    assert by_key["remarks"].texts == ("We started early.",)
    assert {c.city_id for c in res.cities} == {s.heidelberg, s.kyoto}
    assert [c.city_id for c in mine.cities] == [s.kyoto]
    csv_text = results.results_csv(mine)
    assert "Heidelberg" not in csv_text and "Kyoto" in csv_text
    assert csv_text.splitlines()[0].startswith("city_id,city,country,has_plan,plan_year")
    assert results.results_xlsx(res)[:2] == b"PK"
    with world.db.read() as session, pytest.raises(PermissionDenied):
        rounds.list_rounds(session, world.actor("plain_user"), "c40")
    with world.db.read() as session, pytest.raises(NotFound):
        results.results(session, world.actor("plain_user"), s.round_id)


def test_matrix_answers_feed_the_activity_profile(world: World) -> None:
    s = sent_round(world)
    answer(world, s, "kyoto_editor", s.kyoto, KYOTO)
    with world.db.read() as session:
        reported = profile.survey_measures(session, [s.kyoto])[s.kyoto]
        measures = city_measures(session, [s.kyoto])[s.kyoto]
    assert {(m.code, m.implementation, m.round_title) for m in reported} == {
        ("led_street_lighting", "planned", "Status quo 2026"),
        ("renovation_subsidy", "adopted", "Status quo 2026"),
    }
    assert {(m.code, m.implementation) for m in measures} == {
        ("led_street_lighting", "planned"),
        ("renovation_subsidy", "adopted"),
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        self.messages.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
        return "250 OK"


def test_invitations_and_reminders_reach_each_citys_editors(world: World) -> None:
    s = sent_round(world)
    with world.db.read() as session:
        mails = list(session.scalars(select(SurveyMail).order_by(SurveyMail.id)))
    assert {(m.city_id, m.to_address, m.kind) for m in mails} == {
        (s.heidelberg, "heidelberg_editor@test.example", "invitation"),
        (s.kyoto, "kyoto_editor@test.example", "invitation"),
    }
    answer(world, s, "heidelberg_editor", s.heidelberg, HEIDELBERG)
    with pytest.raises(PermissionDenied), world.db.write() as session:
        mail.remind(session, world.actor("kyoto_editor"), s.round_id)
    with world.db.write() as session:
        assert mail.remind(session, world.actor("c40_secretariat"), s.round_id) == 1  # Kyoto only
    # without a host nothing leaves
    with world.db.write() as session:
        assert mail.send_queued(session, world.actor("admin"), SmtpSettings(None, 25, "x@y")).left == 3
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with world.db.write() as session:
            sent = mail.send_queued(
                session,
                world.actor("admin"),
                SmtpSettings("127.0.0.1", port, "survey@citypact.test", "https://citypact.example.org"),
            )
    finally:
        controller.stop()
    assert (sent.sent, sent.failed, sent.left) == (3, 0, 0)
    assert sorted(r[0] for r, _ in inbox.messages) == [
        "heidelberg_editor@test.example",
        "kyoto_editor@test.example",
        "kyoto_editor@test.example",
    ]
    assert all(len(r) == 1 for r, _ in inbox.messages)  # one address a mail: no city sees another's
    assert any("Reminder" in body for _, body in inbox.messages)
    link = f"Answer it on citypact: https://citypact.example.org/survey-rounds/{s.round_id}/cities/"
    assert all(link in body for _, body in inbox.messages)  # absolute with the public base URL
    with world.db.read() as session:
        state = mail.outbox_state(session, world.actor("c40_secretariat"), s.round_id, configured=True)
    assert (state.queued, state.sent, state.configured) == (0, 3, True)


def test_mail_settings_come_from_the_runtime_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from citypact.config import load_settings

    monkeypatch.setenv("CITYPACT_SECRET_KEY", "k")
    monkeypatch.setenv("CITYPACT_SMTP_HOST", "mail.example.org")
    monkeypatch.setenv("CITYPACT_SMTP_PORT", "2525")
    monkeypatch.setenv("CITYPACT_SMTP_FROM", "surveys@example.org")
    monkeypatch.setenv("CITYPACT_PUBLIC_BASE_URL", "https://citypact.example.org/")
    smtp = mail.smtp_settings(load_settings())
    assert smtp == SmtpSettings(
        "mail.example.org", 2525, "surveys@example.org", "https://citypact.example.org"
    )
    monkeypatch.delenv("CITYPACT_SMTP_HOST")
    monkeypatch.delenv("CITYPACT_PUBLIC_BASE_URL")
    plain = mail.smtp_settings(load_settings())
    assert plain.host is None and plain.base_url == ""
    assert mail.absolute_links("Answer it on citypact: /survey-rounds/1/cities/2\n", "") == (
        "Answer it on citypact: /survey-rounds/1/cities/2\n"
    )


def test_closed_round_takes_no_answers(world: World) -> None:
    s = sent_round(world)
    with world.db.write() as session:
        rounds.close_round(session, world.actor("c40_secretariat"), s.round_id, None)
    with pytest.raises(Conflict, match="closed"):
        answer(world, s, "kyoto_editor", s.kyoto, KYOTO)
