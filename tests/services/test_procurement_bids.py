"""Sealed bids: submitted and replaced by their supplier only, unreadable by anyone (admins too)
before the deadline, encrypted at rest, opened (audited) by the lead buyer's editors after it."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import select, text

from citypact.domain.procurement.bids import Bid
from citypact.services.errors import Conflict, InvalidInput, NotAuthenticated, PermissionDenied
from citypact.services.procurement import bids, sealing
from citypact.storage.models import AuditEntry
from citypact.storage.procurement_bids import ProcurementBid, ProcurementBidOpening
from tests.conftest import World
from tests.procurement_bids_fixture import AFTER, BEFORE, DIESEL, ELECTRIC, SECRET, Tender, tender


def _submit(
    world: World, who: str, org: int, values: dict[str, object], t: Tender, now: dt.datetime = BEFORE
) -> bids.Receipt:
    with world.db.write() as session:
        return bids.submit_bid(
            session,
            world.actor(who),
            t.procurement_id,
            t.lot_id,
            org,
            values,
            secret_key=SECRET,
            now=now,
        )


def test_a_bid_is_stored_encrypted_with_its_receipt(world: World) -> None:
    t = tender(world)
    receipt = _submit(world, "busbau_seller", t.busbau, DIESEL, t)
    assert receipt.revision == 1 and receipt.lot_number == 1 and receipt.supplier == "Busbau GmbH"
    with world.db.read() as session:
        raw = session.execute(text("SELECT sealed_payload, content_hash FROM procurement_bid")).one()
        dump = " ".join(str(v) for v in session.execute(text("SELECT * FROM procurement_bid")).one())
    # No price in the table (900000000 cents, 9000000 EUR), in any form.
    assert "900000000" not in dump and "9000000" not in dump and "lifetime" not in dump
    assert raw.content_hash == receipt.content_hash
    payload = sealing.unseal(SECRET, t.procurement_id, raw.sealed_payload, raw.content_hash)
    assert payload["price_minor"] == 900_000_000
    assert payload["maintenance_per_year_minor"] == 30_000_000
    # The receipt hashes a salted copy: the same bid sealed again gets another receipt, so a receipt
    # cannot be matched against guessed prices.
    assert sealing.seal(SECRET, t.procurement_id, payload).receipt != receipt.content_hash


def test_a_procurements_key_opens_no_other_and_another_secret_opens_nothing(world: World) -> None:
    token, good = sealing.seal(SECRET, 1, {"price_minor": 5})
    assert sealing.unseal(SECRET, 1, token, good) == {"price_minor": 5}
    with pytest.raises(sealing.SealBroken):
        sealing.unseal(SECRET, 2, token, good)
    with pytest.raises(sealing.SealBroken):
        sealing.unseal("another-secret", 1, token, good)
    with pytest.raises(sealing.SealBroken, match="receipt"):
        sealing.unseal(SECRET, 1, token, "0" * 64)


def test_the_supplier_replaces_its_own_bid_before_the_deadline(world: World) -> None:
    t = tender(world)
    first = _submit(world, "busbau_seller", t.busbau, DIESEL, t)
    second = _submit(world, "busbau_seller", t.busbau, {**DIESEL, "price": 8_500_000}, t)
    assert second.bid_id == first.bid_id and second.revision == 2
    assert second.content_hash != first.content_hash
    with world.db.read() as session:
        assert session.scalar(select(ProcurementBid.revision)) == 2
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.entity == "procurement_bid").order_by(AuditEntry.id)
        ).all()
        assert actions == ["submit", "replace"]
        after = session.scalars(select(AuditEntry.after).where(AuditEntry.entity == "procurement_bid")).all()
        assert all("price" not in str(a) and "850000000" not in str(a) for a in after)


def test_only_the_organisations_people_bid_for_it(world: World) -> None:
    t = tender(world)
    with pytest.raises(PermissionDenied):
        _submit(world, "elektro_seller", t.busbau, DIESEL, t)
    with pytest.raises(PermissionDenied):
        _submit(world, "admin", t.busbau, DIESEL, t)
    with pytest.raises(PermissionDenied):
        _submit(world, "heidelberg_editor", t.busbau, DIESEL, t)
    with pytest.raises(NotAuthenticated):
        _submit(world, "public", t.busbau, DIESEL, t)


def test_no_bid_after_the_deadline_or_before_the_tender_is_out(world: World) -> None:
    t = tender(world)
    with pytest.raises(Conflict, match="deadline"):
        _submit(world, "busbau_seller", t.busbau, DIESEL, t, now=AFTER)
    closed = tender(world, phase="market_dialogue")
    with pytest.raises(Conflict, match="not open"), world.db.write() as session:
        bids.submit_bid(
            session,
            world.actor("busbau_seller"),
            closed.procurement_id,
            closed.lot_id,
            t.busbau,
            DIESEL,
            secret_key=SECRET,
            now=BEFORE,
        )


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({**DIESEL, "price": "nine"}, "price"),
        ({**DIESEL, "price": -1}, "price"),
        ({**DIESEL, "lifetime_years": 0}, "lifetime_years"),
        ({**DIESEL, "lifetime_years": 2.5}, "lifetime_years"),
        ({**DIESEL, "ladder_level": 6}, "ladder_level"),
        ({**DIESEL, "discount": 3}, "discount"),
        ({k: v for k, v in DIESEL.items() if k != "price"}, "price"),
        (
            {**DIESEL, "energy": [{"carrier": "electricity", "amount_per_year": "x", "unit": "kWh"}]},
            "energy[1].amount_per_year",
        ),
        ({**DIESEL, "price": float("inf")}, "price"),
    ],
)
def test_a_bad_bid_names_its_field_and_writes_nothing(
    world: World, values: dict[str, object], field: str
) -> None:
    t = tender(world)
    with pytest.raises(InvalidInput) as error:
        _submit(world, "busbau_seller", t.busbau, values, t)
    assert error.value.field == field
    with world.db.read() as session:
        assert session.scalar(select(ProcurementBid.id)) is None


@pytest.mark.parametrize("who", ["admin", "heidelberg_editor", "busbau_seller", "munich_nobody"])
def test_no_one_opens_a_bid_before_the_deadline_not_even_an_admin(world: World, who: str) -> None:
    t = tender(world)
    _submit(world, "busbau_seller", t.busbau, DIESEL, t)
    actor = world.actor("plain_user" if who == "munich_nobody" else who)
    with pytest.raises((Conflict, PermissionDenied)) as error, world.db.write() as session:
        bids.open_bids(session, actor, t.procurement_id, secret_key=SECRET, now=BEFORE)
    if who in ("admin", "heidelberg_editor"):
        assert isinstance(error.value, Conflict) and "sealed" in str(error.value)
    with world.db.read() as session:
        assert session.scalar(select(ProcurementBidOpening.id)) is None


def test_the_lead_opens_after_the_deadline_once_and_every_reading_is_audited(world: World) -> None:
    t = tender(world)
    _submit(world, "busbau_seller", t.busbau, DIESEL, t)
    _submit(world, "elektro_seller", t.elektro, ELECTRIC, t)
    for _ in range(2):
        with world.db.write() as session:
            opened = bids.open_bids(
                session, world.actor("heidelberg_editor"), t.procurement_id, secret_key=SECRET, now=AFTER
            )
    assert [(b.supplier, b.payload["price_minor"]) for b in opened] == [
        ("Busbau GmbH", 900_000_000),
        ("Elektro AG", 1_500_000_000),
    ]
    with world.db.read() as session:
        openings = session.scalars(select(ProcurementBidOpening)).all()
        assert len(openings) == 1 and openings[0].opened_by == world.users["heidelberg_editor"]
        assert (
            session.scalar(
                select(text("count(*)")).select_from(AuditEntry).where(AuditEntry.action == "open")
            )
            == 2
        )


@pytest.mark.parametrize("who", ["kyoto_editor", "heidelberg_viewer", "busbau_seller", "plain_user"])
def test_no_one_but_the_lead_opens_after_the_deadline(world: World, who: str) -> None:
    t = tender(world)
    _submit(world, "busbau_seller", t.busbau, DIESEL, t)
    with pytest.raises(PermissionDenied), world.db.write() as session:
        bids.open_bids(session, world.actor(who), t.procurement_id, secret_key=SECRET, now=AFTER)


def test_a_supplier_sees_its_own_receipts_only(world: World) -> None:
    t = tender(world)
    _submit(world, "busbau_seller", t.busbau, DIESEL, t)
    _submit(world, "elektro_seller", t.elektro, ELECTRIC, t)
    with world.db.read() as session:
        mine = bids.my_receipts(session, world.actor("busbau_seller"), t.procurement_id)
        assert [r.supplier for r in mine] == ["Busbau GmbH"]
        assert bids.my_receipts(session, world.actor("heidelberg_editor"), t.procurement_id) == []


def test_paper_bids_after_the_deadline_all_or_nothing(world: World) -> None:
    t = tender(world)
    paper = [
        Bid(lot="1", supplier="Papier KG", price=10_000_000.0, lifetime_years=12, row=2),
        Bid(lot="9", supplier="Falsch GmbH", price=1.0, lifetime_years=12, row=3),
    ]
    with pytest.raises(Conflict, match="sealed"), world.db.write() as session:
        bids.import_paper_bids(
            session,
            world.actor("heidelberg_editor"),
            t.procurement_id,
            paper[:1],
            secret_key=SECRET,
            now=BEFORE,
        )
    with pytest.raises(InvalidInput, match="row 3"), world.db.write() as session:
        bids.import_paper_bids(
            session, world.actor("heidelberg_editor"), t.procurement_id, paper, secret_key=SECRET, now=AFTER
        )
    with world.db.read() as session:
        assert session.scalar(select(ProcurementBid.id)) is None
    with world.db.write() as session:
        receipts = bids.import_paper_bids(
            session,
            world.actor("heidelberg_editor"),
            t.procurement_id,
            paper[:1],
            secret_key=SECRET,
            now=AFTER,
        )
    assert [r.supplier for r in receipts] == ["Papier KG"]
    with world.db.write() as session:
        opened = bids.open_bids(
            session, world.actor("heidelberg_editor"), t.procurement_id, secret_key=SECRET, now=AFTER
        )
    assert opened[0].source == "paper" and opened[0].payload["price_minor"] == 1_000_000_000


def test_a_bid_sealed_before_the_salt_still_opens() -> None:
    raw = sealing.canonical({"price_minor": 5})
    token = sealing._fernet(SECRET, 1).encrypt(raw).decode("ascii")
    assert sealing.unseal(SECRET, 1, token, hashlib.sha256(raw).hexdigest()) == {"price_minor": 5}
