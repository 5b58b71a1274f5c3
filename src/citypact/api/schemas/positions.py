"""JSON shapes of joint positions and recommendations in the REST API.

Codes (kind, level, status, channel, outcome, evidence kind, indicator) are checked by the services,
which name the field and the choices. `asks` is text with one ask per line.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from citypact.api.schemas.base import In
from citypact.http.deps import MAX_ID


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class PositionFields(In):
    title: str | None = Field(default=None, max_length=300, examples=["Heat pumps in listed buildings"])
    text: str | None = Field(default=None, max_length=20_000)
    asks: str | None = Field(default=None, max_length=4_000, description="one ask per line")
    level: str | None = Field(
        default=None, max_length=16, examples=["regional", "national", "eu", "international"]
    )
    institution: str | None = Field(default=None, max_length=300, examples=["Bundestag"])


class PositionIn(PositionFields):
    city_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="the drafting city (its editors)")
    network: str | None = Field(default=None, max_length=60, description="a network's slug (its secretariat)")
    kind: str | None = Field(default=None, max_length=16, examples=["position", "recommendation"])
    city_ids: list[int] | None = Field(default=None, max_length=100, description="the cities invited")


class InviteIn(In):
    city_id: int = Field(ge=1, le=MAX_ID)


class SignIn(In):
    city_id: int = Field(ge=1, le=MAX_ID, description="the city you are an editor of")


class SendIn(In):
    sent_on: dt.date
    channel: str = Field(max_length=16, examples=["letter", "email", "meeting", "consultation", "hearing"])


class AnswerIn(In):
    outcome: str = Field(max_length=16, examples=["answered", "adopted_in_part", "adopted", "rejected"])
    answer_text: str = Field(max_length=20_000)
    answer_on: dt.date
    answer_url: str = Field(default="", max_length=500)


class EvidenceIn(In):
    kind: str = Field(max_length=16, examples=["indicator", "benchmark_round", "case", "survey", "reference"])
    city_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    indicator: str | None = Field(default=None, max_length=40, examples=["basic_per_capita"])
    year: int | None = Field(default=None, ge=1990, le=2100)
    benchmark_round_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    case_study_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    reference: str = Field(default="", max_length=2_000)
    source: str = Field(max_length=500)


class SignatureOut(_Out):
    city_id: int
    city_name: str
    country: str
    signed_on: dt.date | None
    drafter: bool


class EvidenceOut(_Out):
    id: int
    kind: str
    city_id: int | None
    city_name: str | None
    indicator: str | None
    year: int | None
    benchmark_round_id: int | None
    benchmark_round: str | None
    case_study_id: int | None
    case_title: str | None
    reference: str
    source: str
    value: float | None = Field(
        description="An indicator's figure in the public benchmark for exactly `year` (null: none there, "
        "or the city is not public); as sent once the position is sent, else read now.",
        examples=[5.8],
    )
    unit: str | None = Field(description="The indicator's unit.", examples=["t CO2e/person"])
    data_year: int | None = Field(description="The year of `value` (always `year`).", examples=[2022])
    figure_source: str | None = Field(description="Where the benchmark's figure comes from.")
    figure_taken_at: dt.datetime | None = Field(
        description="When the figure was taken, on sending; null: read from the benchmark now."
    )


class PositionOut(_Out):
    id: int
    kind: str
    city_id: int | None
    city_name: str | None
    network_id: int | None
    network_name: str | None
    network_slug: str | None
    title: str
    text: str
    asks: list[str]
    level: str
    institution: str
    status: str
    sent_on: dt.date | None
    channel: str | None
    answer_text: str
    answer_on: dt.date | None
    answer_url: str
    cities: list[SignatureOut]
    evidence: list[EvidenceOut]
    version: int
    updated_at: dt.datetime
    next_outcomes: list[str]


class PositionRowOut(_Out):
    id: int
    kind: str
    title: str
    level: str
    institution: str
    status: str
    sent_on: dt.date | None
    drafter: str
    signatures: int
    cities: int
