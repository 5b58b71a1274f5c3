"""Account statements, the claims on credits, the Article 6 report and the open registry data,
read over the rows of tests/credits_fixture.py (quantities worked out in its docstring)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from citypact.services.credits import article6, claims, open_data, statements
from citypact.services.errors import NotAuthenticated, NotFound, PermissionDenied
from tests.conftest import World
from tests.credits_fixture import credit_world


def test_the_statement_lists_held_blocks_retirements_history_and_totals(world: World) -> None:
    made = credit_world(world)
    with world.db.read() as session:
        seen = statements.account_statement(
            session, world.actor("heidelberg_viewer"), made.heidelberg_account
        )
    assert [(b.serial_start, b.serial_end, b.quantity) for b in seen.held] == [
        (151, 430, 280),
        (461, 1000, 540),
    ]
    assert seen.held_total == 820 and seen.held_by_vintage() == {2026: 820}
    assert [(r.block.serial_start, r.use, r.claim_year) for r in seen.retired] == [(51, "own_target", 2026)]
    assert seen.retired_total == 100
    # issue, split, retire from it, transfer to it; not Kyoto's split (seq 4) nor its retirement (seq 5)
    assert [h.seq for h in seen.history] == [6, 3, 2, 1]
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
        ("151", "280", "active", ""),
        ("461", "540", "active", ""),
        ("51", "100", "retired", "own_target"),
    ]
    assert rows[1]["first_transferred_at"].startswith("2028-01-10")


def test_gross_stays_gross_and_net_only_when_the_city_chooses(world: World) -> None:
    from tests.factories import activity, new_inventory

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
    assert (buyer.block.quantity, buyer.seq, buyer.hash[:4] != "") == (100, 3, True)
    assert kyoto.account_id is None  # the public never sees an account
    assert [y.own_target_credits for y in kyoto.years] == []  # on behalf: claims nothing
    assert [p.role for p in kyoto.projects] == ["host"]


def test_the_article6_report_lists_blocks_touched_in_the_year(world: World) -> None:
    made = credit_world(world)
    with world.db.read() as session:
        with pytest.raises(PermissionDenied):
            article6.article6_report(session, world.actor("heidelberg_editor"), 2027)
        y2027 = article6.article6_report(session, world.actor("admin"), 2027)
        y2028 = article6.article6_rows(session, 2028)
        assert article6.article6_rows(session, 2025) == []
    # 2027: issuance, two splits, two retirements touch every block that is not split
    assert [(r.block.serial_start, r.block.quantity) for r in y2027] == [
        (1, 50),
        (51, 100),
        (151, 280),
        (431, 30),
        (461, 540),
    ]
    retired = {r.block.serial_start: (r.retirement_use, r.claim_year, r.double_claim) for r in y2027}
    assert retired[51] == ("own_target", 2026, True) and retired[431] == ("on_behalf", 2027, False)
    assert [(r.block.id, r.acquiring_party, str(r.first_transfer_date)) for r in y2028] == [
        (made.moved, "Heidelberg", "2028-01-10")
    ]
    rows = list(csv.DictReader(io.StringIO(article6.article6_csv(y2028))))
    assert (
        rows[0]["host_country"] == "JP"
        and rows[0]["authorisation"] == "ndc"
        and rows[0]["adjustment"] == "not_required"
    )


def test_open_data_holds_public_records_and_no_holding_or_draft(world: World) -> None:
    made = credit_world(world, draft_project=True)
    with world.db.read() as session:
        data = open_data.registry_json(session)
        files = {k: open_data.registry_csv(session, k) for k in open_data.KINDS}
    assert [p["title"] for p in data["projects"]] == ["Kyoto rooftop solar"]
    assert data["projects"][0]["parties"] == [
        {"name": "Kyoto", "share_bp": 6000},
        {"name": "Heidelberg", "share_bp": 4000},
    ]
    assert [(i["vintage"], i["serial_start"], i["serial_end"], i["quantity"]) for i in data["issuances"]] == [
        (2026, 1, 1000, 1000)
    ]
    assert [r["retirement_id"] for r in data["retirements"]] == [
        made.heidelberg_retirement,
        made.kyoto_retirement,
    ]
    text = json.dumps(data) + "".join(files.values())
    assert "Secret draft" not in text and "account" not in text.lower()
    assert "820" not in text and "540" not in text  # Heidelberg's holding and the moved block
    issued = list(csv.DictReader(io.StringIO(files["issuances"])))
    assert issued[0]["quantity"] == "1000" and issued[0]["period_start"] == "2026-01-01"
