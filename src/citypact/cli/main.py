"""The `citypact` command: serve, migrate, load data, manage users."""

from __future__ import annotations

from pathlib import Path

import typer

from citypact.cli import (
    benchmark,
    contract,
    credits,
    data,
    deals,
    funding,
    ideas,
    inventory,
    joint_projects,
    match,
    measures,
    news,
    offers,
    organisations,
    partnerships,
    positions,
    procurement,
    report,
    scopes,
    surveys,
    tour,
    users,
)
from citypact.cli.context import FAILED
from citypact.config import load_settings

app = typer.Typer(help="citypact: local governments' climate partnerships.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(data.app, name="data")
app.add_typer(users.app, name="user")
app.add_typer(inventory.app, name="inventory")
app.add_typer(measures.measures_app, name="measures")
app.add_typer(measures.cases_app, name="cases")
app.add_typer(measures.plan_app, name="plan")
app.add_typer(users.demo_app, name="demo")
app.add_typer(benchmark.app, name="benchmark")
app.add_typer(partnerships.app, name="partnership")
app.add_typer(joint_projects.app, name="joint-project")
app.add_typer(procurement.app, name="procurement")
app.add_typer(contract.app, name="contract")
app.add_typer(organisations.app, name="organisations")
app.add_typer(ideas.app, name="ideas")
app.add_typer(deals.app, name="deals")
app.add_typer(credits.app, name="credits")
app.add_typer(funding.app, name="funding")
app.add_typer(offers.app, name="offers")
app.add_typer(report.report_app, name="report")
app.add_typer(report.open_data_app, name="open-data")
app.add_typer(surveys.app, name="surveys")
app.add_typer(news.app, name="news")
app.add_typer(scopes.app, name="scopes")
app.add_typer(positions.app, name="positions")
app.command("tour")(tour.tour)
app.command("match")(match.match)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="interface to listen on"),
    port: int = typer.Option(8000, help="TCP port"),
    workers: int = typer.Option(1, min=1, help="worker processes"),
) -> None:
    """Serve the pages and the API."""
    import uvicorn

    typer.echo(f"citypact serving on http://{host}:{port}")
    uvicorn.run(
        "citypact.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
        proxy_headers=False,  # X-Forwarded-* count only with CITYPACT_TRUST_PROXY=1 (api/security.py)
    )


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head")) -> None:
    """Bring the database schema up to date (Alembic migrations)."""
    from citypact.storage.migrate import upgrade

    settings = load_settings()
    upgrade(settings.database_url, revision)
    typer.echo(f"database at revision {revision}: {settings.database_url.split('@')[-1]}")


def _where(url: str) -> str:
    return url.split("@")[-1]  # no password in what we print


@db_app.command("backup")
def db_backup(
    file: Path = typer.Argument(
        ..., help="file to write (SQLite: a database file; PostgreSQL: pg_dump format)"
    ),
    force: bool = typer.Option(False, "--force", help="replace FILE if it exists"),
) -> None:
    """Write a consistent copy of the whole database to FILE while the server keeps running."""
    from citypact.storage.backup import BackupError, backup, table_rows

    url = load_settings().database_url
    if file.exists() and not force:
        typer.echo(f"{file} exists; name another file or add --force to replace it.", err=True)
        raise typer.Exit(FAILED)
    try:
        backup(url, file)
    except BackupError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(FAILED) from exc
    counts = table_rows(url)
    typer.echo(
        f"backed up {_where(url)} to {file}: {len(counts)} tables, "
        f"{sum(c.rows for c in counts):,} rows, {file.stat().st_size:,} bytes"
    )


@db_app.command("restore")
def db_restore(
    file: Path = typer.Argument(..., help="a file written by `citypact db backup`"),
    force: bool = typer.Option(False, "--force", help="replace the database's contents without asking"),
) -> None:
    """Replace the whole database with the backup in FILE (asks first unless --force)."""
    import sys

    from citypact.storage.backup import BackupError, restore, table_rows
    from citypact.storage.migrate import current_revision, head_revision

    url = load_settings().database_url
    before = table_rows(url)
    rows = sum(c.rows for c in before)
    if rows and not force:
        question = (
            f"{_where(url)} holds {rows:,} rows in {len(before)} tables; "
            f"replace all of them with the backup {file}?"
        )
        if not sys.stdin.isatty():
            typer.echo(f"{question} Not replaced: add --force to restore without asking.", err=True)
            raise typer.Exit(FAILED)
        if not typer.confirm(question):
            typer.echo("Not restored; the database is unchanged.")
            raise typer.Exit(FAILED)
    try:
        restore(url, file)
    except BackupError as exc:
        typer.echo(f"{exc} The database is unchanged.", err=True)
        raise typer.Exit(FAILED) from exc
    after = table_rows(url)
    revision = current_revision(url)
    typer.echo(
        f"restored {_where(url)} from {file}: {len(after)} tables, {sum(c.rows for c in after):,} rows "
        f"(it held {rows:,} before), schema revision {revision}"
    )
    if revision != head_revision():
        typer.echo(
            f"the backup predates this version's schema ({head_revision()}): run `citypact db upgrade`"
        )


if __name__ == "__main__":
    app()
