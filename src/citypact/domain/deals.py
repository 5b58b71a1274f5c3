"""The rules of a Local Green Deal: its lifecycle, when it is signed, when its terms may change,
and what a commitment must hold.

Lifecycle: draft -> negotiating -> signed -> implementing -> reviewed -> completed; from
negotiating or later (not from completed) a deal may end early, with a reason. A deal becomes
signed by its last signature, never by a step: when every party has a signatory (name) and a
date, the deal is signed on the latest of those dates. Parties and commitments change only while
the deal is a draft or being negotiated; a signed deal's terms are frozen (its KPI reports and
milestones' done dates go on).

A commitment: an organisation commits to an action; the city supports, permits or funds. A
funding commitment names its amount and currency. Its KPI's target year is not before its baseline
year; its due date lies within the deal's period; its expected reduction is 0 or more t CO2e a year.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from citypact.domain.green_deals import BENEFIT_KINDS, COMMITMENT_KINDS, DEAL_STATUSES
from citypact.domain.measures import GPC_SECTORS

OPEN_TO_CHANGES: Final = ("draft", "negotiating")
# The steps the city's editors take; "signed" is reached by the last signature instead.
STEPS: Final = {
    "draft": ("negotiating",),
    "signed": ("implementing",),
    "implementing": ("reviewed",),
    "reviewed": ("completed",),
}
ENDS_EARLY_FROM: Final = ("negotiating", "signed", "implementing", "reviewed")
CITY_KINDS: Final = ("support", "permit", "funding")
ORGANISATION_KINDS: Final = ("action",)
SIGNED_OR_LATER: Final = DEAL_STATUSES[DEAL_STATUSES.index("signed") :]
_SDG = re.compile(r"^(1[0-7]|[1-9])(\.([1-9][0-9]?|[a-d]))?$")


class DealError(ValueError):
    """A value or a step that breaks a rule, naming the field; `code` says which rule, so a page
    can word it."""

    def __init__(self, field: str, message: str, code: str = "invalid") -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.code = code


def open_to_changes(status: str) -> bool:
    """Whether the deal's parties and commitments may still change."""
    return status in OPEN_TO_CHANGES


def check_open(status: str) -> None:
    if not open_to_changes(status):
        raise DealError("status", f"the deal is {status}: its terms are frozen.", "frozen")


def check_step(current: str, target: str, reason: str = "") -> str:
    """The status a step of the city's editors leads to, or DealError. "signed" is not a step (the
    last signature takes the deal there); "ended_early" needs a reason."""
    if target not in DEAL_STATUSES:
        raise DealError("status", f"unknown status {target!r}; use one of {', '.join(DEAL_STATUSES)}.")
    if target == "signed":
        raise DealError("status", "a deal is signed when every party has signed, not by a step.", "sign")
    if target == "ended_early":
        if current not in ENDS_EARLY_FROM:
            raise DealError("status", f"a {current} deal cannot end early.", "step")
        if not reason.strip():
            raise DealError("status_reason", "say why the deal ends early.", "reason")
        return target
    if target not in STEPS.get(current, ()):
        allowed = ", ".join(STEPS.get(current, ())) or "nothing"
        raise DealError("status", f"a {current} deal moves on to {allowed}.", "step")
    return target


@dataclass(frozen=True)
class Signature:
    """One party's signature as stored: empty name or no date is not signed yet."""

    signatory_name: str
    signed_on: dt.date | None

    @property
    def complete(self) -> bool:
        return bool(self.signatory_name.strip()) and self.signed_on is not None


def signed_on(signatures: Sequence[Signature]) -> dt.date | None:
    """The day the deal is signed: the latest signature's date once every party (at least two: the
    city and an organisation) has signed; None while any is missing."""
    if len(signatures) < 2 or not all(s.complete for s in signatures):
        return None
    return max(s.signed_on for s in signatures if s.signed_on is not None)


def check_signature_date(day: dt.date, today: dt.date) -> None:
    if day > today:
        raise DealError("signed_on", f"{day.isoformat()} is in the future; give the day of signing.")


