"""The rules of a partnership's life, as pure functions: statuses and the steps between them, who may
take each step, what the public may see, and the codes of kinds and roles.

A partnership is proposed by one city's editor, accepted by every other member city, declared when
every signing member has signed the declaration, then active, reviewed and ended. It may end from
any earlier status (declined, withdrawn or dissolved); an ended partnership stays ended.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from citypact.domain.access import Actor, Role


class Status(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DECLARED = "declared"
    ACTIVE = "active"
    REVIEWED = "reviewed"
    ENDED = "ended"


# The order of the statuses; a partnership only moves forward, or ends.
STATUSES: Final = tuple(Status)
TRANSITIONS: Final[Mapping[Status, frozenset[Status]]] = {
    Status.PROPOSED: frozenset({Status.ACCEPTED, Status.ENDED}),
    Status.ACCEPTED: frozenset({Status.DECLARED, Status.ENDED}),
    Status.DECLARED: frozenset({Status.ACTIVE, Status.ENDED}),
    Status.ACTIVE: frozenset({Status.REVIEWED, Status.ENDED}),
    Status.REVIEWED: frozenset({Status.ENDED}),
    Status.ENDED: frozenset(),
}
# Steps reached only through the members' own acts: accepted when every member city has accepted,
# declared when every signing member has signed. They cannot be set directly.
EARNED: Final = frozenset({Status.ACCEPTED, Status.DECLARED})
# Statuses from "accepted" on: the cities have agreed to work together (the matching's past joint work).
AGREED: Final = frozenset({Status.ACCEPTED, Status.DECLARED, Status.ACTIVE, Status.REVIEWED})

KINDS: Final = ("peer", "mentoring", "twinning", "group", "technical")
MEMBER_ROLES: Final = ("partner", "mentor", "mentee", "observer")
# Observers follow a partnership without accepting or signing it.
SIGNING_ROLES: Final = frozenset({"partner", "mentor", "mentee"})
GOAL_STATUSES: Final = ("open", "in_progress", "achieved", "dropped")
EXCHANGE_KINDS: Final = ("visit", "webinar", "joint_project", "twinning", "other")
EVENT_KINDS: Final = ("kickoff", "intermediate", "final", "sprint", "webinar", "visit")
PARTICIPANT_ROLES: Final = ("participant", "host", "observer")


class PartnershipError(ValueError):
    """A rule a request breaks, naming the field and how to fix it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def check_code(field: str, value: str, allowed: Iterable[str]) -> str:
    """`value` if it is one of `allowed`, else the error naming the field and the choices."""
    choices = tuple(allowed)
    code = value.strip().lower()
    if code not in choices:
        raise PartnershipError(field, f"unknown value {value!r}; use one of {', '.join(choices)}.")
    return code


def check_transition(current: str, target: str) -> Status:
    """The target status, if a partnership in `current` may move there by a direct request."""
    goal = Status(check_code("status", target, STATUSES))
    if goal in EARNED:
        how = (
            "every member city accepts the proposal"
            if goal is Status.ACCEPTED
            else "every partner city has signed the declaration"
        )
        raise PartnershipError("status", f"a partnership becomes {goal} when {how}, not on request.")
    allowed = TRANSITIONS[Status(current)]
    if goal not in allowed:
        steps = ", ".join(sorted(allowed)) or "none: it has ended"
        raise PartnershipError("status", f"a {current} partnership cannot become {goal}; next: {steps}.")
    return goal


@dataclass(frozen=True)
class MemberState:
    """What the rules need to know of a member city."""

    city_id: int
    role: str
    accepted: bool
    signed: bool


def all_accepted(members: Iterable[MemberState]) -> bool:
    """Every member that signs has accepted (observers join without accepting)."""
    signing = [m for m in members if m.role in SIGNING_ROLES]
    return bool(signing) and all(m.accepted for m in signing)


def all_signed(members: Iterable[MemberState]) -> bool:
    signing = [m for m in members if m.role in SIGNING_ROLES]
    return len(signing) >= 2 and all(m.signed for m in signing)


@dataclass(frozen=True)
class Standing:
    """The actor's standing in one partnership.

    Signing members' staff read everything; the secretariat reads everything but the work plan, and
    nothing of a proposal (the named cities have not all agreed yet); observers' staff read the
    public parts and the log entries that name their city; only signing members' editors act."""

    is_admin: bool
    acts_for: frozenset[int]  # signing member cities whose editor the actor is
    staff_of: frozenset[int]  # signing member cities where the actor is an editor or a viewer
    observes: frozenset[int]  # observer cities where the actor is an editor or a viewer
    answers_for: frozenset[int]  # observer cities whose editor the actor is (they accept being named)
    secretariat: bool  # runs the partnership's network or a confirmed network of a member city
    proposed: bool = False  # still a proposal: only the named cities see it

    @property
    def reads_all(self) -> bool:
        """Members' staff, the secretariat (once the proposal is accepted) and administrators see
        the non-public parts: internal log entries, non-public events, people's names, the review."""
        return self.is_admin or bool(self.staff_of) or (self.secretariat and not self.proposed)

    @property
    def reads_work_plan(self) -> bool:
        """The joint work plan is the signing members' own: not the secretariat's, not observers'."""
        return self.is_admin or bool(self.staff_of)

    @property
    def is_named(self) -> bool:
        """The actor works for a city the partnership names (so they see that it exists)."""
        return bool(self.staff_of or self.observes)

    @property
    def works_on(self) -> bool:
        """Signing members' editors (and administrators) edit goals, work plan, exchange log and events."""
        return self.is_admin or bool(self.acts_for)

    def may_act_for(self, city_id: int) -> bool:
        return self.is_admin or city_id in self.acts_for

    def may_answer_for(self, city_id: int) -> bool:
        """Accept being named: a signing member's editor, or an observer's editor."""
        return self.may_act_for(city_id) or city_id in self.answers_for


