"""`citypact contract export`: a city's Climate City Contract as XLSX or PDF, read as the operator
(who sees the investment plan too). A city with nothing recorded yet gets a document that lists
what is missing."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from citypact.cli import lookup
from citypact.cli.context import FAILED, OPERATOR, fail, reading

app = typer.Typer(help="The Climate City Contract of a city.", no_args_is_help=True)


class ContractFormat(StrEnum):
    XLSX = "xlsx"
    PDF = "pdf"


@app.command("export")
def export(
    city: str = typer.Argument(..., help="the city's id, or its name in any spelling we know"),
    output_format: ContractFormat = typer.Option(ContractFormat.XLSX, "--format", help="xlsx or pdf"),
    output: Path = typer.Option(..., "--output", "-o", help="the file to write"),
    lang: str = typer.Option("en", help="the document's language: en, de or ja"),
    country: str | None = typer.Option(None, help="ISO 3166 alpha-2 code, for cities of the same name"),
) -> None:
    """Write the contract of CITY: commitments, action plan, investment plan and what is missing."""
    if lang not in ("en", "de", "ja"):
        fail("lang: use en, de or ja.")
    from citypact.reports.climate_city_contract import contract_document, contract_workbook
    from citypact.services.plans.climate_city_contract import get_contract

    with reading() as session:
        city_id = int(city) if city.isdigit() else lookup.resolve_city(session, city, country)
        view = get_contract(session, OPERATOR, city_id)
    if output_format is ContractFormat.XLSX:
        data = contract_workbook(view, lang)
    else:
        from citypact.reports.pdf import ReportFailed

        try:
            data = contract_document(view, lang).pdf()
        except ReportFailed as error:
            typer.echo(f"error: the PDF renderer failed ({error})", err=True)
            raise typer.Exit(FAILED) from None
    try:
        output.write_bytes(data)
    except OSError as error:
        fail(f"cannot write {output}: {error.strerror or error}")
    typer.echo(f"{output}: {view.city_name}, {len(view.contract.missing)} item(s) missing")
