"""The ledger's transactions: issue, split, transfer, retire, cancel; each rule and refusal, who
may do what, and the chain they leave (verify_ledger after every test that writes)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from citypact.domain.credit_ledger import GENESIS_HASH, chain_hash
from citypact.services.credits import ledger
from citypact.services.credits.verify import verify_ledger
from citypact.services.errors import Conflict, InvalidInput, NotAuthenticated, PermissionDenied
from citypact.storage.credits import (
    CreditAccount,
    CreditBlock,
    CreditMonitoringReport,
    CreditProjectParty,
    CreditRetirement,
    CreditTransaction,
)
from citypact.storage.models import AuditEntry
from tests.conftest import World
from tests.credit_ledger_fixture import LedgerSetup, add_report, credit_project, issued


def _blocks(world: World) -> dict[int, CreditBlock]:
    with world.db.read() as session:
        return {b.id: b for b in session.scalars(select(CreditBlock))}


def _ok(world: World) -> None:
    with world.db.read() as session:
        check = verify_ledger(session)
    assert check.ok, check


def test_issue_allocates_by_share_buffer_first_remainder_to_host(world: World) -> None:
    s = issued(world)
    blocks = _blocks(world)
    # 1 000.7 t -> 1 000 credits; buffer 50; rest 950: Kyoto 570 + 1 = 571, Heidelberg 237, coop 142.
    sizes = {name: blocks[i].serial_end - blocks[i].serial_start + 1 for name, i in s.blocks.items()}
    assert sizes == {"host": 571, "partner": 237, "coop": 142, "buffer": 50}
    # Serials continue from 1 in party order, the buffer last.
    spans = sorted((blocks[i].serial_start, blocks[i].serial_end) for i in s.blocks.values())
    assert spans == [(1, 571), (572, 808), (809, 950), (951, 1000)]
    host = blocks[s.blocks["host"]]
    assert (host.vintage, host.authorisation, host.adjustment, host.created_seq) == (
        2025,
        "ndc",
        "pending",
        1,
    )
    with world.db.read() as session:
        report = session.get(CreditMonitoringReport, s.report_id)
        assert report is not None and report.status == "issued"
        accounts = {p.role: p.account_id for p in session.scalars(select(CreditProjectParty))}
        assert accounts["host"] == host.account_id
        [row] = session.scalars(select(CreditTransaction)).all()
        assert row.prev_hash == GENESIS_HASH and row.hash == chain_hash(GENESIS_HASH, row.body)
        assert (
            session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "issue"))
            == 1
        )
    _ok(world)


def test_issue_refusals(world: World) -> None:
    s = issued(world)
    with pytest.raises(Conflict, match="issued"), world.db.write() as session:
        ledger.issue(session, s.registry, s.report_id)
    draft = add_report(world, s.project_id, (dt.date(2026, 1, 1), dt.date(2026, 6, 30)), 10.0)
    with world.db.write() as session:
        report = session.get(CreditMonitoringReport, draft)
        assert report is not None
        report.status = "submitted"
    with pytest.raises(Conflict, match="submitted"), world.db.write() as session:
        ledger.issue(session, s.registry, draft)
    tiny = add_report(world, s.project_id, (dt.date(2027, 1, 1), dt.date(2027, 6, 30)), 0.9)
    with pytest.raises(Conflict, match="less than one tonne"), world.db.write() as session:
        ledger.issue(session, s.registry, tiny)
    _ok(world)


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("public", NotAuthenticated),
        ("plain_user", PermissionDenied),
        ("kyoto_editor", PermissionDenied),
        ("verifier", PermissionDenied),
        ("coop", PermissionDenied),
    ],
)
def test_only_the_registry_or_an_admin_issues(world: World, who: str, error: type[Exception]) -> None:
    s = credit_project(world)
    with pytest.raises(error), world.db.write() as session:
        ledger.issue(session, s.actor(who), s.report_id)
    with world.db.write() as session:
        assert len(ledger.issue(session, s.actor("admin"), s.report_id)) == 4


def test_a_period_over_two_years_issues_one_vintage_per_year_by_days(world: World) -> None:
    # 2025-07-01..2026-06-30: 184 days in 2025, 181 in 2026 of 365. 730 credits:
    # 2025: floor(730 x 184 / 365) = 368; 2026: 730 - 368 = 362.
    # No buffer, shares 50/50/0: 2025: 184 + 184; 2026: 181 + 181.
    s = issued(
        world,
        verified_t=730.0,
        buffer_bp=0,
        shares=(5000, 5000, 0),
        period=(dt.date(2025, 7, 1), dt.date(2026, 6, 30)),
    )
    with world.db.read() as session:
        rows = session.scalars(select(CreditBlock).order_by(CreditBlock.serial_start)).all()
    assert [(b.vintage, b.serial_start, b.serial_end) for b in rows] == [
        (2025, 1, 184),
        (2025, 185, 368),
        (2026, 369, 549),
        (2026, 550, 730),
    ]
    assert "buffer" not in s.blocks
    _ok(world)


def test_a_second_issuance_continues_the_serials(world: World) -> None:
    s = issued(world)
    second = add_report(world, s.project_id, (dt.date(2026, 1, 1), dt.date(2026, 12, 31)), 100.0)
    with world.db.write() as session:
        made = ledger.issue(session, s.registry, second)
    # 100: buffer 5; 95: Kyoto 57, Heidelberg 23 (23.75), coop 14 (14.25); 57+23+14 = 94, +1 -> 58.
    assert [(b.serial_start, b.serial_end) for b in made] == [
        (1001, 1058),
        (1059, 1081),
        (1082, 1095),
        (1096, 1100),
    ]
    _ok(world)


def test_split_covers_the_block_exactly(world: World) -> None:
    s = issued(world)
    with world.db.write() as session:
        a, b = ledger.split(session, s.actor("kyoto_editor"), s.blocks["host"], 100)
        ids = (a.id, b.id)
    blocks = _blocks(world)
    parent = blocks[s.blocks["host"]]
    assert parent.status == "split" and parent.closed_seq == 2
    assert [(blocks[i].serial_start, blocks[i].serial_end, blocks[i].parent_id) for i in ids] == [
        (1, 100, parent.id),
        (101, 571, parent.id),
    ]
    for size in (0, 571, -3, True):
        with pytest.raises(InvalidInput, match="first_size"), world.db.write() as session:
            ledger.split(session, s.actor("kyoto_editor"), ids[1], size)  # type: ignore[arg-type]
    with pytest.raises(Conflict, match="split"), world.db.write() as session:
        ledger.split(session, s.actor("kyoto_editor"), parent.id, 10)
    _ok(world)


def _account(world: World, city: str) -> int:
    with world.db.read() as session:
        found = session.scalar(select(CreditAccount.id).where(CreditAccount.city_id == world.city[city]))
    assert found is not None
    return found


def test_transfer_part_of_a_block_splits_then_moves_and_marks_the_first_international_transfer(
    world: World,
) -> None:
    s = issued(world)
    heidelberg = _account(world, "Heidelberg")
    with world.db.write() as session:
        moved = ledger.transfer(session, s.actor("kyoto_editor"), s.blocks["host"], heidelberg, 71)
        moved_id = moved.id
    blocks = _blocks(world)
    assert (blocks[moved_id].serial_start, blocks[moved_id].serial_end, blocks[moved_id].account_id) == (
        1,
        71,
        heidelberg,
    )
    assert blocks[moved_id].first_transferred_at is not None  # JP -> DE, authorised for NDC use
    with world.db.read() as session:
        kinds = session.scalars(select(CreditTransaction.kind).order_by(CreditTransaction.seq)).all()
    assert kinds == ["issue", "split", "transfer"]
    # Within the host country (Kyoto -> the Kyoto coop) is no international transfer.
    coop_account = blocks[s.blocks["coop"]].account_id
    with world.db.write() as session:
        rest = ledger.transfer(session, s.actor("kyoto_editor"), moved_id + 1, coop_account)
        assert rest.first_transferred_at is None
    _ok(world)


def test_transfer_refusals(world: World) -> None:
    s = issued(world)
    heidelberg = _account(world, "Heidelberg")
    editor = s.actor("kyoto_editor")
    cases = [
        ({"to_account_id": 999_999}, "to"),
        ({"to_account_id": _account(world, "Kyoto")}, "to"),
        ({"to_account_id": heidelberg, "quantity": 0}, "quantity"),
        ({"to_account_id": heidelberg, "quantity": 572}, "quantity"),
        ({"to_account_id": heidelberg, "quantity": "5"}, "quantity"),
    ]
    for kwargs, field in cases:
        with pytest.raises(InvalidInput) as refused, world.db.write() as session:
            ledger.transfer(session, editor, s.blocks["host"], **kwargs)  # type: ignore[arg-type]
        assert refused.value.field == field
    buffer_account = _blocks(world)[s.blocks["buffer"]].account_id
    with pytest.raises(InvalidInput, match="to"), world.db.write() as session:
        ledger.transfer(session, editor, s.blocks["host"], buffer_account)
    _ok(world)


@pytest.mark.parametrize(
    ("who", "block", "error"),
    [
        ("public", "host", NotAuthenticated),
        ("plain_user", "host", PermissionDenied),
        ("heidelberg_editor", "host", PermissionDenied),  # another city's editor
        ("heidelberg_viewer", "partner", PermissionDenied),  # a viewer of the holder
        ("verifier", "host", PermissionDenied),
        ("registry", "host", PermissionDenied),  # the registry issues; holders move their credits
        ("coop", "host", PermissionDenied),
        ("kyoto_editor", "coop", PermissionDenied),  # the host city does not act for the coop
        ("kyoto_editor", "buffer", PermissionDenied),  # nobody moves the buffer by hand
        ("admin", "buffer", PermissionDenied),
    ],
)
def test_who_may_not_move_credits(world: World, who: str, block: str, error: type[Exception]) -> None:
    s = issued(world)
    target = _account(world, "Heidelberg") if who != "heidelberg_editor" else _account(world, "Kyoto")
    with pytest.raises(error), world.db.write() as session:
        ledger.transfer(session, s.actor(who), s.blocks[block], target)
    with pytest.raises(error), world.db.write() as session:
        ledger.cancel(session, s.actor(who), s.blocks[block], quantity=None, reason="test")


@pytest.mark.parametrize(("who", "block"), [("kyoto_editor", "host"), ("coop", "coop"), ("admin", "partner")])
def test_who_may_move_credits(world: World, who: str, block: str) -> None:
    s = issued(world)
    target = _account(world, "Heidelberg") if block != "partner" else _account(world, "Kyoto")
    with world.db.write() as session:
        moved = ledger.transfer(session, s.actor(who), s.blocks[block], target, 1)
        assert moved.account_id == target
    _ok(world)


def _retire(s: LedgerSetup, who: str, block: str, **changes: object) -> CreditRetirement:
    values: dict[str, object] = {
        "quantity": 10,
        "use": "on_behalf",
        "beneficiary": "Shimogamo primary school",
        "purpose": "Solar day",
        "claim_year": 2025,
        "city_id": None,
        "organisation_id": None,
    } | changes
    with s.world.db.write() as session:
        return ledger.retire(session, s.actor(who), s.blocks[block], **values)  # type: ignore[arg-type]


def test_retire_on_behalf_and_toward_a_buyers_target(world: World) -> None:
    s = issued(world)
    on_behalf = _retire(s, "kyoto_editor", "host")
    toward = _retire(
        s, "heidelberg_editor", "partner", quantity=None, use="own_target", beneficiary="Heidelberg"
    )
    blocks = _blocks(world)
    assert (blocks[on_behalf.block_id].serial_start, blocks[on_behalf.block_id].serial_end) == (1, 10)
    assert blocks[on_behalf.block_id].status == "retired" and on_behalf.city_id == world.city["Kyoto"]
    assert toward.block_id == s.blocks["partner"] and toward.use == "own_target"
    with world.db.read() as session:
        retired_account = session.scalar(select(CreditAccount.id).where(CreditAccount.kind == "retirement"))
    assert blocks[toward.block_id].account_id == retired_account
    with world.db.read() as session:
        check = verify_ledger(session)
    assert check.ok and (check.issued, check.retired, check.active) == (1000, 247, 753)


def test_retire_refusals(world: World) -> None:
    s = issued(world)
    # Kyoto's own project is in Kyoto's inventory already: not an offset for Kyoto.
    with pytest.raises(InvalidInput) as refused:
        _retire(s, "kyoto_editor", "host", use="own_target")
    assert (refused.value.field, refused.value.message) == ("use", "own_territory")
    for changes, field in [
        ({"use": "offset"}, "use"),
        ({"beneficiary": "  "}, "beneficiary"),
        ({"beneficiary": "x" * 301}, "beneficiary"),
        ({"purpose": "x" * 2001}, "purpose"),
        ({"claim_year": 1200}, "claim_year"),
        ({"quantity": 10_000}, "quantity"),
        ({"city_id": world.city["Heidelberg"]}, "city_id"),
    ]:
        with pytest.raises(InvalidInput) as refused:
            _retire(s, "kyoto_editor", "host", **changes)
        assert refused.value.field == field
    _retire(s, "kyoto_editor", "host", quantity=None)
    with pytest.raises(Conflict, match="retired"):
        _retire(s, "kyoto_editor", "host", quantity=None)
    with world.db.read() as session:
        assert session.scalar(select(func.count()).select_from(CreditRetirement)) == 1
    _ok(world)


def test_cancel_is_final(world: World) -> None:
    s = issued(world)
    with pytest.raises(InvalidInput, match="reason"), world.db.write() as session:
        ledger.cancel(session, s.actor("heidelberg_editor"), s.blocks["partner"], quantity=None, reason=" ")
    with world.db.write() as session:
        done = ledger.cancel(
            session, s.actor("heidelberg_editor"), s.blocks["partner"], quantity=37, reason="Reversal"
        )
        assert (done.status, done.serial_end - done.serial_start + 1) == ("cancelled", 37)
        cancelled = done.id
    with pytest.raises(Conflict, match="cancelled"), world.db.write() as session:
        ledger.transfer(session, s.actor("admin"), cancelled, _account(world, "Kyoto"))
    with world.db.read() as session:
        check = verify_ledger(session)
    assert check.ok and (check.cancelled, check.transactions) == (37, 3)
