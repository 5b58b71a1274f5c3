"""The `citypact` command: serve, migrate, load data, manage users."""

from __future__ import annotations

import typer

from citypact.cli import benchmark, data, inventory, match, measures, partnerships, tour, users
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


if __name__ == "__main__":
    app()
