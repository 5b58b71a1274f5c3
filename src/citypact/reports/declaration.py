"""A partnership's declaration: the member cities, the shared goals and a signature block per city,
in the reader's language, to print and sign."""

from __future__ import annotations

from babel.lists import format_list

from citypact.i18n.labels import PARTNERSHIP_LABELS
from citypact.reports.documents import Document, render
from citypact.services.cooperation.partnerships import PartnershipView


def declaration_document(view: PartnershipView, lang: str, nonce: str = "") -> Document:
    """The declaration of `view` (observers are listed, but do not sign)."""
    signing = [m.name for m in view.members if m.role != "observer"]
    html = render(
        "partnership_declaration.html",
        lang,
        nonce,
        p=view,
        labels=PARTNERSHIP_LABELS,
        cities_listed=format_list(signing, locale=lang),
    )
    return Document(html, f"citypact-partnership-{view.id}-declaration-{lang}")
