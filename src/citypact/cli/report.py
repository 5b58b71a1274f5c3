"""`citypact report annual` and `citypact report publish`: a network's annual report (published:
frozen; else the draft computed now) as HTML, PDF or JSON, read as the operator; publishing freezes
it. `citypact open-data export`: every public dataset as CSV and Parquet with its datapackage.json."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from citypact.cli.context import FAILED, OPERATOR, fail, reading, writing
from citypact.cli.output import to_json

report_app = typer.Typer(help="A network's annual report.", no_args_is_help=True)
open_data_app = typer.Typer(help="The platform's open data.", no_args_is_help=True)


class ReportFormat(StrEnum):
    HTML = "html"
    PDF = "pdf"
    JSON = "json"


def _write(output: Path | None, data: bytes) -> None:
    if output is None:
        typer.echo(data.decode("utf-8"), nl=False)
        return
    try:
        output.write_bytes(data)
    except OSError as error:
        fail(f"cannot write {output}: {error.strerror or error}")


@report_app.command("annual")
def annual(
    network: str = typer.Argument(..., help="the network's slug, e.g. c40"),
    year: int = typer.Argument(..., help="the report's year"),
    output_format: ReportFormat = typer.Option(ReportFormat.HTML, "--format", help="html, pdf or json"),
    output: Path | None = typer.Option(None, "--output", "-o", help="the file to write (needed for pdf)"),
    lang: str = typer.Option("en", help="the document's language: en, de or ja"),
    base_year: int | None = typer.Option(
        None, "--base-year", help="a draft's base year (default: the earliest)"
    ),
) -> None:
    """The report of NETWORK for YEAR: published and frozen, else the draft computed from today's data."""
    if lang not in ("en", "de", "ja"):
        fail("lang: use en, de or ja.")
    if output_format is ReportFormat.PDF and output is None:
        fail("--output: a PDF needs a file to write, e.g. --output report.pdf.")
    from citypact.reports.annual_report import annual_report_file
    from citypact.services import annual_reports

    with reading() as session:
        view = annual_reports.get_report(session, OPERATOR, network, year, base_year=base_year)
    if output_format is ReportFormat.JSON:
        data = (to_json(view) + "\n").encode("utf-8")
    elif output_format is ReportFormat.HTML:
        data = annual_report_file(view, lang).html.encode("utf-8")
    else:
        from citypact.reports.pdf import ReportFailed

        try:
            data = annual_report_file(view, lang).pdf()
        except ReportFailed as error:
            typer.echo(f"error: the PDF renderer failed ({error})", err=True)
            raise typer.Exit(FAILED) from None
    _write(output, data)
    if output is not None:
        typer.echo(f"{output}: {view.network} {view.year}, {view.status}, figures {view.data_hash[:12]}")


@report_app.command("publish")
def publish(
    network: str = typer.Argument(..., help="the network's slug, e.g. c40"),
    year: int = typer.Argument(..., help="the report's year"),
    base_year: int | None = typer.Option(None, "--base-year", help="the base year (default: the earliest)"),
    expected_hash: str | None = typer.Option(
        None, "--expect", help="the draft's hash you read: refused if the data changed"
    ),
) -> None:
    """Publish (freeze) the report of NETWORK for YEAR; it never changes afterwards."""
    from citypact.services import annual_reports

    with writing() as session:
        view = annual_reports.publish(
            session, OPERATOR, network, year, base_year=base_year, expected_hash=expected_hash
        )
    typer.echo(f"published: {view.network} {view.year} (base {view.base_year}), figures {view.data_hash}")


@open_data_app.command("export")
def export(folder: Path = typer.Argument(..., help="the folder to write into (made if missing)")) -> None:
    """Every public dataset as CSV and Parquet, and datapackage.json describing them."""
    from citypact.services.open_data import catalogue

    with reading() as session:
        try:
            written = catalogue.export(
                session, folder, progress=lambda name: typer.echo(f"  {name}", err=True)
            )
        except OSError as error:
            fail(f"cannot write into {folder}: {error.strerror or error}")
    typer.echo(f"{folder}: {len(catalogue.DATASETS)} datasets, {len(written)} files")
