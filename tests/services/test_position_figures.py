"""The figure behind a position's indicator evidence: the public benchmark's value for exactly the
year named, read live on a draft, taken when sent, never from an unpublished city or a draft inventory.
Hand values: 580,000 t / 100,000 people = 5.8 t CO2e/person (Heidelberg 2022)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import cast

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from citypact.domain.indicators import indicator_table
from citypact.services.benchmarking.benchmark import CONTEXT_SOURCES
from citypact.services.benchmarking.data import BenchmarkData, benchmark_data
from citypact.services.positions import evidence, sending, views
from citypact.services.positions.figures import figure_of
from citypact.storage.models import AuditEntry, Inventory, utcnow
from citypact.storage.positions import JointPositionEvidence
from tests.conftest import World
from tests.factories import new_inventory
from tests.position_figures_fixture import INDICATOR, figure_world, unpublish

UNIT = "t CO2e/person"


def _evidence(world: World, position_id: int, who: str = "heidelberg_editor") -> list[views.EvidenceView]:
    with world.db.read() as session:
        return list(views.view(session, world.actor(who), position_id).evidence)


def _send(world: World, position_id: int) -> None:
    with world.db.write() as session:
        sending.send(session, world.actor("heidelberg_editor"), position_id, dt.date(2026, 3, 2), "letter")


def test_a_draft_shows_the_benchmarks_figure_of_exactly_that_year(world: World) -> None:
    position = figure_world(world)
    hd_2022, hd_2021, munich, kyoto = _evidence(world, position)
    assert (hd_2022.value, hd_2022.unit, hd_2022.data_year) == (5.8, UNIT, 2022)  # 580,000 / 100,000
    assert hd_2022.figure_source == "test report Heidelberg 2022"
    assert hd_2022.figure_taken_at is None  # a draft: read now
    # 2021 has no figure: it says so, and takes neither 2020's 6.0 nor 2022's 5.8.
    assert (hd_2021.value, hd_2021.unit, hd_2021.data_year, hd_2021.figure_source) == (None, UNIT, None, None)
    assert munich.value is None  # a draft inventory is not in the benchmark
    assert kyoto.value == 7.37  # 737,000 / 100,000: a published city's submitted inventory


def test_other_kinds_of_evidence_carry_no_figure(world: World) -> None:
    from tests.positions_fixture import position_world

    pw = position_world(world)
    by_kind = {e.kind: e for e in _evidence(world, pw.draft)}
    assert (by_kind["reference"].value, by_kind["reference"].unit) == (None, None)
    # Heidelberg has no inventory there: the indicator has its unit, no figure.
    assert (by_kind["indicator"].value, by_kind["indicator"].unit) == (None, UNIT)


def test_sending_takes_the_figure_and_a_later_change_does_not_move_it(world: World) -> None:
    position = figure_world(world)
    _send(world, position)
    with world.db.read() as session:
        rows = list(session.scalars(
            select(JointPositionEvidence).where(JointPositionEvidence.position_id == position)
            .order_by(JointPositionEvidence.id)
        ))  # fmt: skip
    assert [(r.figure_value, r.figure_unit) for r in rows] == [
        (5.8, UNIT),
        (None, UNIT),
        (None, UNIT),
        (7.37, UNIT),
    ]
    assert all(r.figure_taken_at is not None for r in rows)
    with world.db.read() as session:
        audit = session.scalars(
            select(AuditEntry.after).where(AuditEntry.action == "send", AuditEntry.entity_id == str(position))
        ).one()
    assert audit["figures"] == {str(r.id): r.figure_value for r in rows}
    # Heidelberg corrects its 2022 inventory afterwards: the benchmark says 6.2, the letter still 5.8.
    with world.db.write() as session:
        session.execute(
            update(Inventory).where(Inventory.city_id == world.city["Heidelberg"], Inventory.year == 2022)
            .values(reported={"scope1": 620_000}, updated_at=utcnow())
        )  # fmt: skip
    with world.db.read() as session:
        now = figure_of(benchmark_data(session), world.city["Heidelberg"], INDICATOR, 2022)
    assert now.value == 6.2
    hd_2022, hd_2021, _, _ = _evidence(world, position, "public")
    assert (hd_2022.value, hd_2022.data_year, hd_2022.figure_source) == (
        5.8,
        2022,
        "test report Heidelberg 2022",
    )
    assert hd_2022.figure_taken_at is not None
    assert hd_2021.value is None and hd_2021.figure_taken_at is not None  # none when sent: stays none


def test_an_unpublished_citys_figure_never_shows_nor_is_taken(world: World) -> None:
    position = figure_world(world)
    unpublish(world, "Kyoto")
    kyoto = _evidence(world, position)[3]
    assert (kyoto.value, kyoto.city_name, kyoto.figure_source) == (None, None, None)
    _send(world, position)
    with world.db.read() as session:
        taken = session.scalars(
            select(JointPositionEvidence.figure_value).where(
                JointPositionEvidence.city_id == world.city["Kyoto"]
            )
        ).one()
    assert taken is None  # nothing of Kyoto's was written onto the public letter
    for who in ("public", "heidelberg_editor", "admin"):
        assert _evidence(world, position, who)[3].value is None, who


def test_a_city_unpublished_after_sending_no_longer_shows_its_figure(world: World) -> None:
    position = figure_world(world)
    _send(world, position)
    unpublish(world, "Heidelberg")
    hd_2022 = _evidence(world, position, "public")[0]
    assert (hd_2022.value, hd_2022.city_name, hd_2022.data_year) == (None, None, None)


def test_a_draft_inventory_never_leaks_even_once_submitted_after_sending(world: World) -> None:
    position = figure_world(world)
    _send(world, position)
    with world.db.write() as session:  # Munich submits its 2022 inventory after the letter left
        session.execute(
            update(Inventory).where(Inventory.city_id == world.city["Munich"])
            .values(status="submitted", updated_at=utcnow())
        )  # fmt: skip
    with world.db.read() as session:
        assert figure_of(benchmark_data(session), world.city["Munich"], INDICATOR, 2022).value == 9.13
    assert _evidence(world, position, "public")[2].value is None  # the letter said: no figure


def _link(world: World, position_id: int, code: str, year: int) -> None:
    with world.db.write() as session:
        evidence.add_evidence(session, world.actor("heidelberg_editor"), position_id, {
            "kind": "indicator", "city_id": world.city["Heidelberg"], "indicator": code, "year": year,
            "source": "Heidelberg",
        })  # fmt: skip


def test_a_computed_inventorys_figure_and_a_context_figure_name_their_sources(world: World) -> None:
    position = figure_world(world)
    gas = {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 100.0, "unit": "TJ"}
    new_inventory(world, year=2023, population=100_000, rows=[gas], completed=True, status="submitted")
    _link(world, position, "stationary_energy_per_capita", 2023)
    _link(world, position, "grid_intensity", 2023)
    hd_2022, *_, energy, grid = _evidence(world, position)
    # 100 TJ = 100 x 10^6 MJ / 3,600 MJ per MWh = 27,777.8 MWh over 100,000 people.
    assert energy.value == pytest.approx(100e6 / 3600 / 100_000)
    assert (energy.unit, energy.data_year) == ("MWh/person", 2023)
    assert energy.figure_source == "GPC inventory computed with citypact (submitted)"
    # Germany's grid, latest year up to 2023 (tests/registry_fixture.py): 385.39 g/kWh in 2022.
    assert grid.value == pytest.approx(0.38539)
    assert grid.unit == "kg CO2/kWh"
    assert grid.figure_source == CONTEXT_SOURCES["grid_kg_per_kwh"]
    # The benchmark mixes no methods in a city's series: with a computed 2023, Heidelberg's reported
    # 2022 leaves it, and the draft says so (a sent position would keep what it was sent with).
    assert hd_2022.value is None


YEARS = st.dictionaries(st.integers(1990, 2030), st.floats(0.01, 100.0), max_size=8)


@settings(max_examples=60, deadline=None)
@given(YEARS, st.integers(1990, 2030))
def test_the_figure_is_that_years_or_none_never_another_years(values: dict[int, float], year: int) -> None:
    """The law of the exact year: whatever years a city has, the figure of `year` is its own or none."""
    city_years = pl.DataFrame(
        {"city_id": [7] * len(values), "year": list(values), "scope1_t": [v * 1000 for v in values.values()],
         "population": [1000.0] * len(values), "source": [f"report {y}" for y in values]},
        schema={"city_id": pl.Int64, "year": pl.Int64, "scope1_t": pl.Float64, "population": pl.Float64,
                "source": pl.String},
    )  # fmt: skip
    data = cast(BenchmarkData, SimpleNamespace(
        city_years=city_years, network=SimpleNamespace(indicators=indicator_table(city_years))
    ))  # fmt: skip
    found = figure_of(data, 7, INDICATOR, year)
    if year in values:
        assert found.value == pytest.approx(values[year]) and found.source == f"report {year}"
    else:
        assert (found.value, found.source) == (None, "")
    assert figure_of(data, 8, INDICATOR, year).value is None  # another city's never


def test_no_benchmark_at_all_gives_no_figure(world: World) -> None:
    assert figure_of(None, 1, INDICATOR, 2022).value is None
    assert figure_of(None, 1, INDICATOR, 2022).unit == UNIT
