"""The City Climate Tour page: the GET form (ids, name search, add and remove links, start, round trip),
the ordered table with landmark links and distances, the route chart, print CSS, the PDF, German and
Japanese, and bad input said at the form."""

from __future__ import annotations

import html as html_lib
import re

from fastapi.testclient import TestClient

from tests.conftest import World
from tests.services.test_tours import add_tour_cases


def _ids(world: World, *names: str) -> str:
    return ",".join(str(world.city[n]) for n in names)


def _rows(page: str) -> list[list[str]]:
    """The cells of the route table as plain text, row by row."""
    body = page.split('<table class="tour">')[1].split("</table>")[0]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.S)
        rows.append([html_lib.unescape(" ".join(re.sub(r"<[^>]+>", " ", c).split())) for c in cells])
    return rows


def test_an_empty_form_asks_for_two_cities(client: TestClient) -> None:
    response = client.get("/tours")
    assert response.status_code == 200
    page = response.text
    assert '<form method="get" action="/tours"' in page
    assert "Add at least two cities to plan a tour." in page
    assert "<table" not in page and "<script" not in page


def test_the_route_table_chart_and_links(client: TestClient, world: World) -> None:
    cases = add_tour_cases(world)
    page = client.get("/tours", params={"cities": _ids(world, "Heidelberg", "Munich", "Cologne")}).text
    rows = _rows(page)
    assert rows[0] == ["Stop", "City", "Landmark projects", "Leg (km)", "Travelled (km)"]
    assert [r[:2] for r in rows[1:4]] == [
        ["1", "Heidelberg Germany"],
        ["2", "Cologne Germany"],
        ["3", "Munich Germany"],
    ]
    # Heidelberg -> Cologne 211.0 km, Cologne -> Munich 456.2 km (haversine, tests/domain/test_tour.py)
    assert [r[3:] for r in rows[1:4]] == [["–", "0"], ["211", "211"], ["456", "667"]]
    assert rows[-1] == ["Total (km)", "667"]
    assert "667 km in total" in page and "every order of the stops was compared" in page
    assert f'<a href="/cases/{cases["bus"]}">Electric buses</a>' in page
    assert f'<a href="/cases/{cases["bahnstadt"]}">Bahnstadt passive-house district</a>' in page
    assert "no published case yet" in rows[2][2]  # Cologne has none
    assert f'href="/cities/{world.city["Cologne"]}"' in page
    chart = page.split('<figure class="chart tour-chart">')[1].split("</figure>")[0]
    assert chart.lstrip().startswith("<svg") and "1 Heidelberg" in chart and "456 km" in chart
    assert "@media print" in page and ".tour-form" in page
    assert "<script" not in page
    pdf_link = html_lib.unescape(re.search(r'href="(/tours\.pdf\?[^"]+)"', page).group(1))  # type: ignore[union-attr]
    assert (
        pdf_link
        == f"/tours.pdf?cities={_ids(world, 'Heidelberg', 'Munich', 'Cologne').replace(',', '%2C')}&lang=en"
    )


def test_start_and_round_trip_from_the_form(client: TestClient, world: World) -> None:
    params = {
        "cities": _ids(world, "Heidelberg", "Munich", "Cologne"),
        "start": str(world.city["Munich"]),
        "round_trip": "1",
    }
    page = client.get("/tours", params=params).text
    rows = _rows(page)
    # A round trip has the same length either way round: Munich, then Heidelberg and Cologne in some order.
    assert rows[1][1] == "Munich Germany"
    assert {rows[2][1], rows[3][1]} == {"Heidelberg Germany", "Cologne Germany"}
    back = "253" if rows[3][1].startswith("Heidelberg") else "456"
    assert rows[4][1] == "back to Munich" and rows[4][3:] == [back, "921"]
    assert "Round trip from Munich and back." in page
    assert f'<option value="{world.city["Munich"]}" selected>Munich</option>' in page
    assert 'name="round_trip" value="1" checked' in page


