"""The shipped national scopes of action (reference/data/national_scopes.json), read and checked.

The file is reference data written in the project's words: each statement cites a published law or
an official page. It is read once per process; `citypact data load` checks it and names what it holds.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Final

from citypact.domain.scopes import ScopeError, Scopes, scopes_from
from citypact.reference.paths import BUNDLE_DIR

SCOPES_FILE: Final = BUNDLE_DIR / "national_scopes.json"
MAX_FILE_BYTES: Final = 1_000_000


def read_scopes(path: Path | None = None) -> Scopes:
    """The profiles of a scopes file, checked; a ScopeError names the file and the place."""
    source = path or SCOPES_FILE
    if source.stat().st_size > MAX_FILE_BYTES:
        raise ScopeError(str(source), f"the file is larger than {MAX_FILE_BYTES:,} bytes")
    try:
        raw = json.loads(source.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ScopeError(str(source), f"is not JSON in UTF-8 ({error})") from None
    if not isinstance(raw, dict):
        raise ScopeError(str(source), "give an object with version, checked, sources and profiles")
    try:
        return scopes_from(raw)
    except ScopeError as error:
        raise ScopeError(f"{source.name}: {error.where}", error.message) from None


@lru_cache(maxsize=1)
def shipped_scopes() -> Scopes:
    """The shipped profiles (read once)."""
    return read_scopes()
