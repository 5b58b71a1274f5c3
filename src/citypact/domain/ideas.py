"""The rules of the House of Change: an idea's lifecycle, the review form of each role, when an idea
is ready for a deal, and the SDG and GPC codes an idea is tagged with. Pure: codes in, codes out.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from citypact.domain.green_deals import IDEA_STATUSES, REVIEW_ROLES


class IdeaError(ValueError):
    """A rule a request breaks, naming the field and how to fix it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


# The moves between statuses. "became_deal" is set by the deals part when it makes a deal of a
# ready idea; facilitators take every other move. A ready idea may go back to review when the
# facilitators find a view missing; archived and became_deal are final.
MOVES: Final[Mapping[str, frozenset[str]]] = {
    "open": frozenset({"in_review", "archived"}),
    "in_review": frozenset({"ready", "archived"}),
    "ready": frozenset({"in_review", "became_deal", "archived"}),
    "became_deal": frozenset(),
    "archived": frozenset(),
}
FACILITATOR_MOVES: Final = frozenset({"in_review", "ready", "archived"})
assert set(MOVES) == set(IDEA_STATUSES)


def check_move(current: str, new: str, *, reason: str = "", roles_reviewed: Collection[str] = ()) -> None:
    """Refuse a move the lifecycle does not allow: archiving needs a reason, and "ready" needs at
    least one review in each of the three roles (`roles_reviewed`: the roles of the visible reviews)."""
    if new not in IDEA_STATUSES:
        raise IdeaError("status", f"unknown status {new!r}; use one of {', '.join(IDEA_STATUSES)}.")
    if new not in MOVES[current]:
        allowed = ", ".join(sorted(MOVES[current])) or "none, it is final"
        raise IdeaError("status", f"an idea that is {current} cannot become {new}; allowed: {allowed}.")
    if new == "archived" and not reason.strip():
        raise IdeaError("reason", "say why the idea is archived.")
    if new == "ready":
        missing = missing_roles(roles_reviewed)
        if missing:
            raise IdeaError(
                "status", f"ready needs a review in each role; still missing: {', '.join(missing)}."
            )


def missing_roles(roles_reviewed: Iterable[str]) -> list[str]:
    """The roles without a review yet, in their order (dreamer, realist, critic)."""
    have = set(roles_reviewed)
    return [role for role in REVIEW_ROLES if role not in have]


def may_review(status: str) -> bool:
    """Reviews are written while the facilitators hold the idea in review, not before or after."""
    return status == "in_review"


def may_edit(status: str) -> bool:
    """The proposer edits the idea while it is open, before anyone reviews it."""
    return status == "open"


@dataclass(frozen=True)
class Question:
    """One question of a role's review form: its code, whether it must be answered, its maximum length."""

    code: str
    required: bool
    max_length: int


ANSWER_MAX: Final = 2000
REVIEW_FORMS: Final[Mapping[str, tuple[Question, ...]]] = {
    "dreamer": (
        Question("could_become", True, ANSWER_MAX),  # what it could become at its best
        Question("who_benefits", True, ANSWER_MAX),
        Question("success_looks_like", False, ANSWER_MAX),
    ),
    "realist": (
        Question("steps", True, ANSWER_MAX),
        Question("resources_costs", True, ANSWER_MAX),
        Question("partners", False, ANSWER_MAX),
        Question("time", False, 300),
    ),
    "critic": (
        Question("risks", True, ANSWER_MAX),
        Question("objections", False, ANSWER_MAX),
        Question("must_be_true", True, ANSWER_MAX),  # what would have to be true for it to work
    ),
}
assert tuple(REVIEW_FORMS) == REVIEW_ROLES


def check_answers(role: str, answers: Mapping[str, str]) -> dict[str, str]:
    """The answers of a review in `role`, in the form's order, blanks stripped and empty ones left out.
    Refuses unknown questions, missing required answers and answers over the question's length."""
    if role not in REVIEW_FORMS:
        raise IdeaError("role", f"unknown role {role!r}; use one of {', '.join(REVIEW_ROLES)}.")
    form = REVIEW_FORMS[role]
    known = {q.code for q in form}
    for code in answers:
        if code not in known:
            raise IdeaError(
                code, f"the {role} form has no question {code!r}; use {', '.join(sorted(known))}."
            )
    clean: dict[str, str] = {}
    for question in form:
        text = answers.get(question.code, "").strip()
        if question.required and not text:
            raise IdeaError(question.code, "this answer is required.")
        if len(text) > question.max_length:
            raise IdeaError(question.code, f"use at most {question.max_length} characters.")
        if text:
            clean[question.code] = text
    return clean


