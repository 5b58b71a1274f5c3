"""`citypact surveys`: survey rounds from the shell (as the operator): the rounds, a round's
results (aggregates as JSON or a table; every city's answers as CSV or XLSX) and sending the
queued e-mails to the SMTP server named by CITYPACT_SMTP_HOST."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from citypact.cli.context import OPERATOR, fail, reading, writing
from citypact.cli.output import Format, emit, format_option, to_json
from citypact.config import load_settings
from citypact.services.surveys import mail, results, rounds

app = typer.Typer(help="Survey rounds of network secretariats.", no_args_is_help=True)


class ResultFormat(StrEnum):
    JSON = "json"
    TABLE = "table"
    CSV = "csv"
    XLSX = "xlsx"


@app.command("list")
def list_rounds(
    network: str | None = typer.Option(None, "--network", help="the network's slug, e.g. c40"),
    output: Format = format_option(Format.TABLE),
) -> None:
    """Survey rounds, newest first, with how many cities submitted."""
    with reading() as session:
        if network:
            _, found = rounds.list_rounds(session, OPERATOR, network)
            listed = [(network, r) for r in found]
        else:
            listed = rounds.all_rounds(session, OPERATOR)
    rows: list[dict[str, object]] = [
        {
            "id": r.id,
            "network": slug,
            "title": r.title,
            "status": r.status,
            "deadline": r.deadline.isoformat(),
            "cities": r.cities,
            "submitted": r.submitted,
        }
        for slug, r in listed
    ]

    def table() -> None:
        if not rows:
            typer.echo("no survey rounds")
        for row in rows:
            typer.echo(
                f"{row['id']:>5}  {row['status']:<6} due {row['deadline']}  "
                f"{row['submitted']}/{row['cities']} submitted  {row['title']} ({row['network']})"
            )

    emit(output, rows, table=table, rows=rows)


@app.command("results")
def show_results(
    round_id: int = typer.Argument(..., help="the round's id"),
    output: ResultFormat = typer.Option(ResultFormat.TABLE, "--format", help="json, table, csv or xlsx"),
    out: Path | None = typer.Option(None, "--out", help="file to write (required for xlsx)"),
) -> None:
    """Aggregates per question (json, table) or every submitted city's answers (csv, xlsx)."""
    if output == ResultFormat.XLSX and out is None:
        fail("--out: name the .xlsx file to write, e.g. --out results.xlsx")
    with reading() as session:
        res = results.results(session, OPERATOR, round_id)
    if output == ResultFormat.XLSX:
        assert out is not None
        out.write_bytes(results.results_xlsx(res))
        typer.echo(f"wrote {out}")
        return
    if output == ResultFormat.CSV:
        text = results.results_csv(res)
        if out is not None:
            out.write_text(text, encoding="utf-8")
        else:
            typer.echo(text, nl=False)
        return
    data = {
        "round_id": res.round.id,
        "title": res.round.title,
        "submitted": res.submitted,
        "sent_to": res.sent_to,
        "aggregates": [
            {
                "key": a.key,
                "kind": a.kind,
                "answered": a.answered,
                "distribution": dict(a.distribution),
                "minimum": a.minimum,
                "median": a.median,
                "maximum": a.maximum,
                "texts": list(a.texts),
                "matrix": {row: dict(degrees) for row, degrees in a.matrix},
            }
            for a in res.aggregates
        ],
    }
    if output == ResultFormat.JSON:
        typer.echo(to_json(data))
        return
    typer.echo(f"{res.round.title}: {res.submitted} of {res.sent_to} cities submitted")
    for a in res.aggregates:
        line = f"  {a.key:<20} {a.kind:<9} answered {a.answered}"
        if a.median is not None:
            line += f"  min {a.minimum:g}  median {a.median:g}  max {a.maximum:g}"
        if a.distribution:
            line += "  " + ", ".join(f"{o}: {n}" for o, n in a.distribution)
        typer.echo(line)


@app.command("send-mail")
def send_mail() -> None:
    """Send the queued survey e-mails (invitations, reminders) to CITYPACT_SMTP_HOST."""
    settings = mail.smtp_settings(load_settings())
    with writing() as session:
        result = mail.send_queued(session, OPERATOR, settings)
    if settings.host is None:
        typer.echo(f"CITYPACT_SMTP_HOST is not set: {result.left} mails stay queued")
        return
    typer.echo(f"sent {result.sent}, failed {result.failed}, still queued {result.left}")
