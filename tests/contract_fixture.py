"""Test data of the Climate City Contract: a city with a target, inventories, plan measures with
money, and deals written straight to their tables (the deals' services are another part's)."""

from __future__ import annotations

import datetime as dt

from citypact.services.plans import action_plans, measure_money
from citypact.storage.deals import Deal, DealCommitment, DealParty
from citypact.storage.models import Organisation
from tests.conftest import World
from tests.factories import reported_inventory

D = dt.date


def contract_city(world: World, city: str = "Heidelberg") -> dict[str, int]:
    """Target 1000 t (2015) -> -50 % by 2030 (goal 500 t); inventories 2015: 1000 t, 2020: 800 t.
    Measures: "Retrofit" 100 t/a over 2025, EUR 3000.00 capex as two cost lines, 1000.00 secured
    (EU grant) and 500.00 sought (loan); "Bus lanes" 20 t/a, capex EUR 10.00 over 2026-2028 (no
    cost lines), opex EUR 1.00 a year; "Signage" without dates, reduction or money.
    Deals: "Harbour deal" implementing (commitments public, reductions public, KPIs not): the port's
    shore power (50 t/a, due mid 2026, KPI berths) and the city's support; "Bakery deal" a draft."""
    reported_inventory(world, city, 2015, 1000)
    reported_inventory(world, city, 2020, 800)
    editor = world.actor("admin")
    city_id = world.city[city]
    ids: dict[str, int] = {"city": city_id}
    with world.db.write() as session:
        action_plans.set_target(
            session, editor, city_id, base_year=2015, base_emissions_t=1, target_year=2030,
            reduction_pct=50, source="council decision 2019", from_inventory=True,
        )  # fmt: skip
        both = {"field": "buildings_residential", "instrument": "own_operations", "currency": "EUR"}
        retrofit = action_plans.save_plan_measure(
            session, editor, city_id,
            {**both, "title": "Retrofit", "expected_reduction_t": 100,
             "start_date": "2025-01-01", "end_date": "2025-12-31"},
        )  # fmt: skip
        bus = action_plans.save_plan_measure(
            session, editor, city_id,
            {**both, "title": "Bus lanes", "expected_reduction_t": 20, "capex": 10, "opex_per_year": 1,
             "start_date": "2026-01-01", "end_date": "2028-06-30"},
        )  # fmt: skip
        signage = action_plans.save_plan_measure(
            session, editor, city_id, {"field": "transport", "instrument": "soft", "title": "Signage"}
        )
        ids |= {"retrofit": retrofit.id, "bus": bus.id, "signage": signage.id}
        measure_money.add_cost(
            session,
            editor,
            city_id,
            retrofit.id,
            kind="capex",
            year_from=2025,
            year_to=2026,
            amount_minor=2000_01,
        )
        measure_money.add_cost(
            session,
            editor,
            city_id,
            retrofit.id,
            kind="capex",
            year_from=2027,
            year_to=2027,
            amount_minor=999_99,
        )
        measure_money.add_funding(
            session, editor, city_id, retrofit.id, source="eu_grant", status="secured", amount_minor=1000_00,
            label="LIFE",
        )  # fmt: skip
        measure_money.add_funding(
            session, editor, city_id, retrofit.id, source="loan", status="sought", amount_minor=500_00
        )
        port = Organisation(name="Port Ltd", kind="business", city_id=city_id, status="confirmed")
        session.add(port)
        session.flush()
        harbour = Deal(
            city_id=city_id, title="Harbour deal", action_field="sustainable_mobility", status="implementing",
            signed_on=D(2024, 6, 1), public_parts=["parties", "commitments", "reductions"],
        )  # fmt: skip
        draft = Deal(city_id=city_id, title="Bakery deal", action_field="farm_to_fork", status="draft")
        session.add_all([harbour, draft])
        session.flush()
        port_party = DealParty(deal_id=harbour.id, organisation_id=port.id, signed_on=D(2024, 6, 1))
        city_party = DealParty(deal_id=harbour.id, organisation_id=None, signed_on=D(2024, 5, 20))
        session.add_all([port_party, city_party])
        session.flush()
        shore = DealCommitment(
            deal_id=harbour.id, party_id=port_party.id, kind="action", title="Shore power",
            due_date=D(2026, 6, 1), kpi_name="berths with shore power", kpi_unit="berths", kpi_target=6,
            kpi_target_year=2026, expected_reduction_t=50,
        )  # fmt: skip
        support = DealCommitment(
            deal_id=harbour.id, party_id=city_party.id, kind="support", title="Grid connection permits"
        )
        session.add_all([shore, support])
        session.flush()
        ids |= {"harbour": harbour.id, "draft": draft.id, "shore": shore.id, "support": support.id}
    return ids
