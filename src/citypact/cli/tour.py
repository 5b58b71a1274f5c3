"""`citypact tour`: the City Climate Tour from the shell. `--format json` prints the JSON of the REST
API (GET /api/v1/tours), the table the same route in plain words."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from citypact.cli.context import fail, reading
from citypact.cli.output import Format, emit, format_option

if TYPE_CHECKING:
    from citypact.services.cooperation.tours import Tour


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


def _rows(tour: Tour) -> list[dict[str, object]]:
    """The table's rows: one a stop, and the way back to the start of a round trip (no stop number)."""
    rows: list[dict[str, object]] = [
        {
            "stop": stop.position,
            "city_id": stop.city_id,
            "city": stop.name,
            "country": stop.country,
            "leg_km": None if stop.leg_km is None else round(stop.leg_km, 1),
            "total_km": round(stop.cumulative_km, 1),
            "landmarks": "; ".join(f"#{m.id} {m.title}" for m in stop.landmarks),
        }
        for stop in tour.stops
    ]
    if tour.round_trip:
        first = tour.stops[0]
        rows.append(
            {
                "stop": None,
                "city_id": first.city_id,
                "city": first.name,
                "country": first.country,
                "leg_km": round(tour.legs[-1].km, 1),
                "total_km": round(tour.total_km, 1),
                "landmarks": "",
            }
        )
    return rows


def tour(
    city_ids: list[int] = typer.Argument(
        ..., metavar="CITY_ID", help="ids of the published cities to visit (at least 2)"
    ),
    start: int | None = typer.Option(None, help="the city to start from; default: the first listed"),
    round_trip: bool = typer.Option(False, "--round-trip", help="return to the start at the end"),
    cases: str = typer.Option("", help="landmark projects: case ids, comma-separated (default: 2 a city)"),
    lang: str = typer.Option("en", help="language of the case titles: en, de or ja"),
    output: Format = format_option(Format.TABLE, "json (the API's), table or csv (one row a stop)"),
) -> None:
    """The shortest route through the cities (exact up to 12 stops), with landmark projects."""
    from citypact.api.schemas.tours import tour_out
    from citypact.services.cooperation.tours import plan_tour

    case_ids = []
    for part in cases.replace(" ", "").split(","):
        if part and not part.isdigit():
            fail(f"cases: {part!r} is not a case id; list ids such as 12,57.")
        if part:
            case_ids.append(int(part))
    if lang not in ("en", "de", "ja"):
        fail("lang: use en, de or ja.")
    with reading() as session:
        found = plan_tour(session, city_ids, start=start, round_trip=round_trip, case_ids=case_ids, lang=lang)
    emit(output, tour_out(found), table=lambda: typer.echo(_table(found)), rows=_rows(found))
