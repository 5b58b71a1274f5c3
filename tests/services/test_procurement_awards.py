"""Award on a published evaluation, each participant's cost, saving and CO2e avoided by hand, the
measure in its action plan, contract, call-off, ladder miss, the public notice and the OCDS export."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from citypact.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from citypact.services.procurement import awards, bids, contracts, evaluations, public
from citypact.storage.plans import PlanMeasure
from tests.conftest import World
from tests.formats.test_ocds import _validator
from tests.procurement_bids_fixture import AFTER, BEFORE, DIESEL, ELECTRIC, SECRET, Tender, tender

DIESEL_ENERGY = {**DIESEL, "energy": [{"carrier": "Gas/Diesel Oil", "amount_per_year": 1000, "unit": "GJ"}]}


def evaluated(world: World, *, publish: bool = True) -> tuple[Tender, evaluations.EvaluationView]:
    """At 3,000 EUR/t and rate 0 the electric bid wins:
    Busbau 12,600,000 + (3,000 + 12 x yearly) x 3,000 > Elektro 16,800,000 + 1,200 x 3,000 = 20,400,000."""
    t = tender(world)
    for who, org, values in (
        ("busbau_seller", t.busbau, DIESEL_ENERGY),
        ("elektro_seller", t.elektro, ELECTRIC),
    ):
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
    with world.db.write() as session:
        view = evaluations.run_evaluation(
            session,
            world.actor("heidelberg_editor"),
            t.procurement_id,
            t.lot_id,
            method="lcc-co2",
            co2_price=3000.0,
            discount_rate=0.0,
            secret_key=SECRET,
            now=AFTER,
        )
        if publish:
            view = evaluations.publish(session, world.actor("heidelberg_editor"), view.id)
    assert view.result["ranking"][0]["supplier"] == "Elektro AG"
    return t, view


def awarded(world: World) -> tuple[Tender, evaluations.EvaluationView, int]:
    t, view = evaluated(world)
    with world.db.write() as session:
        row = awards.award(
            session,
            world.actor("heidelberg_editor"),
            t.procurement_id,
            t.lot_id,
            evaluation_id=view.id,
            awarded_on="2026-05-02",
        )
        return t, view, row.id


def test_an_award_needs_a_published_evaluation_and_comes_once(world: World) -> None:
    t, view = evaluated(world, publish=False)
    with pytest.raises(Conflict, match="Publish"), world.db.write() as session:
        awards.award(
            session,
            world.actor("heidelberg_editor"),
            t.procurement_id,
            t.lot_id,
            evaluation_id=view.id,
            awarded_on="2026-05-02",
        )
    with world.db.write() as session:
        evaluations.publish(session, world.actor("heidelberg_editor"), view.id)
    with pytest.raises(PermissionDenied), world.db.write() as session:
        awards.award(
            session,
            world.actor("kyoto_editor"),
            t.procurement_id,
            t.lot_id,
            evaluation_id=view.id,
            awarded_on="2026-05-02",
        )
    with world.db.write() as session:
        awards.award(
            session,
            world.actor("heidelberg_editor"),
            t.procurement_id,
            t.lot_id,
            evaluation_id=view.id,
            awarded_on="2026-05-02",
        )
    with pytest.raises(Conflict, match="awarded already"), world.db.write() as session:
        awards.award(
            session,
            world.actor("heidelberg_editor"),
            t.procurement_id,
            t.lot_id,
            evaluation_id=view.id,
            awarded_on="2026-05-03",
        )


def test_shares_savings_and_co2e_avoided_by_hand(world: World) -> None:
    """Elektro's 15,000,000 EUR split 20:10 -> 10,000,000 and 5,000,000 EUR; saving against the
    estimates 13,000,000 and 7,000,000 -> 3,000,000 and 2,000,000 EUR. Reference (lowest price):
    Busbau, lifetime 3,000 + 12 x yearly t; Elektro 1,200 t; avoided split 2/3 and 1/3."""
    t, view, award_id = awarded(world)
    yearly = view.inputs["tonnes"][0]["yearly_t_co2e"]  # Busbau's diesel, from the factor library
    with world.db.write() as session:
        rows = awards.shares(session, world.actor("heidelberg_editor"), award_id, secret_key=SECRET)
    assert [(r.city, r.quantity, r.cost_minor, r.standalone_minor, r.saving_minor) for r in rows] == [
        ("Heidelberg", 20.0, 1_000_000_000, 1_300_000_000, 300_000_000),
        ("Munich", 10.0, 500_000_000, 700_000_000, 200_000_000),
    ]
    avoided = 3_000 + 12 * yearly - 1_200
    assert rows[0].avoided_t_co2e == pytest.approx(avoided * 2 / 3)
    assert rows[1].avoided_t_co2e == pytest.approx(avoided / 3)
    assert rows[0].avoided_t_co2e_per_year == pytest.approx(yearly * 2 / 3)
    assert {r.standalone_basis for r in rows} == {"estimate"}


def test_a_participant_carries_its_reduction_into_its_plan_once(world: World) -> None:
    t, view, award_id = awarded(world)
    yearly = view.inputs["tonnes"][0]["yearly_t_co2e"]
    munich = world.city["Munich"]
    with pytest.raises(PermissionDenied), world.db.write() as session:
        awards.carry_into_plan(
            session, world.actor("heidelberg_editor"), award_id, munich, field="transport", secret_key=SECRET
        )
    for _ in range(2):
        with world.db.write() as session:
            plan_id = awards.carry_into_plan(
                session,
                world.actor("heidelberg_editor"),
                award_id,
                world.city["Heidelberg"],
                field="transport",
                secret_key=SECRET,
            )
    with world.db.read() as session:
        plans = session.scalars(
            select(PlanMeasure).where(PlanMeasure.city_id == world.city["Heidelberg"])
        ).all()
        linked = [p for p in plans if p.id == plan_id]
        assert len(linked) == 1 and len([p for p in plans if p.title.startswith("Electric buses")]) == 1
        assert linked[0].expected_reduction_t == pytest.approx(round(yearly * 2 / 3, 3))
    with world.db.write() as session:
        shares = awards.shares(session, world.actor("heidelberg_editor"), award_id, secret_key=SECRET)
    assert shares[0].plan_measure_id == plan_id and shares[1].plan_measure_id is None


def test_contract_call_off_and_a_missed_ladder_level(world: World) -> None:
    t, _view, award_id = awarded(world)
    with pytest.raises(InvalidInput, match="end_on"), world.db.write() as session:
        contracts.sign_contract(
            session,
            world.actor("heidelberg_editor"),
            award_id,
            signed_on="2026-06-01",
            value=15_000_000,
            start_on="2026-07-01",
            end_on="2026-01-01",
        )
    with world.db.write() as session:
        contract = contracts.sign_contract(
            session,
            world.actor("heidelberg_editor"),
            award_id,
            signed_on="2026-06-01",
            value=15_000_000.5,
            start_on="2026-07-01",
            end_on="2030-06-30",
        )
        assert contract.value_minor == 1_500_000_050
        contract_id = contract.id
    munich = t.participants["Munich"]
    with pytest.raises(PermissionDenied), world.db.write() as session:
        contracts.call_off(
            session, world.actor("kyoto_editor"), contract_id, munich, quantity=4, ordered_on="2026-08-01"
        )
    with world.db.write() as session:
        row = contracts.call_off(
            session,
            world.actor("heidelberg_editor"),
            contract_id,
            munich,
            quantity=4,
            ordered_on="2026-08-01",
        )
        assert row.quantity == 4.0
    # Elektro's bid claimed level 5; it now holds 3.
    with pytest.raises(InvalidInput, match="from 0 to 4"), world.db.write() as session:
        contracts.record_ladder_miss(
            session, world.actor("heidelberg_editor"), award_id, achieved_level=5, recorded_on="2027-03-01"
        )
    with world.db.write() as session:
        miss = contracts.record_ladder_miss(
            session,
            world.actor("heidelberg_editor"),
            award_id,
            achieved_level=3,
            recorded_on="2027-03-01",
            note="certificate lapsed",
        )
        assert (miss.promised_level, miss.achieved_level) == (5, 3)


def test_the_public_notice_shows_the_winner_and_method_only(world: World) -> None:
    t, view, _award_id = awarded(world)
    with world.db.read() as session:
        [notice] = public.notices(session, t.procurement_id, now=AFTER)
    won = view.result["ranking"][0]
    assert notice.supplier == "Elektro AG" and notice.method == "lcc-co2"
    assert (notice.evaluated_cost, notice.lcc, notice.co2_cost) == (20_400_000.0, 16_800_000.0, 3_600_000.0)
    assert notice.evaluated_cost == won["evaluated_cost"] and notice.bids_received == 2
    assert notice.schedule is not None and notice.schedule["key"] == "constant"
    text = json.dumps(notice.__dict__, default=str)
    assert "Busbau" not in text and "9000000" not in text and "12600000" not in text


def test_ocds_export_is_valid_and_names_no_losing_bidder(world: World) -> None:
    t, _view, award_id = awarded(world)
    with world.db.write() as session:
        contracts.sign_contract(
            session, world.actor("heidelberg_editor"), award_id, signed_on="2026-06-01", value=15_000_000
        )
    with world.db.read() as session:
        package = public.ocds_package(session, t.procurement_id, prefix="ocds-213czf", now=AFTER)
    _validator().validate(package)
    release = package["releases"][0]
    roles = {p["name"]: p["roles"] for p in release["parties"]}
    assert roles == {
        "Heidelberg": ["buyer", "procuringEntity"],
        "Munich": ["buyer"],
        "Elektro AG": ["tenderer", "supplier"],
    }
    assert release["awards"][0]["value"] == {"amount": 15_000_000.0, "currency": "EUR"}
    assert release["contracts"][0]["value"]["amount"] == 15_000_000.0
    assert release["bids"]["statistics"][0]["value"] == 2 and release["tender"]["numberOfTenderers"] == 2
    assert release["tender"]["lots"][0]["id"] == "1"
    assert "Busbau" not in json.dumps(package)


def test_ocds_before_the_deadline_holds_no_bid_figure_and_needs_a_prefix(world: World) -> None:
    t = tender(world)
    with world.db.write() as session:
        bids.submit_bid(
            session,
            world.actor("busbau_seller"),
            t.procurement_id,
            t.lot_id,
            t.busbau,
            DIESEL,
            secret_key=SECRET,
            now=BEFORE,
        )
    with world.db.read() as session:
        package = public.ocds_package(session, t.procurement_id, prefix="ocds-213czf", now=BEFORE)
        with pytest.raises(Conflict, match="CITYPACT_OCID_PREFIX"):
            public.ocds_package(session, t.procurement_id, prefix=None, now=BEFORE)
        assert public.notices(session, t.procurement_id, now=BEFORE) == []
    _validator().validate(package)
    text = json.dumps(package)
    assert "bids" not in package["releases"][0] and "Busbau" not in text and "numberOfTenderers" not in text


def test_a_procurement_still_forming_is_not_public(world: World) -> None:
    t = tender(world, phase="needs_assessment")
    with world.db.read() as session, pytest.raises(NotFound):
        public.ocds_package(session, t.procurement_id, prefix="ocds-213czf")
