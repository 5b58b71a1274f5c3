"""`citypact funding match CITY` and `citypact funding calendar CITY`: the programmes a city (or one
of its plan measures) is eligible for on a day, with the reasons, and its deadlines as iCalendar.
Read as the operator; JSON is the REST API's (/api/v1/cities/{id}/funding-matches)."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING

import typer

from citypact.api.schemas.funding_match import matches_out
from citypact.cli.context import OPERATOR, reading
from citypact.cli.funding import app
from citypact.cli.lookup import resolve_city
from citypact.cli.output import DocumentFormat, emit, format_option
from citypact.i18n.funding_labels import CALL_STATE_LABELS
from citypact.reports.funding_match import reason_text
from citypact.services.funding import calendar, matching

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _city(session: Session, city: str, country: str | None) -> int:
    return int(city) if city.isdigit() else resolve_city(session, city, country)


def _day(on: str | None) -> dt.date | None:
    if on is None:
        return None
    try:
        return dt.date.fromisoformat(on)
    except ValueError:
        raise typer.BadParameter("give the day as YYYY-MM-DD, e.g. 2026-03-10", param_hint="--on") from None


@app.command("match")
def match(
    city: str = typer.Argument(..., help="the city's id or name"),
    measure: int | None = typer.Option(None, "--measure", min=1, help="a plan measure of the city (its id)"),
    on: str | None = typer.Option(None, "--on", help="the day to match on, YYYY-MM-DD (default: today)"),
    country: str | None = typer.Option(None, "--country", help="ISO 3166 code, when the name is ambiguous"),
    all_: bool = typer.Option(False, "--all", help="also the programmes that are ruled out, with why"),
    output: DocumentFormat = format_option(DocumentFormat.TABLE),
) -> None:
    """The programmes the city (or its measure) is eligible for, eligible first, each with reasons;
    without --measure: the programmes the city is eligible for now. Never a chance of success."""
    day = _day(on)
    with reading() as session:
        city_id = _city(session, city, country)
        found = matching.match_city(session, OPERATOR, city_id, measure_id=measure, on=day)
    shown = found.matches if all_ or found.measure else tuple(m for m in found.matches if m.eligible)
    data = matches_out(found)
    data.matches = [m for m in data.matches if all_ or found.measure or m.eligible]
    names = {p.id: p.name for p in found.partners}

    def table() -> None:
        c = found.city
        typer.echo(f"{c.name} ({c.country}, {c.size_band or 'population unknown'}) on {found.on.isoformat()}")
        if found.measure:
            m = found.measure
            gap = "-" if m.gap_minor is None else f"{m.gap_minor:,} {m.currency}"
            typer.echo(f"measure {m.id}: {m.title} (gap in minor units: {gap})")
        if not shown:
            typer.echo(
                "no programme fits" if found.matches or found.measure else "no programmes in the catalogue"
            )
        for x in shown:
            p = found.programmes[x.programme_id]
            state = CALL_STATE_LABELS[x.call_state] if x.call_state else "no call"
            mark = "eligible" if x.eligible else "ruled out"
            typer.echo(f"{p.id:>6}  [{mark}] {p.name} ({p.funder_name}; {state})")
            for r in x.fits:
                typer.echo(f"          + {reason_text(r, 'en', currency=p.currency, partner_names=names)}")
            for r in x.rules_out:
                typer.echo(f"          - {reason_text(r, 'en', currency=p.currency, partner_names=names)}")

    emit(output, data, table=table)


@app.command("calendar")
def deadlines(
    city: str = typer.Argument(..., help="the city's id or name"),
    on: str | None = typer.Option(None, "--on", help="the day to start from, YYYY-MM-DD (default: today)"),
    country: str | None = typer.Option(None, "--country", help="ISO 3166 code, when the name is ambiguous"),
    base_url: str = typer.Option("http://localhost:8000", "--base-url", help="where the pages are served"),
) -> None:
    """The deadlines of the programmes the city is eligible for, as iCalendar on standard output."""
    day = _day(on)
    with reading() as session:
        city_id = _city(session, city, country)
        feed = calendar.city_calendar(session, OPERATOR, city_id, base_url=base_url, on=day)
    sys.stdout.buffer.write(feed)
    sys.stdout.flush()
