"""HTML to PDF with WeasyPrint, offline: a report is rendered from its own HTML with its inline
styles and inline SVG charts, and nothing is fetched from the network or the disk at render time,
except the one font file of reports.fonts (for Japanese).
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import Any

from citypact.domain.text import scrub
from citypact.reports import fonts

log = logging.getLogger(__name__)

OFFLINE = "reports are rendered offline; not fetching {url}"


def _refused(url: str) -> ValueError:
    return ValueError(OFFLINE.format(url=url[:200]))


def offline_fetcher(allowed: Collection[str] = ()) -> Any:
    """A WeasyPrint url_fetcher that reads inline `data:` URLs and the exact URLs in `allowed`
    (the fonts' files) only, and refuses every other URL (http, https, file, ...); WeasyPrint logs
    each refusal and renders the rest of the document."""
    from weasyprint import urls

    allowed = frozenset(allowed)

    def permitted(url: str) -> bool:
        return url.startswith("data:") or url in allowed

    if not hasattr(urls, "URLFetcher"):  # WeasyPrint before 66 takes a function

        def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
            if not permitted(url):
                raise _refused(url)
            return urls.default_url_fetcher(url, *args, **kwargs)

        return fetch

    class OfflineFetcher(urls.URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not permitted(url):
                raise _refused(url)
            return super().fetch(url, headers)

    protocols = ("data", "file") if allowed else ("data",)
    return OfflineFetcher(allowed_protocols=protocols, allow_redirects=False)


class ReportFailed(Exception):
    """The PDF renderer failed on a document; the request answers with an error, the process lives."""


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML document (styles and SVG inline), with the CJK font of
    reports.fonts. Characters XML and the renderer cannot hold (control characters, stored before
    they were refused) are dropped first."""
    import weasyprint  # imported here: it loads Pango and its fonts, which only reports need
    from weasyprint.text.fonts import FontConfiguration

    try:
        fetcher = offline_fetcher(fonts.font_urls())
        font_config = FontConfiguration()
        faces = fonts.font_face_css()
        stylesheets = (
            [weasyprint.CSS(string=faces, font_config=font_config, url_fetcher=fetcher)] if faces else []
        )
        document: bytes = weasyprint.HTML(string=scrub(html), url_fetcher=fetcher).write_pdf(
            stylesheets=stylesheets, font_config=font_config
        )
    except Exception as error:  # WeasyPrint, Pango or a font: the page stays the way to read it
        log.exception("WeasyPrint could not render a report")
        raise ReportFailed(str(error)) from None
    return document
