"""Evaluation runs: hand-computed rankings stored with their frozen inputs, published ones frozen,
recomputed to the same figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from citypact.services.errors import Conflict, InvalidInput, PermissionDenied
from citypact.services.procurement import bids, co2_prices, evaluations
from citypact.storage.models import AuditEntry
from tests.conftest import World
from tests.procurement_bids_fixture import AFTER, BEFORE, DIESEL, ELECTRIC, SECRET, Tender, tender


def submitted(world: World) -> Tender:
    t = tender(world)
    for who, org, values in (("busbau_seller", t.busbau, DIESEL), ("elektro_seller", t.elektro, ELECTRIC)):
        with world.db.write() as session:
            bids.submit_bid(
                session,
                world.actor(who),
                t.procurement_id,
                t.lot_id,
                org,
                values,
                secret_key=SECRET,
                now=BEFORE,
            )
    return t


def run(
    world: World, t: Tender, who: str = "heidelberg_editor", **options: object
) -> evaluations.EvaluationView:
    with world.db.write() as session:
        return evaluations.run_evaluation(
            session,
            world.actor(who),
            t.procurement_id,
            t.lot_id,
            secret_key=SECRET,
            now=AFTER,
            **options,
        )


def test_lcc_with_a_constant_co2_price_by_hand(world: World) -> None:
    """Rate 0: LCC = price + 12 x maintenance; CO2 cost = embodied t x 300 EUR/t.
    Busbau (diesel): 9,000,000 + 12 x 300,000 = 12,600,000; + 3,000 t x 300 = 13,500,000.
    Elektro: 15,000,000 + 12 x 150,000 = 16,800,000; + 1,200 t x 300 = 17,160,000."""
    t = submitted(world)
    view = run(world, t, method="lcc-co2", co2_price=300.0, discount_rate=0.0)
    ranking = view.result["ranking"]
    assert [(r["supplier"], r["lcc"], r["co2_cost"], r["evaluated_cost"]) for r in ranking] == [
        ("Busbau GmbH", 12_600_000.0, 900_000.0, 13_500_000.0),
        ("Elektro AG", 16_800_000.0, 360_000.0, 17_160_000.0),
    ]
    # The costs cross at (16.8M - 12.6M) / (3,000 - 1,200) t = 2,333.33 EUR/t: outside 0-1,000.
    assert view.result["switching_prices"] == []
    assert view.status == "draft" and view.inputs["schedule"]["key"] == "constant"
    assert view.inputs["schedule"]["prices"] == {"2000": 300.0}
    assert view.inputs["country"] == "DE" and view.inputs["year"] == 2026 and view.inputs["gwp"] == "AR5"
    assert view.inputs["lot_quantity"] == 30.0  # 20 Heidelberg + 10 Munich
    assert [b["supplier"] for b in view.inputs["bids"]] == ["Busbau GmbH", "Elektro AG"]
    with world.db.read() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "evaluate"))
        assert entry is not None and entry.after is not None and entry.after["method"] == "lcc-co2"


def test_ladder_discounts_by_hand(world: World) -> None:
    """ProRail: level 2 takes 2 %, level 5 takes 10 % off the price.
    Busbau 9,000,000 x 0.98 = 8,820,000; Elektro 15,000,000 x 0.90 = 13,500,000."""
    t = submitted(world)
    view = run(world, t, method="ladder")
    assert [(r["supplier"], r["evaluated_cost"]) for r in view.result["ranking"]] == [
        ("Busbau GmbH", pytest.approx(8_820_000.0)),
        ("Elektro AG", pytest.approx(13_500_000.0)),
    ]
    assert view.inputs["ladder_discounts"] == {"1": 0.01, "2": 0.02, "3": 0.04, "4": 0.07, "5": 0.1}


def test_a_shipped_schedule_is_frozen_with_its_version_and_prices(world: World) -> None:
    t = submitted(world)
    view = run(world, t, method="lcc-co2", schedule="de-behg")
    frozen = view.inputs["schedule"]
    assert frozen["key"] == "de-behg" and frozen["version"] and frozen["prices"]
    assert frozen["currency"] == "EUR"


def test_energy_tonnes_come_from_the_factor_library_with_their_source(world: World) -> None:
    """A diesel bus burning 1,000 GJ a year: yearly t = 1,000 x the library's factor; the CO2 cost
    at 100 EUR/t, rate 0, is 100 x (embodied + 12 x yearly)."""
    t = tender(world)
    diesel = {**DIESEL, "energy": [{"carrier": "Gas/Diesel Oil", "amount_per_year": 1000, "unit": "GJ"}]}
    with world.db.write() as session:
        bids.submit_bid(
            session,
            world.actor("busbau_seller"),
            t.procurement_id,
            t.lot_id,
            t.busbau,
            diesel,
            secret_key=SECRET,
            now=BEFORE,
        )
    view = run(world, t, method="lcc-co2", co2_price=100.0, discount_rate=0.0)
    source = view.inputs["tonnes"][0]["sources"][0]
    assert source["carrier"] == "Gas/Diesel Oil" and source["factor_source"]
    yearly = view.inputs["tonnes"][0]["yearly_t_co2e"]
    assert yearly == pytest.approx(1000 * source["t_co2e_per_unit"])
    assert 60 < yearly < 90  # diesel is about 74 t CO2 per TJ (IPCC 2006)
    row = view.result["ranking"][0]
    assert row["co2_cost"] == pytest.approx(100 * (3_000 + 12 * yearly))


def test_published_is_frozen_and_recomputes_to_the_same_figures(world: World) -> None:
    t = submitted(world)
    view = run(world, t, method="lcc-co2", schedule="de-behg", discount_rate=0.03)
    with world.db.write() as session:
        published = evaluations.publish(session, world.actor("heidelberg_editor"), view.id)
    assert published.status == "published" and published.published_at is not None
    with world.db.write() as session:
        again = evaluations.recompute(session, world.actor("heidelberg_editor"), view.id, secret_key=SECRET)
    assert again == published.result
    with pytest.raises(Conflict, match="never changes"), world.db.write() as session:
        evaluations.publish(session, world.actor("heidelberg_editor"), view.id)
    other = run(world, t, method="price")
    with pytest.raises(Conflict, match="published already"), world.db.write() as session:
        evaluations.publish(session, world.actor("heidelberg_editor"), other.id)


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"method": "cheapest"}, "method"),
        ({"method": "lcc-co2"}, "method"),
        ({"method": "lcc-co2", "schedule": "nowhere"}, "schedule"),
        ({"method": "lcc-co2", "schedule": "de-behg", "co2_price": 5.0}, "co2_price"),
        ({"method": "lcc", "discount_rate": 0.5}, "discount_rate"),
        ({"method": "lcc", "gwp": "SAR"}, "gwp"),
        ({"method": "meat", "weights": {"cost": 50}}, "weights"),
    ],
)
def test_bad_settings_name_their_field(world: World, options: dict[str, Any], field: str) -> None:
    t = submitted(world)
    with pytest.raises(InvalidInput) as error:
        run(world, t, **options)
    assert error.value.field == field


def test_only_the_lead_evaluates_and_never_before_the_deadline(world: World) -> None:
    t = submitted(world)
    with pytest.raises(PermissionDenied):
        run(world, t, who="kyoto_editor", method="price")
    with pytest.raises(Conflict, match="sealed"), world.db.write() as session:
        evaluations.run_evaluation(
            session,
            world.actor("admin"),
            t.procurement_id,
            t.lot_id,
            method="price",
            secret_key=SECRET,
            now=AFTER - dt.timedelta(hours=2),
        )


def test_a_citys_own_schedule_is_frozen_with_its_prices(world: World) -> None:
    """Heidelberg's own path, 200 EUR/t from 2025 (held after its last year), rate 0:
    Busbau 12,600,000 + 3,000 t x 200 = 13,200,000; Elektro 16,800,000 + 1,200 t x 200 = 17,040,000."""
    t = submitted(world)
    owner = f"city-{world.city['Heidelberg']}"
    with world.db.write() as session:
        co2_prices.add_schedule(
            session,
            world.actor("heidelberg_editor"),
            owner,
            {
                "key": "hd-shadow",
                "name": "Heidelberg shadow price",
                "publisher": "Stadt Heidelberg",
                "source": "Gemeinderatsbeschluss 2025",
                "currency": "EUR",
                "discounting": "like_costs",
                "prices": {"2025": "200"},
                "valid_from": "2025-01-01",
            },
        )
    view = run(world, t, method="lcc-co2", schedule=f"{owner}/hd-shadow/1", discount_rate=0.0)
    assert view.inputs["schedule"]["key"] == "hd-shadow" and view.inputs["schedule"]["prices"] == {
        "2025": 200.0
    }
    assert [r["evaluated_cost"] for r in view.result["ranking"]] == [13_200_000.0, 17_040_000.0]
