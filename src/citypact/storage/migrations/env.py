"""Alembic environment: runs migrations on the engine citypact itself uses."""

from alembic import context

from citypact.storage.db import make_engine
from citypact.storage.models import Base

config = context.config
engine = make_engine(config.get_main_option("sqlalchemy.url") or "")

with engine.connect() as connection:
    # Batch mode rebuilds a SQLite table (copy, drop, rename): with foreign keys on, dropping a parent
    # table such as `inventory` would cascade-delete every child row. They are off while migrating
    # (set on the driver's connection: SQLite ignores the pragma inside a transaction), then checked
    # and on again.
    sqlite = connection.dialect.name == "sqlite"
    raw = connection.connection.dbapi_connection if sqlite else None
    if raw is not None:
        raw.execute("PRAGMA foreign_keys=OFF")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=sqlite,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    if raw is not None:
        broken = raw.execute("PRAGMA foreign_key_check").fetchall()
        raw.execute("PRAGMA foreign_keys=ON")
        if broken:
            raise RuntimeError(f"a migration left rows without their parent: {broken[:5]}")
engine.dispose()
