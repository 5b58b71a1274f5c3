"""The attack surface of the credit pages: every form post against every role (the allowed ones
succeed and leave an audit entry; the public gets 401, others 403 or 404, and nothing is
written), and every read page against every role. A test fails when a page route of credits is
added without joining these lists."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from citypact.storage.credits import CreditMonitoringReport
from tests.api.test_attack_surface import HEIDELBERG_STAFF, ROLES
from tests.conftest import World
from tests.credit_ledger_fixture import add_report
from tests.credits_fixture import Credits, credit_world
from tests.web.page_roles import PageOp, Read, check_page_write, check_read_page, read_paths, write_paths

HEIDELBERG_READERS = frozenset({"admin", "heidelberg_editor", "heidelberg_viewer"})
EVERYONE = frozenset(ROLES)
ADMIN = frozenset({"admin"})


def _report(w: World, x: Credits) -> int:
    """A verified report of the fixture's project, once per test database."""
    with w.db.read() as session:
        found = session.scalar(
            select(CreditMonitoringReport.id).where(CreditMonitoringReport.status == "verified")
        )
    return found or add_report(w, x.project, (dt.date(2026, 1, 1), dt.date(2026, 3, 31)), 90.0)


B = "/credits/blocks/{block_id}"
RETIRE = {"quantity": "5", "use": "on_behalf", "beneficiary": "A school", "claim_year": "2026"}
OPS: list[PageOp[Credits]] = [
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
READS: list[Read[Credits]] = [
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
    assert write_paths(_credit_page) == {op.path for op in OPS}


def test_every_credit_read_page_is_listed() -> None:
    assert read_paths(_credit_page) == {path for path, _, _ in READS} | READ_ELSEWHERE


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.path)
def test_page_write_obeys_role(client: TestClient, world: World, op: PageOp[Credits]) -> None:
    # the URL is made before rows are counted: the issuance's report is made there
    check_page_write(client, world, op, credit_world(world))


@pytest.mark.parametrize("read", READS, ids=lambda read: read[0])
def test_read_page_obeys_role(client: TestClient, world: World, read: Read[Credits]) -> None:
    check_read_page(client, world, read, credit_world(world))
