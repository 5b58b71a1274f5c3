"""The shipped seed of real funding programmes: every entry has an https source and a checked_on;
loading twice changes nothing; entries whose calls have all passed show as closed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from citypact.services.errors import InvalidInput, PermissionDenied
from citypact.services.funding import catalogue, seed
from citypact.storage.funding import FundingCall, FundingProgramme
from citypact.storage.models import AuditEntry
from tests.conftest import OPERATOR, World

DAY = dt.date(2026, 12, 5)


def test_every_entry_names_an_https_source_and_the_day_checked() -> None:
    entries = seed.read_seed()
    assert len(entries) >= 7
    for entry in entries:
        assert entry["source_url"].startswith("https://"), entry["name"]
        assert dt.date.fromisoformat(entry["checked_on"]) <= DAY
    funders = " ".join(e["funder_name"] for e in entries)
    for expected in ("CINEA", "ZUG", "MOEJ", "Department of Energy", "C40"):
        assert expected in funders


def test_loading_twice_changes_nothing(world: World) -> None:
    with world.db.write() as session:
        first = seed.load_programmes(session, OPERATOR, today=DAY)
    with world.db.write() as session:
        second = seed.load_programmes(session, OPERATOR, today=DAY)
    with world.db.read() as session:
        programmes = session.scalar(select(func.count()).select_from(FundingProgramme))
        calls = session.scalar(select(func.count()).select_from(FundingCall))
        audits = session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action.like("load%"))
        )
    assert first.added == programmes == 7
    assert (second.added, second.updated, second.unchanged, second.calls_added) == (0, 0, 7, 0)
    assert calls == first.calls_added
    assert audits == first.added + first.calls_added
    # the test database holds no measure catalogue: its codes are left out and said
    assert "led_street_lighting" in first.measure_types_left_out


def test_reloading_updates_a_changed_entry(world: World, tmp_path: Path) -> None:
    with world.db.write() as session:
        seed.load_programmes(session, OPERATOR, today=DAY)
    data = json.loads(seed.SEED_FILE.read_text(encoding="utf-8"))
    data["programmes"][0]["summary"] = "Changed words."
    data["programmes"][0]["calls"][0]["note"] = "Changed note."
    changed = tmp_path / "p.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    with world.db.write() as session:
        result = seed.load_programmes(session, OPERATOR, changed, today=DAY)
    assert (result.added, result.updated, result.calls_updated) == (0, 1, 1)


def test_entries_with_past_calls_show_closed(world: World) -> None:
    with world.db.write() as session:
        seed.load_programmes(session, OPERATOR, today=DAY)
    with world.db.read() as session:
        views = {
            p.name: p for p in catalogue.list_programmes(session, world.actor("public"), today=DAY).items
        }
    assert views["LIFE Clean Energy Transition sub-programme"].state == "closed"
    assert views["Energy Efficiency and Conservation Block Grant Program (EECBG)"].state == "closed"
    assert views["Kommunalrichtlinie (National Climate Initiative)"].state == "open"
    assert views["C40 Cities Finance Facility (CFF)"].state is None  # no call listed
    assert all(not v.check_is_stale for v in views.values())


def test_only_administrators_load_and_a_bad_file_writes_nothing(world: World, tmp_path: Path) -> None:
    with world.db.write() as session, pytest.raises(PermissionDenied):
        seed.load_programmes(session, world.actor("c40_secretariat"))
    data = json.loads(seed.SEED_FILE.read_text(encoding="utf-8"))
    data["programmes"][3]["source_url"] = "http://insecure.example"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InvalidInput) as error, world.db.write() as session:
        seed.load_programmes(session, OPERATOR, bad, today=DAY)
    assert "programme 4" in error.value.field and "source_url" in error.value.field
    with world.db.read() as session:
        assert session.scalar(select(func.count()).select_from(FundingProgramme)) == 0
