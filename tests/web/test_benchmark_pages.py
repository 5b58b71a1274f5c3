"""The benchmark page and report of a city: figures and sentences, peers by similarity, the peer-group
form, missing indicators shown as missing, German, the PDF, and hidden cities."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from citypact.domain.indicators import INDICATORS
from citypact.domain.lmdi import EFFECTS
from citypact.domain.peers import climate_zone
from citypact.i18n import labels
from citypact.services.benchmarking.benchmark import CONTEXT_SOURCES, city_benchmark
from citypact.services.benchmarking.data import gap_groups, structure_model
from citypact.services.plans import action_plans
from citypact.storage.models import City, CityStatistic
from tests.conftest import World
from tests.factories import new_inventory, plan_measure, reported_inventory, seed_library

# Heidelberg's own inventories, computed here from activity data (2018 and 2022).
ACTIVITY = """gpc_ref,fuel,amount,unit,source,year,data_quality
I.1.1,Natural Gas,{gas},MWh,utility bills,{year},H
I.1.2,electricity,{power},MWh,grid operator,{year},H
II.1.1,Motor Gasoline,{petrol},MWh,fuel sales,{year},M
"""
HEIDELBERG = {2018: (2_900_000, 950_000, 1_700_000), 2022: (2_500_000, 900_000, 1_500_000)}
# Totals the other cities reported elsewhere (t CO2e, scope 1), per year.
REPORTED = {
    "Munich": {2018: 8_500_000, 2022: 8_000_000},
    "Cologne": {2019: 7_000_000, 2022: 6_600_000},
    "Kyoto": {2018: 7_000_000, 2022: 6_500_000},
    "Sapporo": {2019: 11_000_000, 2022: 10_800_000},
    "Portland": {2018: 4_500_000, 2022: 4_000_000},
}
DEGREE_DAYS = {
    "Heidelberg": (3100, 20),
    "Munich": (3400, 15),
    "Cologne": (2900, 25),
    "Kyoto": (1700, 300),
    "Sapporo": (3700, 40),
    "Portland": (2500, 120),
}


def _heidelberg_inventories(world: World, tmp_path: Path) -> None:
    for year, (gas, power, petrol) in HEIDELBERG.items():
        path = tmp_path / f"heidelberg-{year}.csv"
        path.write_text(ACTIVITY.format(gas=gas, power=power, petrol=petrol, year=year))
        new_inventory(world, year=year, file=path, completed=True, status="submitted")


def benchmarked(world: World, tmp_path: Path, *, with_plans: bool = True) -> None:
    """Six cities with emissions in two or more years and their degree days; Heidelberg with its
    target and (with_plans) a measure, Munich with one implemented."""
    _heidelberg_inventories(world, tmp_path)
    for name, years in REPORTED.items():
        for year, tonnes in years.items():
            reported_inventory(
                world, name, year, tonnes, source=f"CDP {year}", factor_library="reported", gases=None
            )
    with world.db.write() as session:
        for name, (hdd, cdd) in DEGREE_DAYS.items():
            for variable, value in (("hdd", hdd), ("cdd", cdd)):
                session.add(
                    CityStatistic(
                        city_id=world.city[name],
                        year=2020,
                        variable=variable,
                        value=value,
                        unit="degC*day",
                        source="test climatology",
                    )
                )
    with world.db.write() as session:
        action_plans.set_target(
            session,
            world.actor("heidelberg_editor"),
            world.city["Heidelberg"],
            base_year=2018,
            base_emissions_t=1_400_000,
            target_year=2030,
            reduction_pct=50,
            source="council decision",
        )
    if with_plans:
        seed_library(world)
        plan_measure(world, by="heidelberg_editor")
        plan_measure(world, city="Munich", measure="renovation_subsidy")


def text_of(html: str) -> str:
    """The page's text: tags out, whitespace collapsed."""
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def section(html: str, name: str) -> str:
    found = re.search(rf'<(\w+)[^>]* id="{name}"[^>]*>(.*?)</\1>', html, re.S)
    assert found, f"no element #{name}"
    return text_of(found.group(2))


@pytest.fixture
def heidelberg(world: World, tmp_path: Path) -> str:
    benchmarked(world, tmp_path)
    return f"/cities/{world.city['Heidelberg']}/benchmark"


