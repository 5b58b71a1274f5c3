"""`citypact offers list` and `citypact offers match CITY`."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from citypact.cli.main import app
from tests.conftest import World
from tests.offers_fixture import OfferWorld, offer_world

runner = CliRunner()


@pytest.fixture
def ow(database_url: str, world: World, monkeypatch: pytest.MonkeyPatch) -> OfferWorld:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")
    return offer_world(world)


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["offers", *args])
    return result.exit_code, result.stdout, result.stderr


def test_list_in_three_formats_and_filtered(ow: OfferWorld) -> None:
    code, out, _ = _run("list", "--format", "json")
    assert code == 0
    assert {o["title"] for o in json.loads(out)} == {"LED retrofit", "Rooftop PV"}  # no draft
    code, out, _ = _run("list", "--country", "JP", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["title"] for r in rows] == ["Rooftop PV"] and rows[0]["countries"] == "JP"
    code, out, _ = _run("list", "--field", "buildings_municipal", "--country", "DE")
    assert code == 0 and "LED retrofit" in out and "Rooftop PV" not in out
    code, _, err = _run("list", "--field", "space")
    assert code != 0 and "field" in err


def test_match_a_city_by_name(ow: OfferWorld) -> None:
    code, out, _ = _run("match", "Heidelberg", "--format", "json")
    assert code == 0
    found = json.loads(out)
    led = next(n for n in found["needs"] if n["id"] == ow.led_measure and n["source"] == "plan_measure")
    assert led["offers"][0]["title"] == "LED retrofit"
    code, out, _ = _run("match", "Heidelberg", "--format", "table")
    assert code == 0 and "no offer fits" in out and "never payment" in out
