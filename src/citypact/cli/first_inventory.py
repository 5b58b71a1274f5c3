"""`citypact inventory first-estimate CITY --year Y`: write a city's first estimate (scaled by
population, data quality low) as rows of its draft inventory, as the operator; JSON is the REST
API's (GET /api/v1/cities/{id}/first-inventory)."""

from __future__ import annotations

import typer

from citypact.api.schemas.first_inventory import first_inventory_out
from citypact.cli.context import OPERATOR, writing
from citypact.cli.lookup import resolve_city
from citypact.cli.output import Format, emit, format_option
from citypact.services.inventory import first_inventory


def first_estimate(
    city: str = typer.Argument(..., help="the city's id or name"),
    year: int = typer.Option(..., "--year", help="the inventory year"),
    country: str | None = typer.Option(
        None, "--country", help="ISO 3166 code, to tell cities of one name apart"
    ),
    population: int | None = typer.Option(None, "--population", help="inhabitants; default: the registry's"),
    gwp: str = typer.Option("AR5", "--gwp", help="GWP set of a new inventory: AR4, AR5, AR6"),
    output: Format = format_option(Format.TABLE),
) -> None:
    """Write the first estimate of CITY for --year into its draft inventory (created when there is
    none): the median per-capita emissions of reported cities of its country x population, split
    into the BASIC sectors, data quality low, the method in each row. Refused when the year's
    inventory already has rows."""
    with writing() as session:
        city_id = int(city) if city.isdigit() else resolve_city(session, city, country)
        first_inventory.write_first_estimate(
            session, OPERATOR, city_id, year=year, population=population, gwp=gwp
        )
        view = first_inventory.first_inventory(session, OPERATOR, city_id)
        estimate = first_inventory.estimate_for(view.country, population or view.population or 0)
    data = first_inventory_out(view)
    rows = [{"sector": s, "t_co2e": round(t, 3)} for s, t in estimate.by_sector.items()]

    def table() -> None:
        typer.echo(
            f"{view.city_name}: first estimate {year} written to inventory {data.inventory_id} (draft,"
            f" data quality low)"
        )
        typer.echo(
            f"  {estimate.per_capita_t:.3f} t per person (median of {estimate.cities} reported cities,"
            f" {estimate.level}) x {estimate.population:,} = {estimate.total_t:,.1f} t CO2e"
        )
        for row in rows:
            typer.echo(f"  sector {row['sector']:<4} {row['t_co2e']:>16,.1f} t CO2e")
        typer.echo(
            f"  replace each estimate with local data: the page /cities/{view.city_id}/first-inventory"
        )

    emit(output, data.model_dump(mode="json"), table, rows)