def test_page_shows_figures_sentences_and_charts(client: TestClient, world: World, heidelberg: str) -> None:
    response = client.get(heidelberg)
    assert response.status_code == 200, response.text
    html = response.text
    # Headline: the latest year of territorial emissions per person and its source.
    headline = section(html, "headline")
    assert re.search(r"\d\.\d\d t CO₂e per person in 2022", headline)
    assert "GPC inventory computed with citypact (submitted)" in headline
    # The sentences in plain words, with the numbers they speak of.
    performance = section(html, "performance")
    assert "than cities under its framework conditions typically do" in performance
    assert re.search(r"95% interval [−+]\d+% to [−+]\d+%", performance)
    assert "Framework conditions explain" not in performance
    gap = section(html, "gap")
    assert "Against the average of its peers (their geometric mean" in gap and "climate" in gap
    assert "points are local" in gap
    # The charts are images the browser fetches after the page (drawing them takes longer than the page).
    charts = dict(re.findall(r'id="(\w+)-chart"><img src="([^"]+)"', html))
    assert {"gap", "scatter", "trend"} <= set(charts)
    for name, url in charts.items():
        drawn = client.get(url.replace("&amp;", "&"))
        assert drawn.status_code == 200 and drawn.headers["content-type"] == "image/svg+xml", name
        assert drawn.text.startswith("<svg"), name
    assert client.get(heidelberg + "/charts/league.svg").status_code == 404
    movement = section(html, "movement")
    assert re.search(r"falling by \d+\.\d% a year \(over 2 years\): faster than \d of 5 peers", movement)
    target = section(html, "target")
    # the city's own target stands on its 2018 inventory, not the typed 1,400,000 t (the plan's gap)
    assert "Target: 50% less than 1,454,201 t CO₂e (2018) by 2030" in target
    assert "from the 2018 inventory" in target and "In 2022 emissions were" in target
    assert "Reaching the target takes −" in target
    change = section(html, "change")
    assert change.startswith("From 2018 to 2022 emissions fell by")
    for effect in ("population", "energy per person", "energy mix", "fuel intensity", "grid factor"):
        assert effect in change
    # Charts are SVG drawn on the server, which the page links as images.
    for chart in ("scatter-chart", "trend-chart", "radar-chart", "heatmap-chart"):
        assert re.search(rf'id="{chart}"><img src="[^"]+\.svg\?', html), chart
    scatter_url = re.search(r'id="scatter-chart"><img src="([^"]+)"', html)
    assert scatter_url
    scatter = client.get(scatter_url.group(1).replace("&amp;", "&")).text
    assert "Heidelberg" in scatter and "Sapporo" in scatter


def test_indicator_table_and_missing_never_zero(client: TestClient, heidelberg: str) -> None:
    html = client.get(heidelberg).text
    transport = section(html, "indicator-transport_per_capita")
    assert re.search(r"Transport emissions per capita \d\.\d\d t CO₂e/person 2022 lower is better", transport)
    assert "as entered per activity" in transport
    waste = section(html, "indicator-waste_per_capita")  # not reported: missing, not 0
    assert "missing" in waste and " 0 " not in f" {waste} " and "0.00" not in waste
    gdp = section(html, "indicator-basic_per_gdp")
    assert "missing" in gdp
    grid = section(html, "indicator-grid_intensity")
    assert "Ember" in grid and "CDP" not in grid
    assert "Waste emissions per capita" in section(html, "missing")
    measures = section(html, "indicator-measures_implemented")
    # The median over the one peer with an action plan (Munich, 1 implemented), saying how many.
    assert re.search(r"Measures implemented 1 measures – higher is better 1 \(1 peer\)", measures)


def test_peers_by_similarity_without_ranks(client: TestClient, world: World, heidelberg: str) -> None:
    html = client.get(heidelberg).text
    peers = section(html, "peers")
    assert "not by how well they do" in peers
    assert "same country (Germany)" in peers
    assert "same climate zone, cold (heating degree days 3,400 vs 3,100)" in peers
    order = [int(i) for i in re.findall(r'<tr id="peer-(\d+)"', html)]
    assert order[0] == world.city["Cologne"] and len(order) == 5  # the nearest first
    assert not re.search(r"\b(rank|place|#1)\b", peers, re.I)
    assert "Peers whose emissions per person fell fastest" in section(html, "learn-from")
    # The conditions compared are named; each peer's figure has its year.
    assert "compared on: size" in peers and "national grid" in peers


def test_the_model_note_is_out_of_sample(client: TestClient, heidelberg: str) -> None:
    note = section(client.get(heidelberg).text, "model")
    assert "pseudo" not in note.lower()
    assert re.search(r"Tested on 559 cities not used to fit it \(5-fold cross-validation\), it explains "
                     r"0\.40 of the variance \(R²\) with a median error of 0\.37 log points, against "
                     r"0\.40 for the median of the city's own country", note)  # fmt: skip


