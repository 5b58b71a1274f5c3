"""Sealed bids: suppliers submit and replace their own until the deadline; after it the lead buyer's
evaluators open them (audited), and import the bids received on paper.

Sealed means: before `bids_due_at` no one, administrators included, reads a bid through the platform
(every reading goes through `open_bids`, which refuses), and the stored payload is encrypted
(sealing.py). A supplier sees the receipts of its own bids, never their content nor anyone else's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO, Final

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from citypact.domain.access import Actor, Grant, Role
from citypact.domain.procurement.bids import Bid
from citypact.domain.procurement.phases import Phase
from citypact.formats.bid_file import read_bid_file
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied, require
from citypact.services.procurement import sealing
from citypact.services.procurement.bid_payload import clean_payload, from_bid
from citypact.services.uploads import saved_upload
from citypact.storage.db import Database
from citypact.storage.models import Organisation, utcnow
from citypact.storage.procurement import Procurement, ProcurementLot
from citypact.storage.procurement_bids import ProcurementBid, ProcurementBidOpening

MAX_PAPER_BIDS: Final = 1_000


@dataclass(frozen=True)
class Receipt:
    """What a supplier keeps: which bid, its revision, when, and the SHA-256 of what was sealed."""

    bid_id: int
    procurement_id: int
    lot_id: int
    lot_number: int
    supplier: str
    revision: int
    submitted_at: dt.datetime
    content_hash: str


@dataclass(frozen=True)
class OpenedBid:
    bid_id: int
    lot_id: int
    lot_number: int
    supplier: str
    organisation_id: int | None
    source: str
    submitted_at: dt.datetime
    content_hash: str
    payload: dict[str, Any]


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or utcnow()


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite gives back naive UTC times; PostgreSQL aware ones."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def procurement_by_id(session: Session, procurement_id: int) -> Procurement:
    found = session.get(Procurement, procurement_id)
    if found is None:
        raise NotFound("procurement", procurement_id)
    return found


def lot_of(session: Session, procurement: Procurement, lot_id: int) -> ProcurementLot:
    lot = session.get(ProcurementLot, lot_id)
    if lot is None or lot.procurement_id != procurement.id:
        raise NotFound("lot", lot_id)
    return lot


def is_evaluator(actor: Actor, procurement: Procurement) -> bool:
    """The lead buyer's editors (a city's editors, or the confirmed people of a central purchasing
    body) and administrators."""
    if actor.is_admin:
        return True
    if procurement.lead_city_id is not None:
        return actor.can_edit_city(procurement.lead_city_id)
    return Grant(Role.STAKEHOLDER, procurement.lead_organisation_id or 0) in actor.grants


def check_evaluator(actor: Actor, procurement: Procurement) -> None:
    require(
        is_evaluator(actor, procurement),
        actor.is_authenticated,
        "Only the lead buyer's editors evaluate this procurement's bids.",
    )


def is_sealed(procurement: Procurement, now: dt.datetime) -> bool:
    """Bids stay sealed until the deadline has passed (and always without one)."""
    return procurement.bids_due_at is None or now < _aware(procurement.bids_due_at)


def check_unsealed(procurement: Procurement, now: dt.datetime) -> None:
    if is_sealed(procurement, now):
        due = procurement.bids_due_at
        when = f" until {_aware(due).isoformat()}" if due else " (no deadline is set)"
        raise Conflict(f"The bids are sealed{when}: no one can open them before the deadline has passed.")


def submit_bid(
    session: Session,
    actor: Actor,
    procurement_id: int,
    lot_id: int,
    organisation_id: int,
    values: Mapping[str, Any],
    *,
    secret_key: str,
    now: dt.datetime | None = None,
) -> Receipt:
    """Submit (or replace) the organisation's bid for a lot while the tender is open; the actor is a
    confirmed person of the organisation."""
    require(
        Grant(Role.STAKEHOLDER, organisation_id) in actor.grants,
        actor.is_authenticated,
        "Only people confirmed for this organisation submit its bids.",
    )
    procurement = procurement_by_id(session, procurement_id)
    lot = lot_of(session, procurement, lot_id)
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound("organisation", organisation_id)
    if procurement.lead_organisation_id == organisation_id:
        raise PermissionDenied("The lead buyer does not bid in its own procurement.")
    moment = _now(now)
    if procurement.status != "active" or procurement.phase != Phase.TENDER_PUBLISHED:
        raise Conflict("This procurement takes no bids: its tender is not open.")
    if not is_sealed(procurement, moment):
        raise Conflict("The deadline for bids has passed; no bid can be submitted or replaced now.")
    payload = clean_payload(values, procurement.currency)
    sealed, receipt = sealing.seal(secret_key, procurement.id, payload)
    # Locked, so that two replacements at once each count their revision (no lost update).
    bid = session.scalar(
        select(ProcurementBid)
        .where(ProcurementBid.lot_id == lot.id, ProcurementBid.supplier_name == organisation.name)
        .with_for_update()
    )
    if bid is not None and bid.organisation_id != organisation_id:
        raise Conflict("Another organisation of the same name bids for this lot; ask the lead buyer.")
    if bid is None:
        bid = ProcurementBid(
            procurement_id=procurement.id,
            lot_id=lot.id,
            organisation_id=organisation_id,
            supplier_name=organisation.name,
            source="online",
            revision=1,
        )
        session.add(bid)
    else:
        bid.revision += 1
    bid.sealed_payload = sealed
    bid.content_hash = receipt
    bid.submitted_by = actor.user_id
    bid.submitted_at = moment
    try:
        session.flush()
    except IntegrityError:
        raise Conflict("Another submission of this bid landed at the same moment; send it again.") from None
    # The audit keeps the receipt, never the content.
    audit.record(
        session,
        actor,
        "submit" if bid.revision == 1 else "replace",
        "procurement_bid",
        bid.id,
        after={
            "procurement": procurement.id,
            "lot": lot.number,
            "revision": bid.revision,
            "receipt": receipt,
        },
    )
    return _receipt(bid, lot)


def _receipt(bid: ProcurementBid, lot: ProcurementLot) -> Receipt:
    return Receipt(
        bid.id,
        bid.procurement_id,
        lot.id,
        lot.number,
        bid.supplier_name,
        bid.revision,
        _aware(bid.submitted_at),
        bid.content_hash,
    )


def my_receipts(session: Session, actor: Actor, procurement_id: int) -> list[Receipt]:
    """The receipts of the bids of the organisations the actor is confirmed for (no content)."""
    procurement_by_id(session, procurement_id)
    organisations = {g.scope_id for g in actor.grants if g.role is Role.STAKEHOLDER}
    rows = session.execute(
        select(ProcurementBid, ProcurementLot)
        .join(ProcurementLot, ProcurementLot.id == ProcurementBid.lot_id)
        .where(
            ProcurementBid.procurement_id == procurement_id, ProcurementBid.organisation_id.in_(organisations)
        )
        .order_by(ProcurementLot.number, ProcurementBid.id)
    ).all()
    return [_receipt(bid, lot) for bid, lot in rows]


def bid_counts(session: Session, procurement_id: int) -> dict[int, int]:
    """Bids per lot number (a count reveals no content; shown once the bids are due)."""
    rows = session.execute(
        select(ProcurementLot.number, func.count(ProcurementBid.id))
        .join(ProcurementBid, ProcurementBid.lot_id == ProcurementLot.id)
        .where(ProcurementLot.procurement_id == procurement_id)
        .group_by(ProcurementLot.number)
    ).all()
    return {int(number): int(count) for number, count in rows}


def open_bids(
    session: Session,
    actor: Actor,
    procurement_id: int,
    *,
    secret_key: str,
    lot_id: int | None = None,
    now: dt.datetime | None = None,
) -> list[OpenedBid]:
    """The bids with their content, for the lead buyer's evaluators, once the deadline has passed.
    The first reading is the opening (who, when); every reading is audited."""
    procurement = procurement_by_id(session, procurement_id)
    check_evaluator(actor, procurement)
    moment = _now(now)
    check_unsealed(procurement, moment)
    if (
        session.scalar(
            select(ProcurementBidOpening.id).where(ProcurementBidOpening.procurement_id == procurement.id)
        )
        is None
    ):
        try:
            with session.begin_nested():
                session.add(
                    ProcurementBidOpening(
                        procurement_id=procurement.id, opened_by=actor.user_id, opened_at=moment
                    )
                )
        except IntegrityError:
            pass  # another evaluator opened them at the same moment: that opening stands
    query = (
        select(ProcurementBid, ProcurementLot)
        .join(ProcurementLot, ProcurementLot.id == ProcurementBid.lot_id)
        .where(ProcurementBid.procurement_id == procurement.id)
        .order_by(ProcurementLot.number, ProcurementBid.supplier_name)
    )
    if lot_id is not None:
        lot_of(session, procurement, lot_id)
        query = query.where(ProcurementBid.lot_id == lot_id)
    opened = []
    for bid, lot in session.execute(query).all():
        try:
            payload = sealing.unseal(secret_key, procurement.id, bid.sealed_payload, bid.content_hash)
        except sealing.SealBroken as error:
            raise Conflict(f"Bid {bid.id} of {bid.supplier_name}: {error}.") from None
        opened.append(
            OpenedBid(
                bid.id,
                lot.id,
                lot.number,
                bid.supplier_name,
                bid.organisation_id,
                bid.source,
                _aware(bid.submitted_at),
                bid.content_hash,
                payload,
            )
        )
    audit.record(
        session,
        actor,
        "open",
        "procurement_bids",
        procurement.id,
        after={"lot": lot_id, "bids": [b.bid_id for b in opened]},
    )
    return opened


def import_paper_bids(
    session: Session,
    actor: Actor,
    procurement_id: int,
    bids: Sequence[Bid],
    *,
    secret_key: str,
    now: dt.datetime | None = None,
) -> list[Receipt]:
    """Add the bids the lead received on paper (read from a bid file), after the deadline, all or
    nothing: each names its lot by number and its supplier by name."""
    procurement = procurement_by_id(session, procurement_id)
    check_evaluator(actor, procurement)
    moment = _now(now)
    check_unsealed(procurement, moment)
    if not bids or len(bids) > MAX_PAPER_BIDS:
        raise InvalidInput("bids", f"give from 1 to {MAX_PAPER_BIDS} bids.")
    lots = {
        str(lot.number): lot
        for lot in session.scalars(
            select(ProcurementLot).where(ProcurementLot.procurement_id == procurement.id)
        )
    }
    receipts = []
    for bid in bids:
        where = f"row {bid.row}" if bid.row is not None else f"bid of {bid.supplier}"
        lot = lots.get(bid.lot.strip())
        if lot is None:
            raise InvalidInput(
                "lot", f"{where}: no lot {bid.lot!r}; use a lot number: {', '.join(sorted(lots))}."
            )
        supplier = bid.supplier.strip()
        if not supplier or len(supplier) > 200:
            raise InvalidInput("supplier", f"{where}: give the supplier's name (at most 200 characters).")
        taken = session.scalar(
            select(ProcurementBid.id).where(
                ProcurementBid.lot_id == lot.id, ProcurementBid.supplier_name == supplier
            )
        )
        if taken is not None:
            raise Conflict(f"{where}: {supplier} already has a bid for lot {lot.number}.")
        try:
            payload = from_bid(bid, procurement.currency)
        except InvalidInput as error:
            raise InvalidInput(error.field, f"{where}: {error.message}") from None
        sealed = sealing.seal(secret_key, procurement.id, payload)
        row = ProcurementBid(
            procurement_id=procurement.id,
            lot_id=lot.id,
            organisation_id=None,
            supplier_name=supplier,
            source="paper",
            revision=1,
            sealed_payload=sealed.token,
            content_hash=sealed.receipt,
            submitted_by=actor.user_id,
            submitted_at=moment,
        )
        session.add(row)
        session.flush()
        receipts.append(_receipt(row, lot))
    audit.record(
        session,
        actor,
        "import",
        "procurement_bids",
        procurement.id,
        after={"bids": [r.bid_id for r in receipts], "receipts": [r.content_hash for r in receipts]},
    )
    return receipts


def lot_choices(session: Session, procurement_id: int) -> list[tuple[int, int, str]]:
    """(id, number, title) of the procurement's lots, in order: what a form offers."""
    rows = session.execute(
        select(ProcurementLot.id, ProcurementLot.number, ProcurementLot.title)
        .where(ProcurementLot.procurement_id == procurement_id)
        .order_by(ProcurementLot.number)
    ).all()
    return [(int(i), int(n), str(t)) for i, n, t in rows]


def bidder_organisations(session: Session, actor: Actor) -> list[tuple[int, str]]:
    """(id, name) of the organisations the actor is confirmed for: whom it may bid for."""
    ids = sorted(g.scope_id for g in actor.grants if g.role is Role.STAKEHOLDER)
    if not ids:
        return []
    rows = session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))).all()
    return sorted(((int(i), str(n)) for i, n in rows), key=lambda row: row[0])


def now_utc() -> dt.datetime:
    return utcnow()


def import_paper_upload(
    db: Database,
    actor: Actor,
    procurement_id: int,
    upload: bytes | BinaryIO,
    file_name: str,
    *,
    secret_key: str,
) -> list[Receipt]:
    """`import_paper_bids` for an uploaded bid file (the API): the actor is authorized and the seal
    checked before the file is saved or read; the file is read outside the write transaction."""
    with db.read() as session:
        procurement = procurement_by_id(session, procurement_id)
        check_evaluator(actor, procurement)
        check_unsealed(procurement, utcnow())
    with saved_upload(upload, file_name) as path:
        read = read_bid_file(path)
    with db.write() as session:
        return import_paper_bids(session, actor, procurement_id, read, secret_key=secret_key)
