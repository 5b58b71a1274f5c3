"""`citypact benchmark`: a city by name (any spelling) or id, as the API's JSON or as tables, and the
structure model."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from citypact.cli.main import app
from tests.conftest import World
from tests.factories import new_city, reported_inventory

runner = CliRunner()

# Territorial (scope 1) totals reported for two years: (t CO2e, population) per year.
REPORTED = {
    "Heidelberg": {2020: (1_600_000.0, 160_000), 2021: (1_440_000.0, 160_000)},  # 10 -> 9 t/person
    "Munich": {2020: (18_000_000.0, 1_500_000), 2021: (17_100_000.0, 1_500_000)},  # 12 -> 11.4
    "Cologne": {2020: (8_000_000.0, 1_000_000), 2021: (8_000_000.0, 1_000_000)},  # 8 -> 8
}


@pytest.fixture
def figures(database_url: str, world: World, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")
    for city, years in REPORTED.items():
        for year, (tonnes, population) in years.items():
            reported_inventory(world, city, year, tonnes, population, source="test report", gases=None)
    # A draft is not benchmarked.
    reported_inventory(
        world, "Kyoto", 2021, 9_000_000.0, 1_460_000, status="draft", source="test report", gases=None
    )
    return world


def test_json_is_the_apis(figures: World, client: TestClient) -> None:
    result = runner.invoke(app, ["benchmark", "city", "Heidelberg", "--peers", "country", "--format", "json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    api = client.get(f"/api/v1/cities/{figures.city['Heidelberg']}/benchmark", params={"peers": "country"})
    assert body == api.json()
    assert body["headline"]["value"] == 9.0 and body["trend"]["percent_per_year"] == pytest.approx(-10.0)
    assert {p["name"] for p in body["peers"]} == {"Munich", "Cologne"}
    by_code = {i["code"]: i for i in body["indicators"]}
    assert by_code["scope1_per_capita"]["peer_median"] == pytest.approx((11.4 + 8.0) / 2)
    assert by_code["transport_per_capita"]["value"] is None  # not reported: null, not 0
    assert "rank" not in result.stdout.lower()


def test_table_by_any_spelling(figures: World) -> None:
    result = runner.invoke(app, ["benchmark", "city", "München", "--peers", "country"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Munich (DE)" in out
    assert "11.40 t CO2e/person in 2021, -5.0% a year over 2 years" in out
    assert "falling by 5.0% a year, faster than 1 of 2 peers" in out  # Cologne is flat, Heidelberg -10 %
    assert "Peers, most similar first" in out and "Heidelberg (DE)" in out
    # No degree days in the fixture: the expected level is the country median, and it says so.
    assert "Expected level: the country median." in out


def test_a_draft_only_city_says_why_it_has_no_benchmark(figures: World) -> None:
    result = runner.invoke(app, ["benchmark", "city", "--id", str(figures.city["Kyoto"]), "--format", "json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["headline"]["value"] is None and body["series"] == []
    assert any("Drafts are not benchmarked" in n for n in body["notes"])


def test_peer_group_by_network_slug(figures: World) -> None:
    result = runner.invoke(
        app, ["benchmark", "city", "Cologne", "--peers", "network", "--network", "c40", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["peers"] == []  # C40 members here (Kyoto, Portland) have no figures
    custom = runner.invoke(
        app,
        [
            "benchmark",
            "city",
            "Cologne",
            "--peers",
            "custom",
            "--ids",
            str(figures.city["Munich"]),
            "--format",
            "json",
        ],
    )
    assert [p["name"] for p in json.loads(custom.stdout)["peers"]] == ["Munich"]


def test_an_ambiguous_name_lists_the_candidates(figures: World) -> None:
    maine_id = new_city(
        figures, name="Portland", country="US", lat=43.66, lon=-70.26, population=68_408, admin_area="Maine"
    )
    result = runner.invoke(app, ["benchmark", "city", "Portland", "--country", "us"])
    assert result.exit_code == 2
    assert f"--id {figures.city['Portland']}" in result.output and f"--id {maine_id}" in result.output
    assert "Portland, Maine (US)" in result.output and "Portland, Oregon (US)" in result.output
    chosen = runner.invoke(app, ["benchmark", "city", "--id", str(maine_id), "--format", "json"])
    assert chosen.exit_code == 0 and json.loads(chosen.stdout)["city_id"] == maine_id


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Atlantis"], "no published city matches 'Atlantis'"),
        (["--id", "999999"], "999999"),
        ([], "NAME or --id"),
        (["Heidelberg", "--peers", "league"], "league"),
        (["Heidelberg", "--peers", "custom"], "ids"),
        (["Heidelberg", "--peers", "custom", "--ids", "1,two"], "--ids"),
        (["Heidelberg", "--peers", "network", "--network", "nowhere"], "nowhere"),
    ],
)
def test_bad_input_exits_2_and_says_why(figures: World, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["benchmark", "city", *args])
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_the_structure_model(figures: World) -> None:
    result = runner.invoke(app, ["benchmark", "model", "--format", "json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["coefficients"][0]["name"] == "intercept"
    assert body["converged"] is True and body["n_used"] > 100
    table = runner.invoke(app, ["benchmark", "model"])
    assert table.exit_code == 0, table.output
    assert "log_hdd" in table.stdout and "converged" in table.stdout
    # The out-of-sample figures next to the baselines, never the in-sample pseudo-R².
    assert "pseudo R²" not in table.stdout and "country_median" in table.stdout
    assert "conditions_sources (chosen)" in table.stdout


def test_a_city_without_an_action_plan_is_not_assessed(figures: World) -> None:
    result = runner.invoke(app, ["benchmark", "city", "Heidelberg", "--peers", "country"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "measures implemented: not assessed" in out and "Catalogue score: 0" not in out
    body = json.loads(
        runner.invoke(
            app, ["benchmark", "city", "Heidelberg", "--peers", "country", "--format", "json"]
        ).stdout
    )
    assert body["has_plan"] is False and body["catalogue"] is None