def test_profile_and_suggestions(client: TestClient, heidelberg: str) -> None:
    html = client.get(heidelberg).text
    assert "Municipal buildings · Own operations and investment (4 / 4)" in section(html, "strengths")
    suggestions = section(html, "suggestions")
    assert "Renovation subsidy programme" in suggestions
    assert "implemented by 1 of 1 peer with an action plan" in suggestions  # Munich's, of 5 peers


def test_without_an_action_plan_measures_are_not_assessed(
    client: TestClient, world: World, tmp_path: Path
) -> None:
    benchmarked(world, tmp_path, with_plans=False)
    url = f"/cities/{world.city['Heidelberg']}/benchmark"
    html = client.get(url).text
    for code in ("measures_implemented", "catalogue_score"):
        row = section(html, f"indicator-{code}")
        assert "not assessed" in row and " 0 " not in f" {row} " and "0.0" not in row, row
    assert "Measures implemented" not in section(html, "missing")  # unknown, not a missing report
    assert "has no action plan on citypact" in section(html, "plan-note")
    assert 'id="suggestions"' not in html and 'id="catalogue"' not in html and 'id="radar-chart"' not in html
    german = client.get(url, params={"lang": "de"}).text
    assert "nicht bewertet" in section(german, "indicator-catalogue_score")
    japanese = client.get(url, params={"lang": "ja"}).text
    assert "未評価" in section(japanese, "indicator-catalogue_score")


def test_peer_group_form(client: TestClient, world: World, heidelberg: str) -> None:
    country = client.get(heidelberg, params={"peers": "country"}).text
    ids = {int(i) for i in re.findall(r'<tr id="peer-(\d+)"', country)}
    assert ids == {world.city["Munich"], world.city["Cologne"]}
    assert 'value="country" checked' in country
    custom = client.get(heidelberg, params={"peers": "custom", "ids": f"{world.city['Kyoto']}, 999999"}).text
    assert re.findall(r'<tr id="peer-(\d+)"', custom) == [str(world.city["Kyoto"])]
    twins = client.get(heidelberg, params={"peers": "twins"}).text  # Kumamoto has no emissions
    assert 'id="no-peers"' in twins
    network = client.get(heidelberg, params={"peers": "network"})
    assert network.status_code == 422 and "Choose the network" in network.text
    bad = client.get(heidelberg, params={"peers": "custom", "ids": "12, Köln"})
    assert bad.status_code == 422 and 'aria-invalid="true"' in bad.text
    c40 = re.search(r'<option value="(\d+)">C40 Cities</option>', network.text)
    assert c40
    members = client.get(heidelberg, params={"peers": "network", "network": c40.group(1)}).text
    assert {int(i) for i in re.findall(r'<tr id="peer-(\d+)"', members)} == {
        world.city["Kyoto"],
        world.city["Portland"],
    }
    pdf_link = f'href="/cities/{world.city["Heidelberg"]}/benchmark/report.pdf?peers=network&amp;network='
    assert pdf_link in members


def test_city_page_links_the_benchmark(client: TestClient, world: World) -> None:
    page = client.get(f"/cities/{world.city['Heidelberg']}").text
    assert f'href="/cities/{world.city["Heidelberg"]}/benchmark"' in page


def test_german_page(client: TestClient, heidelberg: str) -> None:
    html = client.get(heidelberg, params={"lang": "de"}).text
    assert '<html lang="de">' in html
    assert "Vergleich von Heidelberg" in html
    assert re.search(r"\d,\d\d t CO₂e pro Person im Jahr 2022", section(html, "headline"))
    assert "gleiches Land (Deutschland)" in section(html, "peers")
    assert "fehlt" in section(html, "indicator-waste_per_capita")
    indicators = section(html, "indicators")
    assert "Umgesetzte Maßnahmen" in indicators and "Measures implemented" not in indicators
    for name in ("performance", "gap", "movement", "target", "change"):
        words = section(html, name)
        assert not re.search(r"\b(the|emits|peers|per person)\b", words), (name, words)


def test_japanese_page(client: TestClient, heidelberg: str) -> None:
    html = client.get(heidelberg, params={"lang": "ja"}).text
    assert "ハイデルベルク" in html or "Heidelberg" in html
    assert "ベンチマーク" in html and "類似" in html


