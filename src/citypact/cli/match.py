"""`citypact match`: partner cities for a goal, each with its reasons; `--format json` prints the
JSON of the REST API."""

from __future__ import annotations

from enum import StrEnum

import typer

from citypact.cli.lookup import fail, resolve_city
from citypact.cli.users import OPERATOR
from citypact.config import load_settings
from citypact.domain.reasons import Reason
from citypact.services.errors import ServiceError


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


class Output(StrEnum):
    JSON = "json"
    TABLE = "table"


def match(
    name: str | None = typer.Argument(None, help="the city's name in any spelling we know"),
    city_id: int | None = typer.Option(None, "--id", help="the city's id instead of its name"),
    country: str | None = typer.Option(None, help="ISO 3166 alpha-2 code, to tell cities of one name apart"),
    goal: Goal = typer.Option(Goal.PEER, help="what kind of partner"),
    top: int = typer.Option(10, min=1, max=50, help="how many suggestions"),
    weights: str = typer.Option("", help="own weights, e.g. conditions:0.5,distance:0.5"),
    network: str = typer.Option("", help="use the weights this network's secretariat set (slug, e.g. c40)"),
    output: Output = typer.Option(Output.TABLE, "--format", help="json (the API's) or table"),
) -> None:
    """Partner cities for GOAL, best first, with the reasons and the figures behind them."""
    if (name is None) == (city_id is None):
        raise typer.BadParameter("give the city's NAME or --id", param_hint="NAME")
    from citypact.api.schemas.matching import CooperationMatchOut, match_out, parse_weights
    from citypact.i18n.reasons import matching_reasons
    from citypact.services.cooperation import matches
    from citypact.services.matching import match_city
    from citypact.storage.db import Database

    db = Database(load_settings().database_url)
    try:
        with db.read() as session:
            wanted = city_id if city_id is not None else resolve_city(session, name or "", country)
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
    except ServiceError as error:
        fail(error)
    finally:
        db.dispose()
    if goal is Goal.COOPERATION:
        if output is Output.JSON:
            typer.echo("[" + ",".join(m.model_dump_json() for m in fits) + "]")
            return
        for m in fits:
            other = f"{m.other.city_name} ({m.other.country}, id {m.other.city_id})"
            typer.echo(f"{m.mine.kind} {m.mine.field}/{m.mine.support} <- {other}, fit {m.fit:g}")
            typer.echo(f"     {'; '.join(matching_reasons([Reason(**vars(r)) for r in m.reasons], 'en'))}")
        if not fits:
            typer.echo("no offer or need of another city fits yet")
        return
    out = match_out(result)
    if output is Output.JSON:
        typer.echo(out.model_dump_json(indent=2))
        return
    typer.echo(f"{goal.value} partners for {out.name} (weights {out.weights}):")
    if not out.suggestions:
        typer.echo(
            "no city fits yet: " + _EMPTY.get(goal.value, "no city has the figures this goal compares")
        )
    for rank, s in enumerate(out.suggestions, start=1):
        typer.echo(f"{rank:>3}. {s.name} ({s.country}, id {s.city_id})  score {s.score:.2f}")
        typer.echo(f"     {'; '.join(matching_reasons([Reason(**vars(r)) for r in s.reasons], 'en'))}")
