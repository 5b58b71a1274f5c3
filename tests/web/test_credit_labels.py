"""Every code of the carbon-credit registry has words, in German and Japanese too."""

from babel.messages.pofile import read_po

from citypact.domain import credits
from citypact.i18n.catalog import CATALOG_DIR
from citypact.i18n.credit_labels import CREDIT_LABELS, OFFSET_REFUSAL_LABELS

CODES = {
    "methodologies": credits.METHODOLOGIES,
    "project_statuses": credits.PROJECT_STATUSES,
    "party_roles": credits.PARTY_ROLES,
    "document_kinds": credits.DOCUMENT_KINDS,
    "report_statuses": credits.REPORT_STATUSES,
    "officer_roles": credits.OFFICER_ROLES,
    "account_kinds": credits.ACCOUNT_KINDS,
    "block_statuses": credits.BLOCK_STATUSES,
    "transaction_kinds": credits.TRANSACTION_KINDS,
    "authorisations": credits.AUTHORISATIONS,
    "adjustment_statuses": credits.ADJUSTMENT_STATUSES,
    "retirement_uses": credits.RETIREMENT_USES,
}


def test_every_code_has_words_in_every_language() -> None:
    assert set(CODES) == set(CREDIT_LABELS)
    for lang in ("de", "ja"):
        with (CATALOG_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for kind, codes in CODES.items():
            assert tuple(CREDIT_LABELS[kind]) == codes, kind
            for words in [*CREDIT_LABELS[kind].values(), *OFFSET_REFUSAL_LABELS.values()]:
                message = catalog.get(words)
                assert message is not None and message.string, (lang, words)
