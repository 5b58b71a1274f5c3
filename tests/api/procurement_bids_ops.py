"""The bid endpoints' rows of the attack matrix (tests/api/test_attack_surface.py).

The records are made through the services with the clock set (bids submitted before a deadline that
has passed by now), then every role calls the endpoint for real.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.testclient import TestClient

from citypact.services.procurement import awards, bids, contracts, evaluations
from tests.conftest import World
from tests.procurement_bids_fixture import DIESEL, ELECTRIC, SECRET, tender

P = "/api/v1"
HEIDELBERG_STAFF = frozenset({"admin", "heidelberg_editor"})
PAST_DUE = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)
Ctx = dict[str, Any]
PAPER_CSV = (
    b"lot,supplier,price,quantity,lifetime_years,energy_carrier,energy_per_year,energy_unit,"
    b"energy_cost_per_year,maintenance_per_year,end_of_life_cost,residual_value,embodied_t_co2e,ladder_level\n"
    b"1,Papier KG,14000000,30,12,,,,,200000,,,1500,\n"
)


def open_tender(c: TestClient, w: World) -> Ctx:
    """A tender still open for bids (its deadline in a year)."""
    t = tender(w, bids_due=dt.datetime.now(dt.UTC) + dt.timedelta(days=365))
    return {"procurement": t.procurement_id, "lot": t.lot_id, "org": t.busbau}


def bids_due(c: TestClient, w: World) -> Ctx:
    """Two bids submitted before a deadline that has passed."""
    t = tender(w, bids_due=PAST_DUE)
    for who, org, values in (("busbau_seller", t.busbau, DIESEL), ("elektro_seller", t.elektro, ELECTRIC)):
        with w.db.write() as session:
            bids.submit_bid(
                session,
                w.actor(who),
                t.procurement_id,
                t.lot_id,
                org,
                values,
                secret_key=SECRET,
                now=PAST_DUE - dt.timedelta(days=1),
            )
    return {"procurement": t.procurement_id, "lot": t.lot_id, "participants": t.participants}


def evaluated(c: TestClient, w: World, *, publish: bool = True) -> Ctx:
    """At 3,000 EUR/t Elektro (ladder level 5) wins."""
    ctx = bids_due(c, w)
    with w.db.write() as session:
        view = evaluations.run_evaluation(
            session,
            w.actor("heidelberg_editor"),
            ctx["procurement"],
            ctx["lot"],
            method="lcc-co2",
            co2_price=3000.0,
            discount_rate=0.0,
            secret_key=SECRET,
        )
        if publish:
            evaluations.publish(session, w.actor("heidelberg_editor"), view.id)
    return {**ctx, "evaluation": view.id}


def draft(c: TestClient, w: World) -> Ctx:
    return evaluated(c, w, publish=False)


def awarded(c: TestClient, w: World) -> Ctx:
    ctx = evaluated(c, w)
    with w.db.write() as session:
        row = awards.award(
            session,
            w.actor("heidelberg_editor"),
            ctx["procurement"],
            ctx["lot"],
            evaluation_id=ctx["evaluation"],
            awarded_on="2025-04-01",
        )
    return {**ctx, "award": row.id}


def contracted(c: TestClient, w: World) -> Ctx:
    ctx = awarded(c, w)
    with w.db.write() as session:
        row = contracts.sign_contract(
            session, w.actor("heidelberg_editor"), ctx["award"], signed_on="2025-05-01", value=15_000_000
        )
    return {**ctx, "contract": row.id}


def ops(op: Any) -> list[Any]:
    """The rows, built with the matrix's own Op class."""
    return [
        op(
            "POST",
            f"{P}/procurements/{{procurement_id}}/lots/{{lot_id}}/bids",
            frozenset(),  # only a supplier's confirmed people: none of the matrix's roles, not even admin
            lambda c, w, x, h: c.post(
                f"{P}/procurements/{x['procurement']}/lots/{x['lot']}/bids",
                json={"organisation_id": x["org"], "price": 9_000_000, "lifetime_years": 12},
                headers=h,
            ),
            open_tender,
        ),
        op(
            "POST",
            f"{P}/procurements/{{procurement_id}}/bids/open",
            HEIDELBERG_STAFF,
            lambda c, w, x, h: c.post(f"{P}/procurements/{x['procurement']}/bids/open", headers=h),
            bids_due,
        ),
        op(
            "POST",
            f"{P}/procurements/{{procurement_id}}/bids/import",
            HEIDELBERG_STAFF,
            lambda c, w, x, h: c.post(
                f"{P}/procurements/{x['procurement']}/bids/import",
                files={"file": ("paper.csv", PAPER_CSV, "text/csv")},
                headers=h,
            ),
            bids_due,
        ),
        op(
            "POST",
            f"{P}/procurements/{{procurement_id}}/lots/{{lot_id}}/evaluations",
            HEIDELBERG_STAFF,
            lambda c, w, x, h: c.post(
                f"{P}/procurements/{x['procurement']}/lots/{x['lot']}/evaluations",
                json={"method": "lcc-co2", "co2_price": 300},
                headers=h,
            ),
            bids_due,
        ),
        op(
            "POST",
            f"{P}/procurement-evaluations/{{evaluation_id}}/publish",
            HEIDELBERG_STAFF,
            lambda c, w, x, h: c.post(f"{P}/procurement-evaluations/{x['evaluation']}/publish", headers=h),
            draft,
        ),
        op(
            "POST",
            f"{P}/procurement-evaluations/{{evaluation_id}}/recompute",
            HEIDELBERG_STAFF,
            lambda c, w, x, h: c.post(f"{P}/procurement-evaluations/{x['evaluation']}/recompute", headers=h),
            evaluated,
        ),
        op(
            "POST",
            f"{P}/procurements/{{procurement_id}}/lots/{{lot_id}}/award",
            HEIDELBERG_STAFF,
            lambda c, w, x, h: c.post(
                f"{P}/procurements/{x['procurement']}/lots/{x['lot']}/award",
                json={"evaluation_id": x["evaluation"], "awarded_on": "2025-04-01"},
                headers=h,
            ),
            evaluated,
        ),
        op(
            "POST",
            f"{P}/procurement-awards/{{award_id}}/plan",
            HEIDELBERG_STAFF,
            lambda c, w, x, h: c.post(
                f"{P}/procurement-awards/{x['award']}/plan",
                json={"city_id": w.city["Heidelberg"], "field": "transport"},
                headers=h,
            ),
            awarded,
        ),
        op(
            "POST",
            f"{P}/procurement-awards/{{award_id}}/contract",
            HEIDELBERG_STAFF,
            lambda c, w, x, h: c.post(
                f"{P}/procurement-awards/{x['award']}/contract",
                json={"signed_on": "2025-05-01", "value": 15000000},
                headers=h,
            ),
            awarded,
        ),
        op(
            "POST",
            f"{P}/procurement-contracts/{{contract_id}}/call-offs",
            HEIDELBERG_STAFF,  # the lead; Munich's own editors too (tests/api/test_procurement_bids_api.py)
            lambda c, w, x, h: c.post(
                f"{P}/procurement-contracts/{x['contract']}/call-offs",
                json={
                    "participant_id": x["participants"]["Munich"],
                    "quantity": 4,
                    "ordered_on": "2025-06-01",
                },
                headers=h,
            ),
            contracted,
        ),
        op(
            "POST",
            f"{P}/procurement-awards/{{award_id}}/ladder-misses",
            HEIDELBERG_STAFF,
            lambda c, w, x, h: c.post(
                f"{P}/procurement-awards/{x['award']}/ladder-misses",
                json={"achieved_level": 3, "recorded_on": "2026-01-10"},
                headers=h,
            ),
            awarded,
        ),
    ]
