"""Benchmark rounds: a secretariat benchmarks its members; members see it; nobody is ranked."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from citypact.services.benchmarking import rounds as benchmark_rounds
from citypact.services.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from citypact.storage.models import AuditEntry
from tests.conftest import World
from tests.factories import reported_inventory


@pytest.fixture
def reported(world: World) -> World:
    # C40 members in the fixture: Portland (8 -> 7.2 t/person, -10 %/yr) and Kyoto (5 -> 5.25, +5 %/yr).
    reported_inventory(world, "Portland", 2021, 5_200_000, 650_000)
    reported_inventory(world, "Portland", 2022, 4_680_000, 650_000)
    reported_inventory(world, "Kyoto", 2021, 7_000_000, 1_400_000)
    reported_inventory(world, "Kyoto", 2022, 7_350_000, 1_400_000)
    reported_inventory(world, "Heidelberg", 2022, 700_000, 160_000)  # not a member
    return world


def test_secretariat_runs_a_round_of_its_members(reported: World) -> None:
    with reported.db.write() as session:
        saved = benchmark_rounds.run_round(session, reported.actor("c40_secretariat"), "c40", " Spring 2027 ")
        round_id = saved.id
    with reported.db.read() as session:
        view = benchmark_rounds.get_round(session, reported.actor("c40_secretariat"), round_id)
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "benchmark_round")).all()
    assert (view.title, view.members, view.benchmarked) == ("Spring 2027", 2, 2)
    assert [r["name"] for r in view.results] == ["Kyoto", "Portland"]  # by name, not by result
    kyoto, portland = view.results
    assert portland["scope1_per_capita"] == pytest.approx(7.2)
    assert portland["trend_pct_per_year"] == pytest.approx(-10.0)
    assert kyoto["trend_pct_per_year"] == pytest.approx(5.0)
    assert (portland["faster_than_members"], portland["members_with_trend"]) == (1, 1)
    assert kyoto["faster_than_members"] == 0
    assert portland["most_improved"] and not kyoto["most_improved"]
    assert not any("rank" in key for row in view.results for key in row)
    assert len(audit) == 1


def test_a_member_without_an_action_plan_is_not_assessed_never_zero(reported: World) -> None:
    from citypact.storage.models import MeasureType
    from citypact.storage.plans import PlanMeasure

    with reported.db.write() as session:
        session.add(
            MeasureType(
                code="heat_plan", field="energy_supply", instrument="regulatory", municipal_role="planner",
                decision_level="municipality", title_en="Heat plan", title_de="Wärmeplan", title_ja="熱計画",
            )
        )  # fmt: skip
        session.flush()
        type_id = session.scalar(select(MeasureType.id).where(MeasureType.code == "heat_plan"))
        session.add(
            PlanMeasure(
                city_id=reported.city["Kyoto"], measure_type_id=type_id, title="Heat plan",
                field="energy_supply", instrument="regulatory", implementation="adopted",
            )
        )  # fmt: skip
    with reported.db.read() as session:
        fields = benchmark_rounds.prepare_round(session, reported.actor("c40_secretariat"), "c40", "2027")
    kyoto, portland = fields["results"]
    # Kyoto: its one type adopted, 50 % of its points (JP, municipality, energy_supply keeps 0.75 of 8:
    # 6 possible, 3 achieved) = 50 %. Portland has no plan: null, not 0.
    assert kyoto["catalogue_score_pct"] == pytest.approx(50.0)
    assert portland["catalogue_score_pct"] is None


def test_members_read_rounds_others_do_not(reported: World) -> None:
    with reported.db.write() as session:
        round_id = benchmark_rounds.run_round(session, reported.actor("c40_secretariat"), "c40", "2027").id
    with reported.db.read() as session:
        assert [
            r.id for r in benchmark_rounds.list_rounds(session, reported.actor("kyoto_editor"), "c40")
        ] == [round_id]
        assert benchmark_rounds.get_round(session, reported.actor("kyoto_editor"), round_id).benchmarked == 2
        with pytest.raises(PermissionDenied):
            benchmark_rounds.get_round(session, reported.actor("heidelberg_editor"), round_id)
        with pytest.raises(NotAuthenticated):
            benchmark_rounds.list_rounds(session, reported.actor("public"), "c40")
        with pytest.raises(NotFound):
            benchmark_rounds.get_round(session, reported.actor("admin"), round_id + 1000)


def test_only_the_secretariat_runs_rounds_and_bad_titles_write_nothing(reported: World) -> None:
    for who, error in (("kyoto_editor", PermissionDenied), ("public", NotAuthenticated)):
        with reported.db.write() as session, pytest.raises(error):
            benchmark_rounds.run_round(session, reported.actor(who), "c40", "mine")
    with reported.db.write() as session, pytest.raises(InvalidInput, match="title"):
        benchmark_rounds.run_round(session, reported.actor("c40_secretariat"), "c40", "   ")
    with reported.db.read() as session:
        assert benchmark_rounds.list_rounds(session, reported.actor("c40_secretariat"), "c40") == []
