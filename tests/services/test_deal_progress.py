"""Reporting progress on deal commitments: who may report what, when, and what the deal shows."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from citypact.services import deals
from citypact.services.deals import progress
from citypact.services.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from citypact.storage.deals import CommitmentReport, Deal
from citypact.storage.models import AuditEntry
from tests.conftest import World
from tests.deal_progress_fixture import organisation, signed_deal

D = dt.date
TODAY = D(2027, 1, 1)


def test_a_party_reports_its_own_commitment_and_the_deal_shows_it(world: World) -> None:
    rows = signed_deal(world)
    housing = world.actor("housing_person")
    with world.db.write() as session:
        # the line asks for 150 - 50 * 7/10 = 115 kWh/m2 on 1 Jan 2027
        progress.report_value(
            session, housing, rows.deal_id, rows.housing_commitment, as_of=D(2027, 1, 1), value=114.0,
            note="2026 bills", today=TODAY,
        )  # fmt: skip
    with world.db.read() as session:
        found = progress.get_progress(session, housing, rows.deal_id, today=TODAY)
        entries = session.scalars(select(AuditEntry).where(AuditEntry.entity == "commitment_report")).all()
    by_id = {c.id: c for c in found.commitments}
    home = by_id[rows.housing_commitment]
    assert home.progress.status == "on_track"
    assert home.progress.expected == pytest.approx(115.0)
    assert home.progress.share == pytest.approx(0.72)  # (114-150)/(100-150)
    assert home.may_report and not by_id[rows.solar_commitment].may_report
    assert home.organisation == "Neckar Housing"
    # the solar cooperative has not reported a year after the start; the city's permit desk is late
    assert by_id[rows.solar_commitment].progress.status == "no_report"  # exactly a year: not yet overdue
    assert by_id[rows.city_commitment].progress.status == "late"
    assert found.summary.counts["on_track"] == 1 and found.summary.counts["late"] == 1
    assert (found.summary.expected_t, found.summary.unit) == (650.0, "t CO2e/a")
    assert len(entries) == 1 and entries[0].user_id == world.users["housing_person"]


def test_a_correction_is_a_new_report_and_both_stay(world: World) -> None:
    rows = signed_deal(world)
    housing = world.actor("housing_person")
    with world.db.write() as session:
        for value in (130.0, 120.0):
            progress.report_value(
                session, housing, rows.deal_id, rows.housing_commitment, as_of=D(2026, 12, 1), value=value,
                today=TODAY,
            )  # fmt: skip
    with world.db.read() as session:
        found = progress.get_progress(session, housing, rows.deal_id, today=TODAY)
        stored = session.scalars(select(CommitmentReport.value)).all()
    home = next(c for c in found.commitments if c.id == rows.housing_commitment)
    assert sorted(stored) == [120.0, 130.0]
    assert home.progress.latest is not None and home.progress.latest.value == 120.0
    assert [r.value for r in home.reports] == [120.0, 130.0]  # newest first


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("solar_person", PermissionDenied),  # another party's commitment
        ("heidelberg_viewer", PermissionDenied),  # reads, does not report
        ("heidelberg_editor", PermissionDenied),  # the city reports the city's only
        ("kyoto_editor", NotFound),  # another city's deal is not revealed
        ("outsider", NotFound),  # a stakeholder of an organisation outside the deal
        ("public", NotAuthenticated),  # asked to sign in before the deal is looked up
    ],
)
def test_only_the_committed_party_reports(world: World, who: str, error: type[Exception]) -> None:
    rows = signed_deal(world)
    organisation(world, "Elsewhere Ltd", member="outsider")
    with world.db.write() as session, pytest.raises(error):
        progress.report_value(
            session, world.actor(who), rows.deal_id, rows.housing_commitment, as_of=D(2026, 6, 1),
            value=120.0, today=TODAY,
        )  # fmt: skip


def test_the_city_reports_only_with_a_kpi_and_its_milestones_decide(world: World) -> None:
    rows = signed_deal(world)
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        with pytest.raises(InvalidInput):  # the permits have no KPI to report
            progress.report_value(
                session,
                editor,
                rows.deal_id,
                rows.city_commitment,
                as_of=D(2026, 5, 1),
                value=1.0,
                today=TODAY,
            )
        deals.set_milestone_done(session, editor, rows.city_milestone, "2026-05-01", deal_id=rows.deal_id)
    with world.db.read() as session:
        found = progress.get_progress(session, editor, rows.deal_id, today=TODAY)
    town = next(c for c in found.commitments if c.id == rows.city_commitment)
    assert town.progress.status == "achieved"  # its only milestone is done
    assert town.milestones[0].done_on == D(2026, 5, 1)


@pytest.mark.parametrize("status", ["draft", "negotiating", "completed", "ended_early"])
def test_reports_only_while_signed_implementing_or_reviewed(world: World, status: str) -> None:
    rows = signed_deal(world)
    with world.db.write() as session:
        session.execute(update(Deal).where(Deal.id == rows.deal_id).values(status=status))
    with world.db.write() as session, pytest.raises(Conflict):
        progress.report_value(
            session, world.actor("housing_person"), rows.deal_id, rows.housing_commitment,
            as_of=D(2026, 6, 1), value=120.0, today=TODAY,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("as_of", {"as_of": D(2027, 1, 2), "value": 1.0}),
        ("as_of", {"as_of": D(1980, 1, 1), "value": 1.0}),
        ("value", {"as_of": D(2026, 1, 1), "value": float("nan")}),
        ("value", {"as_of": D(2026, 1, 1), "value": 1e16}),
        ("note", {"as_of": D(2026, 1, 1), "value": 1.0, "note": "x" * 2001}),
    ],
)
def test_bad_reports_name_the_field(world: World, field: str, kwargs: dict[str, object]) -> None:
    rows = signed_deal(world)
    with world.db.write() as session, pytest.raises(InvalidInput) as caught:
        progress.report_value(
            session, world.actor("housing_person"), rows.deal_id, rows.housing_commitment, today=TODAY,
            **kwargs,  # type: ignore[arg-type]
        )  # fmt: skip
    assert caught.value.field == field


def test_a_commitment_of_another_deal_is_not_found(world: World) -> None:
    rows = signed_deal(world)
    other = signed_deal(world, city="Kyoto", members=False)
    with world.db.write() as session, pytest.raises(NotFound):
        progress.report_value(
            session, world.actor("housing_person"), rows.deal_id, other.housing_commitment,
            as_of=D(2026, 6, 1), value=1.0, today=TODAY,
        )  # fmt: skip


def test_the_public_does_not_read_progress_here(world: World) -> None:
    rows = signed_deal(world)
    with world.db.read() as session:
        with pytest.raises(NotFound):
            progress.get_progress(session, world.actor("public"), rows.deal_id)
        assert progress.get_progress(session, world.actor("heidelberg_viewer"), rows.deal_id).title
