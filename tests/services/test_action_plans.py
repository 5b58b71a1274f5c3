"""Action plans and the case library in the database: checks, authorization, history, search."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from citypact.domain.reasons import Reason
from citypact.formats.errors import ImportErrors
from citypact.services.errors import InvalidInput, NotFound, PermissionDenied
from citypact.services.plans import action_plans, cases, measures, plan_files
from tests.conftest import World
from tests.factories import CATALOGUE

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def catalogue(world: World) -> None:
    with world.db.write() as session:
        measures.load_catalogue(session, CATALOGUE)


def test_plan_measure_from_the_catalogue_with_money_milestones_and_history(
    world: World, catalogue: None
) -> None:
    editor = world.actor("heidelberg_editor")
    city = world.city["Heidelberg"]
    with world.db.write() as session:
        plan = action_plans.save_plan_measure(
            session,
            editor,
            city,
            {
                "measure": "led_street_lighting",
                "owner_department": "Civil engineering office",
                "start_date": "2025-01-01",
                "end_date": "2027-12-31",
                "capex": 1_250_000.50,
                "currency": "EUR",
                "expected_reduction_t": 400,
                "gpc_refs": "I.2.2; i.6.2",
            },
            today=TODAY,
        )
        action_plans.add_milestone(session, editor, city, plan.id, title="Tender", due_date="2025-06-30")
        action_plans.add_milestone(
            session, editor, city, plan.id, title="Half replaced", due_date="2027-06-30"
        )
        action_plans.save_plan_measure(
            session, editor, city, {"implementation": "in_implementation"}, plan.id, today=TODAY
        )
        kpi = action_plans.add_kpi(
            session,
            editor,
            city,
            plan.id,
            name="LED share",
            unit="%",
            target=100,
            target_year=2027,
            baseline=10,
        )
        action_plans.record_kpi_value(
            session, editor, city, kpi.id, year=2025, value=45, source="works report"
        )
    with world.db.read() as session:
        found = action_plans.get_plan(session, world.actor("public"), city, today=TODAY).measures[0]
    assert found.title == "LED street lighting"
    assert (found.field, found.instrument) == ("buildings_municipal", "own_operations")
    assert found.capex == pytest.approx(1_250_000.50)
    assert found.gpc_refs == ["I.2.2", "I.6.2"]
    assert found.progress == "late"  # the tender was due 2025-06-30 and is not done
    assert [h["implementation"] for h in found.history] == ["planned", "in_implementation"]
    assert found.kpis[0].measured == [{"year": 2025, "value": 45.0, "source": "works report"}]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"title": "X", "field": "space", "instrument": "soft"}, "field"),
        (
            {
                "title": "X",
                "field": "transport",
                "instrument": "soft",
                "start_date": "2026-01-01",
                "end_date": "2025-01-01",
            },
            "end_date",
        ),
        ({"title": "X", "field": "transport", "instrument": "soft", "capex": -5, "currency": "EUR"}, "capex"),
        ({"title": "X", "field": "transport", "instrument": "soft", "capex": 5}, "currency"),
        ({"title": "X", "field": "transport", "instrument": "soft", "gpc_refs": "I.9.9"}, "gpc_refs"),
        (
            {"title": "X", "field": "transport", "instrument": "soft", "start_date": "31.12.2025"},
            "start_date",
        ),
    ],
)
def test_bad_plan_values_name_the_field(world: World, values: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as caught, world.db.write() as session:
        action_plans.save_plan_measure(
            session, world.actor("heidelberg_editor"), world.city["Heidelberg"], values
        )
    assert caught.value.field == field


def test_only_the_citys_editors_change_its_plan(world: World) -> None:
    values = {"title": "Bus lanes", "field": "transport", "instrument": "regulatory"}
    with pytest.raises(PermissionDenied), world.db.write() as session:
        action_plans.save_plan_measure(session, world.actor("kyoto_editor"), world.city["Heidelberg"], values)
    with world.db.write() as session:
        plan = action_plans.save_plan_measure(
            session, world.actor("kyoto_editor"), world.city["Kyoto"], values
        )
    with pytest.raises(NotFound), world.db.write() as session:  # a Kyoto measure under Heidelberg's id
        action_plans.save_plan_measure(
            session, world.actor("heidelberg_editor"), world.city["Heidelberg"], values, plan.id
        )


def test_wedge_from_the_target_and_the_plan(world: World) -> None:
    editor = world.actor("heidelberg_editor")
    city = world.city["Heidelberg"]
    with world.db.write() as session:
        action_plans.set_target(
            session,
            editor,
            city,
            base_year=2020,
            base_emissions_t=1_000_000,
            target_year=2030,
            reduction_pct=50,
            source="council decision 2021",
        )
        for start, t in (("2022-01-01", 100_000), ("2025-03-01", 50_000)):
            action_plans.save_plan_measure(
                session,
                editor,
                city,
                {
                    "title": f"M{start}",
                    "field": "energy_supply",
                    "instrument": "own_operations",
                    "start_date": start,
                    "expected_reduction_t": t,
                },
            )
    with world.db.read() as session:
        plan = action_plans.get_plan(session, editor, city, today=TODAY)
    assert plan.wedge is not None
    assert plan.wedge.plan[plan.wedge.years.index(2030)] == pytest.approx(850_000)
    assert plan.wedge.gap(2030) == pytest.approx(850_000 - 500_000)


def test_plan_import_is_all_or_nothing_and_round_trips(world: World, catalogue: None, tmp_path: Path) -> None:
    editor = world.actor("heidelberg_editor")
    city = world.city["Heidelberg"]
    good = tmp_path / "plan.csv"
    good.write_text(
        "title,measure,field,instrument,start_date,capex,currency,expected_reduction_t\n"
        "LED lights,led_street_lighting,,,2025-01-01,100000,EUR,400\n"
        "Bike lanes,,transport,own_operations,2026-01-01,,,\n"
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(good.read_text() + "Space port,,space,fiscal,,,,\n")
    with pytest.raises(ImportErrors) as caught, world.db.write() as session:
        plan_files.import_plan(session, editor, city, bad)
    assert "bad.csv, row 4, column 'field'" in str(caught.value)
    with world.db.read() as session:
        assert action_plans.get_plan(session, editor, city).measures == []
    with world.db.write() as session:
        assert plan_files.import_plan(session, editor, city, good) == 2
    with world.db.read() as session:
        plan = action_plans.get_plan(session, editor, city)
    exported = plan_files.export_csv(plan)
    assert "LED lights,led_street_lighting" in exported
    assert len(exported.strip().splitlines()) == 3


def test_case_search_in_any_language_with_filters_and_cases_like_mine(world: World, catalogue: None) -> None:
    with world.db.write() as session:
        for city, title, title_ja, field in (
            ("Munich", "Solar roofs on schools", "学校の屋根に太陽光発電", "energy_supply"),
            ("Kyoto", "Eco-schools programme", "エコスクール事業", "communication"),
            ("Portland", "Protected bike lanes", "保護された自転車レーン", "transport"),
        ):
            cases.save_case(
                session,
                world.actor("admin"),
                world.city[city],
                {
                    "title": title,
                    "title_ja": title_ja,
                    "summary": f"{title} in {city}.",
                    "field": field,
                    "instrument": "own_operations",
                    "implementation": "implemented",
                    "co_benefits": ["health"],
                },
            )
        with pytest.raises(InvalidInput) as caught:
            cases.save_case(
                session,
                world.actor("admin"),
                world.city["Kyoto"],
                {
                    "title": "x",
                    "summary": "y",
                    "field": "transport",
                    "instrument": "magic",
                    "implementation": "idea",
                },
            )
        assert caught.value.field == "instrument"
    with world.db.read() as session:
        assert [c.city_name for c in cases.search_cases(session, "solar").items] == ["Munich"]
        assert [c.city_name for c in cases.search_cases(session, "太陽光").items] == ["Munich"]
        schools = {c.city_name for c in cases.search_cases(session, "school").items}
        assert schools == {"Munich", "Kyoto"}
        assert cases.search_cases(session, "school", {"field": "transport"}).total == 0
        assert cases.search_cases(session, "", {"country": "us"}).items[0].city_name == "Portland"
        with pytest.raises(InvalidInput):
            cases.search_cases(session, "", {"field": "space"})
        like = cases.cases_like_mine(session, world.city["Heidelberg"], limit=3)
    assert like[0].case.city_name == "Munich"  # same country, closest conditions
    assert Reason("same_country", "DE", "DE") in like[0].reasons


def test_plan_import_from_xlsx(world: World, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["title", "field", "instrument", "start_date", "capex", "currency"])
    sheet.append(
        ["Heat pumps in schools", "buildings_municipal", "own_operations", "2026-05-01", 480000, "EUR"]
    )
    path = tmp_path / "plan.xlsx"
    book.save(path)
    with world.db.write() as session:
        assert (
            plan_files.import_plan(session, world.actor("heidelberg_editor"), world.city["Heidelberg"], path)
            == 1
        )
    with world.db.read() as session:
        found = action_plans.get_plan(session, world.actor("public"), world.city["Heidelberg"]).measures[0]
    assert (found.title, found.capex, found.currency) == ("Heat pumps in schools", 480000.0, "EUR")
