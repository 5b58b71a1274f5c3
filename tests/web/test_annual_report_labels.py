"""Every code of the annual report and every open dataset's title and description have words, in
German and Japanese too."""

from babel.messages.pofile import read_po

from citypact.domain import annual_report
from citypact.domain.procurement.methods import Method
from citypact.i18n.annual_report_labels import ANNUAL_REPORT_LABELS
from citypact.i18n.catalog import CATALOG_DIR
from citypact.services.open_data.catalogue import DATASETS

CODES = {
    "report_statuses": annual_report.REPORT_STATUSES,
    "sections": annual_report.SECTIONS,
    "partnership_statuses": annual_report.PARTNERSHIP_STATUSES,
    "evaluation_methods": tuple(Method),
}


def test_every_code_has_words_in_every_language() -> None:
    for lang in ("de", "ja"):
        with (CATALOG_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for kind, codes in CODES.items():
            assert tuple(ANNUAL_REPORT_LABELS[kind]) == codes, kind
        words = [w for labels in ANNUAL_REPORT_LABELS.values() for w in labels.values()]
        words += [text for d in DATASETS for text in (d.title, d.description)]
        for text in words:
            message = catalog.get(text)
            assert message is not None and message.string, (lang, text)
