"""After award: each participant's share of the awarded cost and tonnes, its saving, its CO2e avoided.

Money in integer minor units (cents), split so that the shares add up to the whole exactly
(largest remainder: each gets the floor of its exact share, the cents left go to the largest
remainders, ties to the earlier participant).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum


class SplitRule(StrEnum):
    """How the awarded cost (and tonnes) are shared: by quantity (the default), equally, or by
    agreed shares (weights given with the rule)."""

    QUANTITY = "quantity"
    EQUAL = "equal"
    AGREED = "agreed"


@dataclass(frozen=True)
class Participant:
    """A participant's demand in the lot and what it would have paid and emitted alone.

    standalone_cost_minor: its own estimate entered before the tender, or the best bid for its
    quantity alone. reference_t_co2e: the lifetime tonnes of the reference option (what it would
    have bought otherwise)."""

    name: str
    quantity: float
    standalone_cost_minor: int | None = None
    reference_t_co2e: float | None = None


@dataclass(frozen=True)
class ParticipantShare:
    name: str
    share: float
    cost_minor: int
    saving_minor: int | None
    t_co2e: float
    avoided_t_co2e: float | None


def shares(
    participants: Sequence[Participant], rule: SplitRule, agreed: Mapping[str, float] | None = None
) -> list[float]:
    """Each participant's fraction (they sum to 1)."""
    if not participants:
        return []
    if rule is SplitRule.EQUAL:
        weights = [1.0] * len(participants)
    elif rule is SplitRule.QUANTITY:
        weights = [p.quantity for p in participants]
    else:
        if agreed is None or set(agreed) != {p.name for p in participants}:
            raise ValueError("agreed shares need a share for every participant, and only for them")
        weights = [agreed[p.name] for p in participants]
    if any(w < 0 for w in weights) or sum(weights) <= 0:
        raise ValueError("shares need weights of at least 0 and a positive total")
    total = sum(weights)
    return [w / total for w in weights]


def split_minor(total_minor: int, fractions: Sequence[float]) -> list[int]:
    """`total_minor` split by `fractions` into whole minor units that add up to it exactly."""
    exact = [total_minor * f for f in fractions]
    parts = [int(x // 1) for x in exact]
    left = total_minor - sum(parts)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def participant_shares(
    awarded_cost_minor: int,
    awarded_t_co2e: float,
    participants: Sequence[Participant],
    rule: SplitRule = SplitRule.QUANTITY,
    agreed: Mapping[str, float] | None = None,
) -> list[ParticipantShare]:
    """Each participant's cost and tonnes under `rule`, its saving against its stand-alone cost
    and its CO2e avoided against its reference option (None where those are not given)."""
    fractions = shares(participants, rule, agreed)
    costs = split_minor(awarded_cost_minor, fractions)
    out = []
    for participant, fraction, cost in zip(participants, fractions, costs, strict=True):
        tonnes = awarded_t_co2e * fraction
        out.append(
            ParticipantShare(
                name=participant.name,
                share=fraction,
                cost_minor=cost,
                saving_minor=None
                if participant.standalone_cost_minor is None
                else participant.standalone_cost_minor - cost,
                t_co2e=tonnes,
                avoided_t_co2e=None
                if participant.reference_t_co2e is None
                else participant.reference_t_co2e - tonnes,
            )
        )
    return out
