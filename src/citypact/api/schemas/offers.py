"""JSON shapes of providers' offers, a city's needs with the offers that fit, and conversations
between a city and a provider in the REST API.

Codes (kind, status, fields, measure types, countries, languages, reasons) are checked by the
services, which name the field and the choices; lists are sent as JSON arrays of codes. No shape
carries an e-mail address: the two sides of a conversation see each other's names only.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from citypact.api.schemas.base import In
from citypact.http.deps import MAX_ID

Codes = list[str]


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class OfferFields(In):
    title: str | None = Field(default=None, max_length=300, examples=["LED street light retrofit"])
    kind: str | None = Field(default=None, max_length=12, examples=["technology", "service"])
    summary: str | None = Field(default=None, max_length=4_000)
    fields: Codes | None = Field(default=None, max_length=30, examples=[["buildings_municipal"]])
    measure_types: Codes | None = Field(default=None, max_length=30, examples=[["led_street_lighting"]])
    countries: Codes | None = Field(
        default=None,
        max_length=30,
        examples=[["DE", "AT"]],
        description="ISO 3166-1 alpha-2; empty: every country",
    )
    languages: Codes | None = Field(
        default=None, max_length=30, examples=[["de", "en"]], description="ISO 639-1"
    )


class OfferIn(OfferFields):
    organisation_id: int = Field(
        ge=1, le=MAX_ID, description="a business or research organisation you speak for"
    )


class OfferPatch(OfferFields):
    status: str | None = Field(default=None, max_length=12, examples=["published", "withdrawn", "draft"])


class ReferenceIn(In):
    city_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="a city of the registry")
    place: str = Field(
        default="", max_length=200, description="the place's name when the city is not in the registry"
    )
    project: str = Field(max_length=300)
    year: int | None = Field(default=None, ge=1950, le=2100)
    case_study_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="the published case study")
    url: str = Field(default="", max_length=500, description="https only")


class ReferenceOut(_Out):
    id: int
    city_id: int | None
    city_name: str | None
    country: str | None
    place: str
    project: str
    year: int | None
    case_study_id: int | None
    url: str


class OfferOut(_Out):
    id: int
    organisation_id: int
    organisation_name: str
    title: str
    kind: str
    summary: str
    fields: Codes
    measure_types: Codes
    countries: Codes
    languages: Codes
    status: str
    version: int
    updated_at: dt.datetime
    references: list[ReferenceOut]


class OfferFitOut(_Out):
    offer_id: int
    title: str
    organisation_name: str
    kind: str
    reasons: Codes = Field(description="codes of domain.offer_match.REASONS")


class NeedOut(_Out):
    source: str = Field(description="plan_measure or cooperation_need")
    id: int
    title: str
    field: str
    measure_type: str | None
    support: str | None
    offers: list[OfferFitOut]


class CityMatchesOut(_Out):
    city_id: int
    city_name: str
    country: str
    order: str = Field(
        default="measure type, then field, then number of references, then most recently updated, then id; "
        "never payment"
    )
    needs: list[NeedOut]


class ConversationIn(In):
    offer_id: int = Field(ge=1, le=MAX_ID)
    city_id: int = Field(ge=1, le=MAX_ID, description="your city (you edit it)")
    subject: str = Field(max_length=300)
    body: str = Field(max_length=4_000)
    plan_measure_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    cooperation_item_id: int | None = Field(default=None, ge=1, le=MAX_ID)


class ReplyIn(In):
    body: str = Field(max_length=4_000)


class MessageOut(_Out):
    id: int
    side: str
    author_name: str
    body: str
    sent_at: dt.datetime
    read_at: dt.datetime | None
    mine: bool


class ConversationOut(_Out):
    id: int
    offer_id: int
    offer_title: str
    city_id: int
    city_name: str
    organisation_id: int
    organisation_name: str
    subject: str
    plan_measure_id: int | None
    cooperation_item_id: int | None
    started_at: dt.datetime
    last_message_at: dt.datetime
    side: str
    unread: int
    messages: list[MessageOut]
