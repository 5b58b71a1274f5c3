"""The action pages on LEDGER's transactions: a refused form comes back with what was typed and
the reason at its field, the offset rule in its own words; cancelling asks first; the registry
sets the Article 6 fields (which clears a double claim once the adjustment is applied) and issues."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy import select

from citypact.storage.credits import CreditBlock, CreditMonitoringReport
from tests.conftest import World
from tests.credit_ledger_fixture import add_report
from tests.credits_fixture import credit_world
from tests.web.test_pages import log_in


def test_an_own_target_retirement_from_the_citys_own_project_is_refused_at_the_field(
    client: TestClient, world: World
) -> None:
    made = credit_world(world)
    token = log_in(client, "kyoto_editor")
    form = {"csrf_token": token, "quantity": "10", "use": "own_target", "beneficiary": "Kyoto citizens",
            "purpose": "pledge", "claim_year": "2026"}  # fmt: skip
    refused = client.post(f"/credits/blocks/{made.kyoto_held}/retire", data=form)
    assert refused.status_code == 422
    assert 'id="retire-use-error"' in refused.text and "inside your city&#39;s boundary" in refused.text
    assert 'value="Kyoto citizens"' in refused.text and ">pledge</textarea>" in refused.text
    assert '<option value="own_target" selected>' in refused.text
    done = client.post(
        f"/credits/blocks/{made.kyoto_held}/retire", data=form | {"use": "on_behalf"}, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"].startswith("/credits/retirements/")
    record = client.get(done.headers["location"])
    assert "Kyoto citizens" in record.text and "10 credits" in record.text


def test_a_transfer_chooses_the_account_by_name_and_a_split_keeps_the_count(
    client: TestClient, world: World
) -> None:
    made = credit_world(world)
    token = log_in(client, "heidelberg_editor")
    page = client.get(f"/credits/blocks/{made.heidelberg_held}")
    assert page.status_code == 200
    assert f'<option value="{made.kyoto_account}">Kyoto</option>' in page.text  # by name, never a typed id
    assert f'<option value="{made.heidelberg_account}"' not in page.text  # not its own account
    bad = client.post(
        f"/credits/blocks/{made.heidelberg_held}/transfer",
        data={"csrf_token": token, "to": str(made.kyoto_account), "quantity": "500"},
    )
    assert bad.status_code == 422 and "from 1 to 137" in bad.text and 'value="500"' in bad.text
    moved = client.post(
        f"/credits/blocks/{made.heidelberg_held}/transfer",
        data={"csrf_token": token, "to": str(made.kyoto_account), "quantity": "37"},
        follow_redirects=False,
    )
    assert moved.status_code == 303 and moved.headers["location"].startswith(
        f"/credits/accounts/{made.heidelberg_account}"
    )
    split = client.post(
        f"/credits/blocks/{made.moved}/split",
        data={"csrf_token": token, "first_size": "40"},
        follow_redirects=False,
    )
    assert split.status_code == 303
    with world.db.read() as session:
        held = session.execute(
            select(CreditBlock.serial_start, CreditBlock.serial_end)
            .where(CreditBlock.account_id == made.heidelberg_account, CreditBlock.status == "active")
            .order_by(CreditBlock.serial_start)
        ).all()
    # 31-130 split 40 + 60; 672-808 less the 37 sent to Kyoto: 709-808
    assert [tuple(r) for r in held] == [(31, 70), (71, 130), (709, 808)]


def test_cancelling_asks_first_and_needs_a_reason(client: TestClient, world: World) -> None:
    made = credit_world(world)
    token = log_in(client, "heidelberg_editor")
    ask = client.get(f"/credits/blocks/{made.heidelberg_held}/cancel")
    assert ask.status_code == 200 and "this is final" in ask.text and "137 credits" in ask.text
    no_reason = client.post(
        f"/credits/blocks/{made.heidelberg_held}/cancel", data={"csrf_token": token, "quantity": "7"}
    )
    assert (
        no_reason.status_code == 422
        and 'id="cancel-reason-error"' in no_reason.text
        and 'value="7"' in no_reason.text
    )
    done = client.post(
        f"/credits/blocks/{made.heidelberg_held}/cancel",
        data={"csrf_token": token, "quantity": "7", "reason": "Double entry with the national registry"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    with world.db.read() as session:
        cancelled = session.scalar(select(CreditBlock).where(CreditBlock.status == "cancelled"))
    assert cancelled is not None and (cancelled.serial_start, cancelled.serial_end) == (672, 678)


def test_the_registry_applies_the_adjustment_and_the_double_claim_flag_goes(
    client: TestClient, world: World
) -> None:
    made = credit_world(world)
    with world.db.read() as session:
        retired = session.scalar(
            select(CreditBlock).where(CreditBlock.serial_start == 572, CreditBlock.status == "retired")
        )
    assert retired is not None
    assert 'id="double-claim"' in client.get(f"/credits/retirements/{made.heidelberg_retirement}").text
    token = log_in(client, "admin")
    article6 = {"csrf_token": token, "authorisation": "ndc", "adjustment": "applied"}
    stale = client.post(f"/credits/blocks/{retired.id}/article6", data=article6 | {"version": "99"})
    assert stale.status_code == 409
    saved = client.post(
        f"/credits/blocks/{retired.id}/article6",
        data={
            "csrf_token": token,
            "version": str(retired.version),
            "authorisation": "ndc",
            "adjustment": "applied",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert 'id="double-claim"' not in client.get(f"/credits/retirements/{made.heidelberg_retirement}").text


def test_the_registry_issues_a_verified_report_of_the_project(client: TestClient, world: World) -> None:
    made = credit_world(world)
    report = add_report(world, made.project, (dt.date(2026, 1, 1), dt.date(2026, 6, 30)), 200.9)
    client.cookies.clear()
    token = log_in(client, "kyoto_editor")
    url = f"/credits/projects/{made.project}/reports/{report}/issue"
    assert client.post(url, data={"csrf_token": token}).status_code == 403
    assert client.post(f"/credits/projects/{made.project + 1}/reports/{report}/issue",
                       data={"csrf_token": log_in(client, "admin")}).status_code == 404  # fmt: skip
    done = client.post(url, data={"csrf_token": log_in(client, "admin")}, follow_redirects=False)
    assert (
        done.status_code == 303
        and done.headers["location"] == f"/credits/projects/{made.project}?done=credits_issued"
    )
    with world.db.read() as session:
        status = session.scalar(
            select(CreditMonitoringReport.status).where(CreditMonitoringReport.id == report)
        )
        issued = session.scalar(
            select(CreditBlock.serial_end).order_by(CreditBlock.serial_end.desc()).limit(1)
        )
    assert status == "issued" and issued == 1200  # 200 whole tonnes after serial 1000
