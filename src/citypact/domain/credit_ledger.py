"""The credit ledger's exact rules: serial labels, the allocation of an issuance, splitting a
block, vintages of a monitoring period, and the canonical body and hash of a ledger row.

Serial format: one label names a block, i.e. a run of serial numbers of one project and vintage::

    CPX-JP-000012-2025-000000001-000000950
    |   |  |      |    |         `- last serial (9 digits, zero-padded, included)
    |   |  |      |    `- first serial (9 digits, zero-padded)
    |   |  |      `- vintage: the year the reductions happened (4 digits)
    |   |  `- the project's id in this registry (6 digits, zero-padded)
    |   `- the host country (ISO 3166-1 alpha-2)
    `- the registry prefix (CPX: citypact)

Serials are numbered per project from 1 and never reused: a split keeps the serials of its parent,
an issuance continues from the project's next serial. Numbers wider than their field are written
in full (the label stays unique and parseable; only the alignment is lost).

Allocation: the buffer first, floor(quantity x buffer_bp / 10 000); then each party
floor(rest x share_bp / 10 000); what rounding leaves (and any share not agreed) goes to the host.
All integer arithmetic: one credit is one tonne and is never split.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Final, TypeVar

from citypact.domain.credits import BASIS_POINTS, MAX_BUFFER_BP

REGISTRY_PREFIX: Final = "CPX"
BUFFER: Final = "buffer"  # the key of the buffer's credits in an allocation
GENESIS_HASH: Final = "0" * 64  # the prev_hash of the first ledger row
MAX_SERIAL: Final = 10**15  # far beyond any real issuance; bounds hostile input

K = TypeVar("K", bound=Hashable)

_PARTS: Final = ("prefix", "country", "project", "vintage", "first serial", "last serial")
_PATTERNS: Final = (r"[A-Z]{2,8}", r"[A-Z]{2}", r"\d{6,}", r"\d{4}", r"\d{9,}", r"\d{9,}")
_EXAMPLE: Final = "CPX-JP-000012-2025-000000001-000000950"


class MalformedSerial(ValueError):
    """A serial label that does not follow the format; `part` names the first wrong part."""

    def __init__(self, part: str, message: str) -> None:
        super().__init__(f"{part}: {message}")
        self.part = part
        self.message = message


@dataclass(frozen=True)
class SerialRange:
    prefix: str
    country: str
    project_id: int
    vintage: int
    start: int
    end: int

    @property
    def size(self) -> int:
        return self.end - self.start + 1

    @property
    def label(self) -> str:
        return serial_label(self.prefix, self.country, self.project_id, self.vintage, self.start, self.end)


def serial_label(prefix: str, country: str, project_id: int, vintage: int, start: int, end: int) -> str:
    """The label of serials `start`..`end` (both included), e.g. CPX-JP-000012-2025-000000001-000000950."""
    return f"{prefix}-{country}-{project_id:06d}-{vintage:04d}-{start:09d}-{end:09d}"


def parse_serial_label(text: str) -> SerialRange:
    """Read a label back; refuses anything else, naming the first part that is wrong."""
    cleaned = text.strip()
    if len(cleaned) > 80:
        raise MalformedSerial("label", f"too long ({len(cleaned)} characters); expected like {_EXAMPLE}")
    parts = cleaned.split("-")
    if len(parts) != len(_PARTS):
        raise MalformedSerial(
            "label", f"expected 6 parts separated by '-', got {len(parts)}; like {_EXAMPLE}"
        )
    for name, pattern, part in zip(_PARTS, _PATTERNS, parts, strict=True):
        if not re.fullmatch(pattern, part):
            raise MalformedSerial(name, f"{part!r} does not match the format of {_EXAMPLE}")
    prefix, country, project, vintage, start, end = parts
    first, last = int(start), int(end)
    if first < 1:
        raise MalformedSerial("first serial", "serials start at 1")
    if last < first:
        raise MalformedSerial("last serial", f"{last} is before the first serial {first}")
    return SerialRange(prefix, country, int(project), int(vintage), first, last)


def allocate(quantity: int, buffer_bp: int, shares: Mapping[K, int], host_key: K) -> dict[K | str, int]:
    """Split `quantity` credits: BUFFER gets floor(quantity x buffer_bp / 10 000) first, each party
    floor(rest x share / 10 000), and the host what rounding leaves. The values add up to `quantity`."""
    if quantity < 0:
        raise ValueError("quantity: must not be negative")
    if not 0 <= buffer_bp <= MAX_BUFFER_BP:
        raise ValueError(f"buffer_bp: must be 0..{MAX_BUFFER_BP}")
    if any(share < 0 for share in shares.values()):
        raise ValueError("shares: a share must not be negative")
    if sum(shares.values()) > BASIS_POINTS:
        raise ValueError(f"shares: add up to more than {BASIS_POINTS} basis points")
    if host_key not in shares:
        raise ValueError("host_key: the host must be one of the parties")
    buffer = quantity * buffer_bp // BASIS_POINTS
    rest = quantity - buffer
    result: dict[K | str, int] = {BUFFER: buffer}
    for key, share in shares.items():
        result[key] = rest * share // BASIS_POINTS
    result[host_key] += rest - sum(result[key] for key in shares)
    return result


def split_range(start: int, end: int, first_size: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """The two runs that exactly cover `start`..`end`, the first of `first_size` serials."""
    size = end - start + 1
    if not 1 <= first_size < size:
        raise ValueError(f"first_size: must be 1..{size - 1} to split a block of {size}")
    return (start, start + first_size - 1), (start + first_size, end)


def vintages(period_start: dt.date, period_end: dt.date, quantity: int) -> dict[int, int]:
    """Credits per vintage of a monitoring period: pro rata by the days of each calendar year
    (floor), what rounding leaves to the year the period ends in. One year: all of it."""
    if period_end < period_start:
        raise ValueError("period: ends before it starts")
    days = (period_end - period_start).days + 1
    result: dict[int, int] = {}
    for year in range(period_start.year, period_end.year + 1):
        first = max(period_start, dt.date(year, 1, 1))
        last = min(period_end, dt.date(year, 12, 31))
        result[year] = quantity * ((last - first).days + 1) // days
    result[period_end.year] += quantity - sum(result.values())
    return {year: n for year, n in result.items() if n > 0}


def _only_exact(value: object, path: str) -> None:
    if isinstance(value, float):
        raise ValueError(f"{path}: a float has no canonical form in the ledger; use an int or a string")
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError(f"{path}: keys must be strings")
            _only_exact(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _only_exact(item, f"{path}[{i}]")
    elif not (value is None or isinstance(value, bool | int | str)):
        raise ValueError(f"{path}: {type(value).__name__} is not allowed in a ledger body")


def canonical_body(data: Mapping[str, object]) -> str:
    """The canonical JSON of a ledger body: sorted keys, no spaces, ints as ints, UTF-8 text as is."""
    _only_exact(data, "body")
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(prev_hash: str, body: str) -> str:
    """SHA-256 (hex) of the previous row's hash followed by this row's body."""
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()
