"""Every code of the national scopes of action has words, in German and Japanese too."""

from babel.messages.pofile import read_po

from citypact.domain.scopes import SAYS, UNKNOWN
from citypact.i18n.catalog import CATALOG_DIR
from citypact.i18n.labels import PEER_GROUPS
from citypact.i18n.scopes_labels import SAY_HELP, SAY_LABELS
from citypact.services.benchmarking.benchmark import PEER_GROUPS as PEER_GROUP_CODES


def test_every_say_and_the_peer_group_have_words_in_every_language() -> None:
    assert tuple(SAY_LABELS) == (*SAYS, UNKNOWN) == tuple(SAY_HELP)
    assert set(PEER_GROUPS) == set(PEER_GROUP_CODES)
    for lang in ("de", "ja"):
        with (CATALOG_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for words in (*SAY_LABELS.values(), *SAY_HELP.values(), PEER_GROUPS["scope"]):
            message = catalog.get(words)
            assert message is not None and message.string, (lang, words)


def test_the_maintenance_forms_and_notices_have_words_in_every_language() -> None:
    from citypact.i18n.notices import NOTICES
    from citypact.i18n.scopes_labels import ANY_LABEL, PROFILE_LABELS, SOURCE_LABELS, STATEMENT_LABELS
    from citypact.services.scopes.admin import STATEMENT_FIELDS
    from citypact.services.scopes.sources import SOURCE_FIELDS

    assert tuple(STATEMENT_LABELS) == STATEMENT_FIELDS and tuple(SOURCE_LABELS) == SOURCE_FIELDS
    assert tuple(PROFILE_LABELS) == ("country", "name")
    notices = [NOTICES[c] for c in NOTICES if c.startswith("scope_")]
    assert len(notices) == 7
    words = [
        ANY_LABEL,
        *STATEMENT_LABELS.values(),
        *SOURCE_LABELS.values(),
        *PROFILE_LABELS.values(),
        *notices,
    ]
    for lang in ("de", "ja"):
        with (CATALOG_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for text in words:
            message = catalog.get(text)
            assert message is not None and message.string, (lang, text)
