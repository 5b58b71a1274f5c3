"""Every code of funding and business matchmaking has words, in German and Japanese too."""

from babel.messages.pofile import read_po

from citypact.domain import funding
from citypact.i18n.catalog import CATALOG_DIR
from citypact.i18n.funding_labels import FUNDING_LABELS

CODES = {
    "funder_levels": funding.FUNDER_LEVELS,
    "instruments": funding.INSTRUMENTS,
    "programme_statuses": funding.PROGRAMME_STATUSES,
    "call_states": funding.CALL_STATES,
    "size_bands": funding.SIZE_BAND_CODES,
    "application_statuses": funding.APPLICATION_STATUSES,
    "offer_kinds": funding.OFFER_KINDS,
    "offer_statuses": funding.OFFER_STATUSES,
    "need_sources": funding.NEED_SOURCES,
    "message_sides": funding.MESSAGE_SIDES,
}


def test_every_code_has_words_in_every_language() -> None:
    assert set(CODES) == set(FUNDING_LABELS)
    for lang in ("de", "ja"):
        with (CATALOG_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for kind, codes in CODES.items():
            assert tuple(FUNDING_LABELS[kind]) == codes, kind
            for words in FUNDING_LABELS[kind].values():
                message = catalog.get(words)
                assert message is not None and message.string, (lang, words)
