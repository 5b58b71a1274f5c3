"""`citypact scopes change-source`, `remove-source` and `rename-country`: the operator corrects a
source (the code stays), removes one no statement cites (a shipped one stays) and renames a profile."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from citypact.cli.main import app
from citypact.services import scopes
from tests.conftest import World

runner = CliRunner()


@pytest.fixture(autouse=True)
def database(database_url: str, world: World, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")
    return world


def test_change_a_source(database: World) -> None:
    done = runner.invoke(
        app, ["scopes", "change-source", "de_gg_28", "--title", "GG Art. 28", "--publisher", "BMJ"]
    )
    assert done.exit_code == 0 and "changed source de_gg_28 (version 2)" in done.stdout
    with database.db.read() as session:
        found = scopes.all_scopes(session).sources["de_gg_28"]
        assert (found.title, found.publisher) == ("GG Art. 28", "BMJ")
    bad = runner.invoke(app, ["scopes", "change-source", "de_gg_28", "--url", "ftp://x"])
    assert bad.exit_code == 2 and "url:" in bad.stderr
    nothing = runner.invoke(app, ["scopes", "change-source", "de_gg_28"])
    assert nothing.exit_code == 2 and "--title" in nothing.stderr
    unknown = runner.invoke(app, ["scopes", "change-source", "nowhere", "--title", "X"])
    assert unknown.exit_code == 2


def test_remove_a_source_asks_first_and_a_shipped_one_stays(database: World) -> None:
    runner.invoke(
        app, ["scopes", "add-source", "de_kag", "--title", "KAG", "--url", "https://example.org/kag",
              "--publisher", "Land"],
    )  # fmt: skip
    shipped = runner.invoke(app, ["scopes", "remove-source", "de_gg_28", "--yes"])
    assert shipped.exit_code == 2 and "data load" in shipped.stderr
    no = runner.invoke(app, ["scopes", "remove-source", "de_kag"], input="n\n")
    assert no.exit_code == 1
    with database.db.read() as session:
        assert "de_kag" in scopes.all_scopes(session).sources
    yes = runner.invoke(app, ["scopes", "remove-source", "de_kag"], input="y\n")
    assert yes.exit_code == 0 and "removed source de_kag" in yes.stdout
    with database.db.read() as session:
        assert "de_kag" not in scopes.all_scopes(session).sources


def test_rename_a_country(database: World) -> None:
    done = runner.invoke(app, ["scopes", "rename-country", "de", "Deutschland"])
    assert done.exit_code == 0 and "renamed the profile of DE: Deutschland" in done.stdout
    assert "DE Deutschland:" in runner.invoke(app, ["scopes", "list"]).stdout
    bad = runner.invoke(app, ["scopes", "rename-country", "DE", " "])
    assert bad.exit_code == 2 and "name:" in bad.stderr
    assert runner.invoke(app, ["scopes", "rename-country", "FR", "France"]).exit_code == 2
