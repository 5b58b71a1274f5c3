"""JSON shapes of a network's news posts in the REST API. The body is plain text: paragraphs are
separated by a blank line; no markup is read or written."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from citypact.api.schemas.base import In


class NewsIn(In):
    title: str = Field(max_length=200, examples=["Ten cities sign the heat pump pledge"])
    body: str = Field(max_length=20_000, description="plain text; a blank line starts a paragraph")
    language: str = Field(default="en", max_length=2, examples=["en", "de", "ja"])
    status: str = Field(default="draft", max_length=12, examples=["draft", "published"])


class NewsPatch(In):
    title: str | None = Field(default=None, max_length=200)
    body: str | None = Field(default=None, max_length=20_000)
    language: str | None = Field(default=None, max_length=2)
    status: str | None = Field(default=None, max_length=12, examples=["draft", "published"])


class NewsOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    network_slug: str
    title: str
    body: str
    language: str
    status: str
    published_at: dt.datetime | None
    updated_at: dt.datetime
    version: int


class NewsListOut(BaseModel):
    total: int
    posts: list[NewsOut]
