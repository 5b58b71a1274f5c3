"""`citypact news list SLUG` and `citypact news post SLUG --title ... --body-file ...`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from citypact.cli.main import app
from tests.conftest import World
from tests.portal_fixture import PortalWorld, portal_world

runner = CliRunner()


@pytest.fixture
def pw(database_url: str, world: World, monkeypatch: pytest.MonkeyPatch) -> PortalWorld:
    monkeypatch.setenv("CITYPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("CITYPACT_SECRET_KEY", "cli-test")
    return portal_world(world)


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["news", *args])
    return result.exit_code, result.stdout, result.stderr


def test_list_published_and_with_drafts(pw: PortalWorld) -> None:
    code, out, _ = _run("list", "c40")
    assert code == 0 and "Spring news" in out and "Draft news" not in out
    code, out, _ = _run("list", "c40", "--drafts", "--format", "json")
    assert code == 0 and [p["title"] for p in json.loads(out)["posts"]] == ["Draft news", "Spring news"]
    code, _, err = _run("list", "nowhere")
    assert code != 0 and "network" in err


def test_post_from_a_file(pw: PortalWorld, tmp_path: Path) -> None:
    body = tmp_path / "body.txt"
    body.write_text("First paragraph.\n\nSecond paragraph.", encoding="utf-8")
    code, out, err = _run("post", "c40", "--title", "From the CLI", "--body-file", str(body), "--publish")
    assert code == 0, err
    assert "(published)" in out
    code, out, _ = _run("list", "c40")
    assert "From the CLI" in out


def test_post_refuses_bad_input_and_writes_nothing(pw: PortalWorld, tmp_path: Path) -> None:
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Gr\xfc\xdfe".encode("latin-1"))
    code, _, err = _run("post", "c40", "--title", "T", "--body-file", str(latin))
    assert code != 0 and "--body-file" in err and "UTF-8" in err
    good = tmp_path / "good.txt"
    good.write_text("Text", encoding="utf-8")
    code, _, err = _run("post", "c40", "--title", "T", "--body-file", str(good), "--language", "fr")
    assert code != 0 and "language" in err
    code, out, _ = _run("list", "c40", "--drafts")
    assert "T" not in out.split()
