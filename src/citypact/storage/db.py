"""Engine and transactions for SQLite (embedded) and PostgreSQL (deployments).

SQLite runs in WAL mode with foreign keys on and a busy timeout. Write transactions start with
BEGIN IMMEDIATE so that a writer takes the lock up front instead of failing half-way with
"database is locked" when it upgrades a read lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

_WRITE = "citypact_write"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


@dataclass(frozen=True)
class PoolSize:
    """Connections an engine keeps (`size`), may add (`overflow`), and how long a caller waits for
    one before sqlalchemy.exc.TimeoutError (which the app answers with 503)."""

    size: int = 5
    overflow: int = 10
    timeout_s: float = 30.0

    @classmethod
    def for_threads(cls, threads: int, timeout_s: float) -> PoolSize:
        # Connections are used only inside the worker threads (ReleasingRoute closes a request's
        # session before its thread returns); a thread may hold two at once (a read session and a
        # write), plus one for the few async form routes that write on the event loop.
        return cls(size=2 * threads + 1, overflow=threads, timeout_s=timeout_s)


def make_engine(url: str, pool: PoolSize | None = None) -> Engine:
    """Create the engine for `url`, configuring SQLite for concurrent use."""
    pool = pool or PoolSize()
    sizes = {"pool_size": pool.size, "max_overflow": pool.overflow, "pool_timeout": pool.timeout_s}
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, pool_pre_ping=True, **sizes)

    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": 30, "check_same_thread": False}, **sizes)
    else:
        engine = create_engine(parsed, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class Database:
    """Hands out read and write sessions; one per request or command."""

    def __init__(self, url: str, pool: PoolSize | None = None) -> None:
        self.url = url
        self.engine = make_engine(url, pool)
        self._probe: Engine | None = None
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(self.engine.execution_options(**{_WRITE: True}), expire_on_commit=False)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that commits on success and writes nothing on any error."""
        with self._write() as session, session.begin():
            yield session

    def ping(self) -> None:
        """A round trip to the database over a connection of its own, outside the pool, so that a
        health check still answers when every pooled connection is busy."""
        if self._probe is None:
            self._probe = make_engine(self.url, PoolSize(size=1, overflow=0, timeout_s=2.0))
        with self._probe.connect() as connection:
            connection.exec_driver_sql("SELECT 1")

    def dispose(self) -> None:
        self.engine.dispose()
        if self._probe is not None:
            self._probe.dispose()
