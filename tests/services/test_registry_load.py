"""Loading the registry: idempotent upserts, edits kept, the shipped bundle loads whole."""

from __future__ import annotations

import json

from sqlalchemy import text

from citypact.domain.access import ANONYMOUS
from citypact.reference.registry import BUNDLE_DIR, read_bundle
from citypact.services.registry import city_edits
from citypact.services.registry import load as registry_load
from citypact.services.registry.cities import get_profile, search_cities
from citypact.storage.db import Database
from tests.conftest import World
from tests.registry_fixture import small_registry

TABLES = (
    "country",
    "city",
    "city_statistic",
    "grid_intensity",
    "degree_days",
    "twin_link",
    "network",
    "network_member",
    "source",
)


def _dump(db: Database) -> dict[str, list[tuple[object, ...]]]:
    with db.read() as session:
        return {t: sorted(map(tuple, session.execute(text(f"SELECT * FROM {t}")))) for t in TABLES}


def test_loading_twice_changes_nothing(world: World) -> None:
    before = _dump(world.db)
    with world.db.write() as session:
        registry_load.load_registry(session, small_registry())
    assert _dump(world.db) == before


def test_reload_keeps_what_a_person_edited(world: World) -> None:
    kyoto = world.city["Kyoto"]
    with world.db.write() as session:
        city_edits.update_city(session, world.actor("kyoto_editor"), kyoto, {"population": 1_463_723})
    with world.db.write() as session:
        registry_load.load_registry(session, small_registry())
    with world.db.read() as session:
        assert get_profile(session, world.actor("public"), kyoto).population == 1_463_723


def test_shipped_bundle_loads_whole(database_url: str) -> None:
    """The compact tables that `make run` loads on a machine without ../shared."""
    manifest = json.loads((BUNDLE_DIR / "manifest.json").read_text())
    db = Database(database_url)
    with db.write() as session:
        counts = registry_load.load_registry(session, read_bundle())
    assert counts.cities >= manifest["tables"]["cities"]["rows"]
    with db.read() as session:
        heidelberg = search_cities(session, q="Heidelberg", country="DE").items[0]
        profile = get_profile(session, ANONYMOUS, heidelberg.id)
        assert any(t.name == "Kumamoto" for t in profile.twins)
        assert profile.grid_for_year(2022) is not None
        assert search_cities(session, q="ミュンヘン").items[0].name == "Munich"
    db.dispose()
