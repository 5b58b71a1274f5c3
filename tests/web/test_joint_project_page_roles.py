"""The attack surface of the joint project pages: every form post against every role. The roles it
allows succeed and leave an audit entry; the public gets 401, any other role 403 or 404, and nothing
is written (no row in any table changes in number). A test fails when a page write route of joint
projects is added without joining this list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.joint_project_ops import HEIDELBERG_STAFF, KYOTO_STAFF, joint_project
from tests.api.test_attack_surface import ROLES, _page_login, _row_counts
from tests.conftest import World
from tests.web.test_form_csrf import ROUTES

Ctx = dict[str, Any]


@dataclass(frozen=True)
class PageOp:
    path: str  # the route's path template
    allowed: frozenset[str]
    url: Callable[[World, Ctx], str]
    data: Callable[[World, Ctx], dict[str, str]] = lambda w, x: {}
    setup: Callable[[TestClient, World], Ctx] = joint_project


HD = "Heidelberg"
P = "/joint-projects/{project_id}"
OPS = [
    PageOp(
        "/cities/{city_id}/joint-projects",
        HEIDELBERG_STAFF,
        lambda w, x: f"/cities/{w.city[HD]}/joint-projects",
        lambda w, x: {
            "title": "Heat",
            "kind": "district_heating",
            "start_year": "2026",
            "end_year": "2030",
            "currency": "EUR",
            "rule": "use",
        },
        lambda c, w: {},
    ),  # fmt: skip
    PageOp(
        P + "/edit",
        HEIDELBERG_STAFF,
        lambda w, x: f"/joint-projects/{x['project']}/edit",
        lambda w, x: {
            "title": "Heat network",
            "kind": "district_heating",
            "start_year": "2026",
            "end_year": "2035",
            "currency": "EUR",
            "rule": "use",
            "reduction_t": "500",
        },
    ),  # fmt: skip
    PageOp(
        P + "/status",
        HEIDELBERG_STAFF,
        lambda w, x: f"/joint-projects/{x['project']}/status",
        lambda w, x: {"status": "planned"},
    ),  # fmt: skip
    PageOp(
        P + "/partners",
        HEIDELBERG_STAFF,
        lambda w, x: f"/joint-projects/{x['project']}/partners",
        lambda w, x: {"city": "Munich", "use_quantity": "2"},
    ),  # fmt: skip
    PageOp(
        P + "/partners/{city_id}/edit",
        HEIDELBERG_STAFF,
        lambda w, x: f"/joint-projects/{x['project']}/partners/{w.city['Kyoto']}/edit",
        lambda w, x: {"use_quantity": "4"},
    ),
    PageOp(
        P + "/partners/{city_id}/confirm",
        KYOTO_STAFF,
        lambda w, x: f"/joint-projects/{x['project']}/partners/{w.city['Kyoto']}/confirm",
    ),
    PageOp(
        P + "/partners/{city_id}/plan-link",
        KYOTO_STAFF,
        lambda w, x: f"/joint-projects/{x['project']}/partners/{w.city['Kyoto']}/plan-link",
        lambda w, x: {"plan_measure_id": str(x["measure"])},
    ),
    PageOp(
        P + "/costs",
        HEIDELBERG_STAFF,
        lambda w, x: f"/joint-projects/{x['project']}/costs",
        lambda w, x: {"kind": "opex", "year_from": "2030", "amount": "10"},
    ),  # fmt: skip
    PageOp(
        P + "/funding",
        HEIDELBERG_STAFF,
        lambda w, x: f"/joint-projects/{x['project']}/funding",
        lambda w, x: {"source": "loan", "amount": "10"},
    ),  # fmt: skip
    PageOp(P + "/delete", HEIDELBERG_STAFF, lambda w, x: f"/joint-projects/{x['project']}/delete"),
    PageOp(
        P + "/partners/{city_id}/remove",
        HEIDELBERG_STAFF,
        lambda w, x: f"/joint-projects/{x['project']}/partners/{w.city['Kyoto']}/remove",
    ),
    PageOp(
        P + "/costs/{cost_id}/delete",
        HEIDELBERG_STAFF,
        lambda w, x: f"/joint-projects/{x['project']}/costs/{x['cost']}/delete",
    ),
    PageOp(
        P + "/funding/{funding_id}/delete",
        HEIDELBERG_STAFF,
        lambda w, x: f"/joint-projects/{x['project']}/funding/{x['funding']}/delete",
    ),
]


def test_every_joint_project_page_write_is_listed() -> None:
    paths = {str(r.path) for r in ROUTES if "joint-projects" in str(r.path)}
    assert paths == {op.path for op in OPS}


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.path)
def test_page_write_obeys_role(client: TestClient, world: World, op: PageOp) -> None:
    ctx = op.setup(client, world)
    for role in (r for r in ROLES if r not in op.allowed):
        token = _page_login(client, role)  # logging in writes a session: count after it
        before = _row_counts(world)
        response = client.post(op.url(world, ctx), data=op.data(world, ctx) | {"csrf_token": token})
        expected = (401,) if role == "public" else (403, 404)
        assert response.status_code in expected, f"{role}: {response.status_code} {response.text[:300]}"
        assert _row_counts(world) == before, f"{role}: a refused post writes nothing"
    role = sorted(op.allowed)[-1]  # an editor of the city concerned, not the administrator
    token = _page_login(client, role)
    before = _row_counts(world)
    url, data = op.url(world, ctx), op.data(world, ctx) | {"csrf_token": token}
    response = client.post(url, data=data, follow_redirects=False)
    assert response.status_code == 303, response.text[:500]
    assert _row_counts(world)["audit_entry"] > before["audit_entry"]
