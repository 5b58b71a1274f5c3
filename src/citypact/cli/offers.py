"""`citypact offers`: providers' published offers and a city's needs with the offers that fit,
read as the operator. JSON is the REST API's."""

from __future__ import annotations

import typer

from citypact.api.schemas.offers import CityMatchesOut, OfferOut
from citypact.cli.context import OPERATOR, reading
from citypact.cli.lookup import resolve_city
from citypact.cli.output import DocumentFormat, Format, emit, format_option
from citypact.services.matchmaking import needs, offers

app = typer.Typer(help="Low-carbon business matchmaking: providers' offers.", no_args_is_help=True)


@app.command("list")
def list_all(
    field: str | None = typer.Option(None, "--field", help="a field of action, e.g. transport"),
    country: str | None = typer.Option(None, "--country", help="ISO 3166 code of a country served"),
    kind: str | None = typer.Option(None, "--kind", help="technology or service"),
    measure_type: str | None = typer.Option(None, "--measure-type", help="e.g. led_street_lighting"),
    language: str | None = typer.Option(None, "--language", help="ISO 639-1 code, e.g. ja"),
    output: Format = format_option(Format.TABLE),
) -> None:
    """Published offers, most recently updated first."""
    with reading() as session:
        found = [
            OfferOut.model_validate(o)
            for o in offers.list_offers(
                session,
                OPERATOR,
                field=field,
                country=country,
                kind=kind,
                measure_type=measure_type,
                language=language,
            )  # fmt: skip
        ]
    rows: list[dict[str, object]] = [
        {
            "id": o.id,
            "title": o.title,
            "organisation": o.organisation_name,
            "kind": o.kind,
            "fields": ";".join(o.fields),
            "measure_types": ";".join(o.measure_types),
            "countries": ";".join(o.countries),
            "languages": ";".join(o.languages),
            "references": len(o.references),
            "updated_at": o.updated_at.isoformat(),
        }  # fmt: skip
        for o in found
    ]

    def table() -> None:
        if not found:
            typer.echo("no offers")
        for o in found:
            countries = ",".join(o.countries) or "all countries"
            typer.echo(f"{o.id:>6}  {o.kind:<10} {o.title}  ({o.organisation_name}; {countries})")

    emit(output, found, table=table, rows=rows)


@app.command("match")
def match(
    city: str = typer.Argument(..., help="the city's name or id"),
    country: str | None = typer.Option(None, "--country", help="ISO 3166 code, to tell cities apart"),
    output: DocumentFormat = format_option(DocumentFormat.JSON),
) -> None:
    """The city's open needs, each with the published offers that fit and the reasons, in the stated
    order: measure type, field, references, most recently updated, id (never payment)."""
    with reading() as session:
        city_id = int(city) if city.isdigit() else resolve_city(session, city, country)
        view = CityMatchesOut.model_validate(needs.city_needs(session, OPERATOR, city_id))

    def table() -> None:
        typer.echo(f"{view.city_name} ({view.country}); order: {view.order}")
        if not view.needs:
            typer.echo("no open needs")
        for n in view.needs:
            typer.echo(f"{n.source} {n.id}: {n.title} [{n.field}]")
            for o in n.offers:
                typer.echo(
                    f"    offer {o.offer_id} {o.title} ({o.organisation_name}): {', '.join(o.reasons)}"
                )
            if not n.offers:
                typer.echo("    no offer fits")

    emit(output, view, table=table)
