"""Shapes of partner suggestions and network groups over the API (and the CLI's JSON)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from citypact.api.schemas.base import ReasonOut
from citypact.services.cooperation.matching import MatchResult, NetworkGroups
from citypact.services.errors import InvalidInput


class SuggestionOut(BaseModel):
    city_id: int
    name: str
    country: str
    score: float = Field(description="0-1: the weighted mean of the goal's signals")
    signals: dict[str, float] = Field(description="each signal of the goal for this pair, 0-1")
    reasons: list[ReasonOut] = Field(description="why, as codes with the figures")


class WeightsIn(BaseModel):
    weights: dict[str, float] | None = Field(
        description="signal -> weight (>= 0), e.g. conditions 0.5, distance 0.5; null: the goal's own"
    )


class WeightsOut(BaseModel):
    goal: str
    weights: dict[str, float]
    version: int | None = Field(
        description="of the secretariat's weights, also the ETag; null: the goal's own (none set)"
    )


class MatchOut(BaseModel):
    city_id: int
    name: str
    goal: str
    weights: dict[str, float]
    suggestions: list[SuggestionOut] = Field(description="best first")


class GroupMemberOut(BaseModel):
    city_id: int
    name: str
    country: str


class GroupsOut(BaseModel):
    network_slug: str
    max_size: int
    max_per_country: int | None
    spread: float | None = Field(description="mean distance of a member to its group's centre (standardized)")
    groups: list[list[GroupMemberOut]]


def parse_weights(text: str) -> dict[str, float] | None:
    """'conditions:0.5,distance:0.5' as a dict; empty text: the goal's own weights."""
    if not text.strip():
        return None
    weights: dict[str, float] = {}
    for part in text.split(","):
        name, _, value = part.partition(":")
        try:
            weights[name.strip()] = float(value)
        except ValueError:
            raise InvalidInput(
                "weights", f"write name:number pairs, e.g. conditions:0.5; got {part!r}"
            ) from None
    return weights


def match_out(result: MatchResult) -> MatchOut:
    return MatchOut.model_validate(
        {
            **vars(result),
            "suggestions": [{**vars(s), "reasons": [vars(r) for r in s.reasons]} for s in result.suggestions],
        }
    )


def groups_out(groups: NetworkGroups) -> GroupsOut:
    spread = groups.spread if groups.spread == groups.spread else None  # NaN: no members
    return GroupsOut.model_validate(
        {**vars(groups), "spread": spread, "groups": [[vars(m) for m in g] for g in groups.groups]}
    )


class CooperationIn(BaseModel):
    kind: Literal["offer", "need"]
    field: str = Field(description="a field of action of the measure taxonomy, e.g. transport")
    support: str = Field(
        description="training, peer_review, staff_exchange, site_visit, data_tools or financing_advice"
    )
    description: str = Field("", max_length=2_000)
    contact: str = Field("", max_length=300)


class CooperationItemOut(BaseModel):
    id: int
    city_id: int
    city_name: str
    country: str
    kind: str
    field: str
    support: str
    description: str
    contact: str
    version: int = Field(default=1, description="If-Match of a DELETE")


class CooperationMatchOut(BaseModel):
    mine: CooperationItemOut
    other: CooperationItemOut
    fit: float = Field(description="1: field and type of support agree; 0.5: the field only")
    score: float
    reasons: list[ReasonOut] = Field(description="the offer or need first, then why the cities are alike")
