"""`citypact inventory`: compute GPC inventories from activity data."""

from __future__ import annotations

from pathlib import Path

import typer

from citypact.cli.context import fail
from citypact.cli.first_inventory import first_estimate
from citypact.cli.output import DocumentFormat, format_option, to_json
from citypact.formats.errors import ImportErrors
from citypact.services.errors import InvalidInput

app = typer.Typer(help="GPC greenhouse-gas inventories.", no_args_is_help=True)
app.command("first-estimate")(first_estimate)


@app.command("calc")
def calc(
    file: Path = typer.Argument(..., help="activity data: the template (CSV, XLSX) or a CityCatalyst export"),
    country: str = typer.Option(None, help="ISO 3166 country code, for the national grid factor"),
    year: int = typer.Option(None, help="inventory year, for the grid factor of that year"),
    gwp: str = typer.Option(
        "AR5",
        help="GWP set: AR4, AR5, AR6, or AR6-split (AR6, methane by origin: fossil 29.8, non-fossil 27.0)",
    ),
    output: DocumentFormat = format_option(DocumentFormat.TABLE),
) -> None:
    """Compute an inventory from FILE without a database and print its GPC totals."""
    from citypact.services.inventory.calc import calculate_file

    try:
        result = calculate_file(file, country=country, year=year, gwp=gwp)
    except (ImportErrors, KeyError, InvalidInput) as error:
        message = error.args[0] if isinstance(error, KeyError) else str(error)
        fail(message)
    data = result.as_json()
    for warning in data["warnings"]:
        typer.echo(f"warning: {warning}", err=True)
    if output is DocumentFormat.JSON:
        typer.echo(to_json(data))
        return
    typer.echo(f"GWP {data['gwp']}, {data['factor_library']}, {data['rows']} rows (t CO2e)")
    for name, value in data["totals"].items():
        typer.echo(f"  {name:<12} {value:>16,.3f}")
    typer.echo(f"  {'biogenic CO2':<12} {data['biogenic_co2']:>16,.3f}  (memo, t CO2)")
    for ref, value in data["by_ref"].items():
        shown = "—" if value is None else f"{value:,.3f}"
        typer.echo(f"  {ref:<12} {shown:>16}")
