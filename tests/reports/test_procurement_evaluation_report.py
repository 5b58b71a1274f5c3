"""The evaluation report: ranking, method, schedule name and version, discount rate, factor sources
and the sensitivity chart, self-contained, in English, German and Japanese, as HTML and PDF."""

from __future__ import annotations

import re

from citypact.domain.access import Actor
from citypact.domain.procurement.result import Evaluation
from citypact.reports import pdf
from citypact.reports.procurement_evaluation import evaluation_document, evaluation_page
from citypact.services.procurement.try_method import TryInputs, try_evaluation
from tests.reports.test_documents import _extractable, _pdf_objects


def _buses(schedule: str = "shipped/de-behg/2024") -> Evaluation:
    return try_evaluation(None, Actor(), TryInputs(method="lcc-co2", template="buses", schedule=schedule))  # type: ignore[arg-type]


def test_the_report_names_method_schedule_version_rate_and_factor_sources() -> None:
    result = _buses()
    html = evaluation_document(result, "en", subject="Ten city buses").html
    assert "Tender evaluation: Ten city buses" in html
    assert "German national fuel-emissions price (BEHG), version 2024 (de-behg)" in html
    assert "3.00 %" in html and "discounted like costs" in html
    assert "2006 IPCC Guidelines" in html  # the diesel factor's source
    assert html.count("<svg") == 1  # one lot, one sensitivity chart
    assert "<link" not in html and "<script" not in html and "http://" not in html.split("<svg", 1)[0]
    ranking = re.findall(r'<th scope="row">([^<]+)</th>', html)
    assert ranking[:2] == [bid.supplier for bid in result.lots[0].ranking]


def test_switching_prices_are_said_in_words_with_the_first_two_before_and_after() -> None:
    result = _buses()
    lot = result.lots[0]
    assert lot.switching_prices, "diesel and electric buses cross between 0 and 1,000 per tonne"
    page = evaluation_page(result, "en")
    switch = lot.switching_prices[0]
    assert page.lots[0].switches[0].startswith(f"At {switch.co2_price:,.2f} EUR/t CO₂e")


def test_german_and_japanese_reports_and_a_japanese_pdf_with_extractable_text() -> None:
    result = _buses()
    german = evaluation_document(result, "de").html
    assert "Angebotswertung" in german and "Woher die Tonnen kommen" in german
    japanese = evaluation_document(result, "ja")
    assert "入札評価" in japanese.html and japanese.pdf_name == "citypact-evaluation-ja.pdf"
    objects = _pdf_objects(pdf.html_to_pdf(japanese.html))
    embedded = set(re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([\w-]+)", objects))
    assert any(name.startswith(b"Noto-Sans-CJK-JP") for name in embedded), embedded
    assert set("入札評価") <= _extractable(objects)
