"""What every document shares: one Jinja environment over reports/templates, the reader's
language in it, and `Document`, the HTML of a report with the file name of its PDF."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from citypact import __version__
from citypact.domain.measures import AXES
from citypact.i18n.catalog import formatter, translations
from citypact.reports.pdf import html_to_pdf

TEMPLATE_DIR = Path(__file__).parent / "templates"

environment = Environment(
    loader=FileSystemLoader(TEMPLATE_DIR),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,  # templates ship with the package
)
environment.globals.update(axes=AXES)


@dataclass(frozen=True)
class Document:
    """A report: self-contained HTML (styles and charts inline), and the name its PDF is saved as."""

    html: str
    name: str  # without extension, e.g. "citypact-tour-ja"

    @property
    def pdf_name(self) -> str:
        return f"{self.name}.pdf"

    def pdf(self) -> bytes:
        """The PDF, rendered offline (raises pdf.ReportFailed when the renderer fails)."""
        return html_to_pdf(self.html)


def render(template: str, lang: str, nonce: str = "", **context: Any) -> str:
    """A report template in the reader's language. `nonce` is the page's CSP nonce when the HTML is
    served as a page (its inline styles carry it); a PDF needs none."""
    catalog = translations(lang)
    return environment.get_template(template).render(
        lang=lang,
        fmt=formatter(lang),
        _=catalog.gettext,
        gettext=catalog.gettext,
        ngettext=catalog.ngettext,
        csp_nonce=nonce,
        version=__version__,
        report=True,
        **context,
    )
