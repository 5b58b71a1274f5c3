"""Every code of survey rounds has words, in German and Japanese too."""

from babel.messages.pofile import read_po

from citypact.domain import surveys
from citypact.i18n.catalog import CATALOG_DIR
from citypact.i18n.notices import NOTICES
from citypact.i18n.surveys_labels import QUESTION_FORM_LABELS, ROUND_FORM_LABELS, SURVEY_LABELS

CODES = {
    "kinds": surveys.KINDS,
    "round_statuses": surveys.ROUND_STATUSES,
    "response_statuses": surveys.RESPONSE_STATUSES,
    "mail_statuses": surveys.MAIL_STATUSES,
}


def test_every_code_has_words_in_every_language() -> None:
    assert set(CODES) == set(SURVEY_LABELS)
    notices = [words for code, words in NOTICES.items() if code.startswith("survey_")]
    for lang in ("de", "ja"):
        with (CATALOG_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for kind, codes in CODES.items():
            assert tuple(SURVEY_LABELS[kind]) == tuple(codes), kind
            for words in SURVEY_LABELS[kind].values():
                message = catalog.get(words)
                assert message is not None and message.string, (lang, words)
        for words in [*QUESTION_FORM_LABELS.values(), *ROUND_FORM_LABELS.values(), *notices]:
            message = catalog.get(words)
            assert message is not None and message.string, (lang, words)
