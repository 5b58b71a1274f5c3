"""The members' joint work: shared goals, the work plan's tasks and the exchange log (also
imported from twin-town links).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.partnerships import EXCHANGE_KINDS, GOAL_STATUSES, SIGNING_ROLES
from citypact.services import audit
from citypact.services.cooperation.partnerships.loading import (
    MAX_MEMBERS,
    TEXT_MAX,
    city_by_id,
    load_for_work,
    today_utc,
    touch,
)
from citypact.services.errors import InvalidInput, NotFound
from citypact.services.input import clean_code, clean_date, clean_flag, clean_text, clean_year
from citypact.services.versions import check_version, flush_checked
from citypact.storage.models import City, TwinLink
from citypact.storage.partnerships import ExchangeEntry, PartnershipGoal, PartnershipTask


def add_goal(
    session: Session, actor: Actor, partnership_id: int, *, text: Any, target_date: Any = None
) -> PartnershipGoal:
    loaded = load_for_work(session, actor, partnership_id)
    goal = PartnershipGoal(
        partnership_id=partnership_id,
        text=clean_text("text", text, 2000, required=True),
        target_date=clean_date("target_date", target_date),
        status="open",
    )
    session.add(goal)
    session.flush()
    touch(loaded)
    audit.record(
        session, actor, "create", "partnership_goal", goal.id, city_id=loaded.audit_city(),
        network_id=loaded.partnership.network_id,
        after={"partnership": partnership_id, "text": goal.text, "target_date": _iso(goal.target_date)},
    )  # fmt: skip
    return goal


def set_goal_status(
    session: Session,
    actor: Actor,
    partnership_id: int,
    goal_id: int,
    status: Any,
    *,
    expected_version: int | None = None,
) -> PartnershipGoal:
    loaded = load_for_work(session, actor, partnership_id)
    goal = session.get(PartnershipGoal, goal_id)
    if goal is None or goal.partnership_id != partnership_id:
        raise NotFound("goal", goal_id)
    check_version("goal", goal_id, goal.version, expected_version)
    clean = clean_code("status", status, GOAL_STATUSES)
    before = {"status": goal.status}
    goal.status = clean
    touch(loaded)
    flush_checked(session, "goal", goal_id, expected_version)
    audit.record(
        session, actor, "update", "partnership_goal", goal.id, city_id=loaded.audit_city(),
        network_id=loaded.partnership.network_id, before=before, after={"status": clean},
    )  # fmt: skip
    return goal


def add_task(
    session: Session,
    actor: Actor,
    partnership_id: int,
    *,
    title: Any,
    owner_city_id: Any = None,
    due_on: Any = None,
    goal_id: Any = None,
) -> PartnershipTask:
    """A task of the joint work plan, owned by a member city."""
    loaded = load_for_work(session, actor, partnership_id)
    owner_ok = isinstance(owner_city_id, int) and loaded.member(owner_city_id) is not None
    if owner_city_id is not None and not owner_ok:
        raise InvalidInput("owner_city_id", "the task's owner is one of the member cities; give its id.")
    if goal_id is not None:
        goal = session.get(PartnershipGoal, goal_id) if isinstance(goal_id, int) else None
        if goal is None or goal.partnership_id != partnership_id:
            raise InvalidInput("goal_id", "give the id of one of this partnership's goals, or none.")
    task = PartnershipTask(
        partnership_id=partnership_id,
        goal_id=goal_id,
        title=clean_text("title", title, 300, required=True),
        owner_city_id=owner_city_id,
        due_on=clean_date("due_on", due_on),
    )
    session.add(task)
    session.flush()
    touch(loaded)
    audit.record(
        session, actor, "create", "partnership_task", task.id, city_id=loaded.audit_city(),
        network_id=loaded.partnership.network_id,
        after={"partnership": partnership_id, "title": task.title, "owner_city_id": owner_city_id,
               "due_on": _iso(task.due_on)},
    )  # fmt: skip
    return task


def complete_task(
    session: Session,
    actor: Actor,
    partnership_id: int,
    task_id: int,
    done_on: Any = None,
    *,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> PartnershipTask:
    """Mark a task done on `done_on` (today if none is given)."""
    loaded = load_for_work(session, actor, partnership_id)
    task = session.get(PartnershipTask, task_id)
    if task is None or task.partnership_id != partnership_id:
        raise NotFound("task", task_id)
    check_version("task", task_id, task.version, expected_version)
    day = today or today_utc()
    done = clean_date("done_on", done_on) or day
    if done > day:
        raise InvalidInput("done_on", "a task is done on a day that has come; give today or earlier.")
    before = {"done_on": _iso(task.done_on)}
    task.done_on = done
    touch(loaded)
    flush_checked(session, "task", task_id, expected_version)
    audit.record(
        session, actor, "update", "partnership_task", task.id, city_id=loaded.audit_city(),
        network_id=loaded.partnership.network_id, before=before, after={"done_on": done.isoformat()},
    )  # fmt: skip
    return task


def add_exchange(
    session: Session, actor: Actor, partnership_id: int, values: Mapping[str, Any]
) -> ExchangeEntry:
    """An entry of the exchange log: kind, date (or only the year), title, summary, the cities
    involved and whether it is internal (hidden from the public)."""
    loaded = load_for_work(session, actor, partnership_id)
    known = ("kind", "happened_on", "year", "title", "summary", "city_ids", "is_internal")
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise InvalidInput(unknown[0], f"unknown field; use {', '.join(known)}.")
    happened = clean_date("happened_on", values.get("happened_on"))
    year = values.get("year")
    if year is not None:
        year = clean_year("year", year, 1900, 2100)
    if happened is not None and year is not None and year != happened.year:
        raise InvalidInput("year", f"the date is in {happened.year}; give the same year or leave it out.")
    if happened is None and year is None:
        raise InvalidInput("happened_on", "give the date (YYYY-MM-DD) or at least the year.")
    city_ids = values.get("city_ids") or [m.city_id for m in loaded.members if m.role in SIGNING_ROLES]
    if not isinstance(city_ids, list) or len(city_ids) > MAX_MEMBERS * 2:
        raise InvalidInput("city_ids", "give a list of city ids.")
    for city_id in city_ids:
        city_by_id(session, "city_ids", city_id)
    entry = ExchangeEntry(
        partnership_id=partnership_id,
        kind=clean_code("kind", values.get("kind", ""), EXCHANGE_KINDS),
        happened_on=happened,
        year=year if year is not None else happened.year if happened else None,
        title=clean_text("title", values.get("title"), 300, required=True),
        summary=clean_text("summary", values.get("summary"), TEXT_MAX),
        city_ids=sorted(set(city_ids)),
        source="user",
        is_internal=clean_flag("is_internal", values.get("is_internal", False)),
    )
    session.add(entry)
    session.flush()
    touch(loaded)
    audit.record(
        session, actor, "create", "exchange_entry", entry.id, city_id=loaded.audit_city(),
        network_id=loaded.partnership.network_id,
        after={"partnership": partnership_id, "kind": entry.kind, "title": entry.title,
               "happened_on": _iso(happened), "year": entry.year, "is_internal": entry.is_internal},
    )  # fmt: skip
    return entry


def import_twinning_history(session: Session, actor: Actor, partnership_id: int) -> int:
    """Add the twin-town links between member cities to the exchange log as "twinning" entries (with
    the year since when and the source); links imported before are skipped. Returns entries added."""
    loaded = load_for_work(session, actor, partnership_id)
    ids = [m.city_id for m in loaded.members]
    links = session.scalars(
        select(TwinLink).where(TwinLink.city_a_id.in_(ids), TwinLink.city_b_id.in_(ids)).order_by(TwinLink.id)
    ).all()
    done = set(
        session.scalars(
            select(ExchangeEntry.source_ref).where(
                ExchangeEntry.partnership_id == partnership_id, ExchangeEntry.source_ref.is_not(None)
            )
        ).all()
    )
    names: dict[int, str] = dict(session.execute(select(City.id, City.name).where(City.id.in_(ids))).all())
    added = []
    for link in links:
        ref = f"twin_link:{link.id}"
        if ref in done:
            continue
        a, b = names[link.city_a_id], names[link.city_b_id]
        since = f" since {link.since}" if link.since else ""
        session.add(
            ExchangeEntry(
                partnership_id=partnership_id,
                kind="twinning",
                happened_on=None,
                year=link.since,
                title=f"Twin towns: {a} and {b}",
                summary=f"{a} and {b} are twin towns{since}, as recorded in {link.source}.",
                city_ids=[link.city_a_id, link.city_b_id],
                source=link.source,
                source_ref=ref,
                is_internal=False,
            )
        )
        added.append(link.id)
    if added:
        touch(loaded)
        audit.record(
            session, actor, "import_twinning", "partnership", partnership_id, city_id=loaded.audit_city(),
            network_id=loaded.partnership.network_id, after={"twin_links": added},
        )  # fmt: skip
    return len(added)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
