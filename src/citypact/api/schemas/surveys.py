"""JSON shapes of survey rounds: the questionnaire (questions as domain.surveys records), a round,
a city's response, and the results (aggregates per question over the submitted responses).

A question: {key, kind (number, choice, multi, text, year, matrix, inventory), text: {en, de?, ja?},
required, unit (number), low/high (number), options (choice, multi), rows (matrix: measure type
codes), condition: {key: an earlier question, values: [...]}}. Answers: number -> a number, choice
-> an option, multi -> a list of options, text -> text, year -> a year, matrix -> {measure type:
implementation degree}, inventory -> the id of one of the city's inventories.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from citypact.api.schemas.base import In


class RoundIn(In):
    title: str = Field(max_length=200, examples=["Status quo 2026"])
    deadline: dt.date
    questions: list[dict[str, Any]] = Field(default_factory=list, max_length=60)


class RoundPatch(In):
    title: str | None = Field(default=None, max_length=200)
    deadline: dt.date | None = None
    questions: list[dict[str, Any]] | None = Field(default=None, max_length=60)


class ConditionIn(In):
    key: str = Field(max_length=40, description="an earlier question's key")
    values: list[str] = Field(default_factory=list, max_length=30)


class QuestionIn(In):
    """One question, as a record of the questionnaire (checked by the same rules)."""

    key: str = Field(max_length=40, examples=["staff"])
    kind: str = Field(max_length=20, examples=["number"])
    text: dict[str, str] | str = Field(examples=[{"en": "Climate staff", "de": "Klimapersonal"}])
    required: bool = False
    unit: str | None = Field(default=None, max_length=40)
    low: float | None = None
    high: float | None = None
    options: list[str] | None = Field(default=None, max_length=30)
    rows: list[str] | None = Field(default=None, max_length=40)
    year: int | None = None
    condition: ConditionIn | None = None


class MoveIn(In):
    direction: Literal["up", "down"] = Field(
        description="up: before the question above; down: after the one below"
    )


class SendIn(In):
    city_ids: list[int] = Field(min_length=1, max_length=500)


class AnswersIn(In):
    answers: dict[str, Any] = Field(max_length=60)
    submit: bool = False


class ReopenIn(In):
    reason: str = Field(min_length=1, max_length=1000)


class RoundSummaryOut(BaseModel):
    id: int
    title: str
    status: str
    deadline: dt.date
    cities: int
    submitted: int


class ResponseRowOut(BaseModel):
    city_id: int
    city: str
    country: str
    status: str
    submitted_at: dt.datetime | None
    reopened_reason: str


class RoundOut(BaseModel):
    id: int
    network: str = Field(description="the network's slug")
    title: str
    status: str
    deadline: dt.date
    questions: list[dict[str, Any]]
    responses: list[ResponseRowOut] = Field(description="all for the secretariat, your cities' otherwise")
    version: int


class ResponseOut(BaseModel):
    round_id: int
    city_id: int
    status: str
    answers: dict[str, Any]
    missing: list[str] = Field(description="asked, required questions still unanswered")
    reopened_reason: str
    submitted_at: dt.datetime | None
    version: int


class InventoryUploadOut(BaseModel):
    key: str
    file_name: str
    year: int
    inventory_id: int | None
    created: bool = Field(description="a draft inventory of the year was created for the file")
    imported_rows: int
    named_only: bool = Field(
        description="the city's inventory of the year is submitted or verified: not overwritten, named"
    )
    response: ResponseOut


class InventoryAnswerOut(BaseModel):
    city_id: int
    key: str
    inventory_id: int
    file: str
    year: int | None = Field(description="None: you may not read this inventory")
    status: str
    total_t: float | None = Field(description="GPC BASIC total, t CO2e of its GWP set")
    gwp: str


class AggregateOut(BaseModel):
    key: str
    kind: str
    answered: int
    distribution: dict[str, int] = Field(default_factory=dict)
    minimum: float | None = None
    median: float | None = None
    maximum: float | None = None
    texts: list[str] = Field(default_factory=list)
    matrix: dict[str, dict[str, int]] = Field(default_factory=dict)


class CityAnswersOut(BaseModel):
    city_id: int
    city: str
    answers: dict[str, Any]


class ResultsOut(BaseModel):
    round_id: int
    submitted: int
    sent_to: int
    aggregates: list[AggregateOut]
    cities: list[CityAnswersOut] = Field(description="only the cities you may see")
    inventories: list[InventoryAnswerOut] = Field(
        default=[], description="the inventories named by those cities' answers, as you may see them"
    )


class QueuedOut(BaseModel):
    queued: int
