"""Joint procurements of C40's members for the annual report's procurement section, with figures
computed by hand in the tests (on top of tests/annual_report_fixture.py's report world).

    "Electric buses" (tender published, Heidelberg leads; Heidelberg, Munich (not a member) and
    Hidden Town (a member that is not published) joined): one lot awarded on 2026-05-02 to
    Elektro AG on a published LCC + CO2 evaluation at a constant 3,000 EUR/t, rate 0:
    acquisition EUR 15,000,000 (1,500,000,000 cents), lifetime 1,200 t CO2e (declared embodied,
    no energy), CO2 cost 1,200 x 3,000 = EUR 3,600,000; contract signed 2026-06-01 for
    EUR 15,000,000.50. The losing bid (Busbau GmbH, EUR 9,000,000) never shows.
    "LED street lights" (tender published 2026-02-01, Heidelberg leads and joined, one lot, no award).
    "Secret heat pumps" (still forming: needs assessment, a tender milestone typed in 2026 anyway):
    never shown.

Report 2026: 2 procurements, 2 lots, 1 awarded, 1 contract, member cities Heidelberg (2),
EUR 1,500,000,000 cents awarded and 1,500,000,050 contracted, 1,200 t CO2e awarded, the CO2 price
3,000 EUR/t for 2026 in 1 lot. Report 2025: no procurement section.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from citypact.services.procurement import awards, bids, contracts, evaluations
from citypact.storage.procurement import Procurement, ProcurementMilestone, ProcurementParticipant
from tests.annual_report_fixture import ReportWorld, report_world
from tests.conftest import World
from tests.procurement_bids_fixture import AFTER, BEFORE, DIESEL, ELECTRIC, SECRET, tender

DIESEL_ENERGY = {**DIESEL, "energy": [{"carrier": "Gas/Diesel Oil", "amount_per_year": 1000, "unit": "GJ"}]}


@dataclass(frozen=True)
class ProcurementReportWorld:
    report: ReportWorld
    buses: int
    lights: int
    forming: int
    award_id: int


def procurement_report_world(world: World) -> ProcurementReportWorld:
    made = report_world(world)
    buses = tender(world)
    with world.db.write() as session:
        session.add(
            ProcurementParticipant(
                procurement_id=buses.procurement_id, city_id=made.hidden_city, status="joined",
                invited_on=dt.date(2026, 1, 5), joined_on=dt.date(2026, 1, 6),
            )
        )  # fmt: skip
    for who, org, values in (
        ("busbau_seller", buses.busbau, DIESEL_ENERGY),
        ("elektro_seller", buses.elektro, ELECTRIC),
    ):
        with world.db.write() as session:
            bids.submit_bid(
                session, world.actor(who), buses.procurement_id, buses.lot_id, org, values,
                secret_key=SECRET, now=BEFORE,
            )  # fmt: skip
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        view = evaluations.run_evaluation(
            session, editor, buses.procurement_id, buses.lot_id, method="lcc-co2", co2_price=3000.0,
            discount_rate=0.0, secret_key=SECRET, now=AFTER,
        )  # fmt: skip
        evaluations.publish(session, editor, view.id)
        award = awards.award(
            session,
            editor,
            buses.procurement_id,
            buses.lot_id,
            evaluation_id=view.id,
            awarded_on="2026-05-02",
        )
        award_id = award.id
    with world.db.write() as session:
        contracts.sign_contract(
            session, editor, award_id, signed_on="2026-06-01", value=15_000_000.5,
            start_on="2026-07-01", end_on="2030-06-30",
        )  # fmt: skip
    lights = tender(world)
    forming = tender(world, phase="needs_assessment")
    with world.db.write() as session:
        session.get_one(Procurement, lights.procurement_id).title = "LED street lights"
        session.get_one(Procurement, forming.procurement_id).title = "Secret heat pumps"
        for pid in (lights.procurement_id, forming.procurement_id):
            session.add(
                ProcurementMilestone(
                    procurement_id=pid, phase="tender_published", actual_on=dt.date(2026, 2, 1)
                )
            )
    return ProcurementReportWorld(
        made, buses.procurement_id, lights.procurement_id, forming.procurement_id, award_id
    )
