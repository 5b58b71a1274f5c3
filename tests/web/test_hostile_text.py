"""Text stored before control characters were refused never reaches a renderer raw.

vl-convert panics on a character XML cannot hold ("NonXmlChar ... aborting") and takes the whole
process down, the test process with it: these tests passing is the proof that the charts and PDFs
are drawn from sanitized text and the process lives on.
"""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from citypact.reports import charts
from citypact.storage.models import City
from tests.conftest import PG_URL, World
from tests.web.test_benchmark_pages import benchmarked
from tests.web.test_pages import log_in

# PostgreSQL cannot store NUL, so only SQLite gets one; every other character is stored by both.
HOSTILE = "Heidel\x01berg\x1b\u202e\ufffe" + ("" if PG_URL else "\x00")


def _store_name(world: World, name: str) -> None:
    """Write the name past the services, as text stored before the check (or by a script) would be."""
    with world.db.write() as session:
        session.execute(update(City).where(City.id == world.city["Heidelberg"]).values(name=name))


def test_a_chart_of_hostile_labels_is_drawn() -> None:
    svg = charts.bar_chart({"Heidel\x01berg\x00": 1.0, "Ky\x0boto\ud800": 2.0}, "t\x02", "city\x1f")
    assert svg.lstrip().startswith("<svg")
    assert "Heidelberg" in svg and "Kyoto" in svg


def test_the_tour_page_and_pdf_with_a_control_character_in_a_city_name(
    client: TestClient, world: World
) -> None:
    _store_name(world, HOSTILE)
    cities = f"{world.city['Heidelberg']},{world.city['Munich']},{world.city['Cologne']}"
    page = client.get("/tours", params={"cities": cities})
    assert page.status_code == 200
    chart = page.text.split('<figure class="chart tour-chart">')[1].split("</figure>")[0]
    assert chart.lstrip().startswith("<svg") and "Heidelberg" in chart and "\x01" not in chart
    document = client.get("/tours.pdf", params={"cities": cities})
    assert document.status_code == 200 and document.content.startswith(b"%PDF")
    assert client.get("/healthz").status_code == 200


def test_the_benchmark_report_and_pdf_with_a_control_character_in_a_city_name(
    client: TestClient, world: World, tmp_path: Path
) -> None:
    benchmarked(world, tmp_path)
    _store_name(world, HOSTILE)
    base = f"/cities/{world.city['Heidelberg']}/benchmark"
    page = client.get(base, params={"peers": "country"})
    assert page.status_code == 200
    chart_urls = re.findall(r'<img src="([^"]+/charts/[^"]+\.svg[^"]*)"', page.text)
    assert len(chart_urls) >= 4
    for url in chart_urls:
        chart = client.get(html_lib.unescape(url))
        assert chart.status_code == 200 and chart.text.lstrip().startswith("<svg"), url
    report = client.get(f"{base}/report", params={"peers": "country"})
    assert report.status_code == 200 and report.text.count("<svg") >= 4
    document = client.get(f"{base}/report.pdf")
    assert document.status_code == 200 and document.content.startswith(b"%PDF")
    assert client.get("/healthz").status_code == 200


def test_a_renderer_failure_is_an_error_answer(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    import weasyprint

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("cairo went away")

    monkeypatch.setattr(weasyprint, "HTML", broken)
    cities = f"{world.city['Heidelberg']},{world.city['Munich']}"
    response = client.get("/tours.pdf", params={"cities": cities})
    assert response.status_code == 500
    assert "The PDF could not be made" in response.text
    assert client.get("/tours", params={"cities": cities}).status_code == 200


def test_a_chart_the_library_cannot_draw_leaves_the_page_without_it(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_spec: object) -> str:
        raise ValueError("vega failed")

    monkeypatch.setattr(charts.vl_convert, "vegalite_to_svg", refuse)
    charts._svg.cache_clear()
    assert charts.bar_chart({"Freiburg": 3.0}, "t", "city") == ""


def test_the_city_form_refuses_a_control_character_at_its_field(client: TestClient, world: World) -> None:
    csrf = log_in(client, "heidelberg_editor")
    response = client.post(
        f"/cities/{world.city['Heidelberg']}/edit",
        data={"csrf_token": csrf, "name": "Heidel\x01berg", "is_published": "1"},
    )
    assert response.status_code == 422
    assert "U+0001" in response.text and 'aria-invalid="true"' in response.text
    with world.db.read() as session:
        assert session.get(City, world.city["Heidelberg"]).name == "Heidelberg"  # type: ignore[union-attr]


def test_a_benchmark_chart_that_cannot_be_drawn_is_an_error_answer(
    client: TestClient, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    benchmarked(world, tmp_path)

    def refuse(_spec: object) -> str:
        raise ValueError("vega failed")

    monkeypatch.setattr(charts.vl_convert, "vegalite_to_svg", refuse)
    charts._svg.cache_clear()
    base = f"/cities/{world.city['Heidelberg']}/benchmark"
    page = client.get(base, params={"peers": "country"})
    assert page.status_code == 200
    chart_url = re.findall(r'<img src="([^"]+/charts/[^"]+\.svg[^"]*)"', page.text)[0]
    chart = client.get(html_lib.unescape(chart_url))
    assert chart.status_code == 500 and "could not be drawn" in chart.text
    report = client.get(f"{base}/report", params={"peers": "country"})
    assert report.status_code == 200 and "<svg" not in report.text
