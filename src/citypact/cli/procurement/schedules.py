"""`citypact procurement schedules`: the CO2 price schedules, shipped and added, with their sources."""

from __future__ import annotations

from typing import Any

import typer

from citypact.cli.context import OPERATOR, reading
from citypact.cli.output import Format, emit, format_option
from citypact.cli.procurement import app
from citypact.services.procurement.co2_prices import ScheduleView


def _row(view: ScheduleView) -> dict[str, Any]:
    s = view.schedule
    return {
        "ref": view.ref,
        "owner": view.owner,
        "name": s.name,
        "publisher": s.publisher,
        "currency": s.currency,
        "price_year": s.price_year,
        "discounting": s.discounting.value,
        "valid_from": s.valid_from.isoformat() if s.valid_from else "",
        "valid_to": s.valid_to.isoformat() if s.valid_to else "",
        "prices": "; ".join(f"{year}: {price:g}" for year, price in sorted(s.prices.items())),
        "source": s.source,
        "url": s.url,
    }


@app.command("schedules")
def schedules(
    shipped_only: bool = typer.Option(False, "--shipped-only", help="only the schedules citypact ships"),
    output: Format = format_option(Format.TABLE),
) -> None:
    """The CO2 price schedules: every version, with its prices per tonne, source and rule. A year
    after the last listed one keeps the last price; --schedule of `evaluate` takes a shipped key."""
    from citypact.services.procurement import co2_prices

    if shipped_only:
        from citypact.reference.co2_prices import shipped_schedules

        views = [ScheduleView(co2_prices.SHIPPED, "citypact", s) for s in shipped_schedules()]
    else:
        with reading() as session:
            views = co2_prices.list_schedules(session, OPERATOR)
    rows = [_row(v) for v in views]

    def table() -> None:
        for r in rows:
            year = f", prices of {r['price_year']}" if r["price_year"] else ""
            typer.echo(f"{r['ref']}  {r['name']}")
            typer.echo(f"    {r['prices']} {r['currency']}/t CO2e{year}; {r['discounting']}")
            typer.echo(
                f"    {r['valid_from'] or '-'} to {r['valid_to'] or 'open'}; {r['publisher']}: {r['source']}"
            )

    emit(output, rows, table=table, rows=rows)
