"""A joint procurement as an Open Contracting Data Standard 1.1 release package.

Pure mapping from plain data (filled by services/procurement from the tables) to the JSON of an
OCDS 1.1 release package with the lots and bids extensions (v1.1.5). Choices (docs/procurement_integrity.md):

- Roles: the lead buyer manages the process, so it is `procuringEntity`; every participating city is a
  `buyer` (its budget pays), the lead too when it takes part itself. The release's `buyer` field names the
  lead when it is a buyer; a central purchasing body buying for the others is `procuringEntity` only.
  OCDS 1.1 has no "lead buyer" role (1.2 adds `wholesaleBuyer`), hence this split.
- Awarded suppliers are `supplier` and `tenderer`; other tenderers are not named: the public sees the
  count of bids per lot (bids extension statistics), never who else bid or at what price.
- Money is integer minor units in the tables and a decimal amount here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from citypact.domain.action_plans import from_minor_units

OCDS_VERSION = "1.1"
EXTENSIONS = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json",
)
# A registered prefix is `ocds-` and six characters (OCDS "Identifiers"); we accept any `ocds-` prefix
# of letters and digits so a publisher's own registered one always fits.
_PREFIX_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789")


class OcidPrefixError(ValueError):
    """The deployment has no registered ocid prefix, or a malformed one."""


@dataclass(frozen=True)
class Party:
    id: str  # stable within the release, e.g. "city-12" or "org-4"
    name: str
    roles: tuple[str, ...]
    country: str | None = None  # ISO 3166-1 alpha-2


@dataclass(frozen=True)
class Lot:
    id: str
    title: str
    quantity: float | None = None
    unit: str | None = None
    value_minor: int | None = None  # the participants' budget ceilings, summed
    currency: str | None = None


@dataclass(frozen=True)
class Award:
    id: str
    lot_id: str
    supplier_party_id: str
    date: dt.datetime
    value_minor: int
    currency: str


@dataclass(frozen=True)
class Contract:
    id: str
    award_id: str
    value_minor: int
    currency: str
    date_signed: dt.datetime | None = None
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class Procurement:
    id: int
    title: str
    description: str
    cpv_code: str | None
    lead_party_id: str
    lead_is_buyer: bool
    parties: Sequence[Party]
    lots: Sequence[Lot]
    bids_per_lot: dict[str, int]  # lot id -> number of bids received (only after the bids are due)
    tenderer_count: int | None  # distinct organisations that bid (None before the bids are due)
    tender_start: dt.datetime | None
    bids_due: dt.datetime | None
    awards: Sequence[Award]
    contracts: Sequence[Contract]
    updated: dt.datetime


def check_prefix(prefix: str | None) -> str:
    """The deployment's registered ocid prefix, e.g. `ocds-213czf`; refuse a missing or malformed one."""
    if not prefix:
        raise OcidPrefixError(
            "no ocid prefix is set: register one with the Open Contracting Partnership and set "
            "CITYPACT_OCID_PREFIX (e.g. ocds-213czf)"
        )
    rest = prefix.removeprefix("ocds-")
    if rest == prefix or not rest or not set(rest) <= _PREFIX_CHARS:
        raise OcidPrefixError(
            f"the ocid prefix {prefix!r} is not `ocds-` and lower-case letters or digits; "
            "set CITYPACT_OCID_PREFIX"
        )
    return prefix


def ocid(prefix: str, procurement_id: int) -> str:
    return f"{check_prefix(prefix)}-citypact-procurement-{procurement_id}"


def _when(value: dt.datetime | dt.date) -> str:
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return aware.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC).isoformat().replace("+00:00", "Z")


def _value(minor: int, currency: str) -> dict[str, Any]:
    return {"amount": from_minor_units(minor, currency), "currency": currency}


def _tag(p: Procurement) -> list[str]:
    if p.contracts:
        return ["contract"]
    if p.awards:
        return ["award"]
    return ["tender"]


