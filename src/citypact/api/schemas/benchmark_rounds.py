"""JSON shapes of a network's benchmark rounds."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field


class RoundIn(BaseModel):
    title: str = Field(min_length=1, max_length=200, examples=["Spring 2027"])


class RoundSummaryOut(BaseModel):
    id: int
    title: str
    created_at: dt.datetime
    members: int
    benchmarked: int


class RoundOut(RoundSummaryOut):
    network_slug: str
    network_name: str
    model: dict[str, Any]
    results: list[dict[str, Any]] = Field(
        description="One entry per member city, by name: latest year, territorial t CO2e per person, "
        "trend (% a year), members it outpaces, most improved, structure-adjusted performance (%), "
        "catalogue score (%; null for a member without an action plan: not assessed, never 0). "
        "Missing figures are null. No rank."
    )
