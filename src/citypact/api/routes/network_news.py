"""/api/v1/networks/{slug}/news: a network's news posts. Everybody reads published posts; the
network's secretariat (or an administrator) also reads drafts and writes, changes and deletes
posts. Who may do what: services/portal/news.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from citypact.api.schemas.news import NewsIn, NewsListOut, NewsOut, NewsPatch
from citypact.domain.access import Actor
from citypact.http.deps import DB, CurrentActor, IfMatch, PathId, ReadDB, ReleasingRoute, Writer, etag
from citypact.services.errors import InvalidInput
from citypact.services.portal import news
from citypact.storage.db import Database

router = APIRouter(route_class=ReleasingRoute, tags=["network news"])


def _one(db: Database, actor: Actor, slug: str, news_id: int, response: Response | None = None) -> NewsOut:
    with db.read() as session:
        found = NewsOut.model_validate(news.get_news(session, actor, slug, news_id))
    if response is not None:
        response.headers.update(etag(found.version))
    return found


@router.get("/networks/{slug}/news", response_model=NewsListOut)
def list_posts(
    slug: str,
    session: ReadDB,
    actor: CurrentActor,
    drafts: bool = False,
    offset: Annotated[int, Query(ge=0, le=news.MAX_POSTS)] = 0,
    limit: Annotated[int, Query(ge=1, le=news.MAX_PAGE)] = 20,
) -> NewsListOut:
    """Published posts, the newest first; `drafts=true` adds drafts for the network's secretariat."""
    found = news.list_news(session, actor, slug, drafts=drafts, offset=offset, limit=limit)
    return NewsListOut(total=found.total, posts=[NewsOut.model_validate(p) for p in found.posts])


@router.post("/networks/{slug}/news", response_model=NewsOut, status_code=201)
def create(slug: str, body: NewsIn, db: DB, actor: Writer, response: Response) -> NewsOut:
    """A new post (the secretariat), a draft unless `status` is "published"."""
    if body.status not in ("draft", "published"):
        raise InvalidInput("status", "use draft or published.")
    with db.write() as session:
        post = news.create_news(
            session, actor, slug, body.model_dump(exclude={"status"}), publish=body.status == "published"
        )
        news_id = post.id
    return _one(db, actor, slug, news_id, response)


@router.get("/networks/{slug}/news/{news_id}", response_model=NewsOut)
def detail(slug: str, news_id: PathId, db: DB, actor: CurrentActor, response: Response) -> NewsOut:
    """A published post (drafts: the secretariat). The ETag is its version."""
    return _one(db, actor, slug, news_id, response)


@router.patch("/networks/{slug}/news/{news_id}", response_model=NewsOut)
def change(
    slug: str, news_id: PathId, body: NewsPatch, db: DB, actor: Writer, version: IfMatch, response: Response
) -> NewsOut:
    """Change the post, publish it or take it back to draft (the secretariat); If-Match: its ETag."""
    with db.write() as session:
        news.update_news(
            session, actor, slug, news_id, body.model_dump(exclude_unset=True, exclude_none=True),
            expected_version=version,
        )  # fmt: skip
    return _one(db, actor, slug, news_id, response)


@router.delete("/networks/{slug}/news/{news_id}", status_code=204)
def remove(slug: str, news_id: PathId, db: DB, actor: Writer, version: IfMatch) -> Response:
    """Delete the post (the secretariat); If-Match: its ETag."""
    with db.write() as session:
        news.delete_news(session, actor, slug, news_id, expected_version=version)
    return Response(status_code=204)
