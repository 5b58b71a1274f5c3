"""JSON shapes of networks and their memberships (invitations and requests to join)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from citypact.api.schemas.base import StrictIn
from citypact.api.schemas.cities import CityRefOut


class NetworkOut(BaseModel):
    id: int
    slug: str
    name: str
    description: str
    url: str | None
    member_count: int


class NetworkDetailOut(NetworkOut):
    members: list[CityRefOut]


class MemberIn(StrictIn):
    city_id: int = Field(ge=1, le=2_147_483_647)


class PendingJoinOut(BaseModel):
    """An invitation (the city's editor answers) or a city's request (the secretariat answers)."""

    network_slug: str
    network_name: str
    city_id: int
    city_name: str
    country: str
    direction: Literal["invitation", "request"]
    created_at: datetime


class JoinOut(BaseModel):
    """What a request to join did: "requested" (the secretariat answers) or "confirmed" (a listed
    membership the city has now confirmed)."""

    result: Literal["requested", "confirmed"]
