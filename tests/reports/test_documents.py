"""The documents of citypact.reports: self-contained HTML, PDFs rendered offline, Japanese as text."""

from __future__ import annotations

import logging
import re
import zlib

import pytest

from citypact.reports import fonts, pdf
from citypact.reports.tour import tour_document, tour_page
from tests.conftest import World


def _tour(world: World, lang: str) -> str:
    from citypact.services.cooperation import tours

    with world.db.read() as session:
        tour = tours.plan_tour(session, [world.city["Heidelberg"], world.city["Munich"]], lang=lang)
    return tour_document(tour_page(tour, lang), lang).html


def _pdf_objects(document: bytes) -> bytes:
    """The PDF with its compressed streams (object streams, fonts' ToUnicode maps) inflated."""
    inflated = [document]
    for found in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", document, re.S):
        try:
            inflated.append(zlib.decompress(found.group(1)))
        except zlib.error:
            inflated.append(found.group(1))
    return b"\n".join(inflated)


def _extractable(objects: bytes) -> set[str]:
    """The characters the fonts' ToUnicode maps give back: what a reader copies out of the PDF."""
    mapped = set()
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", objects, re.S):
        for text in re.findall(rb"<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]+)>", block):
            mapped.add(bytes.fromhex(text.decode()).decode("utf-16-be"))
    return mapped


def test_the_tour_document_is_self_contained(world: World) -> None:
    """The PDF is made from the tour without the form, with its styles inline and nothing linked."""
    html = _tour(world, "en")
    assert html.lstrip().startswith("<!doctype html>") and html.rstrip().endswith("</html>")
    assert "<form" not in html and 'rel="stylesheet"' not in html and "<svg" in html


def test_pdf_is_rendered_offline() -> None:
    fetcher = pdf.offline_fetcher(fonts.font_urls())
    fetch = getattr(fetcher, "fetch", fetcher)
    for url in ("https://example.org/logo.png", "http://127.0.0.1/x.css", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="offline"):
            fetch(url)
    html = '<p>x</p><img src="https://example.org/logo.png"><link rel="stylesheet" href="file:///etc/x.css">'
    assert pdf.html_to_pdf(html).startswith(b"%PDF")


def test_the_fetcher_reads_the_cjk_font_and_no_other_file() -> None:
    font = fonts.cjk_font()
    assert font is not None, "the CJK font package (noto-cjk-sans-jp-regular) is a dependency"
    fetch = getattr(pdf.offline_fetcher(fonts.font_urls()), "fetch", None)
    if fetch is None:  # WeasyPrint before 66: a function with another return type
        return
    assert fetch(font.as_uri()) is not None
    for url in (font.with_name("LICENSE").as_uri(), font.parent.as_uri(), font.as_uri() + "/../x"):
        with pytest.raises(ValueError, match="offline"):
            fetch(url)


def test_a_japanese_pdf_embeds_a_cjk_font_and_its_text_extracts_as_japanese(world: World) -> None:
    html = _tour(world, "ja")
    title = "都市気候ツアー"  # "City Climate Tour" in the Japanese catalog
    assert title in html
    objects = _pdf_objects(pdf.html_to_pdf(html))
    embedded = set(re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([\w-]+)", objects))
    assert any(name.startswith(b"Noto-Sans-CJK-JP") for name in embedded), embedded
    assert set(title) <= _extractable(objects)


def test_pdfs_still_render_without_the_cjk_font(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(fonts, "CJK_PACKAGE", "no_such_font_package")
    with caplog.at_level(logging.WARNING, logger="citypact.reports.fonts"):
        assert fonts.cjk_font.__wrapped__() is None
    assert "no-such-font-package is not installed" in caplog.text
    monkeypatch.setattr(fonts, "cjk_font", lambda: None)
    assert fonts.font_face_css() == "" and fonts.font_urls() == frozenset()
    assert pdf.html_to_pdf('<p lang="ja">都市気候ツアー</p>').startswith(b"%PDF")
