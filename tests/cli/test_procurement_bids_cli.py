"""`citypact procurement` bid commands: the seal holds for the operator (an administrator) too; after
the deadline the whole way from opening to the award's shares and the OCDS package."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from citypact.cli.main import app
from citypact.services.procurement import bids
from tests.api.procurement_bids_ops import bids_due, open_tender
from tests.conftest import World
from tests.formats.test_ocds import _validator
from tests.procurement_bids_fixture import BEFORE, DIESEL, SECRET

runner = CliRunner()

PAPER = (
    "lot,supplier,price,quantity,lifetime_years,energy_carrier,energy_per_year,energy_unit,"
    "energy_cost_per_year,maintenance_per_year,end_of_life_cost,residual_value,embodied_t_co2e,ladder_level\n"
    "1,Papier KG,14000000,30,12,,,,,200000,,,1500,\n"
)


@pytest.fixture(autouse=True)
def env(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", SECRET)
    monkeypatch.delenv("CITYPACT_OCID_PREFIX", raising=False)


def test_sealed_for_the_operator_before_the_deadline(world: World, client: TestClient) -> None:
    ctx = open_tender(client, world)
    pid, lot = str(ctx["procurement"]), str(ctx["lot"])
    for args in (["open-bids", pid], ["evaluate-lot", pid, lot, "--method", "price"]):
        result = runner.invoke(app, ["procurement", *args])
        assert result.exit_code == 2 and "sealed" in result.stderr, result.output
    result = runner.invoke(app, ["procurement", "ocds", pid])
    assert result.exit_code == 2 and "CITYPACT_OCID_PREFIX" in result.stderr
    result = runner.invoke(app, ["procurement", "ocds", pid, "--prefix", "ocds-213czf"])
    assert result.exit_code == 0, result.output
    _validator().validate(json.loads(result.stdout))


def test_from_opening_to_award_and_shares(world: World, client: TestClient, tmp_path: Path) -> None:
    ctx = bids_due(client, world)
    pid, lot = str(ctx["procurement"]), str(ctx["lot"])
    paper = tmp_path / "paper.csv"
    paper.write_text(PAPER)
    result = runner.invoke(app, ["procurement", "import-bids", pid, str(paper)])
    assert result.exit_code == 0, result.output
    assert "Papier KG" in result.stdout and "receipt" in result.stdout
    opened = runner.invoke(app, ["procurement", "open-bids", pid, "--format", "json"])
    assert opened.exit_code == 0, opened.output
    assert sorted(b["supplier"] for b in json.loads(opened.stdout)) == [
        "Busbau GmbH",
        "Elektro AG",
        "Papier KG",
    ]
    # At 300 EUR/t, rate 0: Busbau 12,600,000 + 900,000 = 13,500,000; Papier 14,000,000 + 2,400,000
    # + 1,500 t x 300 = 16,850,000; Elektro 16,800,000 + 360,000 = 17,160,000.
    run = runner.invoke(
        app,
        [
            "procurement",
            "evaluate-lot",
            pid,
            lot,
            "--method",
            "lcc-co2",
            "--co2-price",
            "300",
            "--discount-rate",
            "0",
            "--format",
            "json",
        ],
    )
    assert run.exit_code == 0, run.output
    view = json.loads(run.stdout)
    assert [(r["supplier"], r["evaluated_cost"]) for r in view["result"]["ranking"]] == [
        ("Busbau GmbH", 13_500_000.0),
        ("Papier KG", 16_850_000.0),
        ("Elektro AG", 17_160_000.0),
    ]
    assert (
        runner.invoke(
            app, ["procurement", "award", pid, lot, "--evaluation", str(view["id"]), "--on", "2025-04-01"]
        ).exit_code
        == 2
    )
    assert runner.invoke(app, ["procurement", "publish-evaluation", str(view["id"])]).exit_code == 0
    awarded = runner.invoke(
        app, ["procurement", "award", pid, lot, "--evaluation", str(view["id"]), "--on", "2025-04-01"]
    )
    assert awarded.exit_code == 0, awarded.output
    award_id = awarded.stdout.split()[1].rstrip(":")
    shares = runner.invoke(app, ["procurement", "shares", award_id, "--format", "csv"])
    assert shares.exit_code == 0, shares.output
    # Busbau's 9,000,000 EUR split 20:10; against the estimates 13,000,000 and 7,000,000 EUR.
    lines = shares.stdout.splitlines()
    assert lines[1].startswith("Heidelberg,20.0,0.666667,600000000,1300000000,700000000,")
    assert lines[2].startswith("Munich,10.0,0.333333,300000000,700000000,400000000,")
    notices = runner.invoke(app, ["procurement", "notices", pid])
    assert (
        notices.exit_code == 0
        and "lot 1: Busbau GmbH, lcc-co2, evaluated 13,500,000.00 EUR" in notices.stdout
    )


def test_a_database_backup_before_the_deadline_shows_no_price(
    world: World, client: TestClient, tmp_path: Path
) -> None:
    """The export path: `citypact db backup` copies the whole database; the bid's figures are in it
    only encrypted (price 9,000,000.5 EUR = 900000050 cents, maintenance 300000, 3000 t)."""
    if world.db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's backup is a compressed pg_dump; its bytes cannot be searched for text")
    ctx = open_tender(client, world)
    with world.db.write() as session:
        bids.submit_bid(
            session, world.actor("busbau_seller"), ctx["procurement"], ctx["lot"], ctx["org"],
            {**DIESEL, "price": 9_000_000.5}, secret_key=SECRET, now=BEFORE,
        )  # fmt: skip
    backup = tmp_path / "backup.db"
    result = runner.invoke(app, ["db", "backup", str(backup)])
    assert result.exit_code == 0, result.output
    raw = backup.read_bytes()
    assert b"Busbau GmbH" in raw  # the copy is real: the bidder's name is in clear
    for figure in (b"900000050", b"9000000.5", b"price_minor", b"30000000", b"lifetime_years"):
        assert figure not in raw
