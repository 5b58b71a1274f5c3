"""A sent joint position or recommendation as a document: addressee, asks, text, evidence with its
sources, the signatories with their dates, and how it was followed, in the reader's language, as
HTML and PDF (the deal document's pattern)."""

from __future__ import annotations

from collections.abc import Callable

from citypact.domain.indicators import BY_CODE
from citypact.i18n.labels import UNIT_LABELS
from citypact.i18n.positions_labels import POSITION_LABELS
from citypact.reports import benchmark_sentences
from citypact.reports.documents import Document, render
from citypact.reports.wording import Words
from citypact.services.positions.views import PositionView


def figure_source(lang: str) -> Callable[[str], str]:
    """Where an indicator's figure comes from, in `lang` as the benchmark page words it."""
    words = Words(lang)
    return lambda text: benchmark_sentences.source(text, words)


def position_document_file(view: PositionView, lang: str, nonce: str = "") -> Document:
    """The document of `view` (a sent position: its signatories only)."""
    html = render(
        "position_document.html",
        lang,
        nonce,
        p=view,
        w={**POSITION_LABELS, "units": UNIT_LABELS},
        indicators={code: i.label for code, i in BY_CODE.items()},
        figure_source=figure_source(lang),
    )
    return Document(html, f"citypact-position-{view.id}-{lang}")
