"""The rules of a joint procurement's life, as pure functions: its phases in order, when it may move
to the next one, what may still change in each phase, and the format of CPV codes.

A procurement moves forward one phase at a time: needs assessment, market dialogue (may be skipped:
a preliminary market consultation is optional under Directive 2014/24/EU Art. 40), tender published,
bids due, evaluation, award, contract, call-offs. Until the tender is published the group is still
being formed: cities join and withdraw, lots and demand change. From then on the tender's quantities
are fixed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class Phase(StrEnum):
    NEEDS_ASSESSMENT = "needs_assessment"
    MARKET_DIALOGUE = "market_dialogue"
    TENDER_PUBLISHED = "tender_published"
    BIDS_DUE = "bids_due"
    EVALUATION = "evaluation"
    AWARD = "award"
    CONTRACT = "contract"
    CALL_OFFS = "call_offs"


PHASES: Final = tuple(Phase)
# Phases a procurement may pass over on its way forward.
SKIPPABLE: Final = frozenset({Phase.MARKET_DIALOGUE})
PARTICIPANT_STATUSES: Final = ("invited", "joined", "withdrawn")
DIALOGUE_KINDS: Final = ("note", "question", "answer")
VISIBILITIES: Final = ("participants", "public")
STATUSES: Final = ("active", "cancelled")

_CPV = re.compile(r"^[0-9]{8}-[0-9]$")


class PhaseError(ValueError):
    """A rule a request breaks, naming the field and how to fix it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Readiness:
    """What the move to a phase depends on, counted by the caller."""

    lots: int
    joined: int  # participants that joined and have not withdrawn
    demand_lines: int  # demand lines of joined participants, not withdrawn, quantity above 0
    bids_due_at: dt.datetime | None


def phase_index(phase: str) -> int:
    return PHASES.index(Phase(phase))


def forming(phase: str) -> bool:
    """The group is still being formed: before the tender is published."""
    return phase_index(phase) < phase_index(Phase.TENDER_PUBLISHED)


def published(phase: str) -> bool:
    """The tender is out: from its publication on, the public sees the published part."""
    return not forming(phase)


def next_phases(current: str) -> tuple[Phase, ...]:
    """The phases a procurement in `current` may move to: the next one, and the one after a
    skippable next one."""
    at = phase_index(current)
    if at + 1 >= len(PHASES):
        return ()
    following = PHASES[at + 1]
    if following in SKIPPABLE and at + 2 < len(PHASES):
        return (following, PHASES[at + 2])
    return (following,)


def check_move(current: str, target: str, ready: Readiness, now: dt.datetime) -> Phase:
    """The phase `target`, if a procurement in `current` may move there now."""
    if target not in PHASES:
        raise PhaseError("phase", f"unknown phase {target!r}; use one of {', '.join(PHASES)}.")
    goal = Phase(target)
    allowed = next_phases(current)
    if goal not in allowed:
        if not allowed:
            raise PhaseError("phase", "the procurement is in its last phase (call-offs).")
        raise PhaseError(
            "phase", f"a procurement in {current} moves to {' or '.join(allowed)} next, not to {target}."
        )
    if goal is Phase.TENDER_PUBLISHED:
        if ready.lots == 0:
            raise PhaseError("phase", "add at least one lot before publishing the tender.")
        if ready.joined == 0 or ready.demand_lines == 0:
            raise PhaseError(
                "phase",
                "at least one participating city must state its demand before the tender is published.",
            )
        if ready.bids_due_at is None:
            raise PhaseError("bids_due_at", "set the deadline for bids before publishing the tender.")
        if ready.bids_due_at <= now:
            raise PhaseError("bids_due_at", "the deadline for bids has passed; set a later one first.")
    if goal is Phase.BIDS_DUE and (ready.bids_due_at is None or now < ready.bids_due_at):
        raise PhaseError("phase", "the deadline for bids has not passed yet; bids stay sealed until then.")
    return goal


def check_deadline(phase: str, bids_due_at: dt.datetime, now: dt.datetime) -> dt.datetime:
    """A new deadline for bids: set while the tender is open for bids, never in the past, so a
    deadline cannot be moved to unseal bids early."""
    if bids_due_at.tzinfo is None:
        raise PhaseError(
            "bids_due_at", "give the deadline with its time zone, e.g. 2026-06-30T12:00:00+02:00."
        )
    if phase_index(phase) > phase_index(Phase.TENDER_PUBLISHED):
        raise PhaseError(
            "bids_due_at", "the deadline has passed and the bids are open; it cannot change now."
        )
    if bids_due_at <= now:
        raise PhaseError("bids_due_at", "give a deadline in the future.")
    return bids_due_at


def check_withdrawal(phase: str) -> None:
    """A participant leaves the group only while it is being formed."""
    if not forming(phase):
        raise PhaseError(
            "phase",
            "the tender is published with this city's demand in it; a participant cannot withdraw after "
            "publication (the quantities tendered bind the group); ask the lead buyer about the "
            "contract's terms.",
        )


def check_forming(phase: str, what: str) -> None:
    """Changes that shape the tender (lots, demand, participants) are refused once it is published."""
    if not forming(phase):
        raise PhaseError("phase", f"the tender is published; {what} can no longer change.")


def clean_cpv(value: str, field: str = "cpv") -> str:
    """A CPV code written as 8 digits, a hyphen and the check digit, e.g. 34144910-0 (electric buses).

    Only the form is checked: the EU publishes the codes with their check digits but no formula that
    reproduces them, so the digit is taken as written (see docs/procurement_process.md)."""
    code = value.strip()
    if not _CPV.match(code):
        raise PhaseError(
            field,
            f"{value!r} is not a CPV code; write 8 digits, a hyphen and the check digit, e.g. 34144910-0.",
        )
    return code
