"""A Local Green Deal's document: the parties with their signatories and dates, each party's
commitments with KPI and co-benefits, the city's commitments, duration and review dates, in the
reader's language, as HTML and PDF (the partnership declaration's pattern)."""

from __future__ import annotations

from citypact.domain.measures import CO_BENEFITS, GREEN_DEAL
from citypact.i18n.green_deal_labels import GREEN_DEAL_LABELS
from citypact.reports.documents import Document, render
from citypact.services.deals.document import DealDocument


def deal_document_file(view: DealDocument, lang: str, nonce: str = "") -> Document:
    """The document of `view`; the public's version says it shows the public parts only."""
    html = render(
        "deal_document.html",
        lang,
        nonce,
        d=view,
        labels=GREEN_DEAL_LABELS,
        fields=GREEN_DEAL,
        benefit_names=CO_BENEFITS,
    )
    return Document(html, f"citypact-deal-{view.id}-{lang}")
