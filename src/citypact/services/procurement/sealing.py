"""Sealed bids: a bid's payload is encrypted at rest and its receipt is a hash of what was sent.

The hashed bytes hold a random salt beside the payload, so a receipt (kept in the audit trail and
shown to the supplier) cannot be matched against guessed prices before the bids are opened.

The key of a procurement's bids is derived (HKDF-SHA256) from the application's secret key and the
procurement's id, so a database copy or export holds no readable price, and one procurement's key opens
no other's. Whoever holds both the database and the secret key (the server's operator) could decrypt by
hand; the platform itself refuses to before the bids are due (services.procurement.bids), for everyone,
administrators included, and audits every opening (docs/procurement_integrity.md).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from typing import Any, NamedTuple

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_INFO = b"citypact sealed bid v1"


class SealBroken(Exception):
    """A stored bid does not decrypt with this server's key (another secret key, or altered data)."""


def _fernet(secret_key: str, procurement_id: int) -> Fernet:
    key = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=f"procurement:{procurement_id}".encode(),
        info=_INFO,
    ).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def canonical(payload: dict[str, Any]) -> bytes:
    """The payload as canonical JSON bytes."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


class Sealed(NamedTuple):
    token: str  # the Fernet token stored in the database
    receipt: str  # SHA-256 (hex) of the salted bytes inside the token


def seal(secret_key: str, procurement_id: int, payload: dict[str, Any]) -> Sealed:
    raw = canonical({"bid": payload, "salt": secrets.token_hex(16)})
    token = _fernet(secret_key, procurement_id).encrypt(raw).decode("ascii")
    return Sealed(token, hashlib.sha256(raw).hexdigest())


def unseal(secret_key: str, procurement_id: int, token: str, expected_receipt: str) -> dict[str, Any]:
    """The payload back, checked against its receipt."""
    try:
        raw = _fernet(secret_key, procurement_id).decrypt(token.encode("ascii"))
    except InvalidToken as error:
        raise SealBroken("the bid does not decrypt with this server's secret key") from error
    if hashlib.sha256(raw).hexdigest() != expected_receipt:
        raise SealBroken("the bid's content does not match its receipt")
    sealed: dict[str, Any] = json.loads(raw)
    # Bids sealed before the salt was added hold the payload itself.
    payload: dict[str, Any] = sealed["bid"] if set(sealed) == {"bid", "salt"} else sealed
    return payload
