"""`citypact credits issue|transfer|retire|cancel|statement|verify-ledger`, and verify-ledger on a
tampered database: one changed body, a deleted row (the test drops the append-only triggers)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import select, text
from typer.testing import CliRunner

from citypact.cli.main import app
from citypact.storage.credits import CreditAccount, CreditTransaction
from tests.conftest import World
from tests.credit_ledger_fixture import LedgerSetup, credit_project

runner = CliRunner()


@pytest.fixture
def setup(database_url: str, world: World, monkeypatch: pytest.MonkeyPatch) -> LedgerSetup:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")
    return credit_project(world)


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["credits", *args])
    return result.exit_code, result.stdout, result.stderr


def _account(world: World, city: str) -> int:
    with world.db.read() as session:
        found = session.scalar(select(CreditAccount.id).where(CreditAccount.city_id == world.city[city]))
    assert found is not None
    return found


def _issue(s: LedgerSetup) -> str:
    code, out, err = _run(
        "issue",
        str(s.project_id),
        "--period",
        "2025-01-01..2025-12-31",
        "--as",
        "registry_officer@test.example",
    )
    assert code == 0, err
    return out


def test_issue_transfer_retire_cancel_statement_and_verify(setup: LedgerSetup) -> None:
    s, world = setup, setup.world
    out = _issue(s)
    assert "issued 1,000 credits" in out
    assert f"CPX-JP-{s.project_id:06d}-2025-000000001-000000571" in out
    assert _run("issue", str(s.project_id), "--report", str(s.report_id))[0] == 2  # issued already
    assert _run("issue", str(s.project_id))[0] == 2  # neither --report nor --period
    host_block = 1  # the first block of a fresh registry: Kyoto's 571
    heidelberg = _account(world, "Heidelberg")
    code, out, err = _run(
        "transfer",
        str(host_block),
        "--to",
        str(heidelberg),
        "--quantity",
        "100",
        "--as",
        "kyoto_editor@test.example",
    )
    assert code == 0, err
    assert "000000001-000000100" in out and "first transfer 20" in out
    # Another city's editor is refused, with the service's words.
    code, _, err = _run(
        "transfer", str(host_block + 5), "--to", str(heidelberg), "--as", "heidelberg_editor@test.example"
    )
    assert code == 2 and "Only the account holder" in err
    code, _, err = _run(
        "retire",
        str(host_block + 5),
        "--quantity",
        "10",
        "--use",
        "own_target",
        "--beneficiary",
        "Kyoto",
        "--year",
        "2025",
        "--as",
        "kyoto_editor@test.example",
    )
    assert code == 2 and "use: own_territory" in err
    code, out, err = _run(
        "retire",
        str(host_block + 5),
        "--quantity",
        "10",
        "--use",
        "on_behalf",
        "--beneficiary",
        "Shimogamo school",
        "--purpose",
        "Solar day",
        "--year",
        "2025",
    )
    assert code == 0, err
    assert "10 credits for Shimogamo school" in out
    code, out, err = _run("cancel", str(host_block + 7), "--reason", "reversal", "--quantity", "3")
    assert code == 0, err
    code, out, _ = _run("statement", str(heidelberg), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [
        (r["serials"][-19:], r["quantity"], r["status"], r["authorisation"], r["adjustment"]) for r in rows
    ] == [
        ("000000001-000000100", "100", "active", "ndc", "pending"),
        ("000000572-000000808", "237", "active", "ndc", "pending"),
    ]
    code, out, _ = _run("statement", str(heidelberg), "--format", "json")
    assert json.loads(out)["held"] == 337
    assert _run("statement", str(heidelberg), "--as", "kyoto_editor@test.example")[0] == 2
    assert (
        "holds 337 credits" in _run("statement", str(heidelberg), "--as", "heidelberg_viewer@test.example")[1]
    )
    code, out, _ = _run("verify-ledger")
    assert code == 0
    # issue, split + transfer, split + retire, split + cancel: 7 rows.
    assert (
        out.strip() == "ledger ok: 7 transactions, 1,000 credits issued, 987 active, 10 retired, 3 cancelled"
    )


def _drop_triggers(world: World) -> None:
    with world.db.engine.begin() as connection:
        if world.db.engine.dialect.name == "postgresql":
            connection.execute(text("DROP TRIGGER credit_transaction_append_only ON credit_transaction"))
        else:
            connection.execute(text("DROP TRIGGER credit_transaction_no_update"))
            connection.execute(text("DROP TRIGGER credit_transaction_no_delete"))


def _three_rows(s: LedgerSetup) -> None:
    _issue(s)
    heidelberg = str(_account(s.world, "Heidelberg"))
    assert _run("transfer", "1", "--to", heidelberg, "--quantity", "5")[0] == 0  # rows 2 and 3


def test_the_append_only_triggers_refuse_a_change(setup: LedgerSetup) -> None:
    _three_rows(setup)
    with (
        pytest.raises(Exception, match="append-only|append only|ledger"),
        setup.world.db.engine.begin() as connection,
    ):
        connection.execute(text("UPDATE credit_transaction SET body = 'x' WHERE seq = 2"))
    assert _run("verify-ledger")[0] == 0


def test_verify_ledger_names_a_changed_body(setup: LedgerSetup) -> None:
    _three_rows(setup)
    _drop_triggers(setup.world)
    with setup.world.db.write() as session:
        row = session.get(CreditTransaction, 2)
        assert row is not None
        original = row.body
        row.body = original.replace('"start":1,', '"start":2,', 1)  # the split's parent, one serial on
        assert row.body != original
    code, _, err = _run("verify-ledger")
    assert code == 1
    assert err.startswith("ledger broken at transaction 2: hash:")


def test_verify_ledger_names_a_deleted_row_as_a_gap(setup: LedgerSetup) -> None:
    _three_rows(setup)
    _drop_triggers(setup.world)
    with setup.world.db.write() as session:
        session.execute(text("DELETE FROM credit_transaction WHERE seq = 2"))
    code, _, err = _run("verify-ledger")
    assert code == 1
    assert err.startswith("ledger broken at transaction 2: gap:")
