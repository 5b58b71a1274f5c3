"""`citypact match`: partner cities for a goal, each with its reasons; `--format json` prints the
JSON of the REST API."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

import typer

from citypact.cli import lookup
from citypact.cli.context import OPERATOR, reading
from citypact.cli.output import Format, Rows, emit, format_option
from citypact.domain.reasons import Reason


class Goal(StrEnum):
    PEER = "peer"
    MENTOR = "mentor"
    MENTEE = "mentee"
    NEIGHBOUR = "neighbour"
    COOPERATION = "cooperation"


# Why a goal may find nobody (the signals it needs are missing for every other city).
_EMPTY = {
    "mentor": "no other city is ahead on any evidence (targets, emission trends, structure-adjusted "
    "performance, published cases, action plans)",
    "mentee": "no other city is behind this one on any evidence",
}


def match(
    name: str | None = typer.Argument(None, help="the city's name in any spelling we know"),
    city_id: int | None = typer.Option(None, "--id", help="the city's id instead of its name"),
    country: str | None = typer.Option(None, help="ISO 3166 alpha-2 code, to tell cities of one name apart"),
    goal: Goal = typer.Option(Goal.PEER, help="what kind of partner"),
    top: int = typer.Option(10, min=1, max=50, help="how many suggestions"),
    weights: str = typer.Option("", help="own weights, e.g. conditions:0.5,distance:0.5"),
    network: str = typer.Option("", help="use the weights this network's secretariat set (slug, e.g. c40)"),
    output: Format = format_option(Format.TABLE, "json (the API's), table or csv"),
) -> None:
    """Partner cities for GOAL, best first, with the reasons and the figures behind them."""
    lookup.check_city_given(name, city_id)
    from citypact.api.schemas.matching import CooperationMatchOut, match_out, parse_weights
    from citypact.i18n.reasons import matching_reasons
    from citypact.services.cooperation.matching import match_city
    from citypact.services.cooperation.offers import matches

    with reading() as session:
        wanted = lookup.city(session, name, city_id, country)
        if goal is Goal.COOPERATION:
            fits = [
                CooperationMatchOut.model_validate(m, from_attributes=True)
                for m in matches(session, OPERATOR, wanted)
            ]
        else:
            result = match_city(
                session,
                OPERATOR,
                wanted,
                goal=goal.value,
                top=top,
                weights=parse_weights(weights),
                network=network or None,
            )

    def reasons(found: Iterable[object]) -> str:
        return "; ".join(matching_reasons([Reason(**vars(r)) for r in found], "en"))

    if goal is Goal.COOPERATION:
        offers = [
            {
                "kind": m.mine.kind,
                "field": m.mine.field,
                "support": m.mine.support,
                "city_id": m.other.city_id,
                "city": m.other.city_name,
                "country": m.other.country,
                "fit": m.fit,
                "reasons": reasons(m.reasons),
            }
            for m in fits
        ]
        emit(output, fits, table=lambda: _print_cooperation(offers), rows=offers)
        return
    out = match_out(result)
    rows = [
        {
            "rank": rank,
            "city_id": s.city_id,
            "city": s.name,
            "country": s.country,
            "score": round(s.score, 2),
            "reasons": reasons(s.reasons),
        }
        for rank, s in enumerate(out.suggestions, start=1)
    ]
    emit(
        output,
        out,
        table=lambda: _print_suggestions(goal, f"{out.name} (weights {out.weights})", rows),
        rows=rows,
    )


def _print_suggestions(goal: Goal, whom: str, rows: Rows) -> None:
    typer.echo(f"{goal.value} partners for {whom}:")
    if not rows:
        typer.echo(
            "no city fits yet: " + _EMPTY.get(goal.value, "no city has the figures this goal compares")
        )
    for r in rows:
        typer.echo(f"{r['rank']:>3}. {r['city']} ({r['country']}, id {r['city_id']})  score {r['score']:.2f}")
        typer.echo(f"     {r['reasons']}")


def _print_cooperation(rows: Rows) -> None:
    for r in rows:
        other = f"{r['city']} ({r['country']}, id {r['city_id']})"
        typer.echo(f"{r['kind']} {r['field']}/{r['support']} <- {other}, fit {r['fit']:g}")
        typer.echo(f"     {r['reasons']}")
    if not rows:
        typer.echo("no offer or need of another city fits yet")
