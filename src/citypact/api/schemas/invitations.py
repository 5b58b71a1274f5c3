"""JSON shapes of a city's invitations to partnerships and of the answers to them."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from citypact.api.schemas.base import In
from citypact.http.deps import MAX_ID
from citypact.services.cooperation.partnerships.invitations import REASON_MAX


class DeclineIn(In):
    city_id: int = Field(ge=1, le=MAX_ID, description="the invited city you answer for")
    reason: str = Field(default="", max_length=REASON_MAX, description="why not (optional)")


class WithdrawIn(In):
    reason: str = Field(default="", max_length=REASON_MAX, description="why (optional)")


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class InvitationOut(_Out):
    partnership_id: int
    title: str
    kind: str
    role: str = Field(description="the role the city is asked to take")
    proposed_by: int | None
    proposer_name: str
    proposed_on: dt.date
    waiting_for: list[str] = Field(description="the cities that have not answered yet")


class InvitationsOut(_Out):
    city_id: int
    city_name: str
    received: list[InvitationOut] = Field(description="open invitations to the city")
    sent: list[InvitationOut] = Field(description="the city's proposals still waiting for an answer")
    can_answer: bool = Field(description="you edit the city: you accept, decline and withdraw for it")