def test_find_cities_by_name_and_add_or_remove_them(client: TestClient, world: World) -> None:
    chosen = _ids(world, "Heidelberg", "Kyoto")
    page = client.get("/tours", params={"cities": chosen, "q": "ミュンヘン"}).text
    add = re.search(r'<a href="/tours\?([^"]+)" aria-label="Add Munich">', page)
    assert add is not None
    assert html_lib.unescape(add.group(1)) == f"cities={chosen.replace(',', '%2C')}%2C{world.city['Munich']}"
    assert 'aria-label="Add Heidelberg"' not in page  # already on the tour
    remove = re.search(r'<a href="/tours\?([^"]+)" aria-label="Remove Kyoto">', page)
    assert remove is not None and html_lib.unescape(remove.group(1)) == f"cities={world.city['Heidelberg']}"
    added = client.get("/tours?" + html_lib.unescape(add.group(1))).text
    assert [r[1] for r in _rows(added)[1:4]] == ["Heidelberg Germany", "Munich Germany", "Kyoto Japan"]
    none = client.get("/tours", params={"q": "Atlantis"}).text
    assert "No city found: try another spelling." in none


def test_picked_cases_are_the_landmarks(client: TestClient, world: World) -> None:
    cases = add_tour_cases(world)
    page = client.get(
        "/tours", params={"cities": _ids(world, "Heidelberg", "Munich"), "cases": str(cases["plan"])}
    ).text
    heidelberg = next(r for r in _rows(page) if r[1].startswith("Heidelberg"))
    assert heidelberg[2] == "Climate plan 2030 Transport and mobility · since 2023"


def test_bad_input_is_said_at_the_form(client: TestClient, world: World) -> None:
    hd = world.city["Heidelberg"]
    for params, words, field in [
        ({"cities": f"{hd}, x"}, "“x” is not an id", "cities"),
        ({"cities": f"{hd},999999"}, "No published city has the id 999999", "cities"),
        (
            {"cities": _ids(world, "Heidelberg", "Munich"), "start": world.city["Kyoto"]},
            "Choose the start",
            "start",
        ),
        ({"cities": _ids(world, "Heidelberg", "Munich"), "cases": "999999"}, "Case 999999 is not", "cases"),
    ]:
        response = client.get("/tours", params=params)
        assert response.status_code == 422, params
        assert words in response.text
        assert re.search(rf'<label class="invalid">[^<]*<(input|select) name="{field}"', response.text), field
        assert 'id="tour-error"' in response.text and "<table" not in response.text
    kept = client.get("/tours", params={"cities": f"{hd}, x"}).text
    assert f'value="{hd}, x"' in kept  # what was typed stays in the field


def test_german_and_japanese(client: TestClient, world: World) -> None:
    add_tour_cases(world)
    params = {"cities": _ids(world, "Heidelberg", "Munich", "Kyoto"), "round_trip": "1"}
    german = client.get("/tours", params={**params, "lang": "de"}).text
    assert "Städte-Klimatour" in german and "Leuchtturmprojekte" in german
    assert "Passivhaus-Stadtteil Bahnstadt" in german  # the case's own German title
    rows = _rows(german)
    assert rows[0] == ["Station", "Stadt", "Leuchtturmprojekte", "Etappe (km)", "Zurückgelegt (km)"]
    total = rows[-1][-1]
    assert re.fullmatch(r"\d{2}\.\d{3}", total)  # German digit grouping
    japanese = client.get("/tours", params={**params, "lang": "ja"}).text
    assert "都市気候ツアー" in japanese and "出発地" in japanese and "周遊ルート" in japanese


def test_the_pdf(client: TestClient, world: World) -> None:
    add_tour_cases(world)
    response = client.get("/tours.pdf", params={"cities": _ids(world, "Heidelberg", "Munich", "Cologne")})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="citypact-tour-en.pdf"' in response.headers["content-disposition"]
    bad = client.get("/tours.pdf", params={"cities": str(world.city["Heidelberg"])})
    assert bad.status_code == 422 and "at least 2 cities" in bad.text


def test_the_networks_page_links_to_the_tour(client: TestClient) -> None:
    assert 'href="/tours"' in client.get("/networks").text
