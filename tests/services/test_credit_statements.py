"""Account statements, the claims on credits, the Article 6 report and the open registry data,
read over the ledger of tests/credits_fixture.py (its quantities are worked out in its docstring)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from citypact.services.credits import article6, claims, open_data, statements
from citypact.services.errors import NotAuthenticated, NotFound, PermissionDenied
from tests.conftest import World
from tests.credits_fixture import credit_world
from tests.factories import activity, new_inventory

YEAR = dt.datetime.now(dt.UTC).year  # the ledger's services record transactions now


def test_the_statement_lists_held_blocks_retirements_history_and_totals(world: World) -> None:
    made = credit_world(world)
    with world.db.read() as session:
        seen = statements.account_statement(
            session, world.actor("heidelberg_viewer"), made.heidelberg_account
        )
    assert [(b.serial_start, b.serial_end, b.quantity) for b in seen.held] == [
        (31, 130, 100),
        (672, 808, 137),
    ]
    assert seen.held_total == 237 and seen.held_by_vintage() == {2025: 237}
    assert seen.held[0].label == f"CPX-JP-{made.project:06d}-2025-000000031-000000130"
    assert [(r.block.serial_start, r.use, r.claim_year) for r in seen.retired] == [(572, "own_target", 2026)]
    assert seen.retired_total == 100
    # issue, split, retire from it, transfer to it; not Kyoto's splits (seq 4, 6) nor its retirement (5)
    assert [(h.seq, h.kind) for h in seen.history] == [
        (7, "transfer"),
        (3, "retire"),
        (2, "split"),
        (1, "issue"),
    ]
    assert seen.owner == "Heidelberg" and seen.held[0].host_country == "JP"


def test_only_the_accounts_people_read_it(world: World) -> None:
    made = credit_world(world)
    with world.db.read() as session:
        for who in ("kyoto_editor", "plain_user", "c40_secretariat"):
            with pytest.raises(NotFound):
                statements.account_statement(session, world.actor(who), made.heidelberg_account)
        with pytest.raises(NotAuthenticated):
            statements.account_statement(session, world.actor("public"), made.heidelberg_account)
        assert (
            statements.account_statement(session, world.actor("admin"), made.buffer_account).held_total == 50
        )
        assert statements.account_statement(session, made.setup.coop, made.coop_account).held_total == 142
        mine = statements.my_accounts(session, world.actor("heidelberg_editor"))
    assert [a.id for a in mine] == [made.heidelberg_account]


def test_the_statement_csv_has_one_row_per_block(world: World) -> None:
    made = credit_world(world)
    with world.db.read() as session:
        seen = statements.account_statement(
            session, world.actor("heidelberg_editor"), made.heidelberg_account
        )
    rows = list(csv.DictReader(io.StringIO(statements.statement_csv(seen))))
    assert list(rows[0]) == list(statements.STATEMENT_COLUMNS)
    assert [(r["serial_start"], r["quantity"], r["status"], r["use"]) for r in rows] == [
        ("31", "100", "active", ""),
        ("672", "137", "active", ""),
        ("572", "100", "retired", "own_target"),
    ]
    assert rows[0]["first_transferred_at"] != "" and rows[1]["first_transferred_at"] == ""
    assert rows[2]["serial_label"].endswith("-2025-000000572-000000671")


def test_gross_stays_gross_and_net_only_when_the_city_chooses(world: World) -> None:
    made = credit_world(world)
    inventory = new_inventory(world, year=2026)
    activity(world, inventory, {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000.0, "unit": "MWh"})
    editor = world.actor("heidelberg_editor")
    with world.db.read() as session:
        before = claims.city_credits(session, editor, world.city["Heidelberg"])
    # 1000 MWh natural gas (AR5) = 202.5594 t; 100 credits toward the own target for 2026
    assert [(y.year, y.own_target_credits, y.net_t) for y in before.years] == [(2026, 100, None)]
    assert before.years[0].gross_t == pytest.approx(202.5594, rel=1e-6)
    with world.db.write() as session:
        claims.set_net_display(session, editor, world.city["Heidelberg"], True)
    with world.db.read() as session:
        after = claims.city_credits(session, editor, world.city["Heidelberg"])
        assert after.years[0].gross_t == pytest.approx(202.5594, rel=1e-6)
        assert after.years[0].net_t == pytest.approx(102.5594, rel=1e-6)
        with pytest.raises(PermissionDenied):
            claims.set_net_display(session, world.actor("kyoto_editor"), world.city["Heidelberg"], False)
    assert made.heidelberg_retirement in [r.id for r in after.double_claims]


def test_a_buyer_claim_without_adjustment_is_flagged_and_on_behalf_never(world: World) -> None:
    made = credit_world(world)
    with world.db.read() as session:
        buyer = claims.retirement_record(session, made.heidelberg_retirement)
        school = claims.retirement_record(session, made.kyoto_retirement)
        kyoto = claims.city_credits(session, world.actor("public"), world.city["Kyoto"])
    assert buyer.double_claim and not school.double_claim
    assert (buyer.block.quantity, buyer.seq, len(buyer.hash), buyer.block.adjustment) == (
        100,
        3,
        64,
        "pending",
    )
    assert kyoto.account_id is None  # the public never sees an account
    assert [y.own_target_credits for y in kyoto.years] == []  # on behalf: claims nothing
    assert [p.role for p in kyoto.projects] == ["host"]


def test_the_article6_report_lists_blocks_touched_in_the_year(world: World) -> None:
    made = credit_world(world)
    with world.db.read() as session:
        with pytest.raises(PermissionDenied):
            article6.article6_report(session, world.actor("heidelberg_editor"), YEAR)
        this_year = article6.article6_report(session, world.actor("admin"), YEAR)
        assert article6.article6_rows(session, YEAR - 1) == []
    # the whole ledger is of this year: every block not split, by serial
    assert [(r.block.serial_start, r.block.quantity) for r in this_year] == [
        (1, 30), (31, 100), (131, 441), (572, 100), (672, 137), (809, 142), (951, 50),
    ]  # fmt: skip
    retired = {r.block.serial_start: (r.retirement_use, r.claim_year, r.double_claim) for r in this_year}
    assert retired[572] == ("own_target", 2026, True) and retired[1] == ("on_behalf", 2026, False)
    moved = [r for r in this_year if r.first_transfer_date is not None]
    assert [(r.block.id, r.acquiring_party) for r in moved] == [(made.moved, "Heidelberg")]
    rows = list(csv.DictReader(io.StringIO(article6.article6_csv(this_year))))
    assert (rows[1]["host_country"], rows[1]["authorisation"], rows[1]["adjustment"]) == (
        "JP",
        "ndc",
        "pending",
    )


def test_open_data_holds_public_records_and_no_holding_or_draft(world: World) -> None:
    made = credit_world(world, draft_project=True)
    with world.db.read() as session:
        data = open_data.registry_json(session)
        files = {k: open_data.registry_csv(session, k) for k in open_data.KINDS}
    assert [p["title"] for p in data["projects"]] == ["Kyoto rooftop solar"]
    assert [(p["name"], p["share_bp"]) for p in data["projects"][0]["parties"]] == [
        ("Kyoto", 6000), ("Heidelberg", 2500), ("Kyoto Solar Coop", 1500),
    ]  # fmt: skip
    assert [(i["vintage"], i["serial_start"], i["serial_end"], i["quantity"]) for i in data["issuances"]] == [
        (2025, 1, 1000, 1000)
    ]
    assert [r["retirement_id"] for r in data["retirements"]] == [
        made.heidelberg_retirement,
        made.kyoto_retirement,
    ]
    text = json.dumps(data) + "".join(files.values())
    assert "Secret draft" not in text and "account" not in text.lower()
    quantities = [i["quantity"] for i in data["issuances"]] + [r["quantity"] for r in data["retirements"]]
    assert quantities == [1000, 100, 30]  # no holding (Heidelberg's 237, Kyoto's 441) is anywhere
    assert set(data) == {"unit", "projects", "issuances", "retirements"}
    issued = list(csv.DictReader(io.StringIO(files["issuances"])))
    assert issued[0]["quantity"] == "1000" and issued[0]["period_start"] == "2025-01-01"
