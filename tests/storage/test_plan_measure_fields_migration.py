"""Migration 0018 adds a plan measure's funding source, GPC sector and co-benefits: measures stored
before keep every value and get none of the three; the downgrade takes the columns away again."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from citypact.storage.migrate import alembic_config, upgrade
from tests.conftest import World

NEW = {"funding_source", "gpc_sector", "co_benefits"}


def _columns(world: World) -> set[str]:
    with world.db.read() as session:
        return {c["name"] for c in inspect(session.connection()).get_columns("plan_measure")}


def test_plan_measure_fields_up_and_down(database_url: str, world: World) -> None:
    config = alembic_config(database_url)
    command.downgrade(config, "0017")
    assert not NEW & _columns(world)
    with world.db.write() as session:
        session.execute(
            text(
                "INSERT INTO plan_measure (city_id, title, description, field, instrument, decision_level,"
                " implementation, cancelled, owner_department, responsible, funding, reduction_method,"
                " gpc_refs, updated_at, version) VALUES (:city, 'LED lights', '', 'transport', 'soft',"
                " 'municipality', 'planned', false, '', 'Works office', 'own money', '', '',"
                " CURRENT_TIMESTAMP, 1)"
            ),
            {"city": world.city["Heidelberg"]},
        )
    upgrade(database_url)
    assert _columns(world) >= NEW
    with world.db.read() as session:
        row = session.execute(
            text(
                "SELECT title, responsible, funding, funding_source, gpc_sector, co_benefits"
                " FROM plan_measure"
            )
        ).one()
    assert tuple(row) == ("LED lights", "Works office", "own money", None, None, "")
    command.downgrade(config, "0017")
    assert not NEW & _columns(world)
    with world.db.read() as session:
        assert session.execute(text("SELECT title FROM plan_measure")).scalar_one() == "LED lights"
    upgrade(database_url)
