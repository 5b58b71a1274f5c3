"""JSON shapes of CO2 price schedules: a version with its source and prices, and the bodies that
add a schedule or a new version of one."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from citypact.api.schemas.base import In
from citypact.services.procurement.co2_prices import ScheduleView


class ScheduleOut(BaseModel):
    ref: str = Field(description="owner/key/version, e.g. shipped/de-behg/2024: what an evaluation names")
    owner: str = Field(description="shipped, city-<id> or network-<id>")
    owner_name: str
    key: str
    version: str
    name: str
    publisher: str
    source: str = Field(description="legal basis or publication, with the section or table")
    url: str
    currency: str = Field(description="ISO 4217")
    price_year: int | None = Field(description="prices are in money of this year; null: not stated")
    discounting: Literal["like_costs", "undiscounted"]
    valid_from: dt.date | None
    valid_to: dt.date | None = Field(description="the day before the next version applies; null: open")
    note: str
    prices: dict[int, float] = Field(
        description="price per t CO2e by year; a year after the last takes the last price, a year between "
        "two takes the earlier one's, a year before the first takes the first"
    )


def schedule_out(view: ScheduleView) -> ScheduleOut:
    s = view.schedule
    return ScheduleOut(
        ref=view.ref,
        owner=view.owner,
        owner_name=view.owner_name,
        key=s.key,
        version=s.version,
        name=s.name,
        publisher=s.publisher,
        source=s.source,
        url=s.url,
        currency=s.currency,
        price_year=s.price_year,
        discounting=s.discounting.value,
        valid_from=s.valid_from,
        valid_to=s.valid_to,
        note=s.note,
        prices=dict(sorted(s.prices.items())),
    )


class ScheduleVersionIn(In):
    """A version: its source, money, discounting rule, the date it applies from, its prices."""

    name: str = Field(max_length=200)
    publisher: str = Field(max_length=200)
    source: str = Field(max_length=2000, description="legal basis or publication, with the section or table")
    url: str = Field(default="", max_length=500)
    currency: str = Field(min_length=3, max_length=3, examples=["EUR"])
    price_year: int | None = Field(default=None, ge=1990, le=2200)
    discounting: Literal["like_costs", "undiscounted"]
    valid_from: dt.date
    note: str = Field(default="", max_length=2000)
    prices: dict[int, float] = Field(
        min_length=1, max_length=200, description="price per t CO2e by year", examples=[{2026: 300}]
    )


class ScheduleIn(ScheduleVersionIn):
    """A new schedule (its first version)."""

    key: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,59}$", examples=["city-shadow-price"])
