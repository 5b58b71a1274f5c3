"""Login throttling, per account and per client address, kept in the database so that every server
process sees it. A few failures are free; each further one locks the account (or address) for twice
as long as the one before, up to 15 minutes. Unknown emails are keyed and locked exactly like real
accounts, so a lock tells nobody whether an account exists.

Each attempt is counted before the password is checked (so parallel requests cannot slip past the
count) and given back when it succeeds."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from citypact.storage.models import LoginThrottle, utcnow

FREE_PER_ACCOUNT = 5
FREE_PER_ADDRESS = 20  # many people may share one address (an office, a city hall's NAT)
FIRST_LOCK = dt.timedelta(seconds=2)
LONGEST_LOCK = dt.timedelta(minutes=15)
FORGET_AFTER = dt.timedelta(days=1)  # failures older than this no longer count, and their rows go
MAX_ROWS = 100_000
# Bulk deletes compare in SQL only: rows loaded in the session need no matching in Python.
_BULK = {"synchronize_session": False}


class TooManyAttempts(Exception):
    def __init__(self, retry_at: dt.datetime) -> None:
        super().__init__(f"Too many failed logins; try again after {retry_at.isoformat(timespec='seconds')}.")
        self.retry_at = retry_at

    def retry_after_seconds(self, now: dt.datetime | None = None) -> int:
        return max(1, int((self.retry_at - (now or utcnow())).total_seconds() + 0.999))


@dataclass(frozen=True)
class Keys:
    account: str
    address: str


def _hash(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def keys(email: str, address: str) -> Keys:
    """Keys of an attempt: the normalized email (hashed: the table keeps no typed emails) and the
    client address, IPv6 by its /64 network (one machine usually holds a whole /64)."""
    try:
        ip = ipaddress.ip_address(address)
        if ip.version == 6:
            address = str(ipaddress.ip_network(f"{ip}/64", strict=False))
    except ValueError:
        pass
    return Keys(_hash("account", email.strip().lower()), _hash("address", address))


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    return moment.replace(tzinfo=dt.UTC) if moment is not None and moment.tzinfo is None else moment


def lock_for(failures: int, free: int) -> dt.timedelta | None:
    """How long the attempt number `failures` locks out the next one."""
    if failures <= free:
        return None
    lock: dt.timedelta = FIRST_LOCK * 2 ** min(failures - free - 1, 20)
    return min(LONGEST_LOCK, lock)


def _insert(session: Session, key: str, now: dt.datetime) -> bool:
    """Create the key's row unless it exists (safe against a parallel insert); True if created."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(LoginThrottle)
        .values(key=key, failures=0, locked_until=None, updated_at=now)
        .on_conflict_do_nothing(index_elements=["key"])
    )
    return bool(session.execute(statement).rowcount)  # type: ignore[attr-defined]


def admit(session: Session, keys: Keys, now: dt.datetime | None = None) -> None:
    """Count a login attempt, or raise TooManyAttempts while the account or the address is locked.
    Call it in a write transaction of its own, before checking the password."""
    now = now or utcnow()
    session.execute(
        delete(LoginThrottle).where(LoginThrottle.updated_at < now - FORGET_AFTER), execution_options=_BULK
    )
    created = False
    rows = {}
    for key in (keys.account, keys.address):
        created = _insert(session, key, now) or created
        rows[key] = session.scalars(
            select(LoginThrottle).where(LoginThrottle.key == key).with_for_update()
        ).one()
    locked = [u for r in rows.values() if (u := _aware(r.locked_until)) is not None and u > now]
    if locked:
        raise TooManyAttempts(max(locked))
    for key, free in ((keys.account, FREE_PER_ACCOUNT), (keys.address, FREE_PER_ADDRESS)):
        row = rows[key]
        row.failures += 1
        row.updated_at = now
        lock = lock_for(row.failures, free)
        row.locked_until = now + lock if lock else None
    if created:
        _bound(session)


def succeeded(session: Session, keys: Keys) -> None:
    """A right password: the account starts afresh and the address gets its attempt back."""
    session.execute(delete(LoginThrottle).where(LoginThrottle.key == keys.account), execution_options=_BULK)
    row = session.get(LoginThrottle, keys.address)
    if row is not None:
        row.failures = max(0, row.failures - 1)
        if lock_for(row.failures, FREE_PER_ADDRESS) is None:
            row.locked_until = None


def _bound(session: Session) -> None:
    """Past MAX_ROWS keys (a spray from very many addresses), the oldest tenth is forgotten."""
    count = session.scalar(select(func.count()).select_from(LoginThrottle)) or 0
    if count <= MAX_ROWS:
        return
    cutoff = session.scalar(
        select(LoginThrottle.updated_at).order_by(LoginThrottle.updated_at).offset(count - MAX_ROWS * 9 // 10)
    )
    if cutoff is not None:
        session.execute(
            delete(LoginThrottle).where(LoginThrottle.updated_at < cutoff), execution_options=_BULK
        )
