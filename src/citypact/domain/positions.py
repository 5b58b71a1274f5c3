"""Joint positions and recommendations: codes and lifecycle rules, pure.

A position or recommendation is a draft while its group forms, its text is written and its cities
sign; once sent (on a date, through a channel) it is public and is followed: the addressee answers,
adopts it in part or fully, or rejects it. Signatures are given and withdrawn only in the draft.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Final

KINDS: Final = ("position", "recommendation")
LEVELS: Final = ("regional", "national", "eu", "international")
CHANNELS: Final = ("letter", "email", "meeting", "consultation", "hearing")
EVIDENCE_KINDS: Final = ("indicator", "benchmark_round", "case", "survey", "reference")
STATUSES: Final = ("draft", "sent", "answered", "adopted_in_part", "adopted", "rejected")
OUTCOMES: Final = ("answered", "adopted_in_part", "adopted", "rejected")
FINAL: Final = ("adopted", "rejected")
FOLLOW: Final = {
    "draft": (),
    "sent": OUTCOMES,
    "answered": ("adopted_in_part", "adopted", "rejected"),
    "adopted_in_part": ("adopted", "rejected"),
    "adopted": (),
    "rejected": (),
}


def is_public(status: str) -> bool:
    """Sent positions (and everything after) are public; drafts only to the group and secretariat."""
    return status != "draft"


def may_change_text(status: str) -> bool:
    """Title, text, asks, addressee, group and evidence change only in the draft."""
    return status == "draft"


def sign_problem(status: str, city_id: int, group: Collection[int], signed: Collection[int]) -> str | None:
    """Why `city_id` cannot sign now (a code), or None."""
    if status != "draft":
        return "not_draft"
    if city_id not in group:
        return "not_in_group"
    if city_id in signed:
        return "signed_already"
    return None


def withdraw_problem(status: str, city_id: int, signed: Collection[int]) -> str | None:
    """Why the signature of `city_id` cannot be withdrawn now (a code), or None."""
    if status != "draft":
        return "not_draft"
    if city_id not in signed:
        return "not_signed"
    return None


def send_problem(
    kind: str, status: str, asks: str, signed: Collection[int], sent_on: dt.date, today: dt.date
) -> str | None:
    """Why the position cannot be sent (a code), or None. A position needs its asks and at least one
    city's signature; a network's recommendation needs its asks; neither is sent in the future."""
    if status != "draft":
        return "not_draft"
    if not ask_lines(asks):
        return "no_asks"
    if kind == "position" and not signed:
        return "no_signature"
    if sent_on > today:
        return "future_date"
    return None


def follow_problem(
    status: str, outcome: str, answer_on: dt.date, sent_on: dt.date | None, today: dt.date
) -> str | None:
    """Why the answer cannot be recorded as `outcome` (a code), or None."""
    if outcome not in FOLLOW.get(status, ()):
        return "not_sent" if status == "draft" else "no_such_step"
    if answer_on > today:
        return "future_date"
    if sent_on is not None and answer_on < sent_on:
        return "before_sent"
    return None


def ask_lines(asks: str) -> list[str]:
    """The asks, one per non-empty line, stripped."""
    return [line.strip() for line in asks.splitlines() if line.strip()]


def signature_share(signed: int, group: int) -> float:
    """The share of the group's cities that signed (0 for an empty group)."""
    return signed / group if group else 0.0
