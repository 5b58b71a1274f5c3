"""`citypact scopes`: national scopes of action, what a municipality may decide in a country. JSON is
the REST API's. The operator maintains them: `set` adds or changes a cell's statement, `remove`
removes one, `add-source` and `add-country` add a source and a country's profile, `change-source` and
`remove-source` correct or remove a source, `rename-country` renames a country's profile."""

from __future__ import annotations

import typer

from citypact.api.schemas.scopes import ScopesOut, StatementOut, scope_out
from citypact.cli.context import FAILED, OPERATOR, fail, reading, writing
from citypact.cli.output import DocumentFormat, emit, format_option
from citypact.services import scopes
from citypact.services.scopes import admin, sources

app = typer.Typer(help="National scopes of action (what a municipality may decide).", no_args_is_help=True)


@app.command("show")
def show(
    country: str = typer.Argument(..., help="ISO 3166 code, e.g. DE, JP or US"),
    output: DocumentFormat = format_option(DocumentFormat.TABLE),
) -> None:
    """One country's profile: every field x instrument cell with its say and source."""
    with reading() as session:
        view = scope_out(scopes.country_scope(session, country))
        ids = admin.statement_ids(session, country)

    def table() -> None:
        typer.echo(f"{view.name} ({view.country})")
        for c in view.cells:
            typer.echo(f"  {c.field:<22} {c.instrument:<15} {c.say:<8} {c.source or '-'}")
        typer.echo("statements (id field instrument):")
        for (f, i), (sid, _) in sorted(ids.items(), key=lambda item: item[1][0]):
            typer.echo(f"  {sid:>5} {f} {i}")
        typer.echo("sources:")
        for s in view.sources:
            typer.echo(f"  {s.id}: {s.title} ({s.publisher}) {s.url}")
        if view.same_scope:
            typer.echo(f"same scope of action: {', '.join(view.same_scope)}")

    emit(output, view, table=table)


@app.command("list")
def list_all(output: DocumentFormat = format_option(DocumentFormat.TABLE)) -> None:
    """The countries with a profile and how many cells the municipality decides, shares or has no say."""
    with reading() as session:
        found = scopes.all_scopes(session)
        view = ScopesOut(
            version=found.version,
            checked=found.checked,
            profiles=[scope_out(scopes.country_scope(session, c)) for c in found.profiles],
        )

    def table() -> None:
        typer.echo(f"version {view.version}, checked {view.checked}")
        for p in view.profiles:
            says = [c.say for c in p.cells]
            counts = ", ".join(f"{s} {says.count(s)}" for s in ("decides", "shares", "no_say", "unknown"))
            typer.echo(f"  {p.country} {p.name}: {counts}")

    emit(output, view, table=table)


@app.command("set")
def set_statement(
    country: str = typer.Argument(..., help="ISO 3166 code of a profile, e.g. DE"),
    field: str = typer.Argument(..., help="a field of the measures taxonomy, or * for every field"),
    instrument: str = typer.Argument(..., help="an instrument of the measures taxonomy, or *"),
    say: str = typer.Option(..., "--say", help="decides, shares or no_say"),
    source: str = typer.Option(..., "--source", help="the id of a source (see `scopes show`)"),
    note: str = typer.Option("", "--note", help="what the law says, in a sentence (at most 400 characters)"),
    output: DocumentFormat = format_option(DocumentFormat.TABLE),
) -> None:
    """Add the statement of a cell, or change the one it has (say, source, note)."""
    values = {"field": field, "instrument": instrument, "say": say, "source": source, "note": note}
    with writing() as session:
        statement_id = admin.set_statement(session, OPERATOR, country, values).id
    with reading() as session:
        view = StatementOut.model_validate(
            admin.read_statement(session, country, statement_id), from_attributes=True
        )
    emit(
        output,
        view,
        table=lambda: typer.echo(
            f"{view.country} {view.field} x {view.instrument}: {view.say} ({view.source}), "
            f"statement {view.id} version {view.version}"
        ),
    )


