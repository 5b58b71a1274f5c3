"""The public view of signed deals, the city's portfolio and open data: parts shown only when the
city made them public, personal names never."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from sqlalchemy import update

from citypact.services.deals import open_data, portfolio, progress, public
from citypact.services.errors import NotFound
from citypact.storage.deals import Deal
from tests.conftest import World
from tests.deal_progress_fixture import ALL_PARTS, signed_deal

TODAY = dt.date(2027, 1, 1)
# what only non-public parts hold: summary, organisations, commitments, KPIs, co-benefits
SECRETS = ("Renovate 2000", "Neckar Housing", "Sun Cooperative", "800 kWp", "Heat use", "kWh/m2", "FTE")
NAMES = ("Anna Bauer", "Jonas Klein", "Eckart Würzner", "housing_person", "@test.example")


def _report(world: World, deal_id: int, commitment_id: int, value: float) -> None:
    with world.db.write() as session:
        progress.report_value(
            session, world.actor("housing_person"), deal_id, commitment_id, as_of=dt.date(2026, 12, 1),
            value=value, today=TODAY,
        )  # fmt: skip


def test_all_parts_public_shows_them_and_no_personal_name(world: World) -> None:
    rows = signed_deal(world)
    _report(world, rows.deal_id, rows.housing_commitment, 110.0)
    with world.db.read() as session:
        seen = public.get_public_deal(session, rows.deal_id, today=TODAY)
    assert seen.parts == tuple(ALL_PARTS)
    assert [p.name for p in seen.parties] == ["Heidelberg", "Neckar Housing", "Sun Cooperative"]
    home = next(c for c in seen.commitments if c.id == rows.housing_commitment)
    assert (home.party, home.kpi_unit, home.kpi_target, home.latest_value) == (
        "Neckar Housing",
        "kWh/m2",
        100.0,
        110.0,
    )
    assert home.status == "on_track"  # the line asks for 150 - 50 * (2026+334/365-2020)/10 = 115.4
    assert home.shown_share == pytest.approx(0.8)  # (110-150)/(100-150)
    assert [(b.kind, b.quantity, b.unit) for b in home.benefits] == [("jobs", 12.0, "FTE")]
    assert seen.expected_t == 650.0
    assert seen.progress is not None and seen.progress.counts["on_track"] == 1
    text = repr(seen)
    assert not any(name in text for name in NAMES)


def test_no_part_public_shows_only_title_city_field_and_status(world: World) -> None:
    rows = signed_deal(world, public_parts=[])
    with world.db.read() as session:
        seen = public.get_public_deal(session, rows.deal_id, today=TODAY)
    assert (seen.title, seen.city, seen.action_field, seen.status) == (
        "Warm homes, bright roofs", "Heidelberg", "buildings_renovation", "implementing",
    )  # fmt: skip
    assert seen.summary is None and seen.parties == () and seen.commitments == () and seen.expected_t is None
    assert not any(s in repr(seen) for s in SECRETS)


def test_commitments_without_parties_kpis_or_progress_hide_those(world: World) -> None:
    rows = signed_deal(world, public_parts=["commitments"])
    _report(world, rows.deal_id, rows.housing_commitment, 110.0)
    with world.db.read() as session:
        seen = public.get_public_deal(session, rows.deal_id, today=TODAY)
    home = next(c for c in seen.commitments if c.id == rows.housing_commitment)
    assert home.title == "Renovate 2000 flats"
    hidden = (
        home.party,
        home.kpi_name,
        home.kpi_unit,
        home.status,
        home.latest_value,
        home.expected_reduction_t,
    )
    assert hidden == (None,) * 6 and home.benefits == ()
    assert seen.progress is None


@pytest.mark.parametrize("status", ["draft", "negotiating"])
def test_a_deal_not_yet_signed_is_not_public(world: World, status: str) -> None:
    rows = signed_deal(world, status=status)
    with world.db.read() as session:
        with pytest.raises(NotFound):
            public.get_public_deal(session, rows.deal_id)
        assert open_data.open_deals(session) == []


def test_ended_early_is_public_only_when_it_was_signed(world: World) -> None:
    rows = signed_deal(world)
    with world.db.write() as session:
        session.execute(update(Deal).where(Deal.id == rows.deal_id).values(status="ended_early"))
    with world.db.read() as session:
        assert public.get_public_deal(session, rows.deal_id).status == "ended_early"
    with world.db.write() as session:
        session.execute(update(Deal).where(Deal.id == rows.deal_id).values(signed_on=None))
    with world.db.read() as session, pytest.raises(NotFound):
        public.get_public_deal(session, rows.deal_id)


def test_portfolio_by_action_field_and_sdg_counts_public_parts_for_the_public(world: World) -> None:
    signed_deal(world)  # all public: 3 commitments, 650 t
    signed_deal(world, public_parts=[], title="Clean buses", action_field="sustainable_mobility",
                sdg_targets="11;11.2", members=False)  # fmt: skip
    signed_deal(world, status="draft", title="Not yet", members=False)
    with world.db.read() as session:
        seen = portfolio.deal_portfolio(session, world.actor("public"), world.city["Heidelberg"])
        inside = portfolio.deal_portfolio(session, world.actor("heidelberg_viewer"), world.city["Heidelberg"])
    assert (seen.complete, seen.deals, seen.commitments, seen.expected_t) == (False, 2, 3, 650.0)
    fields = {r.code: (r.deals, r.commitments, r.expected_t) for r in seen.by_action_field}
    assert fields == {"buildings_renovation": (1, 3, 650.0), "sustainable_mobility": (1, 0, 0.0)}
    goals = {r.code: (r.deals, r.commitments, r.expected_t) for r in seen.by_sdg}
    assert goals == {"7": (1, 3, 650.0), "11": (2, 3, 650.0)}  # 11 and 11.2 count once
    assert (inside.complete, inside.deals, inside.commitments, inside.expected_t) == (True, 2, 6, 1300.0)
    assert {r.code: r.expected_t for r in inside.by_sdg} == {"7": 650.0, "11": 1300.0}


def test_open_data_never_leaks_a_part_kept_back(world: World) -> None:
    signed_deal(world, public_parts=[])
    signed_deal(world, city="Kyoto", members=False, title="Kyoto roofs")
    with world.db.read() as session:
        everything = open_data.open_deals(session, today=TODAY)
        heidelberg = open_data.open_deals(session, city_id=world.city["Heidelberg"], today=TODAY)
    assert sorted(d.title for d in everything) == ["Kyoto roofs", "Warm homes, bright roofs"]
    as_csv = open_data.deals_csv(heidelberg)
    as_json = json.dumps(open_data.deals_json(heidelberg))
    for text in (as_csv, as_json):
        assert "Warm homes, bright roofs" in text
        assert not any(s in text for s in SECRETS + NAMES)
    table = list(csv.DictReader(io.StringIO(as_csv)))
    assert len(table) == 1 and table[0]["status"] == "implementing" and table[0]["commitment"] == ""
    kyoto = list(
        csv.DictReader(io.StringIO(open_data.deals_csv([d for d in everything if d.city == "Kyoto"])))
    )
    assert len(kyoto) == 3  # all parts public: one row per commitment
    assert {r["commitment_t_co2e_per_year"] for r in kyoto} == {"400.0", "250.0", ""}
    assert not any(name in open_data.deals_csv(everything) for name in NAMES)


def test_open_data_quotes_formulas(world: World) -> None:
    signed_deal(world, title="=HYPERLINK(1)")
    with world.db.read() as session:
        text = open_data.deals_csv(open_data.open_deals(session, today=TODAY))
    assert "'=HYPERLINK(1)" in text
