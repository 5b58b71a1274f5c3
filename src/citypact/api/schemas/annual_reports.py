"""JSON shapes of a network's annual reports in the REST API: the figures are the frozen snapshot
(or the draft's) as documented in docs/annual_report.md."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from citypact.api.schemas.base import In


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ReportOut(_Out):
    network_slug: str
    network: str
    year: int
    base_year: int
    status: str = Field(description="draft (computed now, the secretariat's only) or published (frozen)")
    figures: dict[str, Any]
    data_hash: str = Field(description="SHA-256 (hex) of the figures as canonical JSON")
    published_at: dt.datetime | None
    can_publish: bool


class PublishedReportOut(BaseModel):
    year: int
    data_hash: str
    published_at: dt.datetime


class ReportListOut(BaseModel):
    network_slug: str
    network: str
    published: list[PublishedReportOut]
    can_draft: bool


class PublishIn(In):
    base_year: int | None = Field(
        default=None, ge=1990, le=2100, description="Empty: the earliest inventory's year"
    )
    expected_hash: str | None = Field(
        default=None, min_length=64, max_length=64, pattern="^[0-9a-f]{64}$",
        description="The draft's data_hash you read: refused (409) when the data changed since",
    )  # fmt: skip