def _tender(p: Procurement) -> dict[str, Any]:
    lead = next(party for party in p.parties if party.id == p.lead_party_id)
    tender: dict[str, Any] = {
        "id": f"procurement-{p.id}",
        "title": p.title,
        "description": p.description,
        "status": "complete" if p.awards else "active",
        "procuringEntity": {"id": lead.id, "name": lead.name},
        "lots": [_lot(lot) for lot in p.lots],
        "items": [
            {
                "id": f"item-{lot.id}",
                "description": lot.title,
                "relatedLot": lot.id,
                **({"quantity": lot.quantity} if lot.quantity is not None else {}),
                **({"unit": {"name": lot.unit}} if lot.unit else {}),
                **({"classification": {"scheme": "CPV", "id": p.cpv_code}} if p.cpv_code else {}),
            }
            for lot in p.lots
        ],
    }
    if p.tender_start or p.bids_due:
        period: dict[str, str] = {}
        if p.tender_start:
            period["startDate"] = _when(p.tender_start)
        if p.bids_due:
            period["endDate"] = _when(p.bids_due)
        tender["tenderPeriod"] = period
    if p.tenderer_count is not None:
        tender["numberOfTenderers"] = p.tenderer_count
    return tender


def _lot(lot: Lot) -> dict[str, Any]:
    out: dict[str, Any] = {"id": lot.id, "title": lot.title}
    if lot.value_minor is not None and lot.currency:
        out["value"] = _value(lot.value_minor, lot.currency)
    return out


def release_package(
    p: Procurement, prefix: str, published: dt.datetime, publisher: str = "citypact"
) -> dict[str, Any]:
    """The OCDS 1.1 release package of one procurement: one release with its current state."""
    release_id = ocid(prefix, p.id)
    release: dict[str, Any] = {
        "ocid": release_id,
        "id": f"{release_id}-{_when(p.updated)}",
        "date": _when(p.updated),
        "tag": _tag(p),
        "initiationType": "tender",
        "language": "en",
        "parties": [
            {
                "id": party.id,
                "name": party.name,
                "roles": list(party.roles),
                **({"address": {"countryName": party.country}} if party.country else {}),
            }
            for party in p.parties
        ],
        "tender": _tender(p),
    }
    if p.lead_is_buyer:
        lead = next(party for party in p.parties if party.id == p.lead_party_id)
        release["buyer"] = {"id": lead.id, "name": lead.name}
    if p.bids_per_lot:
        release["bids"] = {
            "statistics": [
                {"id": f"bids-{lot_id}", "measure": "bids", "value": count, "relatedLot": lot_id}
                for lot_id, count in sorted(p.bids_per_lot.items())
            ]
        }
    names = {party.id: party.name for party in p.parties}
    if p.awards:
        release["awards"] = [
            {
                "id": a.id,
                "status": "active",
                "date": _when(a.date),
                "value": _value(a.value_minor, a.currency),
                "suppliers": [{"id": a.supplier_party_id, "name": names[a.supplier_party_id]}],
                "relatedLots": [a.lot_id],
            }
            for a in p.awards
        ]
    if p.contracts:
        release["contracts"] = [_contract(c) for c in p.contracts]
    return {
        "uri": f"urn:citypact:{release_id}",
        "version": OCDS_VERSION,
        "extensions": list(EXTENSIONS),
        "publishedDate": _when(published),
        "publisher": {"name": publisher},
        "releases": [release],
    }


def _contract(c: Contract) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": c.id,
        "awardID": c.award_id,
        "status": "active",
        "value": _value(c.value_minor, c.currency),
    }
    if c.date_signed:
        out["dateSigned"] = _when(c.date_signed)
    if c.start or c.end:
        out["period"] = {
            **({"startDate": _when(c.start)} if c.start else {}),
            **({"endDate": _when(c.end)} if c.end else {}),
        }
    return out
