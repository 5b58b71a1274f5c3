"""A sent joint position or recommendation as a document: addressee, asks, text, evidence with its
sources, the signatories with their dates, and how it was followed, in the reader's language, as
HTML and PDF (the deal document's pattern)."""

from __future__ import annotations

from citypact.domain.indicators import BY_CODE
from citypact.i18n.labels import UNIT_LABELS
from citypact.i18n.positions_labels import POSITION_LABELS
from citypact.reports.documents import Document, render
from citypact.services.positions.views import PositionView


def position_document_file(view: PositionView, lang: str, nonce: str = "") -> Document:
    """The document of `view` (a sent position: its signatories only)."""
    html = render(
        "position_document.html",
        lang,
        nonce,
        p=view,
        w={**POSITION_LABELS, "units": UNIT_LABELS},
        indicators={code: i.label for code, i in BY_CODE.items()},
    )
    return Document(html, f"citypact-position-{view.id}-{lang}")
