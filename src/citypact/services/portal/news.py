"""A network's news posts: the public reads published posts (on the portal and in the Atom feed);
the network's secretariat (or an administrator) reads drafts too, writes, edits, publishes, takes
back to draft and deletes posts. Every change is versioned (expected_version) and audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.portal import NEWS_LANGUAGES, NEWS_STATUSES
from citypact.services import audit
from citypact.services.errors import InvalidInput, NotFound, require
from citypact.services.input import clean_code, clean_text
from citypact.services.registry.networks import network_by_slug
from citypact.services.versions import check_version, flush_checked
from citypact.storage.models import Network, utcnow
from citypact.storage.portal import NetworkNews

TITLE_MAX: Final = 200
BODY_MAX: Final = 20_000
MAX_PAGE: Final = 100  # posts in one list
FEED_ENTRIES: Final = 30  # posts in the Atom feed
MAX_POSTS: Final = 5_000  # posts of one network


@dataclass(frozen=True)
class NewsView:
    id: int
    network_slug: str
    network_name: str
    title: str
    body: str
    language: str
    status: str
    published_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    can_edit: bool

    @property
    def paragraphs(self) -> list[str]:
        """The body's paragraphs (separated by blank lines), each without surrounding blanks."""
        parts = [p.strip() for p in self.body.replace("\r\n", "\n").split("\n\n")]
        return [p for p in parts if p]


@dataclass(frozen=True)
class NewsList:
    network_slug: str
    network_name: str
    network_url: str | None
    posts: list[NewsView]
    total: int
    can_write: bool


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    return moment.replace(tzinfo=dt.UTC) if moment is not None and moment.tzinfo is None else moment


def _view(actor: Actor, network: Network, post: NetworkNews) -> NewsView:
    return NewsView(
        post.id, network.slug, network.name, post.title, post.body, post.language, post.status,
        _aware(post.published_at), _aware(post.created_at) or utcnow(), _aware(post.updated_at) or utcnow(),
        post.version, actor.runs_network(network.id),
    )  # fmt: skip


