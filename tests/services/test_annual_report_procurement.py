"""The annual report's procurement section: figures by hand (tests/report_fixture.py), only what is
public (a procurement still forming, an unpublished member, a losing bid never show), no empty
section, and a report frozen before the section existed still reads."""

from __future__ import annotations

import json

import pytest

from citypact.domain.annual_report import figures_hash
from citypact.services import annual_reports
from citypact.services.open_data import catalogue
from citypact.storage.annual_reports import AnnualReport
from citypact.storage.procurement_bids import ProcurementAward, ProcurementEvaluation
from tests.conftest import World
from tests.report_fixture import procurement_report_world


def _draft(world: World, year: int = 2026) -> annual_reports.ReportView:
    with world.db.read() as session:
        return annual_reports.get_report(session, world.actor("c40_secretariat"), "c40", year)


def test_procurement_section_by_hand(world: World) -> None:
    made = procurement_report_world(world)
    section = _draft(world).figures["procurement"]
    assert section["count"] == 2 and section["cancelled"] == 0
    assert (section["lots"], section["awarded_lots"], section["contracts"]) == (2, 1, 1)
    assert section["member_cities"] == [{"city": "Heidelberg", "procurements": 2}]
    assert section["by_currency"] == {
        "EUR": {"awarded_minor": 1_500_000_000, "contracts": 1, "contract_minor": 1_500_000_050}
    }
    assert section["awarded_t_co2e"] == pytest.approx(1200.0)
    assert section["co2_prices"] == [
        {"schedule": "3000 EUR/t", "price": 3000.0, "year": 2026, "currency": "EUR", "lots": 1}
    ]
    listed = {p["title"]: p for p in section["list"]}
    assert set(listed) == {"Electric buses", "LED street lights"}
    assert listed["LED street lights"]["awards"] == [] and listed["LED street lights"]["id"] == made.lights
    [award] = listed["Electric buses"]["awards"]
    assert award["supplier"] == "Elektro AG" and award["method"] == "lcc-co2"
    assert (award["award_minor"], award["contract_minor"]) == (1_500_000_000, 1_500_000_050)
    assert (award["co2e_t"], award["co2_cost"]) == (1200.0, 3_600_000.0)
    assert (award["co2_price"], award["price_year"]) == (3000.0, 2026)


def test_nothing_that_is_not_public_shows(world: World) -> None:
    procurement_report_world(world)
    text = json.dumps(_draft(world).figures["procurement"])
    assert "Secret heat pumps" not in text  # still forming: not public
    assert "Hidden Town" not in text  # a member that is not published
    assert "Munich" not in text  # took part, but is not a member
    assert "Busbau" not in text and "9000000" not in text and "12600000" not in text  # the losing bid


def test_a_year_without_procurement_has_no_section(world: World) -> None:
    procurement_report_world(world)
    assert "procurement" not in _draft(world, 2025).figures


def test_published_section_is_frozen_and_an_older_snapshot_still_reads(world: World) -> None:
    procurement_report_world(world)
    with world.db.write() as session:
        view = annual_reports.publish(session, world.actor("c40_secretariat"), "c40", 2026)
    assert view.figures["procurement"]["awarded_lots"] == 1
    with world.db.write() as session:  # a report frozen before the section existed
        row = session.query(AnnualReport).one()
        old = {k: v for k, v in row.figures.items() if k != "procurement"}
        row.figures = old
        row.data_hash = figures_hash(old)
    with world.db.read() as session:
        read = annual_reports.get_report(session, world.actor("public"), "c40", 2026)
    assert read.status == "published" and "procurement" not in read.figures
    assert read.data_hash == figures_hash(read.figures)


def test_an_award_on_an_evaluation_that_is_not_published_never_counts(world: World) -> None:
    made = procurement_report_world(world)
    with world.db.write() as session:  # not reachable through the services; the section checks anyway
        award = session.get_one(ProcurementAward, made.award_id)
        session.get_one(ProcurementEvaluation, award.evaluation_id).status = "draft"
    section = _draft(world).figures["procurement"]
    assert section["awarded_lots"] == 0 and section["by_currency"] == {} and section["co2_prices"] == []
    assert "Elektro" not in json.dumps(section)


def test_the_open_data_carries_the_published_section(world: World) -> None:
    procurement_report_world(world)
    with world.db.write() as session:
        annual_reports.publish(session, world.actor("c40_secretariat"), "c40", 2026)
        annual_reports.publish(session, world.actor("c40_secretariat"), "c40", 2025)
    dataset = catalogue.dataset("annual_reports")
    assert dataset is not None
    with world.db.read() as session:
        rows = catalogue.table(session, dataset).sort("year")
    bought = rows.select("year", "procurements", "procurement_awarded_lots", "procurement_awarded_t_co2e")
    # 2025 had no public procurement: empty, not 0; 2026 as the hand-computed section above
    assert bought.rows() == [(2025, None, None, None), (2026, 2, 1, pytest.approx(1200.0))]
