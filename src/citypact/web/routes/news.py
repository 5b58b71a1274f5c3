"""A network's news pages: the list (published posts for everyone; drafts too for its
secretariat), one post, the secretariat's forms to write and change a post, and a post's deletion
(asked first). Who may do what is the service's decision (services/portal/news.py)."""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.portal import NEWS_LANGUAGES
from citypact.http.deps import DB, CurrentActor, PathId, ReadDB, ReleasingRoute
from citypact.i18n.labels import N_
from citypact.i18n.portal_labels import PORTAL_LABELS
from citypact.services.portal import news
from citypact.web.forms import FormVersion, FormWriter, PageForm, see_other_done, typed, write_or_show
from citypact.web.pages import render

router = APIRouter(route_class=ReleasingRoute)
Title = Annotated[str, Form(max_length=news.TITLE_MAX + 50)]
Body = Annotated[str, Form(max_length=news.BODY_MAX + 500)]
Short = Annotated[str, Form(max_length=20)]
PER_PAGE: Final = 20

NEWS_LABELS: Final = {
    "title": N_("Title"),
    "body": N_("Text (plain text; a blank line starts a new paragraph)"),
    "language": N_("Language of the post"),
    "status": N_("State"),
}


@router.get("/networks/{slug}/news", response_class=HTMLResponse)
def news_list(
    request: Request,
    slug: str,
    session: ReadDB,
    actor: CurrentActor,
    page: Annotated[int, Query(ge=1, le=250)] = 1,
) -> HTMLResponse:
    found = news.list_news(session, actor, slug, drafts=True, offset=(page - 1) * PER_PAGE, limit=PER_PAGE)
    pages = max(1, -(-found.total // PER_PAGE))
    return render(
        request, "portal/news_list.html", actor=actor, n=found, page=page, pages=pages, w=PORTAL_LABELS
    )


@router.get("/networks/{slug}/news/new", response_class=HTMLResponse)
def new_news_form(request: Request, slug: str, session: ReadDB, actor: CurrentActor) -> HTMLResponse:
    news.may_write(session, actor, slug)
    found = news.list_news(session, actor, slug, limit=1)
    form = PageForm("news", NEWS_LABELS, {"language": "en", "status": "draft"})
    return _form_page(request, session, actor, found, None, form)


def _form_page(
    request: Request,
    session: Session,
    actor: Actor,
    found: news.NewsList,
    post: news.NewsView | None,
    form: PageForm,
) -> HTMLResponse:
    del session
    return render(
        request, "portal/news_form.html", status_code=form.status_code, actor=actor, n=found, post=post,
        form=form, languages_allowed=NEWS_LANGUAGES, w=PORTAL_LABELS,
    )  # fmt: skip


@router.post("/networks/{slug}/news/new", response_model=None)
def create_news(
    request: Request,
    slug: str,
    db: DB,
    actor: FormWriter,
    title: Title = "",
    body: Body = "",
    language: Short = "en",
    status: Short = "draft",
) -> Response:
    form = PageForm("news", NEWS_LABELS, typed(title=title, body=body, language=language, status=status))
    state = form.choice("status", ("draft", "published"))

    def write(session: Session) -> str:
        post = news.create_news(
            session,
            actor,
            slug,
            {"title": title, "body": body, "language": language},
            publish=state == "published",
        )
        return f"/networks/{slug}/news/{post.id}?done=news_saved"

    def page(session: Session) -> Response:
        return _form_page(request, session, actor, news.list_news(session, actor, slug, limit=1), None, form)

    return write_or_show(form, db, write, page)


@router.get("/networks/{slug}/news/{news_id}", response_class=HTMLResponse)
def show_news(
    request: Request, slug: str, news_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    post = news.get_news(session, actor, slug, news_id)
    return render(request, "portal/news_post.html", actor=actor, post=post, w=PORTAL_LABELS)


@router.get("/networks/{slug}/news/{news_id}/edit", response_class=HTMLResponse)
def edit_news_form(
    request: Request, slug: str, news_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    post = news.news_to_delete(session, actor, slug, news_id)  # the same rule: the secretariat's post
    form = PageForm(
        "news",
        NEWS_LABELS,
        typed(title=post.title, body=post.body, language=post.language, status=post.status),
    )
    return _form_page(request, session, actor, news.list_news(session, actor, slug, limit=1), post, form)


@router.post("/networks/{slug}/news/{news_id}/edit", response_model=None)
def edit_news(
    request: Request,
    slug: str,
    news_id: PathId,
    db: DB,
    actor: FormWriter,
    version: FormVersion = None,
    title: Title = "",
    body: Body = "",
    language: Short = "en",
    status: Short = "draft",
) -> Response:
    form = PageForm("news", NEWS_LABELS, typed(title=title, body=body, language=language, status=status))
    form.choice("status", ("draft", "published"))

    def write(session: Session) -> str:
        news.update_news(
            session, actor, slug, news_id,
            {"title": title, "body": body, "language": language, "status": status}, expected_version=version,
        )  # fmt: skip
        return f"/networks/{slug}/news/{news_id}?done=news_saved"

    def page(session: Session) -> Response:
        post = news.news_to_delete(session, actor, slug, news_id)
        return _form_page(request, session, actor, news.list_news(session, actor, slug, limit=1), post, form)

    return write_or_show(form, db, write, page)


@router.get("/networks/{slug}/news/{news_id}/delete", response_class=HTMLResponse)
def confirm_delete_news(
    request: Request, slug: str, news_id: PathId, session: ReadDB, actor: CurrentActor
) -> HTMLResponse:
    post = news.news_to_delete(session, actor, slug, news_id)
    return render(
        request,
        "confirm_delete.html",
        actor=actor,
        heading=N_("Delete this news post?"),
        facts=[(N_("Network"), post.network_name), (N_("Title"), post.title)],
        consequence=N_("The post disappears from the portal and the feed; it cannot be brought back."),
        action=f"/networks/{slug}/news/{news_id}/delete",
        record_version=post.version,
        cancel=f"/networks/{slug}/news/{news_id}",
        confirm=N_("Delete the post"),
    )


@router.post("/networks/{slug}/news/{news_id}/delete", response_model=None)
def delete_news(
    slug: str, news_id: PathId, db: DB, actor: FormWriter, version: FormVersion = None
) -> Response:
    with db.write() as session:
        news.delete_news(session, actor, slug, news_id, expected_version=version)
    return see_other_done(f"/networks/{slug}/news", "news_deleted")
