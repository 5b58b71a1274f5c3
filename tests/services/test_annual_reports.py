"""The annual report: figures computed by hand (tests/annual_report_fixture.py), who may read a
draft and publish, and that a published report never changes when the data does."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from citypact.domain.annual_report import figures_hash
from citypact.services import annual_reports, deals
from citypact.services.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from citypact.storage.annual_reports import AnnualReport
from citypact.storage.credits import CreditRetirement
from citypact.storage.models import AuditEntry
from tests.annual_report_fixture import report_world, set_inventory
from tests.conftest import World
from tests.credits_fixture import credit_world
from tests.deals_fixture import signed_deal, stakeholders


def _draft(world: World, who: str = "c40_secretariat", year: int = 2025) -> annual_reports.ReportView:
    with world.db.read() as session:
        return annual_reports.get_report(session, world.actor(who), "c40", year)


def test_draft_figures_by_hand(world: World) -> None:
    report_world(world)
    view = _draft(world)
    assert view.status == "draft" and view.base_year == 2020 and view.can_publish
    inv = view.figures["inventories"]
    assert inv["members"] == 3  # Hidden Town is not published
    assert inv["reporting"] == 3
    assert inv["total_t"] == pytest.approx(3900.0)
    assert inv["population"] == 800
    assert inv["per_capita_t"] == pytest.approx(4.875)
    assert inv["compared"] == 2
    assert inv["base_total_t"] == pytest.approx(3000.0)
    assert inv["latest_total_t"] == pytest.approx(3300.0)
    assert inv["change_pct"] == pytest.approx(10.0)
    cities = {c["city"]: c for c in inv["cities"]}
    assert set(cities) == {"Heidelberg", "Kyoto", "Portland"}
    assert cities["Kyoto"]["change_pct"] == pytest.approx(-20.0)
    assert cities["Portland"]["change_pct"] == pytest.approx(25.0)
    assert cities["Portland"]["latest_year"] == 2024  # the 2025 draft does not count
    assert cities["Heidelberg"]["change_pct"] is None and cities["Heidelberg"]["base_t"] is None
    assert cities["Heidelberg"]["per_capita_t"] == pytest.approx(3.0)
    assert inv["by_year"] == [[2020, 2, 3000.0], [2023, 1, 600.0], [2024, 1, 2500.0], [2025, 1, 800.0]]
    assert view.data_hash == figures_hash(view.figures)


def test_partnerships_only_public(world: World) -> None:
    made = report_world(world)
    part = _draft(world).figures["partnerships"]
    assert part["count"] == 1
    assert part["list"][0]["id"] == made.public_partnership
    assert part["list"][0]["cities"] == 2
    assert (part["goals"], part["goals_achieved"]) == (2, 1)
    assert part["by_status"] == {"declared": 1}
    assert "Secret goal" not in str(part)


def test_base_year_given_and_checked(world: World) -> None:
    report_world(world)
    with world.db.read() as session:
        view = annual_reports.get_report(session, world.actor("c40_secretariat"), "c40", 2025, base_year=2024)
        # only Portland has a 2024 inventory, and its latest is 2024 itself: nothing to compare
        assert view.figures["inventories"]["compared"] == 0
        assert view.figures["inventories"]["change_pct"] is None
        with pytest.raises(InvalidInput, match="base_year"):
            annual_reports.get_report(session, world.actor("c40_secretariat"), "c40", 2025, base_year=2026)
        with pytest.raises(InvalidInput, match="year"):
            annual_reports.get_report(session, world.actor("c40_secretariat"), "c40", 1066)


@pytest.mark.parametrize("who", ["public", "plain_user", "kyoto_editor", "heidelberg_viewer"])
def test_draft_hidden_from_others(world: World, who: str) -> None:
    report_world(world)
    with pytest.raises(NotFound):
        _draft(world, who)


@pytest.mark.parametrize(
    ("who", "error"),
    [("public", NotAuthenticated), ("kyoto_editor", PermissionDenied), ("plain_user", PermissionDenied)],
)
def test_publish_only_secretariat(world: World, who: str, error: type[Exception]) -> None:
    report_world(world)
    with world.db.write() as session, pytest.raises(error):
        annual_reports.publish(session, world.actor(who), "c40", 2025)
    with world.db.read() as session:
        assert session.scalar(select(AnnualReport)) is None


def test_published_report_is_frozen(world: World) -> None:
    report_world(world)
    draft = _draft(world)
    with world.db.write() as session:
        published = annual_reports.publish(
            session, world.actor("c40_secretariat"), "c40", 2025, expected_hash=draft.data_hash
        )
    assert published.status == "published" and published.figures == draft.figures
    # the data change: Kyoto's 2025 inventory doubles, Heidelberg's goes back to draft
    set_inventory(world, "Kyoto", 2025, "verified", 1600.0, 100)
    set_inventory(world, "Heidelberg", 2023, "draft", 600.0, 200)
    for who in ("public", "c40_secretariat", "kyoto_editor"):
        view = _draft(world, who)
        assert view.status == "published"
        assert view.figures == draft.figures
        assert view.data_hash == draft.data_hash == figures_hash(view.figures)
        assert view.figures["inventories"]["total_t"] == pytest.approx(3900.0)
    with world.db.write() as session, pytest.raises(Conflict, match="already published"):
        annual_reports.publish(session, world.actor("c40_secretariat"), "c40", 2025)
    with world.db.read() as session:
        listing = annual_reports.list_reports(session, world.actor("public"), "c40")
        assert [y for y, _, _ in listing.published] == [2025] and not listing.can_draft
        entry = session.scalar(select(AuditEntry).where(AuditEntry.entity == "annual_report"))
        assert entry is not None and entry.after == {
            "year": 2025,
            "base_year": 2020,
            "data_hash": draft.data_hash,
        }
    # a draft of another year still follows the data
    with world.db.read() as session:
        later = annual_reports.get_report(session, world.actor("c40_secretariat"), "c40", 2026)
    assert later.figures["inventories"]["total_t"] == pytest.approx(800.0 * 2 + 2500.0)


def test_publish_refuses_changed_data(world: World) -> None:
    report_world(world)
    draft = _draft(world)
    set_inventory(world, "Kyoto", 2025, "verified", 900.0, 100)
    with world.db.write() as session, pytest.raises(Conflict, match="changed since you read"):
        annual_reports.publish(
            session, world.actor("c40_secretariat"), "c40", 2025, expected_hash=draft.data_hash
        )
    with world.db.read() as session:
        assert session.scalar(select(AnnualReport)) is None


def test_unknown_network(world: World) -> None:
    with world.db.read() as session, pytest.raises(NotFound):
        annual_reports.get_report(session, world.actor("admin"), "nope", 2025)


def test_deals_and_credits_of_the_year(world: World) -> None:
    """Heidelberg's deal signed 2026-03-05 (the solar commitment expects 1200 t a year, public once
    the city shows the reductions); credits
    retired by Heidelberg (100, own target) and Kyoto (30, on behalf) when the fixture runs."""
    report_world(world)
    deal = signed_deal(world, stakeholders(world))
    # kept back, the reductions count as nothing; made public, 1200 t a year
    with world.db.read() as session:
        kept = annual_reports.get_report(session, world.actor("c40_secretariat"), "c40", 2026).figures
    assert kept["deals"]["count"] == 1 and kept["deals"]["expected_t_per_year"] == 0.0
    with world.db.write() as session:
        deals.set_public_parts(
            session, world.actor("heidelberg_editor"), deal.id, ["summary", "commitments", "reductions"],
            expected_version=None,
        )  # fmt: skip
    credit_world(world)
    with world.db.read() as session:
        retired_year = session.scalar(select(func.min(CreditRetirement.retired_at)))
        assert retired_year is not None
        secretariat = world.actor("c40_secretariat")
        y2026 = annual_reports.get_report(session, secretariat, "c40", 2026).figures
        y2025 = annual_reports.get_report(session, secretariat, "c40", 2025).figures
        y_credits = annual_reports.get_report(session, secretariat, "c40", retired_year.year).figures
    assert y2026["deals"]["count"] == 1 and y2026["deals"]["signed_in_year"] == 1
    assert y2026["deals"]["expected_t_per_year"] == pytest.approx(1200.0)
    assert y2025["deals"]["count"] == 0  # signed after 2025
    assert y_credits["credits"] == {
        "retirements": 2,
        "retired_t": 130,
        "by_use": {"on_behalf": 30, "own_target": 100},
    }
    assert y2025["credits"]["retirements"] == 0 or retired_year.year == 2025