# Targets of each Sustainable Development Goal as (numbered, lettered): goal 7 has 7.1-7.3 and 7.a-7.b.
# Counted from the official list, UN General Assembly resolution A/RES/70/1 of 25 September 2015,
# "Transforming our world: the 2030 Agenda for Sustainable Development", section "Sustainable
# Development Goals and targets": 169 targets in all.
SDG_TARGET_COUNTS: Final[Mapping[int, tuple[int, int]]] = {
    1: (5, 2),
    2: (5, 3),
    3: (9, 4),
    4: (7, 3),
    5: (6, 3),
    6: (6, 2),
    7: (3, 2),
    8: (10, 2),
    9: (5, 3),
    10: (7, 3),
    11: (7, 3),
    12: (8, 3),
    13: (3, 2),
    14: (7, 3),
    15: (9, 3),
    16: (10, 2),
    17: (19, 0),
}
SDG_CODES_MAX: Final = 60  # goals and targets an idea names; the column holds 400 characters
_SDG_CODE = re.compile(r"^(\d{1,2})(?:\.(\d{1,2}|[a-z]))?$")


def sdg_targets(goal: int) -> list[str]:
    """The target codes of one goal in the UN's order: numbered, then lettered."""
    numbered, lettered = SDG_TARGET_COUNTS[goal]
    return [f"{goal}.{n}" for n in range(1, numbered + 1)] + [
        f"{goal}.{chr(ord('a') + i)}" for i in range(lettered)
    ]


def _sdg_key(code: str) -> tuple[int, int, int]:
    """Sort key: the goal, then the goal itself before its targets, numbered before lettered."""
    goal, _, target = code.partition(".")
    if not target:
        return (int(goal), 0, 0)
    if target.isdigit():
        return (int(goal), 1, int(target))
    return (int(goal), 2, ord(target))


def check_sdg_code(code: str) -> str:
    """One goal ("7") or target ("7.2", "11.a") of the UN list, written canonically."""
    found = _SDG_CODE.match(code.strip().lower())
    if found is None:
        raise IdeaError("sdg_targets", f"{code!r} is not a goal or target; write e.g. 7, 7.2 or 11.a.")
    goal = int(found.group(1))
    if goal not in SDG_TARGET_COUNTS:
        raise IdeaError("sdg_targets", f"there is no goal {goal}; the goals are 1 to 17.")
    target = found.group(2)
    if target is None:
        return str(goal)
    numbered, lettered = SDG_TARGET_COUNTS[goal]
    if target.isdigit():
        ok = 1 <= int(target) <= numbered and not target.startswith("0")
    else:
        ok = ord(target) - ord("a") < lettered
    if not ok:
        raise IdeaError(
            "sdg_targets",
            f"goal {goal} has no target {goal}.{target}; its targets are {describe_goal(goal)}.",
        )
    return f"{goal}.{target}"


def describe_goal(goal: int) -> str:
    numbered, lettered = SDG_TARGET_COUNTS[goal]
    text = f"{goal}.1 to {goal}.{numbered}"
    if lettered:
        text += f" and {goal}.a to {goal}.{chr(ord('a') + lettered - 1)}"
    return text


def split_codes(text: str) -> list[str]:
    """Codes from text separated by ";", "," or blanks."""
    return [part for part in re.split(r"[;,\s]+", text) if part]


def normalise_sdgs(codes: Iterable[str]) -> str:
    """Goals and targets as stored: checked, each once, ";"-joined in goal and target order."""
    clean = {check_sdg_code(code) for code in codes}
    if len(clean) > SDG_CODES_MAX:
        raise IdeaError("sdg_targets", f"name at most {SDG_CODES_MAX} goals and targets.")
    return ";".join(sorted(clean, key=_sdg_key))


GPC_SECTOR_CODES: Final = ("I", "II", "III", "IV", "V", "VI")


def normalise_gpc_sectors(codes: Iterable[str]) -> str:
    """GPC sectors I..VI as stored: each once, ";"-joined in GPC order."""
    clean: set[str] = set()
    for code in codes:
        sector = code.strip().upper()
        if sector not in GPC_SECTOR_CODES:
            raise IdeaError("gpc_sectors", f"unknown sector {code!r}; use {', '.join(GPC_SECTOR_CODES)}.")
        clean.add(sector)
    return ";".join(s for s in GPC_SECTOR_CODES if s in clean)
