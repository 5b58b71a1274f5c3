"""The attack surface of the credit pages: every form post against every role (the allowed ones
succeed and leave an audit entry; the public gets 401, others 403 or 404, and nothing is
written), and every read page against every role. A test fails when a page route of credits is
added without joining these lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import select

from citypact.app import create_app
from citypact.config import Settings
from citypact.storage.credits import CreditMonitoringReport
from tests.api.test_attack_surface import HEIDELBERG_STAFF, ROLES, _page_login, _row_counts
from tests.conftest import World
from tests.credit_ledger_fixture import add_report
from tests.credits_fixture import Credits, credit_world
from tests.web.test_form_csrf import ROUTES

HEIDELBERG_READERS = frozenset({"admin", "heidelberg_editor", "heidelberg_viewer"})
EVERYONE = frozenset(ROLES)
ADMIN = frozenset({"admin"})


@dataclass(frozen=True)
class PageOp:
    path: str
    allowed: frozenset[str]
    url: Callable[[World, Credits], str]
    data: Callable[[World, Credits], dict[str, str]] = lambda w, x: {}


def _report(w: World, x: Credits) -> int:
    """A verified report of the fixture's project, once per test database."""
    with w.db.read() as session:
        found = session.scalar(
            select(CreditMonitoringReport.id).where(CreditMonitoringReport.status == "verified")
        )
    return found or add_report(w, x.project, (dt.date(2026, 1, 1), dt.date(2026, 3, 31)), 90.0)


B = "/credits/blocks/{block_id}"
RETIRE = {"quantity": "5", "use": "on_behalf", "beneficiary": "A school", "claim_year": "2026"}
OPS = [
    PageOp("/cities/{city_id}/credits/net-display", HEIDELBERG_STAFF,
           lambda w, x: f"/cities/{w.city['Heidelberg']}/credits/net-display", lambda w, x: {"enabled": "1"}),
    PageOp(B + "/transfer", HEIDELBERG_STAFF, lambda w, x: f"/credits/blocks/{x.heidelberg_held}/transfer",
           lambda w, x: {"to": str(x.kyoto_account), "quantity": "5"}),
    PageOp(B + "/split", HEIDELBERG_STAFF, lambda w, x: f"/credits/blocks/{x.heidelberg_held}/split",
           lambda w, x: {"first_size": "5"}),
    PageOp(B + "/retire", HEIDELBERG_STAFF, lambda w, x: f"/credits/blocks/{x.heidelberg_held}/retire",
           lambda w, x: RETIRE),
    PageOp(B + "/cancel", HEIDELBERG_STAFF, lambda w, x: f"/credits/blocks/{x.heidelberg_held}/cancel",
           lambda w, x: {"quantity": "5", "reason": "entered twice"}),
    PageOp(B + "/article6", ADMIN, lambda w, x: f"/credits/blocks/{x.heidelberg_held}/article6",
           lambda w, x: {"authorisation": "ndc", "adjustment": "applied"}),
    PageOp("/credits/projects/{project_id}/reports/{report_id}/issue", ADMIN,
           lambda w, x: f"/credits/projects/{x.project}/reports/{_report(w, x)}/issue"),
]  # fmt: skip

# Read pages: who gets a 200; the public a 401 where signing in is asked, others 403 or 404.
READS: list[tuple[str, frozenset[str], Callable[[World, Credits], str]]] = [
    ("/credits/accounts", EVERYONE - {"public"}, lambda w, x: "/credits/accounts"),
    ("/credits/accounts/{account_id}", HEIDELBERG_READERS,
     lambda w, x: f"/credits/accounts/{x.heidelberg_account}"),
    ("/credits/accounts/{account_id}/statement.csv", HEIDELBERG_READERS,
     lambda w, x: f"/credits/accounts/{x.heidelberg_account}/statement.csv"),
    ("/credits/blocks/{block_id}", HEIDELBERG_READERS, lambda w, x: f"/credits/blocks/{x.heidelberg_held}"),
    ("/credits/blocks/{block_id}/cancel", HEIDELBERG_STAFF,
     lambda w, x: f"/credits/blocks/{x.heidelberg_held}/cancel"),
    ("/cities/{city_id}/credits", EVERYONE, lambda w, x: f"/cities/{w.city['Heidelberg']}/credits"),
    ("/credits/retirements/{retirement_id}", EVERYONE,
     lambda w, x: f"/credits/retirements/{x.kyoto_retirement}"),
    ("/credits/retirements/{retirement_id}/certificate", EVERYONE,
     lambda w, x: f"/credits/retirements/{x.kyoto_retirement}/certificate"),
    ("/credits/reports/article6/{year}.csv", ADMIN, lambda w, x: "/credits/reports/article6/2027.csv"),
    ("/open-data/credits/{kind}.csv", EVERYONE, lambda w, x: "/open-data/credits/retirements.csv"),
    ("/open-data/credits.json", EVERYONE, lambda w, x: "/open-data/credits.json"),
]  # fmt: skip
# Read in test_credit_pages.py (a PDF per role would only repeat it): the certificate as PDF.
READ_ELSEWHERE = {"/credits/retirements/{retirement_id}/certificate.pdf"}


def _credit_page(path: str) -> bool:
    """CLAIMS' pages (a project's own pages belong to PROJECTS' tests, bar the issuance CLAIMS runs)."""
    if path.startswith("/credits/projects"):
        return path.endswith("/issue")
    return path.startswith("/credits") or "/credits" in path


def test_every_credit_page_write_is_listed() -> None:
    paths = {str(r.path) for r in ROUTES if _credit_page(str(r.path))}
    assert paths == {op.path for op in OPS}


def test_every_credit_read_page_is_listed() -> None:
    app = create_app(Settings(database_url="sqlite://", secret_key="walk-only"))
    paths = {
        str(r.path)
        for r in iter_route_contexts(app.routes)
        if r.methods
        and "GET" in r.methods
        and _credit_page(str(r.path))
        and not str(r.path).startswith("/api/")
    }
    assert paths == {path for path, _, _ in READS} | READ_ELSEWHERE


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.path)
def test_page_write_obeys_role(client: TestClient, world: World, op: PageOp) -> None:
    made = credit_world(world)
    url = op.url(world, made)  # before counting rows: the issuance's report is made here
    for role in (r for r in ROLES if r not in op.allowed):
        token = _page_login(client, role)
        before = _row_counts(world)
        response = client.post(url, data=op.data(world, made) | {"csrf_token": token})
        expected = (401,) if role == "public" else (403, 404)
        assert response.status_code in expected, f"{role}: {response.status_code} {response.text[:300]}"
        assert _row_counts(world) == before, f"{role}: a refused post writes nothing"
    token = _page_login(client, sorted(op.allowed)[-1])
    before = _row_counts(world)
    response = client.post(url, data=op.data(world, made) | {"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303, response.text[:500]
    assert _row_counts(world)["audit_entry"] > before["audit_entry"]


@pytest.mark.parametrize(("path", "allowed", "url"), READS, ids=[r[0] for r in READS])
def test_read_page_obeys_role(client: TestClient, world: World, path: str, allowed: Any, url: Any) -> None:
    made = credit_world(world)
    for role in ROLES:
        _page_login(client, role)
        response = client.get(url(world, made))
        if role in allowed:
            assert response.status_code == 200, f"{role}: {response.status_code}"
        else:
            expected = (401,) if role == "public" else (403, 404)
            assert response.status_code in expected, f"{role}: {response.status_code}"
