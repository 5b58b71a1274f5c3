"""The stakeholders' commitments as their own layer on the plan's wedge, with hand-computed values."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from citypact.reports.plan_gap import gap_sentences
from citypact.reports.wording import Words
from citypact.services.plans import action_plans
from tests.conftest import World
from tests.deal_progress_fixture import signed_deal


def test_signed_deals_ramp_in_beside_the_measures_without_double_counting(world: World) -> None:
    editor, city = world.actor("heidelberg_editor"), world.city["Heidelberg"]
    with world.db.write() as session:
        action_plans.set_target(
            session, editor, city, base_year=2020, base_emissions_t=1_000_000, target_year=2030,
            reduction_pct=40, source="council decision",
        )  # fmt: skip
    # deal A: 400 t ramping 2026-2030 (80 t a year more) and 250 t ramping 2026-2029 (62.5 t a year)
    signed_deal(world)
    # deal B: the same, but its 400 t name a plan measure: the measure's, not counted again
    with world.db.write() as session:
        values = {"title": "Renovation", "field": "buildings_residential", "instrument": "regulatory"}
        measure = action_plans.save_plan_measure(session, editor, city, values).id
    signed_deal(world, plan_measure_id=measure, members=False)
    signed_deal(world, status="draft", members=False)  # not signed: not counted
    with world.db.read() as session:
        found = action_plans.plan_gap(session, world.actor("public"), city)
    assert found is not None and found.stakeholders is not None
    layer = found.stakeholders
    cut = dict(zip(found.wedge.years, layer.cut, strict=True))
    assert cut[2025] == 0.0
    assert cut[2026] == pytest.approx(80 + 62.5 + 62.5)
    assert cut[2029] == pytest.approx(320 + 250 + 250)
    assert cut[2030] == pytest.approx(400 + 250 + 250)
    assert (layer.commitments, layer.in_measures, layer.expected_t) == (3, 1, 900.0)
    assert layer.plan_with[-1] == pytest.approx(found.wedge.plan[-1] - 900)
    assert found.gap.to_find_t == pytest.approx(400_000)  # the gap stays the city's own plan


def test_no_layer_without_signed_commitments(world: World) -> None:
    editor, city = world.actor("heidelberg_editor"), world.city["Heidelberg"]
    with world.db.write() as session:
        action_plans.set_target(
            session, editor, city, base_year=2020, base_emissions_t=1000, target_year=2030,
            reduction_pct=40, source="council decision",
        )  # fmt: skip
    signed_deal(world, status="negotiating")
    with world.db.read() as session:
        found = action_plans.plan_gap(session, editor, city)
    assert found is not None and found.stakeholders is None


def test_the_plan_says_the_layer_in_words_and_draws_it(world: World, client: TestClient) -> None:
    editor, city = world.actor("heidelberg_editor"), world.city["Heidelberg"]
    with world.db.write() as session:
        action_plans.set_target(
            session, editor, city, base_year=2020, base_emissions_t=1_000_000, target_year=2030,
            reduction_pct=40, source="council decision",
        )  # fmt: skip
    signed_deal(world)
    with world.db.read() as session:
        found = action_plans.plan_gap(session, editor, city)
    assert found is not None
    said = gap_sentences(found, Words("en"))
    assert said[-1] == (
        "Commitments of stakeholders in signed deals (2) are expected to cut a further 650 t CO₂e a year "
        "by 2030; with them the plan comes to 999,350 t."
    )
    assert "Zusagen von Akteuren" in gap_sentences(found, Words("de"))[-1]
    page = client.get(f"/cities/{city}/plan")
    assert page.status_code == 200 and "Plan with stakeholder commitments" in page.text
