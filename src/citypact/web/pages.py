"""Rendering of the HTML pages: one Jinja environment, the reader's language and formatting."""

from __future__ import annotations

from functools import cache
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from citypact import __version__
from citypact.domain.access import ANONYMOUS, Actor
from citypact.domain.measures import AXES, TAGS
from citypact.http.security import csp_nonce
from citypact.http.session import csrf_token
from citypact.i18n.catalog import DEFAULT, LANGUAGES, formatter, translations
from citypact.i18n.labels import AXIS_LABELS, PROGRESS_LABELS, fuel_label
from citypact.i18n.notices import notice
from citypact.reports.documents import TEMPLATE_DIR as REPORT_TEMPLATE_DIR

TEMPLATE_DIR = Path(__file__).parent / "templates"

environment = Environment(
    # The reports' templates too: a page shows the same sections as its document (benchmark, tour).
    loader=ChoiceLoader([FileSystemLoader(TEMPLATE_DIR), FileSystemLoader(REPORT_TEMPLATE_DIR)]),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,  # templates ship with the package; no stat() of each file per page
)
# The measure taxonomy and its labels, for every page that classifies something.
environment.globals.update(axes=AXES, tags=TAGS, axis_labels=AXIS_LABELS, progress_labels=PROGRESS_LABELS)


def locale_of(request: Request) -> str:
    return str(getattr(request.state, "locale", DEFAULT))


def _url_with(request: Request, **params: Any) -> str:
    """The current URL with some query parameters replaced (None removes one)."""
    query = dict(request.query_params)
    for key, value in params.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = str(value)
    return request.url.path + ("?" + urlencode(query) if query else "")


def render(
    request: Request, template: str, status_code: int = 200, actor: Actor | None = None, **context: Any
) -> HTMLResponse:
    lang = locale_of(request)
    catalog = translations(lang)
    page = environment.get_template(template).render(
        request=request,
        actor=actor or getattr(request.state, "actor", None) or ANONYMOUS,
        lang=lang,
        languages=LANGUAGES,
        fmt=formatter(lang),
        gettext=catalog.gettext,
        ngettext=catalog.ngettext,
        _=catalog.gettext,
        fuel_name=lambda name: fuel_label(name, catalog.gettext),
        csrf_token=lambda: csrf_token(request),
        csp_nonce=csp_nonce(request),
        url_with=lambda **params: _url_with(request, **params),
        version=__version__,
        notice=notice(request.query_params.get("done")),
        **context,
    )
    return HTMLResponse(page, status_code=status_code)


def render_error(request: Request, status_code: int, detail: Any) -> HTMLResponse:
    more, total = 0, 0
    if isinstance(detail, list):  # validation errors: name each field
        counted = [d for d in detail if d.get("type") == "import_more"]
        if counted:  # an import's problems beyond the listed ones: said in the reader's language
            more, total = int(counted[0]["more"]), int(counted[0]["total"])
        messages = [
            d.get("text") or f"{'.'.join(str(p) for p in d.get('loc', []))}: {d.get('msg')}"
            for d in detail
            if d.get("type") != "import_more"
        ]
    else:
        messages = [str(detail)]
    return render(
        request,
        "error.html",
        status_code=status_code,
        status=status_code,
        messages=messages,
        more_problems=more,
        total_problems=total,
    )


@cache
def busy_page(lang: str) -> str:
    """The page of a request the server sheds: self-contained and made once per language, as it
    is sent most when the server has the least time to render pages."""
    _ = translations(lang).gettext
    return (
        f'<!doctype html><html lang="{escape(lang)}"><meta charset="utf-8"><title>503</title>'
        f"<h1>{escape(_('Busy right now'))}</h1>"
        f'<p role="alert">{escape(_("The server is busy; try again in a few seconds."))}</p></html>'
    )
