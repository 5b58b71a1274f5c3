"""The plan stands on the inventories: base and latest point from them, measures ramping in, and
one gap figure, with who may set a target from an inventory."""

from __future__ import annotations

import pytest

from citypact.services.errors import InvalidInput, NotFound, PermissionDenied
from citypact.services.plans import action_plans
from citypact.services.plans.action_plans.gap import inventory_totals
from tests.conftest import World
from tests.factories import reported_inventory


@pytest.fixture
def heidelberg(world: World) -> World:
    """Inventories 2021: 800,000 t and 2022: 720,000 t (a 2023 draft that must not count); a target
    of -50 % by 2025 from the 2021 inventory; two measures."""
    reported_inventory(world, "Heidelberg", 2021, 800_000, 160_000)
    reported_inventory(world, "Heidelberg", 2022, 720_000, 160_000)
    reported_inventory(world, "Heidelberg", 2023, 100, 160_000, status="draft")
    editor = world.actor("heidelberg_editor")
    city = world.city["Heidelberg"]
    with world.db.write() as session:
        action_plans.set_target(
            session, editor, city, base_year=2021, base_emissions_t="1", target_year=2025,
            reduction_pct=50, source="council decision", from_inventory=True,
        )  # fmt: skip
        # 50,000 t/yr ramping in over 2023-2024; 10,000 t/yr without dates (from 2023, after 2022)
        both = {"field": "transport", "instrument": "regulatory"}
        for values in (
            {**both, "title": "Heat pumps", "expected_reduction_t": 50_000,
             "start_date": "2023-01-01", "end_date": "2024-12-31"},
            {**both, "title": "Bike lanes", "expected_reduction_t": 10_000},
            {**both, "title": "Cancelled", "expected_reduction_t": 99_000},
        ):  # fmt: skip
            plan = action_plans.save_plan_measure(session, editor, city, values)
        action_plans.set_cancelled(session, editor, city, plan.id, True)
    return world


def test_the_gap_stands_on_the_inventories(heidelberg: World) -> None:
    with heidelberg.db.read() as session:
        assert inventory_totals(session, heidelberg.city["Heidelberg"]) == (
            "territorial",
            {2021: 800_000.0, 2022: 720_000.0},
        )
        found = action_plans.plan_gap(session, heidelberg.actor("public"), heidelberg.city["Heidelberg"])
    assert found is not None
    assert (found.base_year, found.base_emissions_t, found.base_source) == (2021, 800_000.0, "inventory")
    assert found.current_source == "inventory" and found.basis == "territorial"
    now = found.gap.progress
    # path: 800,000 -> 400,000 over 4 years, 100,000 t a year: 700,000 t in 2022; the city is at 720,000
    assert (now.year, now.actual, now.on_path) == (2022, 720_000.0, pytest.approx(700_000.0))
    assert now.gap_pct == pytest.approx(720_000 / 700_000 * 100 - 100)  # 2.86 % above the path
    plan = dict(zip(found.wedge.years, found.wedge.plan, strict=True))
    assert plan[2023] == pytest.approx(720_000 - 25_000 - 10_000)
    assert plan[2025] == pytest.approx(720_000 - 50_000 - 10_000)  # the cancelled measure is left out
    assert found.gap.to_find_t == pytest.approx(660_000 - 400_000)
    # the measures carry no sector: the whole 60,000 t still to come by 2025 is "not given"
    assert found.by_sector == ((None, pytest.approx(60_000)),)


def test_typed_figures_only_without_inventories(world: World) -> None:
    editor, city = world.actor("heidelberg_editor"), world.city["Heidelberg"]
    with world.db.write() as session:
        action_plans.set_target(
            session, editor, city, base_year=2020, base_emissions_t=1_000_000, target_year=2030,
            reduction_pct=40, source="council decision",
        )  # fmt: skip
        found = action_plans.plan_gap(session, editor, city)
    assert found is not None and (found.base_source, found.current_source) == ("typed", "typed")
    assert found.gap.progress.year == 2020 and found.gap.to_find_t == pytest.approx(400_000)


def test_a_target_from_an_inventory_is_checked_and_authorized(heidelberg: World) -> None:
    city = heidelberg.city["Heidelberg"]
    args = {"base_emissions_t": None, "target_year": 2030, "reduction_pct": 40, "source": "plan",
            "from_inventory": True}  # fmt: skip
    with heidelberg.db.write() as session, pytest.raises(InvalidInput) as caught:
        # the 2023 inventory is a draft
        action_plans.set_target(session, heidelberg.actor("heidelberg_editor"), city, base_year=2023, **args)
    assert caught.value.field == "base_year" and "2021, 2022" in caught.value.message
    with heidelberg.db.write() as session, pytest.raises(PermissionDenied):
        action_plans.set_target(session, heidelberg.actor("kyoto_editor"), city, base_year=2022, **args)
    with heidelberg.db.read() as session:
        target = action_plans.get_plan(session, heidelberg.actor("public"), city).target
    assert target is not None and (target.base_year, target.base_emissions_t) == (2021, 800_000.0)


def test_the_gap_of_an_unpublished_city_stays_hidden(world: World) -> None:
    from citypact.storage.models import City

    city = world.city["Heidelberg"]
    with world.db.write() as session:
        session.get_one(City, city).is_published = False
    with world.db.read() as session, pytest.raises(NotFound):
        action_plans.plan_gap(session, world.actor("public"), city)
