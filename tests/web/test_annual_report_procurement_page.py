"""The annual report's procurement section on the page (in German and Japanese), in the PDF, in a
report frozen before the section existed, and through the API and CLI."""

from __future__ import annotations

from fastapi.testclient import TestClient

from citypact.domain.annual_report import figures_hash
from citypact.reports.annual_report import annual_report_file
from citypact.services import annual_reports
from citypact.storage.annual_reports import AnnualReport
from tests.api.test_attack_surface import _page_login
from tests.conftest import World
from tests.report_fixture import procurement_report_world

PAGE = "/networks/c40/reports/2026"
WORDS = {
    # the section's heading and the awarded value as each language writes it
    "de": ("Gemeinsame Beschaffung", "15.000.000,00 EUR"),
    "ja": ("共同調達", "15,000,000.00 EUR"),
    "en": ("Joint procurement", "15,000,000.00 EUR"),
}


def _read(client: TestClient, lang: str) -> str:
    client.cookies.set("lang", lang)
    page = client.get(PAGE, headers={"Accept-Language": lang})
    assert page.status_code == 200
    return page.text


def test_section_shows_in_german_and_japanese(client: TestClient, world: World) -> None:
    procurement_report_world(world)
    _page_login(client, "c40_secretariat")
    for lang, (heading, awarded) in WORDS.items():
        text = _read(client, lang)
        assert 'id="procurement"' in text and heading in text, lang
        assert awarded in text and "Elektro AG" in text and "Heidelberg (2)" in text, lang
        assert 'id="chart-procurement"' in text and "LED street lights" in text
        assert "Secret heat pumps" not in text and "Busbau" not in text and "Hidden Town" not in text
    client.cookies.set("lang", "en")
    assert 'id="procurement"' not in client.get("/networks/c40/reports/2025").text  # no empty section


def test_pdf_renders_with_the_section(world: World) -> None:
    procurement_report_world(world)
    with world.db.read() as session:
        view = annual_reports.get_report(session, world.actor("c40_secretariat"), "c40", 2026)
    for lang in ("de", "ja"):
        found = annual_report_file(view, lang)
        assert 'id="procurement-table"' in found.html and "Elektro AG" in found.html
        assert found.pdf().startswith(b"%PDF")


def test_a_report_frozen_before_the_section_still_renders(client: TestClient, world: World) -> None:
    procurement_report_world(world)
    with world.db.write() as session:
        annual_reports.publish(session, world.actor("c40_secretariat"), "c40", 2026)
        row = session.query(AnnualReport).one()
        old = {k: v for k, v in row.figures.items() if k != "procurement"}
        row.figures, row.data_hash = old, figures_hash(old)
    _page_login(client, "public")
    for lang in ("en", "de", "ja"):
        text = _read(client, lang)
        assert 'id="inventories"' in text and 'id="procurement"' not in text
    pdf = client.get(f"{PAGE}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    api = client.get("/api/v1/networks/c40/annual-reports/2026")
    assert api.status_code == 200 and "procurement" not in api.json()["figures"]


def test_api_gives_the_section_of_a_published_report(client: TestClient, world: World) -> None:
    procurement_report_world(world)
    with world.db.write() as session:
        annual_reports.publish(session, world.actor("c40_secretariat"), "c40", 2026)
    found = client.get("/api/v1/networks/c40/annual-reports/2026").json()
    section = found["figures"]["procurement"]
    assert section["awarded_lots"] == 1 and section["by_currency"]["EUR"]["awarded_minor"] == 1_500_000_000
    assert found["data_hash"] == figures_hash(found["figures"])
