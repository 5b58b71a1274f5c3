"""Partnerships between cities: the proposal, acceptance, signatures of the declaration, the later
steps, shared goals, the joint work plan and the exchange log (also imported from twin-town links).

Who may do what (the rules are in domain/partnerships.py):
- a city's editor proposes for their own city and accepts, signs and acts for that city only;
- signing members' editors edit goals, work plan, exchange log and events, and take the lifecycle
  steps (ending included); observers' editors only accept being named;
- the secretariat of the partnership's network, or of a network a member city confirmed it belongs
  to, reads everything but the work plan once the proposal is accepted, and records the review;
  administrators do everything;
- observers' staff read the public parts and the internal log entries that name their city;
- a proposal is seen only by the named cities' staff (the proposer is one of them), even if it is
  to be public: naming a city does not publish it before it agrees;
- everyone else reads a public partnership's public parts (title, description, kind, status, the
  members that accepted and their signatures, goals, public events and the exchange log entries not
  marked internal) and nothing of a partnership that is not public (it is not found).
Every change is audited; a refused request writes nothing. Events are in events.py.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.partnerships import (
    AGREED,
    EXCHANGE_KINDS,
    GOAL_STATUSES,
    KINDS,
    MEMBER_ROLES,
    SIGNING_ROLES,
    MemberState,
    PartnershipError,
    Standing,
    Status,
    Step,
    all_accepted,
    all_signed,
    check_code,
    check_signature_date,
    check_transition,
    may_set_status,
    next_steps,
    publicly_visible,
    standing,
)
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.services.networks import confirmed_network_ids, confirmed_networks
from citypact.services.text_input import check_text
from citypact.services.versions import check_version, flush_checked
from citypact.storage.models import (
    City,
    Event,
    ExchangeEntry,
    Network,
    Partnership,
    PartnershipGoal,
    PartnershipMember,
    PartnershipTask,
    TwinLink,
    utcnow,
)

MAX_MEMBERS: Final = 30
TEXT_MAX: Final = 20_000


# --- views --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberView:
    city_id: int
    name: str
    country: str
    role: str
    accepted_on: dt.date | None
    signed_on: dt.date | None
    signatory: str


@dataclass(frozen=True)
class GoalView:
    id: int
    text: str
    target_date: dt.date | None
    status: str
    version: int = 1  # services.versions


@dataclass(frozen=True)
class TaskView:
    id: int
    title: str
    goal_id: int | None
    owner_city_id: int | None
    owner_name: str | None
    due_on: dt.date | None
    done_on: dt.date | None
    version: int = 1  # services.versions


@dataclass(frozen=True)
class CityName:
    id: int
    name: str
    country: str


@dataclass(frozen=True)
class ExchangeView:
    id: int
    kind: str
    happened_on: dt.date | None
    year: int | None
    title: str
    summary: str
    cities: list[CityName]
    source: str
    is_internal: bool


@dataclass(frozen=True)
class EventSummary:
    id: int
    kind: str
    title: str
    starts_on: dt.date
    ends_on: dt.date | None
    place: str
    online: bool
    is_public: bool


@dataclass(frozen=True)
class NetworkName:
    id: int
    slug: str
    name: str


@dataclass(frozen=True)
class PartnershipView:
    """A partnership as the actor may see it: `full` False is the public view, without the work
    plan, the review, internal log entries, non-public events and people's names."""

    id: int
    title: str
    kind: str
    status: str
    description: str
    is_public: bool
    network: NetworkName | None
    proposed_by: int | None
    created_at: dt.datetime
    accepted_on: dt.date | None
    declared_on: dt.date | None
    reviewed_on: dt.date | None
    review: str
    ended_on: dt.date | None
    members: list[MemberView]
    goals: list[GoalView]
    tasks: list[TaskView]
    exchanges: list[ExchangeView]
    events: list[EventSummary]
    full: bool
    reads_work_plan: bool  # the signing members' staff (not the secretariat, not observers)
    can_work: bool  # may edit goals, work plan, log, events
    acts_for: list[int]  # member cities the actor acts for
    next_steps: list[Step]
    version: int = 1  # services.versions: the API's ETag; any change of its parts bumps it too


@dataclass(frozen=True)
class PartnershipSummary:
    id: int
    title: str
    kind: str
    status: str
    is_public: bool
    role: str  # the listed city's role
    members: list[MemberView]