@app.command("remove")
def remove_statement(
    country: str = typer.Argument(..., help="ISO 3166 code of a profile, e.g. DE"),
    field: str = typer.Argument(..., help="the statement's field, or *"),
    instrument: str = typer.Argument(..., help="the statement's instrument, or *"),
    yes: bool = typer.Option(False, "--yes", help="remove without asking"),
) -> None:
    """Remove a cell's statement (its cells fall back to a less specific statement or to unknown)."""
    with reading() as session:
        scopes.country_scope(session, country)
        statement_id = admin.find_statement(session, country, field, instrument)
    if statement_id is None:
        fail(f"{country.upper()} has no statement for {field} x {instrument}; see `citypact scopes show`.")
    if not yes and not typer.confirm(
        f"Remove the statement of {country.upper()} for {field} x {instrument}?"
    ):
        raise typer.Exit(FAILED)
    with writing() as session:
        admin.remove_statement(session, OPERATOR, country, statement_id)
    typer.echo(f"removed statement {statement_id} ({country.upper()} {field} x {instrument})")


@app.command("add-source")
def add_source(
    code: str = typer.Argument(..., help="1-60 lower-case letters, digits or _"),
    title: str = typer.Option(..., "--title"),
    url: str = typer.Option(..., "--url", help="the address of the published law or page"),
    publisher: str = typer.Option(..., "--publisher"),
) -> None:
    """Add a source statements can cite."""
    with writing() as session:
        sources.add_source(
            session, OPERATOR, {"code": code, "title": title, "url": url, "publisher": publisher}
        )
    typer.echo(f"added source {code}")


@app.command("add-country")
def add_country(
    country: str = typer.Argument(..., help="ISO 3166 code, e.g. FR"),
    name: str = typer.Option(..., "--name", help="the country's name"),
) -> None:
    """Add a country's profile without statements (then `citypact scopes set` its cells)."""
    with writing() as session:
        code = admin.add_profile(session, OPERATOR, country, name).country
    typer.echo(f"added the profile of {code}; every cell is unknown until statements are set")


@app.command("change-source")
def change_source(
    code: str = typer.Argument(..., help="the source's code (it stays: statements and exports cite it)"),
    title: str | None = typer.Option(None, "--title"),
    url: str | None = typer.Option(None, "--url", help="the address of the published law or page"),
    publisher: str | None = typer.Option(None, "--publisher"),
) -> None:
    """Correct a source's title, address or publisher (what is not given stays)."""
    values = {k: v for k, v in (("title", title), ("url", url), ("publisher", publisher)) if v is not None}
    if not values:
        fail("give --title, --url or --publisher: what to change.")
    with writing() as session:
        version = sources.update_source(session, OPERATOR, code, values).version
    typer.echo(f"changed source {code} (version {version})")


@app.command("remove-source")
def remove_source(
    code: str = typer.Argument(..., help="the code of a source an administrator added"),
    yes: bool = typer.Option(False, "--yes", help="remove without asking"),
) -> None:
    """Remove a source no statement cites (a shipped source stays: `data load` would add it again)."""
    with reading() as session:
        refused = sources.removal_refused(sources.read_source(session, code))
    if refused is not None:
        fail(refused)
    if not yes and not typer.confirm(f"Remove the source {code}?"):
        raise typer.Exit(FAILED)
    with writing() as session:
        sources.remove_source(session, OPERATOR, code)
    typer.echo(f"removed source {code}")


@app.command("rename-country")
def rename_country(
    country: str = typer.Argument(..., help="ISO 3166 code of a profile, e.g. DE"),
    name: str = typer.Argument(..., help="the country's name"),
) -> None:
    """Rename a country's profile (its code and statements stay)."""
    with writing() as session:
        code = admin.rename_profile(session, OPERATOR, country, name).country
    typer.echo(f"renamed the profile of {code}: {name.strip()}")
