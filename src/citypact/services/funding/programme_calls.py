"""A funding programme's calls: adding, changing and removing them (its maintainers). Who may do
what: programme_access.py."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.services import audit
from citypact.services.errors import InvalidInput, NotFound
from citypact.services.funding.programme_access import load_to_edit, touch
from citypact.services.funding.programme_input import clean_call, plain
from citypact.services.versions import check_version, flush_checked
from citypact.storage.funding import FundingCall, FundingProgramme

MAX_CALLS: Final = 60  # calls of one programme


def _call_columns(call: FundingCall) -> dict[str, Any]:
    return {
        "title": call.title,
        "opens_on": call.opens_on,
        "closes_on": call.closes_on,
        "budget_minor": call.budget_minor,
        "url": call.url,
        "note": call.note,
    }


def _call(session: Session, programme: FundingProgramme, call_id: int) -> FundingCall:
    call = session.get(FundingCall, call_id)
    if call is None or call.programme_id != programme.id:
        raise NotFound("call", call_id)
    return call


def add_call(session: Session, actor: Actor, programme_id: int, values: Mapping[str, Any]) -> FundingCall:
    """A call with its dates (no closing date: rolling), budget in the programme's currency."""
    programme = load_to_edit(session, actor, programme_id)
    count = session.scalar(select(func.count()).where(FundingCall.programme_id == programme_id)) or 0
    if count >= MAX_CALLS:
        raise InvalidInput("title", f"a programme lists at most {MAX_CALLS} calls; remove a past one first.")
    clean = clean_call(values, None, programme.currency)
    call = FundingCall(programme_id=programme_id, **clean)
    session.add(call)
    touch(programme, actor)
    session.flush()
    audit.record(
        session,
        actor,
        "add_call",
        "funding_programme",
        programme_id,
        network_id=programme.maintainer_network_id,
        after={"call": call.id, **plain(clean)},
    )
    return call


def update_call(
    session: Session,
    actor: Actor,
    programme_id: int,
    call_id: int,
    values: Mapping[str, Any],
    *,
    expected_version: int | None = None,
) -> FundingCall:
    programme = load_to_edit(session, actor, programme_id)
    call = _call(session, programme, call_id)
    check_version("call", call_id, call.version, expected_version)
    current = _call_columns(call)
    clean = clean_call(values, current, programme.currency)
    changed = {k: v for k, v in clean.items() if current[k] != v}
    if not changed:
        return call
    for key, value in changed.items():
        setattr(call, key, value)
    touch(programme, actor)
    flush_checked(session, "call", call_id, expected_version)
    audit.record(
        session,
        actor,
        "update_call",
        "funding_programme",
        programme_id,
        network_id=programme.maintainer_network_id,
        before={"call": call_id, **plain({k: current[k] for k in changed})},
        after={"call": call_id, **plain(changed)},
    )
    return call


def remove_call(
    session: Session, actor: Actor, programme_id: int, call_id: int, *, expected_version: int | None = None
) -> None:
    """Take a call off (the page asks first)."""
    programme = load_to_edit(session, actor, programme_id)
    call = _call(session, programme, call_id)
    check_version("call", call_id, call.version, expected_version)
    before = {"call": call_id, **plain(_call_columns(call))}
    session.delete(call)
    touch(programme, actor)
    flush_checked(session, "call", call_id, expected_version)
    audit.record(
        session,
        actor,
        "remove_call",
        "funding_programme",
        programme_id,
        network_id=programme.maintainer_network_id,
        before=before,
    )
