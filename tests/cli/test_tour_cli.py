"""`citypact tour`: the route as a table and as the API's JSON; bad input exits with status 2."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from citypact.cli.main import app
from tests.conftest import World
from tests.services.test_tours import CGN_MUC, HD_CGN, HD_MUC, add_tour_cases

runner = CliRunner()


@pytest.fixture
def env(database_url: str, world: World, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")
    return add_tour_cases(world)


def _ids(world: World, *names: str) -> list[str]:
    return [str(world.city[n]) for n in names]


def test_the_route_as_a_table(env: dict[str, int], world: World) -> None:
    result = runner.invoke(app, ["tour", *_ids(world, "Heidelberg", "Munich", "Cologne")])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "City Climate Tour: 3 cities, open path from Heidelberg, exact route"
    assert lines[2].split()[:4] == ["1", "Heidelberg", "(DE)", "-"]
    assert f"#{env['bus']} Electric buses (2020); #{env['bahnstadt']} Bahnstadt" in lines[2]
    assert lines[3].split()[:5] == ["2", "Cologne", "(DE)", "211", "211"]
    assert lines[4].split()[:5] == ["3", "Munich", "(DE)", "456", "667"]
    assert lines[-1] == "total 667.2 km (great-circle distances)"


def test_round_trip_and_start_as_json(env: dict[str, int], world: World) -> None:
    args = ["tour", *_ids(world, "Heidelberg", "Munich", "Cologne"), "--start", str(world.city["Munich"])]
    table = runner.invoke(app, [*args, "--round-trip"])
    assert table.exit_code == 0, table.output
    assert "round trip from Munich" in table.stdout and "back to Munich" in table.stdout
    result = runner.invoke(app, [*args, "--round-trip", "--format", "json", "--cases", str(env["old"])])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["stops"][0]["name"] == "Munich" and body["round_trip"] is True
    assert body["total_km"] == pytest.approx(HD_CGN + HD_MUC + CGN_MUC, abs=1e-3)
    heidelberg = next(s for s in body["stops"] if s["name"] == "Heidelberg")
    assert [m["id"] for m in heidelberg["landmarks"]] == [env["old"]]


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["999999"], "cities: no published city with id 999999"),
        (["--start", "999999"], "start: city 999999 is not on the tour"),
        (["--cases", "x"], "cases: 'x' is not a case id"),
        (["--cases", "999999"], "cases: case 999999 is not a published case"),
        (["--lang", "fr"], "lang: use en, de or ja"),
    ],
)
def test_bad_input_exits_2_naming_the_field(
    env: dict[str, int], world: World, extra: list[str], words: str
) -> None:
    result = runner.invoke(app, ["tour", *_ids(world, "Heidelberg", "Munich"), *extra])
    assert result.exit_code == 2
    assert words in result.output


def test_one_city_is_not_a_tour(env: dict[str, int], world: World) -> None:
    result = runner.invoke(app, ["tour", str(world.city["Kyoto"])])
    assert result.exit_code == 2 and "at least 2 cities" in result.output
