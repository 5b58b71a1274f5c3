"""Every code of the portal and its news has words, in German and Japanese too."""

from babel.messages.pofile import read_po

from citypact.domain import portal
from citypact.i18n.catalog import CATALOG_DIR
from citypact.i18n.portal_labels import PORTAL_LABELS

CODES = {
    "news_statuses": portal.NEWS_STATUSES,
    "news_languages": portal.NEWS_LANGUAGES,
    "progress": portal.PROGRESS_CODES,
}


def test_every_code_has_words_in_every_language() -> None:
    assert set(CODES) == set(PORTAL_LABELS)
    for lang in ("de", "ja"):
        with (CATALOG_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for kind, codes in CODES.items():
            assert tuple(PORTAL_LABELS[kind]) == codes, kind
            for words in PORTAL_LABELS[kind].values():
                message = catalog.get(words)
                assert message is not None and message.string, (lang, words)
