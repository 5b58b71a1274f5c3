"""Every code of joint positions has words, in German and Japanese too."""

from babel.messages.pofile import read_po

from citypact.domain import positions
from citypact.i18n.catalog import CATALOG_DIR
from citypact.i18n.positions_labels import POSITION_LABELS

CODES = {
    "kinds": positions.KINDS,
    "levels": positions.LEVELS,
    "channels": positions.CHANNELS,
    "evidence_kinds": positions.EVIDENCE_KINDS,
    "statuses": positions.STATUSES,
}


def test_every_code_has_words_in_every_language() -> None:
    assert set(CODES) == set(POSITION_LABELS)
    for lang in ("de", "ja"):
        with (CATALOG_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for kind, codes in CODES.items():
            assert tuple(POSITION_LABELS[kind]) == codes, kind
            for words in POSITION_LABELS[kind].values():
                message = catalog.get(words)
                assert message is not None and message.string, (lang, words)