def standing(
    actor: Actor, members: Iterable[tuple[int, str]], network_ids: Iterable[int], *, status: str
) -> Standing:
    """The actor's standing, from the member cities with their roles, the networks concerned (the
    partnership's own network and every network a member city confirmed it belongs to) and the
    partnership's status."""
    named = list(members)
    signing = {city for city, role in named if role in SIGNING_ROLES}
    observers = {city for city, role in named if role not in SIGNING_ROLES}
    editor_of = actor.cities(Role.CITY_EDITOR)
    staff = actor.cities(Role.CITY_EDITOR, Role.CITY_VIEWER)
    return Standing(
        is_admin=actor.is_admin,
        acts_for=frozenset(signing & editor_of),
        staff_of=frozenset(signing & staff),
        observes=frozenset(observers & staff),
        answers_for=frozenset(observers & editor_of),
        secretariat=bool(actor.networks() & set(network_ids)),
        proposed=status == Status.PROPOSED,
    )


def publicly_visible(is_public: bool, status: str) -> bool:
    """A public partnership is shown to everyone once every signing city has accepted: a proposal
    names cities that have not agreed to be named, so it stays with them."""
    return is_public and status != Status.PROPOSED


def may_set_status(who: Standing, target: Status) -> bool:
    """Reviewed is the secretariat's word on the partnership; signing members' editors take the other
    steps (observers do not end a partnership)."""
    if who.is_admin:
        return True
    if target is Status.REVIEWED:
        return who.secretariat
    return bool(who.acts_for)


@dataclass(frozen=True)
class Step:
    """A next step the actor may take: accept or sign for a city, or move to a status."""

    action: str  # accept, decline, sign, withdraw, status
    city_id: int | None = None
    status: str | None = None


def may_decline(status: str, member: MemberState) -> bool:
    """An invited city says no while it has not accepted: a partner to an open proposal, an
    observer at any time before the end."""
    if member.accepted or status == Status.ENDED:
        return False
    return status == Status.PROPOSED or member.role not in SIGNING_ROLES


def next_steps(
    status: str, members: Iterable[MemberState], who: Standing, proposed_by: int | None = None
) -> list[Step]:
    """The steps the actor may take now, for the buttons of the partnership page."""
    current = Status(status)
    members = list(members)
    steps: list[Step] = []
    if current is Status.PROPOSED:
        steps += [
            Step("accept", m.city_id)
            for m in members
            if m.role in SIGNING_ROLES and not m.accepted and who.may_act_for(m.city_id)
        ]
    if current is not Status.ENDED:  # an observer accepts being named at any time before the end
        steps += [
            Step("accept", m.city_id)
            for m in members
            if m.role not in SIGNING_ROLES and not m.accepted and who.may_answer_for(m.city_id)
        ]
    steps += [
        Step("decline", m.city_id)
        for m in members
        if may_decline(status, m) and who.may_answer_for(m.city_id)
    ]
    if current is Status.PROPOSED and proposed_by is not None and who.may_act_for(proposed_by):
        steps.append(Step("withdraw", proposed_by))
    if current is Status.ACCEPTED:
        steps += [
            Step("sign", m.city_id)
            for m in members
            if m.role in SIGNING_ROLES and not m.signed and who.may_act_for(m.city_id)
        ]
    for target in STATUSES:
        if target in TRANSITIONS[current] and target not in EARNED and may_set_status(who, target):
            steps.append(Step("status", status=target))
    return steps


def check_period(starts_on: dt.date, ends_on: dt.date | None) -> None:
    if ends_on is not None and ends_on < starts_on:
        raise PartnershipError("ends_on", "the end is before the start; give an end on or after it.")


def check_signature_date(signed_on: dt.date, today: dt.date) -> None:
    """A signature is dated on or before today; older partnerships are recorded with their old dates."""
    if signed_on > today:
        raise PartnershipError("signed_on", "a signature cannot be dated in the future.")
    if signed_on.year < 1900:
        raise PartnershipError("signed_on", "give the date the declaration was signed, e.g. 2026-05-04.")
