"""The attack surface: every write operation of the API against every role.

Each operation is set up on a fresh copy of the test database, then sent with each role's token.
The roles it allows succeed; the public gets 401; any other role gets 403 (or 404 where it may not
even see the record) and nothing is written: no row in any table changes in number, not even an
audit entry. `test_every_write_operation_is_in_the_matrix` fails when an endpoint is added without
joining the matrix, so a new endpoint cannot skip these checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from citypact.app import create_app
from citypact.config import Settings
from citypact.storage.models import Base
from tests.api.annual_report_ops import OPS as ANNUAL_REPORT_OPS
from tests.api.attack_procurement import OPS as PROCUREMENT_OPS
from tests.api.contract_ops import OPS as CONTRACT_OPS
from tests.api.credit_claims_ops import OPS as CREDIT_CLAIMS_OPS
from tests.api.credit_project_ops import OPS as CREDIT_PROJECT_OPS
from tests.api.deal_ops import OPS as DEAL_OPS
from tests.api.deal_progress_ops import OPS as DEAL_PROGRESS_OPS
from tests.api.first_inventory_ops import OPS as FIRST_INVENTORY_OPS
from tests.api.funding_programme_ops import OPS as FUNDING_PROGRAMME_OPS
from tests.api.idea_ops import OPS as IDEA_OPS
from tests.api.joint_project_ops import OPS as JOINT_PROJECT_OPS
from tests.api.offer_ops import OPS as OFFER_OPS
from tests.api.portal_ops import OPS as PORTAL_OPS
from tests.api.position_ops import OPS as POSITION_OPS
from tests.api.procurement_bids_ops import ops as procurement_bid_ops
from tests.api.scope_ops import OPS as SCOPE_OPS
from tests.api.stakeholder_ops import OPS as STAKEHOLDER_OPS
from tests.api.survey_ops import OPS as SURVEY_OPS
from tests.conftest import PASSWORD, World, bearer
from tests.factories import activity, complete_via_api, new_inventory

ROLES = (
    "public",
    "plain_user",
    "heidelberg_viewer",
    "heidelberg_editor",
    "kyoto_editor",
    "c40_secretariat",
    "admin",
)
HEIDELBERG_STAFF = frozenset({"admin", "heidelberg_editor"})
KYOTO_STAFF = frozenset({"admin", "kyoto_editor"})
C40_STAFF = frozenset({"admin", "c40_secretariat"})
SIGNED_IN = frozenset(ROLES) - {"public"}

ACTIVITY_CSV = (
    b"gpc_ref,fuel,amount,unit,notation_key,explanation,source\nI.1.1,Natural Gas,1000,MWh,,,bills\n"
)

CDP_CSV = (
    b"Account Number,Organization,City,Country,CDP reporting year,Inventory accounting year,"
    b"Total Scope 1 Emissions (metric tonnes CO2e),Population,Population year\n"
    b"99001,City of Heidelberg,Heidelberg,Germany,2019,2017,1000000,160000,2017\n"
)

Ctx = dict[str, Any]
Call = Callable[[TestClient, World, Ctx, dict[str, str]], httpx.Response]


@dataclass(frozen=True)
class Op:
    method: str
    path: str  # the OpenAPI path template the call exercises
    allowed: frozenset[str]
    call: Call
    setup: Callable[[TestClient, World], Ctx] = lambda c, w: {}

    @property
    def name(self) -> str:
        return f"{self.method} {self.path}"


def _ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


def _as(world: World, who: str) -> dict[str, str]:
    return bearer(world, who)


# --- set-ups: the records an operation acts on, made by the people who may make them ----------------

CO2_VERSION = {
    "name": "Heidelberg shadow price",
    "publisher": "Stadt Heidelberg",
    "source": "council decision",
    "currency": "EUR",
    "discounting": "like_costs",
    "valid_from": "2026-01-01",
    "prices": {"2026": 300},
}
CO2_SCHEDULE = {"key": "city-price", **CO2_VERSION}


def _co2_schedule(client: TestClient, world: World) -> Ctx:
    created = client.post(
        f"{P}/co2-prices/city-{world.city['Heidelberg']}", json=CO2_SCHEDULE, headers=_as(world, "admin")
    )
    return {"schedule": _ok(created)["ref"]}


def _inventory(c: TestClient, w: World) -> Ctx:
    inventory = new_inventory(w)
    row = {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 10, "unit": "MWh"}
    return {"inventory": inventory, "record": activity(w, inventory, row)}


def _complete_inventory(c: TestClient, w: World) -> Ctx:
    """An inventory every BASIC reference of which has an amount or the notation key NO."""
    ctx = _inventory(c, w)
    complete_via_api(c, _as(w, "heidelberg_editor"), ctx["inventory"])
    return ctx


def _warned_inventory(c: TestClient, w: World) -> Ctx:
    """An inventory whose row is entered twice: a duplicate-row warning to acknowledge."""
    ctx = _inventory(c, w)
    hd = _as(w, "heidelberg_editor")
    row = {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 10, "unit": "MWh"}
    _ok(c.post(f"/api/v1/inventories/{ctx['inventory']}/activities", json=row, headers=hd))
    warnings = _ok(c.get(f"/api/v1/inventories/{ctx['inventory']}", headers=hd))["warnings"]
    return ctx | {"warning": warnings[0]["key"]}


def _statistic(c: TestClient, w: World) -> Ctx:
    made = c.post(
        f"/api/v1/cities/{w.city['Heidelberg']}/statistics",
        json={
            "year": 2023,
            "variable": "population",
            "value": 163000,
            "source": "Stadt",
            "data_quality": "high",
        },
        headers=_as(w, "heidelberg_editor"),
    )
    return {"statistic": _ok(made)["id"]}


def _plan_measure(c: TestClient, w: World) -> Ctx:
    hd = _as(w, "heidelberg_editor")
    base = f"/api/v1/cities/{w.city['Heidelberg']}/plan"
    plan = _ok(
        c.post(
            f"{base}/measures",
            json={"title": "LED lights", "field": "energy_supply", "instrument": "own_operations"},
            headers=hd,
        )
    )
    milestone = _ok(
        c.post(
            f"{base}/measures/{plan['id']}/milestones",
            json={"title": "Tender", "due_date": "2027-01-01"},
            headers=hd,
        )
    )
    kpi = _ok(
        c.post(
            f"{base}/measures/{plan['id']}/kpis",
            json={"name": "Lights", "unit": "count", "target": 100, "target_year": 2030},
            headers=hd,
        )
    )
    return {"plan": plan["id"], "milestone": milestone["id"], "kpi": kpi["id"]}


def _partnership(c: TestClient, w: World, *, declared: bool = False, partner: str = "Kyoto") -> Ctx:
    """Heidelberg proposes to a partner; declared: the partner (Kyoto's editor, else the
    administrator) accepts and both sign."""
    hd = _as(w, "heidelberg_editor")
    ky = _as(w, "kyoto_editor" if partner == "Kyoto" else "admin")
    heidelberg, kyoto = w.city["Heidelberg"], w.city[partner]
    made = _ok(
        c.post(
            "/api/v1/partnerships",
            json={
                "city_id": heidelberg,
                "title": "Heat planning",
                "kind": "peer",
                "partners": [{"city_id": kyoto, "role": "partner"}],
                "network": "c40",
            },
            headers=hd,
        )
    )
    pid = made["id"]
    if declared:
        _ok(c.post(f"/api/v1/partnerships/{pid}/accept", json={"city_id": kyoto}, headers=ky))
        _ok(c.post(f"/api/v1/partnerships/{pid}/sign", json={"city_id": heidelberg}, headers=hd))
        _ok(c.post(f"/api/v1/partnerships/{pid}/sign", json={"city_id": kyoto}, headers=ky))
    return {"partnership": pid}


def _declared(c: TestClient, w: World) -> Ctx:
    ctx = _partnership(c, w, declared=True)
    pid, hd = ctx["partnership"], _as(w, "heidelberg_editor")
    ctx["goal"] = _ok(c.post(f"/api/v1/partnerships/{pid}/goals", json={"text": "Heat plan"}, headers=hd))[
        "id"
    ]
    ctx["task"] = _ok(c.post(f"/api/v1/partnerships/{pid}/tasks", json={"title": "Data"}, headers=hd))["id"]
    return ctx


def _twinned(c: TestClient, w: World) -> Ctx:
    """A declared partnership of Heidelberg and its twin town Kumamoto, so there is history to import."""
    return _partnership(c, w, declared=True, partner="Kumamoto")


def _accepted_by_kyoto(c: TestClient, w: World) -> Ctx:
    ctx = _partnership(c, w)
    _ok(
        c.post(
            f"/api/v1/partnerships/{ctx['partnership']}/accept",
            json={"city_id": w.city["Kyoto"]},
            headers=_as(w, "kyoto_editor"),
        )
    )
    return ctx


def _event(c: TestClient, w: World) -> Ctx:
    ctx = _declared(c, w)
    event = c.post(
        f"/api/v1/partnerships/{ctx['partnership']}/events",
        json={"kind": "kickoff", "title": "Kick-off", "starts_on": "2027-03-01"},
        headers=_as(w, "heidelberg_editor"),
    )
    ctx["event"] = _ok(event)["id"]
    return ctx


def _event_with_kyoto(c: TestClient, w: World) -> Ctx:
    ctx = _event(c, w)
    added = c.post(
        f"/api/v1/events/{ctx['event']}/participants",
        json={"city_id": w.city["Kyoto"], "role": "participant"},
        headers=_as(w, "heidelberg_editor"),
    )
    assert added.status_code in (200, 201), added.text
    return ctx


def _cooperation(c: TestClient, w: World) -> Ctx:
    made = c.post(
        f"/api/v1/cities/{w.city['Heidelberg']}/cooperation",
        json={"kind": "offer", "field": "energy_supply", "support": "training"},
        headers=_as(w, "heidelberg_editor"),
    )
    return {"item": _ok(made)["id"]}


def _invited(c: TestClient, w: World) -> Ctx:
    made = c.post(
        f"{P}/networks/c40/invitations", json={"city_id": w.city[HD]}, headers=_as(w, "c40_secretariat")
    )
    assert made.status_code == 204, made.text
    return {}


def _asked(c: TestClient, w: World) -> Ctx:
    _ok(
        c.post(
            f"{P}/networks/c40/requests", json={"city_id": w.city[HD]}, headers=_as(w, "heidelberg_editor")
        )
    )
    return {}


def _answer(answer: str) -> Call:
    return lambda c, w, x, h: c.post(f"{P}/networks/c40/pending/{w.city[HD]}/{answer}", headers=h)


# --- the matrix ---------------------------------------------------------------------------------------

P = "/api/v1"
HD = "Heidelberg"

OPS: list[Op] = [
    *(Op(*spec) for spec in JOINT_PROJECT_OPS),  # joint infrastructure projects
    *(Op(*spec) for spec in IDEA_OPS),  # the House of Change
    *(Op(*spec) for spec in DEAL_OPS),  # Local Green Deals
    *(Op(*spec) for spec in DEAL_PROGRESS_OPS),  # progress of Local Green Deals
    *(Op(*spec) for spec in CREDIT_PROJECT_OPS),  # joint carbon-credit projects
    *(Op(*spec) for spec in CREDIT_CLAIMS_OPS),  # credit accounts: the ledger's actions
    # registry, accounts, networks
    Op(
        "POST",
        f"{P}/cities",
        frozenset({"admin"}),
        lambda c, w, x, h: c.post(
            f"{P}/cities", json={"name": "Freiburg", "country": "DE", "lat": 47.99, "lon": 7.85}, headers=h
        ),
    ),
    Op(
        "PATCH",
        f"{P}/cities/{{city_id}}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.patch(f"{P}/cities/{w.city[HD]}", json={"description": "Bahnstadt"}, headers=h),
    ),
    Op(
        "POST",
        f"{P}/cities/{{city_id}}/statistics",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/cities/{w.city[HD]}/statistics",
            json={
                "year": 2024,
                "variable": "population",
                "value": 160000,
                "source": "S",
                "data_quality": "high",
            },
            headers=h,
        ),
    ),
    Op(
        "DELETE",
        f"{P}/cities/{{city_id}}/statistics/{{statistic_id}}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.delete(f"{P}/cities/{w.city[HD]}/statistics/{x['statistic']}", headers=h),
        _statistic,
    ),
    Op(
        "POST",
        f"{P}/networks/{{slug}}/invitations",
        C40_STAFF,
        lambda c, w, x, h: c.post(f"{P}/networks/c40/invitations", json={"city_id": w.city[HD]}, headers=h),
    ),
    Op(
        "POST",
        f"{P}/networks/{{slug}}/requests",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(f"{P}/networks/c40/requests", json={"city_id": w.city[HD]}, headers=h),
    ),
    # The asked side accepts; either side declines (or withdraws).
    Op(
        "POST",
        f"{P}/networks/{{slug}}/pending/{{city_id}}/accept",
        HEIDELBERG_STAFF,
        _answer("accept"),
        _invited,
    ),
    Op("POST", f"{P}/networks/{{slug}}/pending/{{city_id}}/accept", C40_STAFF, _answer("accept"), _asked),
    Op(
        "POST",
        f"{P}/networks/{{slug}}/pending/{{city_id}}/decline",
        HEIDELBERG_STAFF | C40_STAFF,
        _answer("decline"),
        _invited,
    ),
    Op(
        "POST",
        f"{P}/networks/{{slug}}/pending/{{city_id}}/decline",
        HEIDELBERG_STAFF | C40_STAFF,
        _answer("decline"),
        _asked,
    ),
    Op(
        "DELETE",
        f"{P}/networks/{{slug}}/members/{{city_id}}",
        C40_STAFF | KYOTO_STAFF,  # the secretariat, or the city leaving
        lambda c, w, x, h: c.delete(f"{P}/networks/c40/members/{w.city['Kyoto']}", headers=h),
    ),
    Op(
        "POST",
        f"{P}/users",
        frozenset({"admin"}),
        lambda c, w, x, h: c.post(
            f"{P}/users",
            json={"email": "new@test.example", "name": "New", "password": "Zq8#unusual-phrase"},
            headers=h,
        ),
    ),
    Op(
        "POST",
        f"{P}/users/{{user_id}}/memberships",
        frozenset({"admin"}),
        lambda c, w, x, h: c.post(
            f"{P}/users/{w.users['plain_user']}/memberships",
            json={"role": "city_editor", "scope_id": w.city[HD]},
            headers=h,
        ),
    ),
    Op(
        "POST",
        f"{P}/me/password",
        SIGNED_IN,
        lambda c, w, x, h: c.post(
            f"{P}/me/password",
            json={"current_password": PASSWORD, "new_password": "lanterns over the Kamo river"},
            headers=h,
        ),
    ),
    Op(
        "DELETE",
        f"{P}/users/{{user_id}}/sessions",
        frozenset({"admin", "plain_user"}),  # administrators, and the user themself
        lambda c, w, x, h: c.delete(f"{P}/users/{w.users['plain_user']}/sessions", headers=h),
    ),
    Op(
        "POST",
        f"{P}/tokens",
        SIGNED_IN,
        lambda c, w, x, h: c.post(f"{P}/tokens", json={"name": "script"}, headers=h),
    ),
    Op(
        "DELETE",
        f"{P}/tokens/{{token_id}}",
        frozenset({"heidelberg_editor", "admin"}),  # one's own token; administrators revoke any
        lambda c, w, x, h: c.delete(f"{P}/tokens/{x['token']}", headers=h),
        lambda c, w: {
            "token": _ok(c.post(f"{P}/tokens", json={"name": "t"}, headers=_as(w, "heidelberg_editor")))["id"]
        },
    ),
    # inventories
    Op(
        "POST",
        f"{P}/cities/{{city_id}}/inventories",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(f"{P}/cities/{w.city[HD]}/inventories", json={"year": 2021}, headers=h),
    ),
    Op(
        "POST",
        f"{P}/inventories/{{inventory_id}}/import",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/inventories/{x['inventory']}/import",
            files={"file": ("activity.csv", ACTIVITY_CSV, "text/csv")},
            headers=h,
        ),
        _inventory,
    ),
    Op(
        "POST",
        f"{P}/inventories/{{inventory_id}}/activities",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/inventories/{x['inventory']}/activities",
            json={"gpc_ref": "I.1.2", "fuel": "electricity", "amount": 5, "unit": "MWh"},
            headers=h,
        ),
        _inventory,
    ),
    Op(
        "POST",
        f"{P}/inventories/{{inventory_id}}/waste",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/inventories/{x['inventory']}/waste",
            json={
                "method": "biological_treatment",
                "gpc_ref": "III.2.1",
                "parameters": {"treated_t": {"composting": 1000.0}},
                "source": "waste statistics",
            },
            headers=h,
        ),
        _inventory,
    ),
    Op(
        "PATCH",
        f"{P}/inventories/{{inventory_id}}/activities/{{record_id}}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.patch(
            f"{P}/inventories/{x['inventory']}/activities/{x['record']}", json={"amount": 20}, headers=h
        ),
        _inventory,
    ),
    Op(
        "DELETE",
        f"{P}/inventories/{{inventory_id}}/activities/{{record_id}}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.delete(f"{P}/inventories/{x['inventory']}/activities/{x['record']}", headers=h),
        _inventory,
    ),
    Op(
        "POST",
        f"{P}/inventories/{{inventory_id}}/status",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/inventories/{x['inventory']}/status", json={"status": "submitted"}, headers=h
        ),
        _complete_inventory,
    ),
    Op(
        "POST",
        f"{P}/inventories/{{inventory_id}}/warnings/{{warning_key}}/acknowledge",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/inventories/{x['inventory']}/warnings/{x['warning']}/acknowledge",
            json={"reason": "two equal deliveries"},
            headers=h,
        ),
        _warned_inventory,
    ),
    Op(
        "POST",
        f"{P}/inventories/{{inventory_id}}/recalculate",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/inventories/{x['inventory']}/recalculate", json={"gwp": "AR6"}, headers=h
        ),
        _inventory,
    ),
    Op(
        "POST",
        f"{P}/imports/cdp",
        frozenset({"admin"}),
        lambda c, w, x, h: c.post(
            f"{P}/imports/cdp",
            files={"file": ("cdp.csv", CDP_CSV, "text/csv")},
            headers=h,
        ),
    ),
    # cases and action plans
    Op(
        "POST",
        f"{P}/cities/{{city_id}}/cases",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/cities/{w.city[HD]}/cases",
            json={
                "title": "Bahnstadt",
                "summary": "A passive-house district.",
                "field": "buildings_residential",
                "instrument": "regulatory",
                "implementation": "implemented",
            },
            headers=h,
        ),
    ),
    Op(
        "POST",
        f"{P}/cities/{{city_id}}/plan/measures",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/cities/{w.city[HD]}/plan/measures",
            json={"title": "Bike lanes", "field": "transport", "instrument": "own_operations"},
            headers=h,
        ),
    ),
    Op(
        "PATCH",
        f"{P}/cities/{{city_id}}/plan/measures/{{plan_id}}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.patch(
            f"{P}/cities/{w.city[HD]}/plan/measures/{x['plan']}",
            json={"responsible": "Energy office"},
            headers=h,
        ),
        _plan_measure,
    ),
    Op(
        "POST",
        f"{P}/cities/{{city_id}}/plan/measures/{{plan_id}}/cancel",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/cities/{w.city[HD]}/plan/measures/{x['plan']}/cancel", json={"cancelled": True}, headers=h
        ),
        _plan_measure,
    ),
    Op(
        "POST",
        f"{P}/cities/{{city_id}}/plan/measures/{{plan_id}}/milestones",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/cities/{w.city[HD]}/plan/measures/{x['plan']}/milestones",
            json={"title": "Award", "due_date": "2027-06-01"},
            headers=h,
        ),
        _plan_measure,
    ),
    Op(
        "POST",
        f"{P}/cities/{{city_id}}/plan/milestones/{{milestone_id}}/done",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/cities/{w.city[HD]}/plan/milestones/{x['milestone']}/done",
            json={"done_date": "2026-11-01"},
            headers=h,
        ),
        _plan_measure,
    ),
    Op(
        "POST",
        f"{P}/cities/{{city_id}}/plan/measures/{{plan_id}}/kpis",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/cities/{w.city[HD]}/plan/measures/{x['plan']}/kpis",
            json={"name": "kWh saved", "unit": "kWh", "target": 1000, "target_year": 2030},
            headers=h,
        ),
        _plan_measure,
    ),
    Op(
        "POST",
        f"{P}/cities/{{city_id}}/plan/kpis/{{kpi_id}}/values",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/cities/{w.city[HD]}/plan/kpis/{x['kpi']}/values",
            json={"year": 2026, "value": 40, "source": "count"},
            headers=h,
        ),
        _plan_measure,
    ),
    Op(
        "PUT",
        f"{P}/cities/{{city_id}}/target",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.put(
            f"{P}/cities/{w.city[HD]}/target",
            json={
                "base_year": 2010,
                "base_emissions_t": 1_000_000,
                "target_year": 2040,
                "reduction_pct": 95,
                "source": "council decision",
            },
            headers=h,
        ),
    ),
    Op(
        "POST",
        f"{P}/cities/{{city_id}}/plan/import",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/cities/{w.city[HD]}/plan/import",
            files={
                "file": (
                    "plan.csv",
                    b"title,field,instrument\nHeat pumps,buildings_residential,fiscal\n",
                    "text/csv",
                )
            },
            headers=h,
        ),
    ),
    # benchmark rounds and matching
    Op(
        "POST",
        f"{P}/networks/{{slug}}/benchmark-rounds",
        C40_STAFF,
        lambda c, w, x, h: c.post(f"{P}/networks/c40/benchmark-rounds", json={"title": "Spring"}, headers=h),
    ),
    Op(
        "PUT",
        f"{P}/networks/{{slug}}/match-weights/{{goal}}",
        C40_STAFF,
        lambda c, w, x, h: c.put(
            f"{P}/networks/c40/match-weights/peer", json={"weights": {"conditions": 2}}, headers=h
        ),
    ),
    Op(
        "POST",
        f"{P}/cities/{{city_id}}/cooperation",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/cities/{w.city[HD]}/cooperation",
            json={"kind": "need", "field": "transport", "support": "site_visit"},
            headers=h,
        ),
    ),
    Op(
        "DELETE",
        f"{P}/cities/{{city_id}}/cooperation/{{item_id}}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.delete(f"{P}/cities/{w.city[HD]}/cooperation/{x['item']}", headers=h),
        _cooperation,
    ),
    # partnerships
    Op(
        "POST",
        f"{P}/partnerships",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/partnerships",
            json={
                "city_id": w.city[HD],
                "title": "Heat planning",
                "kind": "peer",
                "partners": [{"city_id": w.city["Kyoto"]}],
            },
            headers=h,
        ),
    ),
    Op(
        "PATCH",
        f"{P}/partnerships/{{partnership_id}}",
        frozenset({"admin", "heidelberg_editor", "kyoto_editor"}),
        lambda c, w, x, h: c.patch(
            f"{P}/partnerships/{x['partnership']}", json={"title": "Heat"}, headers={**h, "If-Match": "*"}
        ),
        _declared,
    ),
    Op(
        "POST",
        f"{P}/partnerships/{{partnership_id}}/accept",
        KYOTO_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/partnerships/{x['partnership']}/accept", json={"city_id": w.city["Kyoto"]}, headers=h
        ),
        _partnership,
    ),
    Op(
        "POST",
        f"{P}/partnerships/{{partnership_id}}/decline",
        KYOTO_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/partnerships/{x['partnership']}/decline", json={"city_id": w.city["Kyoto"]}, headers=h
        ),
        _partnership,
    ),
    Op(
        "POST",
        f"{P}/partnerships/{{partnership_id}}/withdraw",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(f"{P}/partnerships/{x['partnership']}/withdraw", json={}, headers=h),
        _partnership,
    ),
    Op(
        "POST",
        f"{P}/partnerships/{{partnership_id}}/sign",
        KYOTO_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/partnerships/{x['partnership']}/sign", json={"city_id": w.city["Kyoto"]}, headers=h
        ),
        _accepted_by_kyoto,
    ),
    Op(
        "POST",
        f"{P}/partnerships/{{partnership_id}}/status",
        frozenset({"admin", "heidelberg_editor", "kyoto_editor"}),
        lambda c, w, x, h: c.post(
            f"{P}/partnerships/{x['partnership']}/status", json={"status": "active"}, headers=h
        ),
        _declared,
    ),
    Op(
        "POST",
        f"{P}/partnerships/{{partnership_id}}/members",
        frozenset({"admin", "heidelberg_editor", "kyoto_editor"}),
        lambda c, w, x, h: c.post(
            f"{P}/partnerships/{x['partnership']}/members",
            json={"city_id": w.city["Munich"], "role": "observer"},
            headers=h,
        ),
        _declared,
    ),
    Op(
        "POST",
        f"{P}/partnerships/{{partnership_id}}/goals",
        frozenset({"admin", "heidelberg_editor", "kyoto_editor"}),
        lambda c, w, x, h: c.post(
            f"{P}/partnerships/{x['partnership']}/goals", json={"text": "Share data"}, headers=h
        ),
        _declared,
    ),
    Op(
        "PATCH",
        f"{P}/partnerships/{{partnership_id}}/goals/{{goal_id}}",
        frozenset({"admin", "heidelberg_editor", "kyoto_editor"}),
        lambda c, w, x, h: c.patch(
            f"{P}/partnerships/{x['partnership']}/goals/{x['goal']}", json={"status": "achieved"}, headers=h
        ),
        _declared,
    ),
    Op(
        "POST",
        f"{P}/partnerships/{{partnership_id}}/tasks",
        frozenset({"admin", "heidelberg_editor", "kyoto_editor"}),
        lambda c, w, x, h: c.post(
            f"{P}/partnerships/{x['partnership']}/tasks", json={"title": "Visit"}, headers=h
        ),
        _declared,
    ),
    Op(
        "POST",
        f"{P}/partnerships/{{partnership_id}}/tasks/{{task_id}}/done",
        frozenset({"admin", "heidelberg_editor", "kyoto_editor"}),
        lambda c, w, x, h: c.post(
            f"{P}/partnerships/{x['partnership']}/tasks/{x['task']}/done", json={}, headers=h
        ),
        _declared,
    ),
    Op(
        "POST",
        f"{P}/partnerships/{{partnership_id}}/exchanges",
        frozenset({"admin", "heidelberg_editor", "kyoto_editor"}),
        lambda c, w, x, h: c.post(
            f"{P}/partnerships/{x['partnership']}/exchanges",
            json={"kind": "webinar", "title": "Heat data", "happened_on": "2026-10-01"},
            headers=h,
        ),
        _declared,
    ),
    Op(
        "POST",
        f"{P}/partnerships/{{partnership_id}}/twinning-import",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(f"{P}/partnerships/{x['partnership']}/twinning-import", headers=h),
        _twinned,
    ),
    # events
    Op(
        "POST",
        f"{P}/partnerships/{{partnership_id}}/events",
        frozenset({"admin", "heidelberg_editor", "kyoto_editor"}),
        lambda c, w, x, h: c.post(
            f"{P}/partnerships/{x['partnership']}/events",
            json={"kind": "webinar", "title": "Heat data", "starts_on": "2027-02-01"},
            headers=h,
        ),
        _declared,
    ),
    Op(
        "POST",
        f"{P}/networks/{{slug}}/events",
        C40_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/networks/c40/events",
            json={"kind": "sprint", "title": "Heat sprint", "starts_on": "2027-02-01"},
            headers=h,
        ),
    ),
    Op(
        "PATCH",
        f"{P}/events/{{event_id}}",
        frozenset({"admin", "heidelberg_editor", "kyoto_editor"}),
        lambda c, w, x, h: c.patch(f"{P}/events/{x['event']}", json={"place": "Heidelberg"}, headers=h),
        _event,
    ),
    Op(
        "POST",
        f"{P}/events/{{event_id}}/participants",
        frozenset({"admin", "heidelberg_editor", "kyoto_editor"}),
        lambda c, w, x, h: c.post(
            f"{P}/events/{x['event']}/participants",
            json={"city_id": w.city["Kyoto"], "people_count": 3},
            headers=h,
        ),
        _event,
    ),
    Op(
        "DELETE",
        f"{P}/events/{{event_id}}/participants/{{city_id}}",
        frozenset({"admin", "heidelberg_editor", "kyoto_editor"}),
        lambda c, w, x, h: c.delete(f"{P}/events/{x['event']}/participants/{w.city['Kyoto']}", headers=h),
        _event_with_kyoto,
    ),
    # CO2 price schedules (issue 17): a city's editors add its schedules and their versions
    Op(
        "POST",
        f"{P}/co2-prices/{{owner}}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/co2-prices/city-{w.city['Heidelberg']}", json=CO2_SCHEDULE, headers=h
        ),
    ),
    Op(
        "POST",
        f"{P}/co2-prices/{{owner}}/{{key}}",
        HEIDELBERG_STAFF,
        lambda c, w, x, h: c.post(
            f"{P}/co2-prices/city-{w.city['Heidelberg']}/city-price",
            json={**CO2_VERSION, "valid_from": "2027-01-01", "prices": {"2027": 320}},
            headers=h,
        ),
        _co2_schedule,
    ),
]
OPS += procurement_bid_ops(Op)

OPS.extend(Op(*op) for op in PROCUREMENT_OPS)
OPS.extend(Op(*op) for op in CONTRACT_OPS)  # a plan measure's costs and funding
OPS.extend(Op(*op) for op in STAKEHOLDER_OPS)
OPS.extend(Op(*op) for op in FUNDING_PROGRAMME_OPS)  # the funding catalogue and applications
OPS.extend(Op(*op) for op in OFFER_OPS)  # business matchmaking
OPS.extend(Op(*op) for op in FIRST_INVENTORY_OPS)  # first inventory for beginners
OPS.extend(Op(*op) for op in ANNUAL_REPORT_OPS)  # publishing a network's annual report
OPS.extend(Op(*op) for op in SURVEY_OPS)  # survey rounds
OPS.extend(Op(*op) for op in PORTAL_OPS)  # a network's news
OPS.extend(Op(*op) for op in POSITION_OPS)  # joint positions
OPS.extend(Op(*op) for op in SCOPE_OPS)  # maintaining the national scopes of action

# Writes that have no role to check, each tested on its own (tests/api/test_authorization.py).
OUTSIDE_THE_MATRIX = {
    "POST /api/v1/session": "logging in is for everyone; throttled, see test_login_throttle",
    "DELETE /api/v1/session": "logging out ends one's own session; 401 without one",
}


def _row_counts(world: World) -> dict[str, int]:
    """The number of rows of every table: a refused request changes none of them."""
    with world.db.read() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


# Each allowed role on a fresh database; all refused roles one after another on another, since
# they change nothing. Half the databases of one per role and operation.
CASES = [(op, role) for op in OPS for role in [None, *sorted(op.allowed)]]


@pytest.mark.parametrize(("op", "role"), CASES, ids=[f"{op.name}-{role or 'refused'}" for op, role in CASES])
def test_write_operation_obeys_role(client: TestClient, world: World, op: Op, role: str | None) -> None:
    ctx = op.setup(client, world)
    before = _row_counts(world)
    if role is not None:
        response = op.call(client, world, ctx, bearer(world, role))
        assert response.status_code in (200, 201, 204), response.text
        assert _row_counts(world)["audit_entry"] > before["audit_entry"], (
            "an allowed change leaves an audit entry"
        )
        return
    for refused in (r for r in ROLES if r not in op.allowed):
        response = op.call(client, world, ctx, bearer(world, refused))
        expected = (401,) if refused == "public" else (403, 404)
        assert response.status_code in expected, f"{refused}: {response.status_code} {response.text}"
        assert _row_counts(world) == before, f"{refused}: a refused request writes nothing"


def test_every_write_operation_is_in_the_matrix(settings: Settings) -> None:
    """A new write endpoint fails this test until it joins OPS with the roles it allows."""
    schema = create_app(settings).openapi()
    writes = {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("post", "put", "patch", "delete")
    }
    assert writes == {op.name for op in OPS} | set(OUTSIDE_THE_MATRIX)


# --- the import on the inventory page (issue 16): the same rules through the form --------------------


def _page_login(client: TestClient, who: str) -> str:
    """The CSRF token of a page session of `who` (logged in through the login form; "public" is not)."""
    from tests.web.test_pages import csrf_of, log_in

    client.cookies.clear()
    return csrf_of(client.get("/login").text) if who == "public" else log_in(client, who)


def _page_import(client: TestClient, token: str, inventory_id: int, **fields: str) -> httpx.Response:
    return client.post(
        f"/inventories/{inventory_id}/import",
        data={"csrf_token": token, **fields},
        files={"file": ("activity.csv", ACTIVITY_CSV, "text/csv")},
    )


@pytest.mark.parametrize("role", ROLES)
def test_page_import_obeys_role(client: TestClient, world: World, role: str) -> None:
    ctx = _inventory(client, world)
    token = _page_login(client, role)
    before = _row_counts(world)
    response = _page_import(client, token, ctx["inventory"], replace="1", confirm_replace="1")
    if role in HEIDELBERG_STAFF:
        assert response.status_code == 200, response.text
        assert _row_counts(world)["audit_entry"] > before["audit_entry"]
    else:
        assert response.status_code in ((401,) if role == "public" else (403, 404)), response.text
        assert _row_counts(world) == before, f"{role}: a refused import writes nothing"


@pytest.mark.parametrize("confirm", ["-1", "99999999999", "abc", "1e3", "0"])
def test_page_import_refuses_a_bad_confirmation_without_writing(
    client: TestClient, world: World, confirm: str
) -> None:
    ctx = _inventory(client, world)  # one row: only "1" confirms its deletion
    token = _page_login(client, "heidelberg_editor")
    before = _row_counts(world)
    response = _page_import(client, token, ctx["inventory"], replace="1", confirm_replace=confirm)
    assert response.status_code == 422, response.text
    assert _row_counts(world) == before


def test_hostile_file_names_and_cells_stay_text_on_the_result_page(client: TestClient, world: World) -> None:
    ctx = _inventory(client, world)
    from tests.web.test_pages import log_in

    token = log_in(client, "heidelberg_editor")
    hostile = b'gpc_ref,fuel,amount,unit\nI.1.1,"<script>alert(1)</script>",1,MWh\nI.1.1,x,"<b>1</b>",MWh\n'
    response = client.post(
        f"/inventories/{ctx['inventory']}/import",
        data={"csrf_token": token},
        files={"file": ("../../<img src=x onerror=alert(1)>.csv", hostile, "text/csv")},
    )
    assert response.status_code == 422
    assert "<script>alert" not in response.text and "<img src=x" not in response.text
    assert "&lt;img src=x onerror=alert(1)&gt;.csv" in response.text  # the name, escaped, no path


@pytest.mark.parametrize("path", ["/inventories/template", "/api/v1/inventories/template"])
def test_templates_are_public_and_their_parameters_bounded(client: TestClient, path: str) -> None:
    for kind in ("csv", "xlsx"):
        assert client.get(f"{path}.{kind}").status_code == 200
    for query in ({"year": "0"}, {"year": "2022; DROP TABLE city"}, {"year": "9" * 40}):
        assert client.get(f"{path}.csv", params=query).status_code == 422
    assert client.get(f"{path}.exe").status_code == 422
    assert client.get(f"{path}.csv/../../etc/passwd").status_code == 404