# --- checks -------------------------------------------------------------------------------------------


def today_utc() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


@contextmanager
def rules() -> Iterator[None]:
    """Turn a broken domain rule into the service's InvalidInput, with the same field."""
    try:
        yield
    except PartnershipError as error:
        raise InvalidInput(error.field, error.message) from None


def clean_text(field: str, value: Any, max_length: int, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(field, "give text.")
    clean = value.strip()
    if required and not clean:
        raise InvalidInput(field, "this field is required.")
    if len(clean) > max_length:
        raise InvalidInput(field, f"use at most {max_length} characters.")
    check_text(field, clean, multiline=max_length > 300)  # longer fields are notes: lines allowed
    return clean


def clean_date(field: str, value: Any, *, required: bool = False) -> dt.date | None:
    """A date from a date or ISO 8601 text (YYYY-MM-DD); empty is none unless required."""
    if value in (None, ""):
        if required:
            raise InvalidInput(field, "give a date as YYYY-MM-DD, e.g. 2026-05-04.")
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(
            field, f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-05-04."
        ) from None


def clean_flag(field: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(field, "give true or false.")
    return value


def clean_code(field: str, value: Any, allowed: Sequence[str]) -> str:
    if not isinstance(value, str):
        raise InvalidInput(field, f"use one of {', '.join(allowed)}.")
    with rules():
        return check_code(field, value, allowed)


# --- loading and standing -----------------------------------------------------------------------------


@dataclass
class Loaded:
    """A partnership with its members and the actor's standing in it."""

    partnership: Partnership
    members: list[PartnershipMember]
    who: Standing

    def member(self, city_id: int) -> PartnershipMember | None:
        return next((m for m in self.members if m.city_id == city_id), None)

    def states(self) -> list[MemberState]:
        return [
            MemberState(m.city_id, m.role, m.accepted_on is not None, m.signed_on is not None)
            for m in self.members
        ]

    def audit_city(self) -> int | None:
        """The city an audit entry is filed under: the one the actor acts for, else the proposer."""
        return min(self.who.acts_for) if self.who.acts_for else self.partnership.proposed_by


def _network_ids(session: Session, partnership: Partnership, city_ids: Sequence[int]) -> set[int]:
    found = set().union(*confirmed_networks(session, city_ids).values())
    if partnership.network_id is not None:
        found.add(partnership.network_id)
    return found


def load(session: Session, actor: Actor, partnership_id: int) -> Loaded:
    """The partnership if the actor may read it at all; one that is not public is not found by others."""
    partnership = session.get(Partnership, partnership_id)
    if partnership is None:
        raise NotFound("partnership", partnership_id)
    members = list(
        session.scalars(
            select(PartnershipMember)
            .where(PartnershipMember.partnership_id == partnership_id)
            .order_by(PartnershipMember.id)
        )
    )
    ids = [m.city_id for m in members]
    who = standing(
        actor, [(m.city_id, m.role) for m in members], _network_ids(session, partnership, ids),
        status=partnership.status,
    )  # fmt: skip
    if not (who.reads_all or who.is_named or publicly_visible(partnership.is_public, partnership.status)):
        raise NotFound("partnership", partnership_id)
    return Loaded(partnership, members, who)


def load_for_work(session: Session, actor: Actor, partnership_id: int) -> Loaded:
    """The partnership, if the actor edits its goals, work plan, log and events, and it has not ended."""
    found = load(session, actor, partnership_id)
    require(
        found.who.works_on,
        actor.is_authenticated,
        "Only the editors of the member cities work on this partnership.",
    )
    if found.partnership.status == Status.ENDED:
        raise Conflict("This partnership has ended; it is kept as it was.")
    return found


def _touch(loaded: Loaded) -> None:
    loaded.partnership.updated_at = utcnow()


def _city(session: Session, field: str, city_id: Any) -> City:
    if isinstance(city_id, bool) or not isinstance(city_id, int):
        raise InvalidInput(field, "give the city's id, a whole number.")
    # Ids are 32-bit integers: a larger number cannot be one, and the databases refuse to look it up.
    city = session.get(City, city_id) if 1 <= city_id <= 2_147_483_647 else None
    if city is None:
        raise InvalidInput(field, f"no city with id {city_id}; find the id on the city's page.")
    return city


# --- the lifecycle ------------------------------------------------------------------------------------


def check_may_propose(session: Session, actor: Actor, city_id: int) -> None:
    """Refuse before anything else unless the actor edits the city that proposes."""
    if session.get(City, city_id) is None:
        raise NotFound("city", city_id)
    require(actor.can_edit_city(city_id), actor.is_authenticated, "Only this city's editors propose for it.")


def propose(
    session: Session,
    actor: Actor,
    city_id: int,
    *,
    title: Any,
    kind: Any,
    partners: Sequence[Mapping[str, Any]],
    role: Any = "partner",
    description: Any = "",
    is_public: Any = False,
    network: Any = None,
    today: dt.date | None = None,
) -> Partnership:
    """Propose a partnership of `city_id` (the actor edits it) with the partner cities, each with its
    role; the proposing city has accepted, the others are asked to."""
    check_may_propose(session, actor, city_id)
    day = today or today_utc()
    clean_title = clean_text("title", title, 300, required=True)
    clean_kind = clean_code("kind", kind, KINDS)
    own_role = clean_code("role", role, MEMBER_ROLES)
    if own_role not in SIGNING_ROLES:
        raise InvalidInput("role", "the proposing city signs the declaration; use partner, mentor or mentee.")
    network_id = None
    if network not in (None, ""):
        found = session.scalar(select(Network.id).where(Network.slug == str(network)))
        if found is None:
            raise InvalidInput("network", f"no network {network!r}; give its short name, e.g. c40.")
        network_id = found
    if not isinstance(partners, Sequence) or not partners or len(partners) >= MAX_MEMBERS:
        raise InvalidInput("partners", f"name 1 to {MAX_MEMBERS - 1} partner cities.")
    invited: dict[int, str] = {}
    for partner in partners:
        other = _city(session, "partners", partner.get("city_id"))
        if other.id == city_id or other.id in invited:
            raise InvalidInput("partners", f"{other.name} is named twice; name each city once.")
        invited[other.id] = clean_code("partners", partner.get("role", "partner"), MEMBER_ROLES)
    if not any(r in SIGNING_ROLES for r in invited.values()):
        raise InvalidInput("partners", "name at least one partner city that signs (not only observers).")
    partnership = Partnership(
        title=clean_title,
        kind=clean_kind,
        status=Status.PROPOSED.value,
        description=clean_text("description", description, TEXT_MAX),
        proposed_by=city_id,
        network_id=network_id,
        is_public=clean_flag("is_public", is_public),
        review="",
        created_by=actor.user_id,
    )
    session.add(partnership)
    session.flush()
    session.add(
        PartnershipMember(partnership_id=partnership.id, city_id=city_id, role=own_role, accepted_on=day)
    )
    for other_id, other_role in invited.items():
        session.add(PartnershipMember(partnership_id=partnership.id, city_id=other_id, role=other_role))
    audit.record(
        session, actor, "propose", "partnership", partnership.id, city_id=city_id, network_id=network_id,
        after={"title": clean_title, "kind": clean_kind, "members": {city_id: own_role, **invited}},
    )  # fmt: skip
    return partnership


def _member_for(loaded: Loaded, actor: Actor, city_id: int, what: str) -> PartnershipMember:
    member = loaded.member(city_id)
    if member is None or member.role not in SIGNING_ROLES:
        raise InvalidInput("city_id", f"city {city_id} is not a partner of this partnership that {what}.")
    require(
        loaded.who.may_act_for(city_id),
        actor.is_authenticated,
        "You act for your own city only: its editors accept and sign for it.",
    )
    return member


def accept(
    session: Session, actor: Actor, partnership_id: int, city_id: int, *, today: dt.date | None = None
) -> Partnership:
    """A member city's editor accepts the proposal; when every member has, it is accepted. An
    observer's editor accepts being named (at any time before the end); until then the public does
    not see the observer."""
    loaded = load(session, actor, partnership_id)
    observer = loaded.member(city_id)
    if observer is not None and observer.role not in SIGNING_ROLES:
        return _accept_as_observer(session, actor, loaded, observer, today or today_utc())
    member = _member_for(loaded, actor, city_id, "accepts")
    partnership = loaded.partnership
    if partnership.status != Status.PROPOSED:
        raise Conflict(f"The partnership is {partnership.status}; only a proposal is accepted.")
    if member.accepted_on is not None:
        raise Conflict(f"This city accepted on {member.accepted_on.isoformat()} already.")
    day = today or today_utc()
    member.accepted_on = day
    after: dict[str, Any] = {"city_id": city_id, "accepted_on": day.isoformat()}
    if all_accepted(loaded.states()):
        partnership.status = Status.ACCEPTED.value
        partnership.accepted_on = day
        after["status"] = Status.ACCEPTED.value
    _touch(loaded)
    audit.record(
        session, actor, "accept", "partnership", partnership.id, city_id=city_id,
        network_id=partnership.network_id, before={"status": Status.PROPOSED.value}, after=after,
    )  # fmt: skip
    return partnership


def _accept_as_observer(
    session: Session, actor: Actor, loaded: Loaded, member: PartnershipMember, day: dt.date
) -> Partnership:
    require(
        loaded.who.may_answer_for(member.city_id),
        actor.is_authenticated,
        "You act for your own city only: its editors accept for it.",
    )
    partnership = loaded.partnership
    if partnership.status == Status.ENDED:
        raise Conflict("This partnership has ended; it is kept as it was.")
    if member.accepted_on is not None:
        raise Conflict(f"This city accepted on {member.accepted_on.isoformat()} already.")
    member.accepted_on = day
    _touch(loaded)
    audit.record(
        session, actor, "accept", "partnership", partnership.id, city_id=member.city_id,
        network_id=partnership.network_id, after={"city_id": member.city_id, "role": member.role,
                                                  "accepted_on": day.isoformat()},
    )  # fmt: skip
    return partnership


def sign(
    session: Session,
    actor: Actor,
    partnership_id: int,
    city_id: int,
    *,
    signed_on: Any = None,
    signatory: Any = "",
    today: dt.date | None = None,
) -> Partnership:
    """Record the date a member city signed the declaration (today if none is given); the partnership
    is declared on the date of the last signature."""
    loaded = load(session, actor, partnership_id)
    member = _member_for(loaded, actor, city_id, "signs")
    partnership = loaded.partnership
    if partnership.status != Status.ACCEPTED:
        raise Conflict(
            f"The partnership is {partnership.status}; the declaration is signed once every city accepted."
        )
    if member.signed_on is not None:
        raise Conflict(f"This city signed on {member.signed_on.isoformat()} already.")
    day = today or today_utc()
    signed = clean_date("signed_on", signed_on) or day
    with rules():
        check_signature_date(signed, day)
    member.signed_on = signed
    member.signatory = clean_text("signatory", signatory, 200)
    member.signed_by = actor.user_id
    after: dict[str, Any] = {
        "city_id": city_id,
        "signed_on": signed.isoformat(),
        "signatory": member.signatory,
    }
    if all_signed(loaded.states()):
        partnership.status = Status.DECLARED.value
        declared = max(m.signed_on for m in loaded.members if m.signed_on is not None)
        partnership.declared_on = declared
        after |= {"status": Status.DECLARED.value, "declared_on": declared.isoformat()}
    _touch(loaded)
    audit.record(
        session, actor, "sign", "partnership", partnership.id, city_id=city_id,
        network_id=partnership.network_id, before={"status": Status.ACCEPTED.value}, after=after,
    )  # fmt: skip
    return partnership


def set_status(
    session: Session,
    actor: Actor,
    partnership_id: int,
    status: Any,
    *,
    note: Any = "",
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> Partnership:
    """Move the partnership on: declared -> active (members), active -> reviewed (the secretariat, with
    the review's findings as `note`), and ended from any status (declined, withdrawn, completed)."""
    loaded = load(session, actor, partnership_id)
    partnership = loaded.partnership
    check_version("partnership", partnership_id, partnership.version, expected_version)
    if not isinstance(status, str):
        raise InvalidInput("status", "give the status to move to, e.g. active.")
    with rules():
        target = check_transition(partnership.status, status)
    require(
        may_set_status(loaded.who, target),
        actor.is_authenticated,
        "The network's secretariat reviews a partnership."
        if target is Status.REVIEWED
        else "Only the editors of the member cities move the partnership on.",
    )
    clean_note = clean_text("note", note, TEXT_MAX, required=target is Status.REVIEWED)
    day = today or today_utc()
    before = {"status": partnership.status}
    partnership.status = target.value
    if target is Status.REVIEWED:
        partnership.reviewed_on, partnership.review = day, clean_note
    if target is Status.ENDED:
        partnership.ended_on = day
    _touch(loaded)
    flush_checked(session, "partnership", partnership_id, expected_version)
    audit.record(
        session, actor, "status", "partnership", partnership.id, city_id=loaded.audit_city(),
        network_id=partnership.network_id, before=before,
        after={"status": target.value, "on": day.isoformat(), "note": clean_note},
    )  # fmt: skip
    return partnership


EDITABLE: Final = ("title", "description", "is_public")


def update_partnership(
    session: Session,
    actor: Actor,
    partnership_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None = None,
) -> Partnership:
    """Change the title, description or whether the partnership is public (members' editors), if
    it is still at `expected_version` (services.versions)."""
    loaded = load_for_work(session, actor, partnership_id)
    check_version("partnership", partnership_id, loaded.partnership.version, expected_version)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be changed here; use {', '.join(EDITABLE)}.")
    clean: dict[str, Any] = {}
    if "title" in changes:
        clean["title"] = clean_text("title", changes["title"], 300, required=True)
    if "description" in changes:
        clean["description"] = clean_text("description", changes["description"], TEXT_MAX)
    if "is_public" in changes:
        clean["is_public"] = clean_flag("is_public", changes["is_public"])
    partnership = loaded.partnership
    before, after = audit.changed_fields({k: getattr(partnership, k) for k in clean}, clean)
    if not after:
        return partnership
    for key, value in after.items():
        setattr(partnership, key, value)
    _touch(loaded)
    flush_checked(session, "partnership", partnership_id, expected_version)
    audit.record(
        session, actor, "update", "partnership", partnership.id, city_id=loaded.audit_city(),
        network_id=partnership.network_id, before=before, after=after,
    )  # fmt: skip
    return partnership


def add_member(
    session: Session, actor: Actor, partnership_id: int, city_id: Any, role: Any = "observer"
) -> PartnershipMember:
    """Invite another city: as a partner while the proposal is open (it then has to accept too), as
    an observer at any time before the end (observers neither accept nor sign)."""
    loaded = load_for_work(session, actor, partnership_id)
    city = _city(session, "city_id", city_id)
    clean_role = clean_code("role", role, MEMBER_ROLES)
    if loaded.member(city.id) is not None:
        raise Conflict(f"{city.name} is a member already.")
    if clean_role in SIGNING_ROLES and loaded.partnership.status != Status.PROPOSED:
        raise InvalidInput(
            "role", "after the proposal was accepted, cities join as observers; propose a new partnership."
        )
    member = PartnershipMember(partnership_id=partnership_id, city_id=city.id, role=clean_role)
    session.add(member)
    session.flush()
    _touch(loaded)
    audit.record(
        session, actor, "add_member", "partnership", partnership_id, city_id=loaded.audit_city(),
        network_id=loaded.partnership.network_id, after={"city_id": city.id, "role": clean_role},
    )  # fmt: skip
    return member


# --- goals, work plan, exchange log -------------------------------------------------------------------


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
    _touch(loaded)
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
    _touch(loaded)
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
    _touch(loaded)
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
    _touch(loaded)
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
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100):
        raise InvalidInput("year", "give a year from 1900 to 2100.")
    if happened is not None and year is not None and year != happened.year:
        raise InvalidInput("year", f"the date is in {happened.year}; give the same year or leave it out.")
    if happened is None and year is None:
        raise InvalidInput("happened_on", "give the date (YYYY-MM-DD) or at least the year.")
    city_ids = values.get("city_ids") or [m.city_id for m in loaded.members if m.role in SIGNING_ROLES]
    if not isinstance(city_ids, list) or len(city_ids) > MAX_MEMBERS * 2:
        raise InvalidInput("city_ids", "give a list of city ids.")
    for city_id in city_ids:
        _city(session, "city_ids", city_id)
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
    _touch(loaded)
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
        _touch(loaded)
        audit.record(
            session, actor, "import_twinning", "partnership", partnership_id, city_id=loaded.audit_city(),
            network_id=loaded.partnership.network_id, after={"twin_links": added},
        )  # fmt: skip
    return len(added)


# --- reading ------------------------------------------------------------------------------------------


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _member_views(session: Session, members: Sequence[PartnershipMember]) -> list[MemberView]:
    ids = [m.city_id for m in members]
    cities = {c.id: c for c in session.scalars(select(City).where(City.id.in_(ids)))}
    return [
        MemberView(
            m.city_id,
            cities[m.city_id].name,
            cities[m.city_id].country,
            m.role,
            m.accepted_on,
            m.signed_on,
            m.signatory,
        )  # fmt: skip
        for m in members
    ]


def _shown_members(members: Sequence[PartnershipMember], who: Standing) -> list[PartnershipMember]:
    """Members as the reader may see them: all for those who read everything; else those that
    accepted being named, and the reader's own cities."""
    if who.reads_all:
        return list(members)
    return [m for m in members if m.accepted_on is not None or m.city_id in who.observes]


def get_partnership(session: Session, actor: Actor, partnership_id: int) -> PartnershipView:
    """The partnership as the actor may see it (see the module's docstring for the public parts)."""
    loaded = load(session, actor, partnership_id)
    p, who = loaded.partnership, loaded.who
    full = who.reads_all
    goals = [
        GoalView(g.id, g.text, g.target_date, g.status, g.version)
        for g in session.scalars(
            select(PartnershipGoal).where(PartnershipGoal.partnership_id == p.id).order_by(PartnershipGoal.id)
        )
    ]
    tasks: list[TaskView] = []
    if who.reads_work_plan:
        rows = session.execute(
            select(PartnershipTask, City.name)
            .outerjoin(City, City.id == PartnershipTask.owner_city_id)
            .where(PartnershipTask.partnership_id == p.id)
            .order_by(PartnershipTask.due_on.is_(None), PartnershipTask.due_on, PartnershipTask.id)
        ).all()
        tasks = [
            TaskView(t.id, t.title, t.goal_id, t.owner_city_id, name, t.due_on, t.done_on, t.version)
            for t, name in rows
        ]
    log_query = select(ExchangeEntry).where(ExchangeEntry.partnership_id == p.id)
    # Oldest first; an entry known only by its year before the dated ones of that year (the same
    # order on SQLite and PostgreSQL, which sort NULLs differently).
    entries = session.scalars(
        log_query.order_by(
            ExchangeEntry.year.is_(None), ExchangeEntry.year, ExchangeEntry.happened_on.is_not(None),
            ExchangeEntry.happened_on, ExchangeEntry.id,
        )
    ).all()  # fmt: skip
    if not full:  # internal entries only where they name the observer's own city
        entries = [e for e in entries if not e.is_internal or who.observes.intersection(e.city_ids)]
    involved = {i for e in entries for i in e.city_ids}
    cities = {
        c.id: CityName(c.id, c.name, c.country)
        for c in session.scalars(select(City).where(City.id.in_(involved)))
    }
    exchanges = [
        ExchangeView(
            e.id,
            e.kind,
            e.happened_on,
            e.year,
            e.title,
            e.summary,
            [cities[i] for i in e.city_ids if i in cities],
            e.source,
            e.is_internal,
        )  # fmt: skip
        for e in entries
    ]
    event_query = select(Event).where(Event.partnership_id == p.id)
    if not full:
        event_query = event_query.where(Event.is_public.is_(True))
    events = [
        EventSummary(e.id, e.kind, e.title, e.starts_on, e.ends_on, e.place, e.online, e.is_public)
        for e in session.scalars(event_query.order_by(Event.starts_on, Event.id))
    ]
    network = None
    if p.network_id is not None:
        n = session.get(Network, p.network_id)
        network = NetworkName(n.id, n.slug, n.name) if n else None
    return PartnershipView(
        id=p.id,
        title=p.title,
        kind=p.kind,
        status=p.status,
        description=p.description,
        is_public=p.is_public,
        network=network,
        proposed_by=p.proposed_by,
        created_at=p.created_at,
        accepted_on=p.accepted_on,
        declared_on=p.declared_on,
        reviewed_on=p.reviewed_on,
        review=p.review if full else "",
        ended_on=p.ended_on,
        members=_member_views(session, _shown_members(loaded.members, who)),
        goals=goals,
        tasks=tasks,
        exchanges=exchanges,
        events=events,
        full=full,
        reads_work_plan=who.reads_work_plan,
        can_work=who.works_on and p.status != Status.ENDED,
        acts_for=sorted(who.acts_for),
        next_steps=next_steps(p.status, loaded.states(), who),
        version=p.version,
    )


def list_partnerships(session: Session, actor: Actor, city_id: int) -> list[PartnershipSummary]:
    """The partnerships of a city that the actor may see, newest first."""
    city = session.get(City, city_id)
    networks_of_city = confirmed_network_ids(session, city_id)
    if city is None or (
        not city.is_published and not actor.can_read_city_internals(city_id, networks_of_city)
    ):
        raise NotFound("city", city_id)
    found = session.scalars(
        select(Partnership)
        .join(PartnershipMember, PartnershipMember.partnership_id == Partnership.id)
        .where(PartnershipMember.city_id == city_id)
        .order_by(Partnership.created_at.desc(), Partnership.id.desc())
    ).all()
    ids = [p.id for p in found]
    members: dict[int, list[PartnershipMember]] = defaultdict(list)
    for m in session.scalars(
        select(PartnershipMember)
        .where(PartnershipMember.partnership_id.in_(ids))
        .order_by(PartnershipMember.id)
    ):
        members[m.partnership_id].append(m)
    all_cities = {m.city_id for ms in members.values() for m in ms}
    city_networks: dict[int, set[int]] = defaultdict(set, confirmed_networks(session, all_cities))
    summaries = []
    for p in found:
        ms = members[p.id]
        networks = set().union(*(city_networks[m.city_id] for m in ms)) | (
            {p.network_id} if p.network_id is not None else set()
        )
        who = standing(actor, [(m.city_id, m.role) for m in ms], networks, status=p.status)
        listed = next(m for m in ms if m.city_id == city_id)
        # The public sees a city's partnership once it is public and the city agreed to be named.
        public = publicly_visible(p.is_public, p.status) and listed.accepted_on is not None
        if not (public or who.reads_all or who.is_named):
            continue
        shown = _member_views(session, _shown_members(ms, who))
        summaries.append(PartnershipSummary(p.id, p.title, p.kind, p.status, p.is_public, listed.role, shown))
    return summaries


def _agreed() -> Any:
    """Partnerships accepted or later (an ended one counts if it had been accepted)."""
    return or_(
        Partnership.status.in_([s.value for s in AGREED]),
        and_(Partnership.status == Status.ENDED.value, Partnership.accepted_on.is_not(None)),
    )


def past_partners(session: Session, *, public_only: bool) -> dict[int, set[int]]:
    """City id -> the cities it has partnered with: fellow signing members of partnerships accepted or
    later, and its twin towns. For the matching engine's "past joint work" signal; whole tables in
    three queries. `public_only` leaves out members-only partnerships: what anyone may be told (the
    matching adds the ones a reader may see with `private_past_partners`)."""
    query = (
        select(PartnershipMember.partnership_id, PartnershipMember.city_id)
        .join(Partnership, Partnership.id == PartnershipMember.partnership_id)
        .where(PartnershipMember.role.in_(sorted(SIGNING_ROLES)), _agreed())
    )
    if public_only:
        query = query.where(Partnership.is_public.is_(True))
    groups: dict[int, list[int]] = defaultdict(list)
    for partnership_id, city_id in session.execute(query).all():
        groups[partnership_id].append(city_id)
    partners: dict[int, set[int]] = defaultdict(set)
    for cities in groups.values():
        for city_id in cities:
            partners[city_id].update(c for c in cities if c != city_id)
    for a, b in session.execute(select(TwinLink.city_a_id, TwinLink.city_b_id)):
        partners[a].add(b)
        partners[b].add(a)
    return dict(partners)


def private_past_partners(session: Session, actor: Actor, city_id: int) -> set[int]:
    """The city's fellow signing members in members-only partnerships (accepted or later) that the
    actor may read in full: what the matching may tell this reader beyond the public ones."""
    if not actor.is_authenticated:
        return set()
    ids = session.scalars(
        select(Partnership.id)
        .join(PartnershipMember, PartnershipMember.partnership_id == Partnership.id)
        .where(
            PartnershipMember.city_id == city_id,
            PartnershipMember.role.in_(sorted(SIGNING_ROLES)),
            Partnership.is_public.is_(False),
            _agreed(),
        )
    ).all()
    found: set[int] = set()
    for partnership_id in ids:
        loaded = _loaded_or_none(session, actor, partnership_id)
        if loaded is not None and loaded.who.reads_all:
            found.update(m.city_id for m in loaded.members if m.role in SIGNING_ROLES)
    found.discard(city_id)
    return found


def _loaded_or_none(session: Session, actor: Actor, partnership_id: int) -> Loaded | None:
    try:
        return load(session, actor, partnership_id)
    except NotFound:
        return None
