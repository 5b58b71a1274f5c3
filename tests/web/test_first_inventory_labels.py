"""Every code of the first inventory has words, in German and Japanese too."""

from babel.messages.pofile import read_po

from citypact.domain import first_inventory as fi
from citypact.i18n.catalog import CATALOG_DIR
from citypact.i18n.first_inventory_labels import FIRST_INVENTORY_LABELS

CODES = {"needs": fi.NEED_CODES, "sources": fi.SOURCE_CODES, "states": fi.STATES, "levels": fi.LEVELS}


def test_every_code_has_words_in_every_language() -> None:
    assert set(CODES) == set(FIRST_INVENTORY_LABELS)
    for lang in ("de", "ja"):
        with (CATALOG_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for kind, codes in CODES.items():
            assert set(FIRST_INVENTORY_LABELS[kind]) == set(codes), kind
            for words in FIRST_INVENTORY_LABELS[kind].values():
                message = catalog.get(words)
                assert message is not None and message.string, (lang, words)
