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
from tests.conftest import World
from tests.web.page_roles import PageOp, check_page_write, write_paths

Ctx = dict[str, Any]


@dataclass(frozen=True)
class JointOp(PageOp[Ctx]):
    setup: Callable[[TestClient, World], Ctx] = joint_project  # what the post acts on


HD = "Heidelberg"
P = "/joint-projects/{project_id}"
OPS = [
    JointOp(
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
    JointOp(
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
    JointOp(
        P + "/status",
        HEIDELBERG_STAFF,
        lambda w, x: f"/joint-projects/{x['project']}/status",
        lambda w, x: {"status": "planned"},
    ),  # fmt: skip
    JointOp(
        P + "/partners",
        HEIDELBERG_STAFF,
        lambda w, x: f"/joint-projects/{x['project']}/partners",
        lambda w, x: {"city": "Munich", "use_quantity": "2"},
    ),  # fmt: skip
    JointOp(
        P + "/partners/{city_id}/edit",
        HEIDELBERG_STAFF,
        lambda w, x: f"/joint-projects/{x['project']}/partners/{w.city['Kyoto']}/edit",
        lambda w, x: {"use_quantity": "4"},
    ),
    JointOp(
        P + "/partners/{city_id}/confirm",
        KYOTO_STAFF,
        lambda w, x: f"/joint-projects/{x['project']}/partners/{w.city['Kyoto']}/confirm",
    ),
    JointOp(
        P + "/partners/{city_id}/plan-link",
        KYOTO_STAFF,
        lambda w, x: f"/joint-projects/{x['project']}/partners/{w.city['Kyoto']}/plan-link",
        lambda w, x: {"plan_measure_id": str(x["measure"])},
    ),
    JointOp(
        P + "/costs",
        HEIDELBERG_STAFF,
        lambda w, x: f"/joint-projects/{x['project']}/costs",
        lambda w, x: {"kind": "opex", "year_from": "2030", "amount": "10"},
    ),  # fmt: skip
    JointOp(
        P + "/funding",
        HEIDELBERG_STAFF,
        lambda w, x: f"/joint-projects/{x['project']}/funding",
        lambda w, x: {"source": "loan", "amount": "10"},
    ),  # fmt: skip
    JointOp(P + "/delete", HEIDELBERG_STAFF, lambda w, x: f"/joint-projects/{x['project']}/delete"),
    JointOp(
        P + "/partners/{city_id}/remove",
        HEIDELBERG_STAFF,
        lambda w, x: f"/joint-projects/{x['project']}/partners/{w.city['Kyoto']}/remove",
    ),
    JointOp(
        P + "/costs/{cost_id}/delete",
        HEIDELBERG_STAFF,
        lambda w, x: f"/joint-projects/{x['project']}/costs/{x['cost']}/delete",
    ),
    JointOp(
        P + "/funding/{funding_id}/delete",
        HEIDELBERG_STAFF,
        lambda w, x: f"/joint-projects/{x['project']}/funding/{x['funding']}/delete",
    ),
]


def test_every_joint_project_page_write_is_listed() -> None:
    assert write_paths(lambda path: "joint-projects" in path) == {op.path for op in OPS}


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.path)
def test_page_write_obeys_role(client: TestClient, world: World, op: JointOp) -> None:
    # the last allowed role: an editor of the city concerned, not the administrator
    check_page_write(client, world, op, op.setup(client, world))
