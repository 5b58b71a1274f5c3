"""Every reason of a funding match has words in English, German and Japanese, with the same
placeholders, and renders with its figures in every language."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from citypact.domain import funding_match as fm
from citypact.i18n.catalog import CATALOG_DIR
from citypact.i18n.funding_match_labels import REASON_LABELS
from citypact.reports.funding_match import reason_text

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
SAMPLES = {
    "country": (("country", "JP"),),
    "size_band": (("size_band", "250k_1m"),),
    "no_open_call": (("last_closed_on", "2026-01-31"),),
    "field": (("value", "transport"),),
    "gpc_sector": (("value", "II"),),
    "measure_type": (("value", "retrofit"),),
    "closes_in": (("days", 3), ("closes_on", "2026-03-13")),
    "opens_on": (("opens_on", "2026-05-01"), ("days", 52)),
    "joint_too_few": (
        ("needs_cities", 3), ("needs_countries", 2), ("has_cities", 1), ("has_countries", 1),
        ("partners", ()),
    ),
    "joint_possible": (
        ("needs_cities", 2), ("needs_countries", 2), ("has_cities", 2), ("has_countries", 2),
        ("partners", (7,)),
    ),
    "gap_below_minimum": (("gap_minor", 100), ("amount_min_minor", 500)),
    "amount_range": (("amount_min_minor", None), ("amount_max_minor", 900), ("gap_minor", 100)),
    "cofinancing": (
        ("rate_bp", 6000), ("cost_minor", 1000), ("covers_minor", 600), ("gap_minor", 800),
        ("gap_after_minor", 200),
    ),
    "other_currency": (("currency", "JPY"), ("need_currency", "EUR")),
}  # fmt: skip


def test_every_reason_code_has_words() -> None:
    assert set(REASON_LABELS) == set(fm.RULE_OUT_CODES) | set(fm.FIT_CODES)


@pytest.mark.parametrize("lang", ["de", "ja"])
def test_translations_keep_the_placeholders(lang: str) -> None:
    with (CATALOG_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    for words in REASON_LABELS.values():
        message = catalog.get(words)
        assert message is not None and message.string, (lang, words)
        assert set(PLACEHOLDER.findall(str(message.string))) == set(PLACEHOLDER.findall(words)), words


@pytest.mark.parametrize("lang", ["en", "de", "ja"])
def test_every_reason_renders_with_its_figures(lang: str) -> None:
    for code in REASON_LABELS:
        text = reason_text(
            fm.Reason(code, SAMPLES.get(code, ())), lang, currency="EUR", partner_names={7: "Lyon"}
        )
        assert text and "%(" not in text, (lang, code)
    joint = fm.Reason("joint_possible", SAMPLES["joint_possible"])
    assert "Lyon" in reason_text(joint, lang, currency="EUR", partner_names={7: "Lyon"})
