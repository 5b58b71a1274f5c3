"""A retirement's certificate: what was retired (serial range, project and host, vintage,
quantity), for whom, why and for which year, and what it may be counted for: on behalf of others
it does not reduce the retiring city's own inventory; toward the city's own target it is shown
apart from the city's gross GPC inventory. HTML and PDF in the reader's language."""

from __future__ import annotations

from citypact.i18n.credit_labels import CREDIT_LABELS
from citypact.reports.documents import Document, render
from citypact.services.credits.views import RetirementView


def certificate_file(view: RetirementView, lang: str, nonce: str = "") -> Document:
    html = render("credit_certificate.html", lang, nonce, r=view, labels=CREDIT_LABELS)
    return Document(html, f"citypact-retirement-{view.id}-{lang}")
