"""Migration 0017 keeps the meaning of user factors stored before ef_basis existed: on grid
electricity they were the market-based figure, so they are marked `market`; others stay empty."""

from __future__ import annotations

from alembic import command
from sqlalchemy import select, text

from citypact.storage.migrate import alembic_config, upgrade
from citypact.storage.models import ActivityRecord
from tests.conftest import World

ROWS = (
    # position, gpc_ref, fuel, ef_co2 -> ef_basis after the migration
    (1, "I.2.2", "electricity", 400.0, "market"),  # the old rule: a supplier factor, the memo
    (2, "I.2.3", "Electricity", 400.0, "market"),  # T&D losses took it the same way
    (3, "I.1.2", "district_heat", 190.0, None),  # district heat: always the row's factor
    (4, "I.2.2", "electricity", None, None),  # no user factor: the national grid factor
    (5, "I.1.1", "Natural Gas", 56.1, None),  # combustion in the city
)


def test_stored_grid_user_factors_stay_market_based(database_url: str, world: World) -> None:
    command.downgrade(alembic_config(database_url), "0013")
    with world.db.write() as session:
        inventory_id = session.execute(
            text(
                "INSERT INTO inventory (city_id, year, standard, gwp, status, factor_library, boundary,"
                " created_at, updated_at) VALUES (:city, 2019, 'BASIC', 'AR5', 'draft', 'test', '',"
                " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP) RETURNING id"
            ),
            {"city": world.city["Heidelberg"]},
        ).scalar_one()
        for position, ref, fuel, ef_co2, _ in ROWS:
            session.execute(
                text(
                    "INSERT INTO activity_record (inventory_id, position, gpc_ref, fuel, amount, unit,"
                    " ef_co2, ef_unit, ef_source) VALUES (:inv, :pos, :ref, :fuel, 10, 'MWh', :ef,"
                    " 'kg/MWh', 'supplier')"
                ),
                {"inv": inventory_id, "pos": position, "ref": ref, "fuel": fuel, "ef": ef_co2},
            )
    upgrade(database_url)
    with world.db.read() as session:
        stored = session.execute(
            select(ActivityRecord.position, ActivityRecord.ef_basis)
            .where(ActivityRecord.inventory_id == inventory_id)
            .order_by(ActivityRecord.position)
        ).all()
    assert [tuple(r) for r in stored] == [(position, basis) for position, *_, basis in ROWS]
