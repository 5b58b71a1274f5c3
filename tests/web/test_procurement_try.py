"""The "try the method" page: templates and uploads evaluated, the form keeps what was typed and says
at the field what is wrong, the PDF, the template downloads."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.conftest import World
from tests.web.test_page_forms import assert_refused_at
from tests.web.test_pages import csrf_of

# Two bids with declared embodied tonnes only, one year of life, no discounting needed: by hand,
# at 100 per tonne A costs 1,000 + 10 x 100 = 2,000 and B 1,500, so B ranks first; their costs
# cross at (1,500 - 1,000) / (10 - 0) = 50 per tonne.
BIDS = (
    "lot,supplier,price,quantity,lifetime_years,energy_carrier,energy_per_year,energy_unit,"
    "energy_cost_per_year,maintenance_per_year,end_of_life_cost,residual_value,embodied_t_co2e,ladder_level\n"
    "L1,Supplier A,1000,1,1,,,,,,,,10,\n"
    "L1,Supplier B,1500,1,1,,,,,,,,0,\n"
)
FORM = {
    "method": "lcc-co2",
    "schedule": "",
    "co2_price": "100",
    "co2_discounting": "undiscounted",
    "discount_rate": "0",
    "country": "DE",
    "year": "2026",
    "gwp": "AR5",
}


def _ranking(page: str) -> list[str]:
    table = re.search(r'<table class="ranking">.*?</table>', page, re.S)
    assert table, "a ranking table"
    return re.findall(r'<th scope="row">([^<]+)</th>', table.group(0))


def test_the_form_starts_with_the_bus_template_and_shows_no_result(client: TestClient, world: World) -> None:
    page = client.get("/procurement/try")
    assert page.status_code == 200
    assert '<option value="buses" selected>' in page.text
    assert 'value="shipped/uba-mk31-1pct/3.1" selected' in page.text
    assert 'class="ranking"' not in page.text


def test_a_template_is_evaluated_from_the_query(client: TestClient, world: World) -> None:
    query = {
        **FORM,
        "template": "buses",
        "schedule": "shipped/de-behg/2024",
        "co2_price": "",
        "discount_rate": "0.03",
    }
    page = client.get("/procurement/try", params=query)
    assert page.status_code == 200, page.text
    assert _ranking(page.text)[0] in {"Electric bus", "Diesel bus"}
    assert "German national fuel-emissions price (BEHG), version 2024 (de-behg)" in page.text
    assert "<svg" in page.text  # the sensitivity chart
    assert "Gas/Diesel Oil" in page.text and "240,000 L" in page.text  # where the tonnes come from


def test_an_uploaded_bid_file_is_ranked_with_hand_computed_figures(client: TestClient, world: World) -> None:
    token = csrf_of(client.get("/procurement/try").text)
    page = client.post(
        "/procurement/try",
        data={"csrf_token": token, "template": "", **FORM},
        files={"file": ("bids.csv", BIDS.encode(), "text/csv")},
    )
    assert page.status_code == 200, page.text
    assert _ranking(page.text) == ["Supplier B", "Supplier A"]
    assert '<td class="num">2,000</td>' in page.text and '<td class="num">1,500</td>' in page.text
    assert "At 50.00 EUR/t CO₂e the order of the first two changes: Supplier A › Supplier B" in page.text


def test_the_form_keeps_what_was_typed_and_says_at_the_field_what_is_wrong(
    client: TestClient, world: World
) -> None:
    token = csrf_of(client.get("/procurement/try").text)
    bad = {**FORM, "template": "buses", "co2_price": "12,5", "year": "26"}
    page = client.post("/procurement/try", data={"csrf_token": token, **bad})
    assert page.status_code == 422
    assert_refused_at(
        page.text, "try-co2-price", "Or a constant CO₂ price per tonne: enter a number such as 1250.5"
    )
    assert_refused_at(page.text, "try-year", "Year of the award: enter a year as four digits, such as 2030")
    assert 'value="12,5"' in page.text and 'value="26"' in page.text
    assert page.text.count("<title>Error: ") == 1


def test_a_bad_bid_file_is_refused_at_the_file_field_naming_row_and_column(
    client: TestClient, world: World
) -> None:
    token = csrf_of(client.get("/procurement/try").text)
    broken = BIDS.replace("L1,Supplier B,1500", "L1,Supplier B,lots")
    page = client.post(
        "/procurement/try",
        data={"csrf_token": token, **FORM},
        files={"file": ("bids.csv", broken.encode(), "text/csv")},
    )
    assert page.status_code == 422
    assert re.search(r'id="try-file-error">.*bids\.csv.*row 3.*price', page.text, re.S)
    assert 'value="100"' in page.text  # the rest as typed


def test_a_schedule_and_a_constant_price_together_are_refused(client: TestClient, world: World) -> None:
    token = csrf_of(client.get("/procurement/try").text)
    both = {**FORM, "template": "heating", "schedule": "shipped/de-behg/2024"}
    page = client.post("/procurement/try", data={"csrf_token": token, **both})
    assert page.status_code == 422
    assert 'id="try-co2-price-error"' in page.text


def test_a_services_refusal_is_said_at_its_field_in_the_readers_language(
    client: TestClient, world: World
) -> None:
    both = {**FORM, "template": "heating", "schedule": "shipped/de-behg/2024"}
    for lang, words in (
        ("de", "wählen Sie einen Preispfad oder einen festen Preis, nicht beides."),
        ("ja", "価格表か一定価格のどちらか一方を選んでください（両方は不可）。"),
    ):
        token = csrf_of(client.get("/procurement/try").text)
        page = client.post(
            "/procurement/try", data={"csrf_token": token, **both}, headers={"Accept-Language": lang}
        )
        assert page.status_code == 422
        error = re.search(r'id="try-co2-price-error">(.*?)</span>\s*<input', page.text, re.S)
        assert error is not None and words in error.group(1), lang


def test_the_page_and_its_errors_speak_the_readers_language(client: TestClient, world: World) -> None:
    german = client.get("/procurement/try", params={"lang": "de"}).text
    japanese = client.get("/procurement/try", params={"lang": "ja"}).text
    assert "Bewertungsmethode ausprobieren" in german
    assert "評価方法を試す" in japanese


def test_the_pdf_is_the_evaluation_report(client: TestClient, world: World) -> None:
    token = csrf_of(client.get("/procurement/try").text)
    pdf = client.post("/procurement/try.pdf", data={"csrf_token": token, "template": "street-lights", **FORM})
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert "citypact-evaluation-en.pdf" in pdf.headers["content-disposition"]


def test_templates_and_their_sources_download(client: TestClient, world: World) -> None:
    csv = client.get("/procurement/templates/buses.csv")
    assert csv.status_code == 200 and csv.text.startswith("lot,supplier,price")
    assert "Tagesspiegel" in client.get("/procurement/templates/sources.txt").text
    assert client.get("/procurement/templates/nothing.csv").status_code == 404


def test_a_link_without_the_buyers_fields_shows_the_defaults_it_was_evaluated_with(
    client: TestClient, world: World
) -> None:
    page = client.get("/procurement/try", params={"method": "lcc", "template": "heating"})
    assert page.status_code == 200
    assert '<option value="AR5" selected>' in page.text and 'value="0.03"' in page.text
    assert "AR5" in re.search(r'<dl class="evaluation-inputs">.*?</dl>', page.text, re.S).group(0)  # type: ignore[union-attr]
