"""Every code of Local Green Deals has words, in German and Japanese too."""

from babel.messages.pofile import read_po

from citypact.domain import green_deals
from citypact.i18n.catalog import CATALOG_DIR
from citypact.i18n.green_deal_labels import GREEN_DEAL_LABELS

CODES = {
    "organisation_types": green_deals.ORGANISATION_TYPES,
    "organisation_sizes": green_deals.ORGANISATION_SIZES,
    "organisation_statuses": green_deals.ORGANISATION_STATUSES,
    "person_statuses": green_deals.PERSON_STATUSES,
    "idea_statuses": green_deals.IDEA_STATUSES,
    "review_roles": green_deals.REVIEW_ROLES,
    "deal_statuses": green_deals.DEAL_STATUSES,
    "commitment_kinds": green_deals.COMMITMENT_KINDS,
    "public_parts": green_deals.PUBLIC_PARTS,
    "cost_kinds": green_deals.COST_KINDS,
    "funding_statuses": green_deals.FUNDING_STATUSES,
}


def test_every_code_has_words_in_every_language() -> None:
    assert set(CODES) == set(GREEN_DEAL_LABELS)
    for lang in ("de", "ja"):
        with (CATALOG_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for kind, codes in CODES.items():
            assert tuple(GREEN_DEAL_LABELS[kind]) == codes, kind
            for words in GREEN_DEAL_LABELS[kind].values():
                message = catalog.get(words)
                assert message is not None and message.string, (lang, words)