@dataclass(frozen=True)
class CommitmentTerms:
    """The parts of a commitment the rules look at."""

    kind: str
    for_city: bool  # the city's own commitment, or an organisation's
    due_date: dt.date | None = None
    kpi_baseline_year: int | None = None
    kpi_target_year: int | None = None
    expected_reduction_t: float | None = None
    amount_minor: int | None = None
    currency: str | None = None


def check_commitment(
    terms: CommitmentTerms, start: dt.date | None = None, end: dt.date | None = None
) -> None:
    """Raise DealError at the first broken rule (see the module's docstring); `start` and `end`
    are the deal's period, where given."""
    if terms.kind not in COMMITMENT_KINDS:
        raise DealError("kind", f"use one of {', '.join(COMMITMENT_KINDS)}.")
    allowed = CITY_KINDS if terms.for_city else ORGANISATION_KINDS
    if terms.kind not in allowed:
        whose = "the city" if terms.for_city else "an organisation"
        raise DealError("kind", f"{whose} commits to {' or '.join(allowed)}.", "kind_of_party")
    base, target = terms.kpi_baseline_year, terms.kpi_target_year
    if base is not None and target is not None and target < base:
        raise DealError(
            "kpi_target_year", f"{target} is before the baseline year {base}.", "target_before_baseline"
        )
    if terms.due_date is not None:
        if start is not None and terms.due_date < start:
            raise DealError("due_date", f"it is before the deal starts ({start.isoformat()}).", "period")
        if end is not None and terms.due_date > end:
            raise DealError("due_date", f"it is after the deal ends ({end.isoformat()}).", "period")
    reduction = terms.expected_reduction_t
    if reduction is not None and not reduction >= 0:
        raise DealError("expected_reduction_t", "give 0 or more t CO2e a year.", "negative")
    if terms.kind == "funding":
        if terms.amount_minor is None:
            raise DealError("amount", "a funding commitment names its amount.", "amount")
        if not terms.currency:
            raise DealError("currency", "a funding commitment names its currency.", "currency")
        if terms.amount_minor < 0:
            raise DealError("amount", "give an amount of 0 or more.", "negative")


def check_period(start: dt.date | None, end: dt.date | None) -> None:
    if start is not None and end is not None and end < start:
        raise DealError("end_date", f"it is before the start ({start.isoformat()}).", "period")


def check_due_dates_in_period(
    due_dates: Iterable[tuple[int, dt.date | None]], start: dt.date | None, end: dt.date | None
) -> None:
    """A new period must still hold every commitment's due date (commitment id, due date)."""
    for commitment_id, due in due_dates:
        if due is None:
            continue
        if (start is not None and due < start) or (end is not None and due > end):
            raise DealError(
                "start_date" if start is not None and due < start else "end_date",
                f"commitment {commitment_id} is due {due.isoformat()}, outside the period; change it first.",
                "period",
            )


def check_benefit(kind: str, quantity: float | None) -> None:
    if kind not in BENEFIT_KINDS:
        raise DealError("kind", f"use one of {', '.join(BENEFIT_KINDS)}.")
    if quantity is not None and not quantity == quantity:
        raise DealError("quantity", "give a number.")


def clean_sdg_targets(text: str) -> str:
    """SDG goals and targets as "7;7.2;11.6": numbers 1-17, targets like 7.2 or 7.a; blanks,
    commas and duplicates are tidied, the order is the taxonomy's."""
    codes = [c.strip().lower() for c in re.split(r"[;,\s]+", text) if c.strip()]
    for code in codes:
        if not _SDG.match(code):
            raise DealError("sdg_targets", f"{code!r} is no SDG goal or target; write e.g. 7;7.2;11.6.")

    def order(code: str) -> tuple[int, int, str]:
        goal, _, target = code.partition(".")
        return (int(goal), 0 if not target else 1, target.zfill(2))

    return ";".join(sorted(set(codes), key=order))


def clean_gpc_sectors(text: str) -> str:
    """GPC sectors as Roman numerals "I;II", in the GPC's order."""
    codes = {c.strip().upper() for c in re.split(r"[;,\s]+", text) if c.strip()}
    unknown = sorted(codes - set(GPC_SECTORS))
    if unknown:
        raise DealError("gpc_sectors", f"{unknown[0]!r} is no GPC sector; use {', '.join(GPC_SECTORS)}.")
    return ";".join(s for s in GPC_SECTORS if s in codes)