def clean_news(values: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a post, checked: a title, a plain-text body, a language (en, de, ja)."""
    return {
        "title": clean_text("title", values.get("title"), TITLE_MAX, required=True),
        "body": clean_text("body", values.get("body"), BODY_MAX, required=True),
        "language": clean_code("language", values.get("language") or "", NEWS_LANGUAGES),
    }


def list_news(
    session: Session,
    actor: Actor,
    slug: str,
    *,
    drafts: bool = False,
    offset: int = 0,
    limit: int = 20,
) -> NewsList:
    """A network's posts, the newest first. `drafts` (for its secretariat) lists drafts too;
    the public always sees published posts only."""
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput("limit", f"use a number from 1 to {MAX_PAGE}.")
    if not 0 <= offset <= MAX_POSTS:
        raise InvalidInput("offset", f"use a number from 0 to {MAX_POSTS}.")
    network = network_by_slug(session, slug)
    can_write = actor.runs_network(network.id)
    where = [NetworkNews.network_id == network.id]
    if not (drafts and can_write):
        where.append(NetworkNews.status == "published")
    total = session.scalar(select(func.count()).select_from(NetworkNews).where(*where)) or 0
    posts = session.scalars(
        select(NetworkNews)
        .where(*where)
        .order_by(
            (NetworkNews.status == "published").asc(),  # drafts first for the secretariat
            NetworkNews.published_at.desc(),
            NetworkNews.id.desc(),
        )
        .offset(offset)
        .limit(limit)
    ).all()
    return NewsList(
        network.slug, network.name, network.url, [_view(actor, network, p) for p in posts], total, can_write
    )


def may_write(session: Session, actor: Actor, slug: str) -> None:
    """Refuse (401 or 403) unless the actor writes the network's news: for the empty form."""
    _writable(session, actor, slug)


def _load(session: Session, actor: Actor, slug: str, news_id: int) -> tuple[Network, NetworkNews]:
    network = network_by_slug(session, slug)
    post = session.get(NetworkNews, news_id)
    if post is None or post.network_id != network.id:
        raise NotFound("news post", news_id)
    if post.status != "published" and not actor.runs_network(network.id):
        raise NotFound("news post", news_id)
    return network, post


def get_news(session: Session, actor: Actor, slug: str, news_id: int) -> NewsView:
    network, post = _load(session, actor, slug, news_id)
    return _view(actor, network, post)


def _writable(session: Session, actor: Actor, slug: str) -> Network:
    network = network_by_slug(session, slug)
    require(
        actor.runs_network(network.id),
        actor.is_authenticated,
        "Only the network's secretariat or an administrator writes its news.",
    )
    return network


def _snapshot(post: NetworkNews) -> dict[str, Any]:
    return {
        "title": post.title,
        "language": post.language,
        "status": post.status,
        "published_at": post.published_at.isoformat() if post.published_at else None,
        "body_chars": len(post.body),
    }


def create_news(
    session: Session, actor: Actor, slug: str, values: Mapping[str, Any], *, publish: bool = False
) -> NewsView:
    """A new post, a draft unless `publish` (then published now)."""
    network = _writable(session, actor, slug)
    fields = clean_news(values)
    count = session.scalar(
        select(func.count()).select_from(NetworkNews).where(NetworkNews.network_id == network.id)
    )
    if (count or 0) >= MAX_POSTS:
        raise InvalidInput("title", f"a network keeps at most {MAX_POSTS} posts; delete old drafts first.")
    now = utcnow()
    post = NetworkNews(
        network_id=network.id,
        status="published" if publish else "draft",
        published_at=now if publish else None,
        created_by=actor.user_id,
        created_at=now,
        updated_at=now,
        **fields,
    )
    session.add(post)
    session.flush()
    audit.record(
        session, actor, "create", "network_news", post.id, network_id=network.id, after=_snapshot(post)
    )
    return _view(actor, network, post)


def update_news(
    session: Session,
    actor: Actor,
    slug: str,
    news_id: int,
    values: Mapping[str, Any],
    *,
    expected_version: int | None = None,
) -> NewsView:
    """Change a post's title, body and language (those not given stay); `values["status"]`
    (when given) publishes it (the first time: published now) or takes it back to draft."""
    network = _writable(session, actor, slug)
    _, post = _load(session, actor, slug, news_id)
    check_version("news post", news_id, post.version, expected_version)
    fields = clean_news(
        {name: values.get(name, getattr(post, name)) for name in ("title", "body", "language")}
    )
    status = post.status
    if values.get("status") not in (None, ""):
        status = clean_code("status", values.get("status"), NEWS_STATUSES)
    before = _snapshot(post)
    for name, value in fields.items():
        setattr(post, name, value)
    if status == "published" and post.status != "published":
        post.published_at = utcnow()
    elif status == "draft":
        post.published_at = None
    post.status = status
    post.updated_at = utcnow()
    flush_checked(session, "news post", news_id, expected_version)
    audit.record(
        session,
        actor,
        "update",
        "network_news",
        post.id,
        network_id=network.id,
        before=before,
        after=_snapshot(post),
    )
    return _view(actor, network, post)


def news_to_delete(session: Session, actor: Actor, slug: str, news_id: int) -> NewsView:
    """The post the confirmation page names, for those who may delete it."""
    network = _writable(session, actor, slug)
    _, post = _load(session, actor, slug, news_id)
    return _view(actor, network, post)


def delete_news(
    session: Session, actor: Actor, slug: str, news_id: int, *, expected_version: int | None = None
) -> None:
    network = _writable(session, actor, slug)
    _, post = _load(session, actor, slug, news_id)
    check_version("news post", news_id, post.version, expected_version)
    before = _snapshot(post)
    session.delete(post)
    flush_checked(session, "news post", news_id, expected_version)
    audit.record(session, actor, "delete", "network_news", news_id, network_id=network.id, before=before)
