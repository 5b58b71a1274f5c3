"""`citypact scopes`: national scopes of action, what a municipality may decide in a country. JSON is
the REST API's."""

from __future__ import annotations

import typer

from citypact.api.schemas.scopes import ScopesOut, scope_out
from citypact.cli.context import FAILED
from citypact.cli.output import DocumentFormat, emit, format_option
from citypact.services import scopes
from citypact.services.errors import ServiceError

app = typer.Typer(help="National scopes of action (what a municipality may decide).", no_args_is_help=True)


@app.command("show")
def show(
    country: str = typer.Argument(..., help="ISO 3166 code, e.g. DE, JP or US"),
    output: DocumentFormat = format_option(DocumentFormat.TABLE),
) -> None:
    """One country's profile: every field x instrument cell with its say and source."""
    try:
        view = scope_out(scopes.country_scope(country))
    except ServiceError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(FAILED) from None

    def table() -> None:
        typer.echo(f"{view.name} ({view.country})")
        for c in view.cells:
            typer.echo(f"  {c.field:<22} {c.instrument:<15} {c.say:<8} {c.source or '-'}")
        typer.echo("sources:")
        for s in view.sources:
            typer.echo(f"  {s.id}: {s.title} ({s.publisher}) {s.url}")
        if view.same_scope:
            typer.echo(f"same scope of action: {', '.join(view.same_scope)}")

    emit(output, view, table=table)


@app.command("list")
def list_all(output: DocumentFormat = format_option(DocumentFormat.TABLE)) -> None:
    """The countries with a profile and how many cells the municipality decides, shares or has no say."""
    shipped = scopes.all_scopes()
    view = ScopesOut(
        version=shipped.version,
        checked=shipped.checked,
        profiles=[scope_out(scopes.country_scope(c)) for c in shipped.profiles],
    )

    def table() -> None:
        typer.echo(f"version {view.version}, checked {view.checked}")
        for p in view.profiles:
            says = [c.say for c in p.cells]
            counts = ", ".join(f"{s} {says.count(s)}" for s in ("decides", "shares", "no_say", "unknown"))
            typer.echo(f"  {p.country} {p.name}: {counts}")

    emit(output, view, table=table)
