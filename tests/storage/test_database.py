"""The database: migrations, SQLite settings, concurrent writers, rollback."""

from __future__ import annotations

import re
import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text

from citypact.domain.access import Actor
from citypact.services.registry import city_edits
from citypact.services.registry.cities import get_profile
from citypact.storage.db import Database, make_engine
from citypact.storage.migrate import alembic_config, current_revision
from citypact.storage.models import AuditEntry, Base, CityStatistic
from tests.conftest import World


def test_migrated_to_head(database_url: str) -> None:
    head = ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()
    assert current_revision(database_url) == head


def test_migrations_build_the_tables_the_models_describe(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    # The search indexes (migrations 0002, 0004) are dialect-specific and no model describes them:
    # FTS5 tables on SQLite, pg_trgm GIN indexes on PostgreSQL.
    search = [
        d
        for d in differences
        if re.search(r"(city|case)_search|search_text_trgm", getattr(d[1], "name", "") or "")
    ]
    assert [d for d in differences if d not in search] == []


def test_sqlite_settings(world: World) -> None:
    if world.db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with world.db.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar() == 30000


def test_failed_write_rolls_back_everything(world: World) -> None:
    admin = world.actor("admin")
    with world.db.read() as session:
        entries = session.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(RuntimeError), world.db.write() as session:
        city_edits.update_city(session, admin, world.city["Kyoto"], {"population": 1})
        raise RuntimeError("fails after the change")
    with world.db.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == entries
        assert get_profile(session, Actor(), world.city["Kyoto"]).population == 1464890


def test_concurrent_writers_all_land(database_url: str, world: World) -> None:
    """Eight threads, each with its own engine, write 25 figures each; none is lost or refused."""
    admin = world.actor("admin")
    city = world.city["Heidelberg"]
    errors: list[BaseException] = []

    def writer(worker: int) -> None:
        db = Database(database_url)
        try:
            for i in range(25):
                with db.write() as session:
                    city_edits.save_statistic(
                        session,
                        admin,
                        city,
                        year=1900 + i,
                        variable="population",
                        value=float(worker * 100 + i),
                        source=f"worker {worker}",
                        data_quality="low",
                    )
        except BaseException as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            db.dispose()

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with world.db.read() as session:
        written = session.scalar(
            select(func.count()).select_from(CityStatistic).where(CityStatistic.source.like("worker %"))
        )
    assert written == 200