def test_report_and_pdf(client: TestClient, heidelberg: str) -> None:
    report = client.get(f"{heidelberg}/report", params={"peers": "country"})
    assert report.status_code == 200
    assert "<svg" in report.text and 'id="performance"' in report.text
    outside_charts = re.sub(r"<svg.*?</svg>", "", report.text, flags=re.S)
    assert 'rel="stylesheet"' not in report.text and "http" not in outside_charts
    document = client.get(f"{heidelberg}/report.pdf")
    assert document.status_code == 200
    assert document.headers["content-type"] == "application/pdf"
    assert "attachment" in document.headers["content-disposition"]
    assert document.content.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", document.content))
    assert pages > 1 or len(document.content) > 30_000


def test_hidden_city_is_not_found_for_the_public(client: TestClient, world: World, heidelberg: str) -> None:
    with world.db.write() as session:
        city = session.get(City, world.city["Heidelberg"])
        assert city is not None
        city.is_published = False
    for path in (heidelberg, f"{heidelberg}/report", f"{heidelberg}/report.pdf"):
        assert client.get(path).status_code == 404, path


def test_city_without_emissions_says_what_is_missing(client: TestClient, world: World) -> None:
    html = client.get(f"/cities/{world.city['Kumamoto']}/benchmark").text
    assert "No submitted or verified emissions yet" in section(html, "notes")
    assert "No emissions per person to compare yet." in html
    assert re.search(r'id="indicators">', html) and '-chart"><img' not in html


def test_benchmark_names_are_marked_for_translation(world: World, tmp_path: Path) -> None:
    benchmarked(world, tmp_path)
    with world.db.read() as session:
        view = city_benchmark(session, world.actor("public"), world.city["Heidelberg"])
    assert {i.label for i in INDICATORS} | {i.label for i in view.indicators} == set(labels.INDICATOR_LABELS)
    assert {i.unit for i in view.indicators} - {"%"} == set(labels.UNIT_LABELS)
    assert {i.data_quality for i in view.indicators} - {None} <= set(labels.DATA_QUALITY_LABELS)
    registry_sources = {
        i.source for i in view.indicators if i.source and not i.source.startswith(("GPC", "CDP"))
    }
    assert registry_sources | set(CONTEXT_SOURCES.values()) == set(labels.SOURCE_LABELS)
    assert set(gap_groups(structure_model())) <= set(labels.GAP_PARTS)
    assert set(EFFECTS) == set(labels.CHANGE_EFFECTS)
    zones = {climate_zone(h, c) for h in (0, 1500, 4000) for c in (0, 2000)}
    assert zones == set(labels.CLIMATE_ZONES)


def test_a_page_view_computes_the_benchmark_once_for_all_its_charts(
    client: TestClient, world: World, heidelberg: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from citypact.web.routes import benchmark as route
    from tests.web.test_pages import log_in

    calls: list[int] = []

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return city_benchmark(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(route, "city_benchmark", counted)
    html = client.get(heidelberg).text
    urls = [
        u.replace("&amp;", "&") for u in re.findall(r'class="chart" id="\w+-chart"><img src="([^"]+)"', html)
    ]
    assert len(urls) >= 5 and all("view=" in u for u in urls)
    for url in urls:
        drawn = client.get(url)
        assert drawn.status_code == 200 and drawn.text.startswith("<svg"), url
    assert len(calls) == 1  # the page's own computation, none per chart
    # An unknown or expired token is no error: the chart is computed as before.
    stale = re.sub(r"view=[\w-]+", "view=gone", urls[0])
    assert client.get(stale).status_code == 200 and len(calls) == 2
    # Another reader's token is not honoured (computed for them), and a hidden city stays hidden.
    log_in(client, "kyoto_editor")
    assert client.get(urls[0]).status_code == 200 and len(calls) == 3
    hidden = urls[0].replace(f"/cities/{world.city['Heidelberg']}/", f"/cities/{world.city['Munich']}/")
    assert client.get(hidden).status_code in (
        200,
        404,
    )  # Munich's own charts or its absence, never Heidelberg's


def test_kept_views_expire_and_are_bounded() -> None:
    from citypact.web.chart_views import ViewCharts

    now = [0.0]
    views = ViewCharts(size=2, ttl_s=300.0, clock=lambda: now[0])
    makers = {"trend": lambda: "<svg/>"}
    for token in ("a", "b", "c"):
        views.keep(token, 7, 1, makers)
    assert views.makers("a", 7, 1) is None  # the oldest went out: at most 2 are kept
    assert views.makers("b", 7, 1) == makers
    assert views.makers("b", 8, 1) is None and views.makers("b", 7, 2) is None  # another reader, city
    now[0] = 300.0
    assert views.makers("c", 7, 1) is None and len(views) == 1  # expired, and dropped
