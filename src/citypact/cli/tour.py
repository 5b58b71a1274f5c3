"""`citypact tour`: the City Climate Tour from the shell. `--format json` prints the JSON of the REST
API (GET /api/v1/tours), the table the same route in plain words."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

import typer

from citypact.config import load_settings
from citypact.services.errors import ServiceError

if TYPE_CHECKING:
    from citypact.services.tours import Tour


class Output(StrEnum):
    JSON = "json"
    TABLE = "table"


def _table(tour: Tour) -> str:
    first = tour.stops[0]
    kind = "round trip" if tour.round_trip else "open path"
    method = "exact route" if tour.method == "exact" else f"heuristic route (over {tour.exact_limit} stops)"
    lines = [
        f"City Climate Tour: {len(tour.stops)} cities, {kind} from {first.name}, {method}",
        f"{'stop':>4}  {'city':<28} {'leg km':>7} {'total km':>9}  landmark projects",
    ]
    for stop in tour.stops:
        leg = "-" if stop.leg_km is None else f"{stop.leg_km:,.0f}"
        landmarks = "; ".join(
            f"#{m.id} {m.title}" + (f" ({m.start_year})" if m.start_year else "") for m in stop.landmarks
        )
        city = f"{stop.name} ({stop.country})"
        lines.append(f"{stop.position:>4}  {city:<28} {leg:>7} {stop.cumulative_km:>9,.0f}  {landmarks}")
    if tour.round_trip:
        back = tour.legs[-1].km
        lines.append(f"{'':>4}  {'back to ' + first.name:<28} {back:>7,.0f} {tour.total_km:>9,.0f}")
    lines.append(f"total {tour.total_km:,.1f} km (great-circle distances)")
    return "\n".join(lines)


def tour(
    city_ids: list[int] = typer.Argument(
        ..., metavar="CITY_ID", help="ids of the published cities to visit (at least 2)"
    ),
    start: int | None = typer.Option(None, help="the city to start from; default: the first listed"),
    round_trip: bool = typer.Option(False, "--round-trip", help="return to the start at the end"),
    cases: str = typer.Option("", help="landmark projects: case ids, comma-separated (default: 2 a city)"),
    lang: str = typer.Option("en", help="language of the case titles: en, de or ja"),
    output: Output = typer.Option(Output.TABLE, "--format"),
) -> None:
    """The shortest route through the cities (exact up to 12 stops), with landmark projects."""
    from citypact.api.schemas.tours import tour_out
    from citypact.services.tours import plan_tour
    from citypact.storage.db import Database

    case_ids = []
    for part in cases.replace(" ", "").split(","):
        if part and not part.isdigit():
            typer.echo(f"error: cases: {part!r} is not a case id; list ids such as 12,57.", err=True)
            raise typer.Exit(2)
        if part:
            case_ids.append(int(part))
    if lang not in ("en", "de", "ja"):
        typer.echo("error: lang: use en, de or ja.", err=True)
        raise typer.Exit(2)
    db = Database(load_settings().database_url)
    try:
        with db.read() as session:
            found = plan_tour(
                session, city_ids, start=start, round_trip=round_trip, case_ids=case_ids, lang=lang
            )
    except ServiceError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    finally:
        db.dispose()
    if output is Output.JSON:
        typer.echo(tour_out(found).model_dump_json(indent=2))
    else:
        typer.echo(_table(found))
