"""Joint positions through the service: who may do what, the lifecycle, the audit, bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from citypact.services.errors import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    StaleVersion,
)
from citypact.services.positions import drafting, evidence, sending, signing, views
from citypact.storage.models import AuditEntry, BenchmarkRound
from citypact.storage.positions import JointPosition, JointPositionSignature
from tests.conftest import World
from tests.positions_fixture import DRAFT, position_world


def _audits(world: World, position_id: int) -> list[str]:
    with world.db.read() as session:
        return list(session.scalars(
            select(AuditEntry.action).where(AuditEntry.entity == "joint_position",
                                            AuditEntry.entity_id == str(position_id)).order_by(AuditEntry.id)
        ))  # fmt: skip


def test_a_city_drafts_two_cities_sign_it_is_sent_and_answered(world: World) -> None:
    ids = position_world(world)
    munich, kyoto = world.city["Munich"], world.city["Kyoto"]
    with world.db.write() as session:
        signing.sign(session, world.actor("munich_editor"), ids.draft, munich)
        signing.sign(session, world.actor("kyoto_editor"), ids.draft, kyoto)
        sending.send(session, world.actor("heidelberg_editor"), ids.draft, "2026-04-01", "email")
    with world.db.read() as session:
        public = views.view(session, world.actor("public"), ids.draft)
    assert public.status == "sent"
    assert {c.city_id for c in public.signed} == {kyoto, munich}  # Heidelberg did not sign
    assert public.asks == ("Allow heat pumps in listed buildings", "Fund the retrofit of monuments")
    assert {e.kind for e in public.evidence} == {"indicator", "reference"}
    with world.db.write() as session:
        sending.record_answer(session, world.actor("heidelberg_editor"), ids.draft, {
            "outcome": "adopted_in_part", "answer_text": "The ministry will change the rules for some.",
            "answer_on": "2026-05-02", "answer_url": "https://example.org/answer.pdf",
        })  # fmt: skip
    with world.db.read() as session:
        done = views.view(session, world.actor("public"), ids.draft)
    assert (done.status, done.answer_on) == ("adopted_in_part", dt.date(2026, 5, 2))
    assert _audits(world, ids.draft) == [
        "create",
        "add_evidence",
        "add_evidence",
        "sign",
        "sign",
        "send",
        "answer",
    ]


def test_drafts_are_read_by_the_group_and_the_secretariat_only(world: World) -> None:
    ids = position_world(world)
    with world.db.read() as session:
        for who in ("heidelberg_viewer", "kyoto_editor", "munich_editor", "c40_secretariat", "admin"):
            assert views.view(session, world.actor(who), ids.draft).id == ids.draft
        for who in ("public", "plain_user"):
            with pytest.raises(NotFound):
                views.view(session, world.actor(who), ids.draft)
        public = [r.id for r in views.list_positions(session, world.actor("public"))]
        assert public == [ids.sent]
        mine = {r.id for r in views.list_positions(session, world.actor("kyoto_editor"))}
        assert mine == {ids.draft, ids.sent, ids.recommendation}
        c40 = {r.id for r in views.list_positions(session, world.actor("c40_secretariat"))}
        assert c40 == {ids.draft, ids.sent, ids.recommendation}  # Heidelberg confirmed it is a member
        assert {r.id for r in views.list_positions(session, world.actor("plain_user"))} == {ids.sent}


def test_only_an_editor_of_the_city_signs_for_it(world: World) -> None:
    ids = position_world(world)
    munich = world.city["Munich"]
    with world.db.write() as session:
        with pytest.raises(PermissionDenied):
            signing.sign(session, world.actor("heidelberg_editor"), ids.draft, munich)
        with pytest.raises(PermissionDenied):
            signing.sign(session, world.actor("admin"), ids.draft, munich)
        with pytest.raises(NotAuthenticated):
            signing.sign(session, world.actor("public"), ids.draft, munich)
        with pytest.raises(PermissionDenied):
            signing.sign(session, world.actor("heidelberg_viewer"), ids.draft, world.city["Heidelberg"])
    with world.db.read() as session:
        assert session.scalar(select(func.count()).select_from(JointPositionSignature)) == 1  # the sent one


def test_a_signature_is_withdrawn_before_sending_only(world: World) -> None:
    ids = position_world(world)
    munich = world.city["Munich"]
    editor = world.actor("munich_editor")
    with world.db.write() as session:
        signing.sign(session, editor, ids.draft, munich)
        with pytest.raises(Conflict, match="signed already"):
            signing.sign(session, editor, ids.draft, munich)
        signing.withdraw_signature(session, editor, ids.draft, munich)
        with pytest.raises(Conflict, match="not signed"):
            signing.withdraw_signature(session, editor, ids.draft, munich)
        signing.sign(session, editor, ids.draft, munich)
        sending.send(session, world.actor("heidelberg_editor"), ids.draft, "2026-04-01", "letter")
        with pytest.raises(Conflict, match="sent"):
            signing.withdraw_signature(session, editor, ids.draft, munich)
    assert _audits(world, ids.draft)[-4:] == ["sign", "withdraw_signature", "sign", "send"]


def test_sending_needs_a_signature_and_no_future_date(world: World) -> None:
    ids = position_world(world)
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        with pytest.raises(Conflict, match="signature"):
            sending.send(session, editor, ids.draft, "2026-04-01", "letter")
        signing.sign(session, editor, ids.draft, world.city["Heidelberg"])
        tomorrow = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)).isoformat()
        with pytest.raises(InvalidInput, match="sent_on"):
            sending.send(session, editor, ids.draft, tomorrow, "letter")
        with pytest.raises(InvalidInput, match="channel"):
            sending.send(session, editor, ids.draft, "2026-04-01", "pigeon")
        with pytest.raises(PermissionDenied):
            sending.send(session, world.actor("kyoto_editor"), ids.draft, "2026-04-01", "letter")
    with world.db.read() as session:
        assert session.get(JointPosition, ids.draft).status == "draft"  # type: ignore[union-attr]


def test_a_network_recommendation_is_sent_without_signatures(world: World) -> None:
    ids = position_world(world)
    with world.db.write() as session:
        with pytest.raises(PermissionDenied):
            sending.send(
                session, world.actor("heidelberg_editor"), ids.recommendation, "2026-04-01", "meeting"
            )
        sending.send(session, world.actor("c40_secretariat"), ids.recommendation, "2026-04-01", "meeting")
    with world.db.read() as session:
        seen = views.view(session, world.actor("public"), ids.recommendation)
    assert (seen.kind, seen.network_slug, seen.signed) == ("recommendation", "c40", ())


def test_the_draft_changes_with_its_version_and_not_after_sending(world: World) -> None:
    ids = position_world(world)
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        read = views.view(session, editor, ids.draft).version
        drafting.update_position(
            session, editor, ids.draft, {"institution": "Bundesrat"}, expected_version=read
        )
        with pytest.raises(StaleVersion):
            drafting.update_position(session, editor, ids.draft, {"title": "X"}, expected_version=read)
        with pytest.raises(Conflict):
            drafting.update_position(session, editor, ids.sent, {"title": "X"})
        with pytest.raises(Conflict):
            evidence.add_evidence(
                session, editor, ids.sent, {"kind": "reference", "reference": "r", "source": "s"}
            )
        with pytest.raises(PermissionDenied):
            drafting.update_position(session, world.actor("kyoto_editor"), ids.draft, {"title": "X"})


def test_bad_input_names_the_field_and_writes_nothing(world: World) -> None:
    position_world(world)
    editor = world.actor("heidelberg_editor")
    hd = world.city["Heidelberg"]
    cases = [
        ({**DRAFT, "city_id": hd, "level": "galactic"}, "level"),
        ({**DRAFT, "city_id": hd, "institution": " "}, "institution"),
        ({**DRAFT, "city_id": hd, "city_ids": [999999]}, "city_ids"),
        ({**DRAFT, "city_id": hd, "colour": "red"}, "colour"),
        ({**DRAFT, "city_id": None}, "city_id"),
        ({**DRAFT, "city_id": None, "network": "c40", "city_ids": [world.city["Munich"]]}, "city_ids"),
    ]
    with world.db.read() as session:
        before = session.scalar(select(func.count()).select_from(JointPosition))
    for values, field in cases:
        actor = world.actor("c40_secretariat") if values.get("network") else editor
        with world.db.write() as session, pytest.raises(InvalidInput) as caught:
            drafting.create_position(session, actor, values)
        assert caught.value.field == field
    with world.db.read() as session:
        assert session.scalar(select(func.count()).select_from(JointPosition)) == before


def test_evidence_is_checked_and_needs_its_source(world: World) -> None:
    ids = position_world(world)
    editor = world.actor("heidelberg_editor")
    bad = [
        ({"kind": "indicator", "city_id": world.city["Kyoto"], "indicator": "nope", "year": 2022,
          "source": "s"},
         "indicator"),
        ({"kind": "indicator", "city_id": world.city["Kyoto"], "indicator": "basic_per_capita", "year": 1800,
          "source": "s"}, "year"),
        ({"kind": "case", "case_study_id": 999999, "source": "s"}, "case_study_id"),
        ({"kind": "benchmark_round", "benchmark_round_id": 999999, "source": "s"}, "benchmark_round_id"),
        ({"kind": "survey", "reference": "", "source": "s"}, "reference"),
        ({"kind": "reference", "reference": "r", "source": ""}, "source"),
    ]  # fmt: skip
    for values, field in bad:
        with world.db.write() as session, pytest.raises(InvalidInput) as caught:
            evidence.add_evidence(session, editor, ids.draft, values)
        assert caught.value.field == field
    with world.db.write() as session:
        item = evidence.add_evidence(
            session,
            editor,
            ids.draft,
            {"kind": "survey", "reference": "Q3: 80 %", "source": "c40 survey 2026"},
        )
        evidence.remove_evidence(session, editor, ids.draft, item.id)
        with pytest.raises(NotFound):
            evidence.remove_evidence(session, editor, ids.draft, item.id)


def test_the_group_changes_in_the_draft_and_the_answer_follows_the_steps(world: World) -> None:
    ids = position_world(world)
    editor = world.actor("heidelberg_editor")
    munich = world.city["Munich"]
    with world.db.write() as session:
        signing.sign(session, world.actor("munich_editor"), ids.draft, munich)
        signing.remove_city(session, editor, ids.draft, munich)
        with pytest.raises(Conflict):
            signing.remove_city(session, editor, ids.draft, world.city["Heidelberg"])
        with pytest.raises(NotFound):  # out of the group, the draft is not Munich's to see
            signing.sign(session, world.actor("munich_editor"), ids.draft, munich)
        signing.invite_city(session, editor, ids.draft, munich)
        with pytest.raises(Conflict):
            signing.invite_city(session, editor, ids.draft, munich)
        with pytest.raises(Conflict, match="not sent"):
            sending.record_answer(
                session,
                editor,
                ids.draft,
                {"outcome": "answered", "answer_text": "t", "answer_on": "2026-04-01"},
            )
        with pytest.raises(InvalidInput, match="answer_on"):
            sending.record_answer(
                session,
                editor,
                ids.sent,
                {"outcome": "answered", "answer_text": "t", "answer_on": "2026-03-01"},
            )
        sending.record_answer(
            session,
            editor,
            ids.sent,
            {"outcome": "rejected", "answer_text": "No.", "answer_on": "2026-03-05"},
        )
        with pytest.raises(Conflict, match="does not follow"):
            sending.record_answer(
                session,
                editor,
                ids.sent,
                {"outcome": "adopted", "answer_text": "t", "answer_on": "2026-03-06"},
            )


def test_a_benchmark_round_is_evidence_only_for_its_network_and_members(world: World) -> None:
    ids = position_world(world)
    with world.db.write() as session:
        c40 = views.network_named(session, "c40").id
        found = BenchmarkRound(
            network_id=c40, title="c40 2026", members=2, benchmarked=2, model={}, results=[]
        )
        session.add(found)
        session.flush()
        round_id = found.id
        munich = drafting.create_position(session, world.actor("munich_editor"), {
            "city_id": world.city["Munich"], "title": "T", "level": "regional", "institution": "Landtag",
        })  # fmt: skip
        munich_id = munich.id
    item = {"kind": "benchmark_round", "benchmark_round_id": round_id, "source": "c40 benchmark 2026"}
    with world.db.write() as session:
        evidence.add_evidence(session, world.actor("heidelberg_editor"), ids.draft, item)  # a c40 member
    with world.db.write() as session, pytest.raises(InvalidInput) as caught:
        evidence.add_evidence(session, world.actor("munich_editor"), munich_id, item)  # Munich is not
    assert caught.value.field == "benchmark_round_id"
