"""What every `citypact` command shares: the actor it acts as, the database it opens once per run, and
how a refusal reaches the shell.

A command reads or writes inside `reading()` or `writing()`. A refusal raised there (a `ServiceError`
of a service, the `ImportErrors` of a file reader) becomes one line on stderr, `error: ` and the
message, which names the field, file, row or column and the fix, and the exit status `REFUSED`; the
write rolls back first and the engine is disposed either way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, NoReturn

import typer
from sqlalchemy.exc import DBAPIError

from citypact.config import load_settings
from citypact.domain.access import Actor
from citypact.formats.errors import ImportErrors
from citypact.services.errors import ServiceError
from citypact.storage.db import Database
from citypact.storage.migrate import current_revision, head_revision

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# Whoever runs a command on the server is its operator.
OPERATOR = Actor(user_id=None, is_admin=True)

# Exit statuses, the same for every command (README, "Command line").
FAILED = 1  # not done, for a reason outside the input: a file in the way, a failed backup tool, a "no"
REFUSED = 2  # the input was refused: a bad option or value, an unknown id, a name that fits several


def fail(message: object) -> NoReturn:
    """Stop the command: `error: MESSAGE` on stderr, exit status REFUSED."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(REFUSED)


@contextmanager
def refusals() -> Iterator[None]:
    """Turn a service's or a file reader's refusal into its message on stderr and exit status REFUSED."""
    try:
        yield
    except (ServiceError, ImportErrors) as error:
        fail(error)


@contextmanager
def _session(write: bool) -> Iterator[Session]:
    url = load_settings().database_url
    db = Database(url)
    try:
        # The session closes (a write rolls back) before the refusal is reported.
        with refusals(), db.write() if write else db.read() as session:
            yield session
    except DBAPIError:
        # A database never migrated (or left behind) says "no such table": say what to run instead.
        if current_revision(url) != head_revision():
            typer.echo(
                "error: the database's schema is not up to date; run `citypact db upgrade` first.", err=True
            )
            raise typer.Exit(FAILED) from None
        raise
    finally:
        db.dispose()


def reading() -> AbstractContextManager[Session]:
    """A read session on the configured database, for one command."""
    return _session(write=False)


def writing() -> AbstractContextManager[Session]:
    """One write transaction on the configured database: it commits at the end of the block and
    writes nothing when the command is refused."""
    return _session(write=True)
