"""The German and Japanese catalogs: complete for a fresh extraction, placeholders kept, compilable.

The extraction follows babel.cfg exactly as `pybabel extract -F babel.cfg -k _ .` does, so a
string added to a template or a Python source without a translation fails here.
"""

from __future__ import annotations

import io
import re
from functools import cache
from gettext import GNUTranslations
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).parents[2]
CATALOG_DIR = ROOT / "src" / "citypact" / "i18n"
LANGUAGES = {"de": 2, "ja": 1}  # language -> number of plural forms
PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


@cache
def extracted() -> Catalog:
    """A fresh extraction of the templates and Python sources, as pybabel would make it."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    catalog = Catalog()
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=DEFAULT_KEYWORDS
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


@cache
def translated(lang: str) -> Catalog:
    path = CATALOG_DIR / lang / "LC_MESSAGES" / "messages.po"
    assert path.exists(), f"{path.relative_to(ROOT)} is missing"
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def messages(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id]  # without the header


def forms(message: Message) -> list[str]:
    """The translations of a message: one per plural form, or the single string."""
    if isinstance(message.string, (list, tuple)):
        return [s or "" for s in message.string]
    return [message.string or ""]


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_extraction_finds_the_page_strings() -> None:
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in messages(extracted())}
    assert {"Population", "Twin towns", "Framework conditions", "%(num)s city"} <= ids


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_header(lang: str) -> None:
    catalog = translated(lang)
    assert str(catalog.locale) == lang
    assert catalog.project == "citypact"
    assert catalog.num_plurals == LANGUAGES[lang]
    assert not catalog.fuzzy


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_extracted_string_is_translated(lang: str) -> None:
    catalog = translated(lang)
    problems = []
    for source in messages(extracted()):
        message = catalog.get(source.id, source.context)
        if message is None:
            problems.append(f"missing: {source.id!r}")
            continue
        if message.id != source.id:  # e.g. the plural of a msgid changed
            problems.append(f"msgid differs: {source.id!r} vs {message.id!r}")
        if message.fuzzy:
            problems.append(f"fuzzy: {source.id!r}")
        strings = forms(message)
        if source.pluralizable and len(strings) != LANGUAGES[lang]:
            problems.append(f"{len(strings)} plural forms, want {LANGUAGES[lang]}: {source.id!r}")
        if not all(s.strip() for s in strings):
            problems.append(f"untranslated: {source.id!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_no_fuzzy_or_untranslated_leftovers(lang: str) -> None:
    catalog = translated(lang)
    leftovers = [m.id for m in messages(catalog) if m.fuzzy or not all(s.strip() for s in forms(m))]
    assert not leftovers


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_placeholders_are_kept(lang: str) -> None:
    problems = []
    for message in messages(translated(lang)):
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        wanted = set().union(*(placeholders(i) for i in ids))
        for string in forms(message):
            found = placeholders(string)
            if wanted - found:
                problems.append(f"{message.id!r}: {string!r} lacks {sorted(wanted - found)}")
            if found - wanted:
                problems.append(f"{message.id!r}: {string!r} adds {sorted(found - wanted)}")
    assert not problems, "\n".join(problems)
    assert not [(m.id, errors) for m, errors in translated(lang).check()]  # Babel's own format checks


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_catalog_compiles(lang: str) -> None:
    buffer = io.BytesIO()
    write_mo(buffer, translated(lang))
    buffer.seek(0)
    compiled = GNUTranslations(buffer)
    assert compiled.gettext("Population") == translated(lang).get("Population").string
    for n in (1, 2, 5):
        text = compiled.ngettext("%(num)s city", "%(num)s cities", n) % {"num": n}
        assert str(n) in text
