"""Monitoring reports: periods, computed reductions, submission to an independent verifier, and
verification or rejection by that verifier only."""

from __future__ import annotations

import datetime as dt

import pytest

from citypact.services.credits import monitoring, officers
from citypact.services.credits.project_views import get_project, get_report
from citypact.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from tests.conftest import OPERATOR, World
from tests.credit_projects_fixture import (
    MONITORED,
    MONITORED_T,
    VERIFIED_T,
    draft_project,
    registered_project,
    submitted_report,
    verified_project,
)


def _report(world: World, project_id: int, start: str, end: str) -> int:
    with world.db.write() as session:
        return monitoring.create_report(
            session, world.actor("kyoto_editor"), project_id,
            {"period_start": start, "period_end": end, "parameters": MONITORED},
        ).id  # fmt: skip


def test_report_computes_reductions_and_shows_ex_ante_beside(world: World) -> None:
    made = registered_project(world)
    report_id = _report(world, made.id, "2025-07-01", "2025-12-31")
    with world.db.read() as session:
        _, view = get_report(session, world.actor("heidelberg_editor"), made.id, report_id)
    assert view.reductions_t == pytest.approx(MONITORED_T)  # 9 000 MWh x 0.4
    assert view.ex_ante_t == pytest.approx(4_000 * 184 / 365)  # 184 days of 2025


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("2024-12-01", "2025-06-30", "period_start"),  # before the crediting period
        ("2025-06-01", "2025-03-31", "period_end"),
        ("2025-06-01", "2026-03-31", "period_start"),  # overlaps 2025
    ],
)
def test_periods_lie_in_the_crediting_period_and_never_overlap(
    world: World, start: str, end: str, field: str
) -> None:
    made = registered_project(world)
    _report(world, made.id, "2025-01-01", "2025-12-31")
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        monitoring.create_report(
            session, world.actor("kyoto_editor"), made.id,
            {"period_start": start, "period_end": end, "parameters": MONITORED},
        )  # fmt: skip
    assert error.value.field == field


def test_negative_energy_is_refused_at_the_field(world: World) -> None:
    made = registered_project(world)
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        monitoring.create_report(
            session, world.actor("heidelberg_editor"), made.id,
            {"period_start": "2025-01-01", "period_end": "2025-12-31", "parameters": {"eg_mwh": -1}},
        )  # fmt: skip
    assert error.value.field == "eg_mwh"


def test_reports_need_a_registered_project(world: World) -> None:
    made = draft_project(world)
    with world.db.write() as session, pytest.raises(Conflict):
        monitoring.create_report(
            session, world.actor("heidelberg_editor"), made.id,
            {"period_start": "2025-01-01", "period_end": "2025-12-31", "parameters": MONITORED},
        )  # fmt: skip


def test_verifier_must_hold_the_role_and_be_independent(world: World) -> None:
    made = registered_project(world)
    report_id = _report(world, made.id, "2025-01-01", "2025-12-31")
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session, pytest.raises(InvalidInput) as no_role:
        monitoring.submit_report(session, editor, made.id, report_id, world.users["plain_user"])
    assert no_role.value.field == "verifier_id"
    with world.db.write() as session:
        officers.grant(session, OPERATOR, "kyoto_editor@test.example", "verifier", "Kyoto Audit")
    with world.db.write() as session, pytest.raises(InvalidInput) as partisan:
        monitoring.submit_report(session, editor, made.id, report_id, world.users["kyoto_editor"])
    assert "independent" in partisan.value.message


def test_only_the_named_verifier_verifies(world: World) -> None:
    made = registered_project(world)
    report_id = submitted_report(world, made)
    values = {"verified_t": 3_000, "reference": "VR-1"}
    for who in ("heidelberg_editor", "registry_officer", "admin"):
        with world.db.write() as session, pytest.raises(PermissionDenied):
            monitoring.verify_report(session, world.actor(who), made.id, report_id, values)
    with world.db.write() as session:
        officers.grant(session, OPERATOR, "plain_user@test.example", "verifier", "Other body")
    with world.db.write() as session, pytest.raises((PermissionDenied, NotFound)):
        monitoring.verify_report(session, world.actor("plain_user"), made.id, report_id, values)


def test_verified_above_monitored_needs_a_statement(world: World) -> None:
    made = registered_project(world)
    report_id = submitted_report(world, made)
    verifier = world.actor("verifier_person")
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        monitoring.verify_report(
            session, verifier, made.id, report_id, {"verified_t": 3_700, "reference": "VR-1"}
        )
    assert error.value.field == "statement"
    with world.db.write() as session:
        report = monitoring.verify_report(
            session, verifier, made.id, report_id,
            {"verified_t": 3_700, "reference": "VR-1", "statement": "Meter under-read; corrected."},
        )  # fmt: skip
        assert report.status == "verified"
        assert report.verified_t == 3_700


def test_rejected_report_is_edited_and_submitted_again(world: World) -> None:
    made = registered_project(world)
    report_id = submitted_report(world, made)
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        monitoring.reject_report(
            session, world.actor("verifier_person"), made.id, report_id, "Missing meter data."
        )
    with world.db.write() as session:
        edited = monitoring.update_report(
            session, editor, made.id, report_id, {"parameters": {**MONITORED, "eg_mwh": 8_500}}
        )
        assert edited.status == "draft"
        assert edited.reductions_t == pytest.approx(3_400.0)  # 8 500 x 0.4
    with world.db.write() as session:
        again = monitoring.submit_report(session, editor, made.id, report_id, world.users["verifier_person"])
        assert again.status == "submitted"
    with world.db.write() as session, pytest.raises(Conflict):
        monitoring.update_report(session, editor, made.id, report_id, {"period_end": dt.date(2025, 11, 30)})


def test_public_sees_verified_reports_only(world: World) -> None:
    made = verified_project(world)
    _report(world, made.id, "2026-01-01", "2026-06-30")  # a draft
    with world.db.read() as session:
        public = get_project(session, world.actor("public"), made.id)
        internal = get_project(session, world.actor("kyoto_editor"), made.id)
    assert [(r.status, r.verified_t) for r in public.reports] == [("verified", VERIFIED_T)]
    assert [r.status for r in internal.reports] == ["verified", "draft"]
