"""Load the shipped catalogue of real funding programmes (reference/data/funding_programmes.json)
or a file of the same form. Entries are matched by name and funder: loading again updates what
changed and never duplicates; calls are matched by title within their programme. Loaded entries
are kept by administrators (no maintaining network). Every entry is cleaned as the pages clean it,
so the file obeys the same rules (an https source, a checked_on not in the future); a measure type
the catalogue does not hold (yet) is left out and counted. A bad entry stops the load, which then
writes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.reference.paths import BUNDLE_DIR
from citypact.services import audit
from citypact.services.errors import InvalidInput, require
from citypact.services.funding.programme_input import (
    PROGRAMME_FIELDS,
    clean_call,
    clean_programme,
    code_list,
    plain,
    today_utc,
)
from citypact.storage.funding import FundingCall, FundingProgramme
from citypact.storage.models import MeasureType, utcnow

SEED_FILE: Final = BUNDLE_DIR / "funding_programmes.json"
MAX_ENTRIES: Final = 2_000
MAX_FILE_BYTES: Final = 5_000_000


@dataclass
class SeedLoad:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    calls_added: int = 0
    calls_updated: int = 0
    measure_types_left_out: list[str] = field(default_factory=list)


def read_seed(path: Path | None = None) -> list[dict[str, Any]]:
    """The entries of a seed file, with the file named in any error."""
    source = path or SEED_FILE
    if source.stat().st_size > MAX_FILE_BYTES:
        raise InvalidInput(str(source), f"the file is larger than {MAX_FILE_BYTES:,} bytes.")
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInput(str(source), f"is not JSON in UTF-8 ({error}).") from None
    entries = data.get("programmes") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise InvalidInput(str(source), 'give an object with a list "programmes" of entries.')
    if len(entries) > MAX_ENTRIES:
        raise InvalidInput(str(source), f"give at most {MAX_ENTRIES} entries.")
    return entries


def _known_types(session: Session, entry: dict[str, Any], result: SeedLoad) -> dict[str, Any]:
    wanted = [c.lower() for c in code_list("measure_types", entry.get("measure_types"))]
    if not wanted:
        return entry
    known = set(session.scalars(select(MeasureType.code).where(MeasureType.code.in_(wanted))))
    for code in wanted:
        if code not in known and code not in result.measure_types_left_out:
            result.measure_types_left_out.append(code)
    return {**entry, "measure_types": sorted(set(wanted) & known)}


def load_programmes(
    session: Session, actor: Actor, path: Path | None = None, *, today: dt.date | None = None
) -> SeedLoad:
    """Add or update the entries of the seed file (administrators; the CLI's operator)."""
    require(actor.is_admin, actor.is_authenticated, "Only an administrator loads the programme catalogue.")
    day = today or today_utc()
    result = SeedLoad()
    for number, raw in enumerate(read_seed(path), start=1):
        entry = _known_types(session, raw, result)
        calls = entry.get("calls") or []
        if not isinstance(calls, list) or len(calls) > 60:
            raise InvalidInput(f"programme {number}: calls", "give a list of at most 60 calls.")
        values = {k: v for k, v in entry.items() if k in PROGRAMME_FIELDS}
        try:
            clean = clean_programme(session, values, None, day)
        except InvalidInput as error:
            raise InvalidInput(
                f"programme {number} ({entry.get('name')}): {error.field}", error.message
            ) from None
        existing = session.scalars(
            select(FundingProgramme).where(
                FundingProgramme.name == clean["name"], FundingProgramme.funder_name == clean["funder_name"]
            )
        ).first()
        if existing is None:
            programme = FundingProgramme(status="active", created_by=actor.user_id, **clean)
            session.add(programme)
            session.flush()
            audit.record(session, actor, "load", "funding_programme", programme.id, after=plain(clean))
            result.added += 1
        else:
            programme = existing
            changed = {k: v for k, v in clean.items() if getattr(programme, k) != v}
            if changed:
                before = {k: getattr(programme, k) for k in changed}
                for key, value in changed.items():
                    setattr(programme, key, value)
                programme.updated_at = utcnow()
                session.flush()
                audit.record(
                    session,
                    actor,
                    "load",
                    "funding_programme",
                    programme.id,
                    before=plain(before),
                    after=plain(changed),
                )
                result.updated += 1
            else:
                result.unchanged += 1
        _load_calls(session, actor, programme, calls, number, result)
    return result


def _load_calls(
    session: Session,
    actor: Actor,
    programme: FundingProgramme,
    calls: list[Any],
    number: int,
    result: SeedLoad,
) -> None:
    stored = {
        c.title: c
        for c in session.scalars(select(FundingCall).where(FundingCall.programme_id == programme.id))
    }
    for raw in calls:
        if not isinstance(raw, dict):
            raise InvalidInput(f"programme {number}: calls", "give each call as an object.")
        try:
            clean = clean_call(raw, None, programme.currency)
        except InvalidInput as error:
            raise InvalidInput(
                f"programme {number}: call {raw.get('title')!r}: {error.field}", error.message
            ) from None
        call = stored.get(clean["title"])
        if call is None:
            call = FundingCall(programme_id=programme.id, **clean)
            session.add(call)
            session.flush()
            audit.record(
                session,
                actor,
                "load_call",
                "funding_programme",
                programme.id,
                after={"call": call.id, **plain(clean)},
            )
            result.calls_added += 1
            continue
        changed = {k: v for k, v in clean.items() if getattr(call, k) != v}
        if changed:
            before = {k: getattr(call, k) for k in changed}
            for key, value in changed.items():
                setattr(call, key, value)
            session.flush()
            audit.record(
                session,
                actor,
                "load_call",
                "funding_programme",
                programme.id,
                before={"call": call.id, **plain(before)},
                after={"call": call.id, **plain(changed)},
            )
            result.calls_updated += 1
