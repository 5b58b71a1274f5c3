"""`citypact partnership`: a city's partnerships and one partnership in full, from the shell (read as
the operator, who sees everything)."""

from __future__ import annotations

import datetime as dt

import typer

from citypact.cli.context import OPERATOR, reading
from citypact.cli.output import DocumentFormat, Format, emit, format_option, to_json
from citypact.services.cooperation import partnerships

app = typer.Typer(help="Partnerships between cities.", no_args_is_help=True)


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else "-"


@app.command("list")
def list_partnerships(city_id: int, output: Format = format_option(Format.TABLE)) -> None:
    """The partnerships of CITY_ID, newest first."""
    with reading() as session:
        found = partnerships.list_partnerships(session, OPERATOR, city_id)
    rows = [
        {
            "id": p.id,
            "status": p.status,
            "kind": p.kind,
            "title": p.title,
            "with": ", ".join(m.name for m in p.members if m.city_id != city_id),
            "role": p.role,
        }
        for p in found
    ]

    def table() -> None:
        for r in rows:
            start = f"{r['id']:>6}  {r['status']:<9} {r['kind']:<10} {r['title']}"
            typer.echo(f"{start}  (with {r['with']}; as {r['role']})")

    emit(output, found, table=table, rows=rows)


@app.command("show")
def show(partnership_id: int, output: DocumentFormat = format_option(DocumentFormat.TABLE)) -> None:
    """One partnership: members and signatures, goals, work plan, exchange log, events."""
    with reading() as session:
        p = partnerships.get_partnership(session, OPERATOR, partnership_id)
    if output is DocumentFormat.JSON:
        typer.echo(to_json(p))
        return
    typer.echo(f"{p.title}  [{p.kind}, {p.status}{', public' if p.is_public else ''}]")
    if p.declared_on:
        typer.echo(f"declared on {p.declared_on.isoformat()}")
    typer.echo("members:")
    for m in p.members:
        typer.echo(
            f"  {m.name} ({m.country}), {m.role}: accepted {_day(m.accepted_on)}, signed {_day(m.signed_on)}"
        )
    typer.echo("goals:")
    for g in p.goals:
        typer.echo(
            f"  [{g.status}] {g.text}" + (f" (by {g.target_date.isoformat()})" if g.target_date else "")
        )
    typer.echo("work plan:")
    for t in p.tasks:
        typer.echo(f"  {t.title}: {t.owner_name or '-'}, due {_day(t.due_on)}, done {_day(t.done_on)}")
    typer.echo("exchange log:")
    for x in p.exchanges:
        when = x.happened_on.isoformat() if x.happened_on else str(x.year or "-")
        typer.echo(f"  {when}  {x.kind}: {x.title}")
    typer.echo("events:")
    for e in p.events:
        typer.echo(f"  {e.starts_on.isoformat()}  {e.kind}: {e.title}")


@app.command("invitations")
def invitations(city_id: int, output: Format = format_option(Format.TABLE)) -> None:
    """The open invitations of CITY_ID, and its own proposals still waiting for an answer."""
    with reading() as session:
        found = partnerships.open_invitations(session, OPERATOR, city_id)
    rows = [
        {"id": i.partnership_id, "direction": direction, "title": i.title, "role": i.role,
         "proposed_by": i.proposer_name, "proposed_on": i.proposed_on.isoformat(),
         "waiting_for": ", ".join(i.waiting_for)}
        for direction, listed in (("received", found.received), ("sent", found.sent))
        for i in listed
    ]  # fmt: skip

    def table() -> None:
        for r in rows:
            if r["direction"] == "received":
                typer.echo(f"{r['id']:>6}  invited as {r['role']} by {r['proposed_by']}: {r['title']}")
            else:
                typer.echo(f"{r['id']:>6}  proposed, waiting for {r['waiting_for']}: {r['title']}")

    emit(output, found, table=table, rows=rows)
