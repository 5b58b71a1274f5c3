"""`citypact benchmark`: a city against cities under similar framework conditions, and the structure
model behind the comparison. `--format json` prints the JSON of the REST API.

numpy, polars, scipy and the API schemas are imported inside the commands: at the top they would
slow the start of every other command.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

import typer

from citypact.cli import lookup
from citypact.cli.context import OPERATOR, reading
from citypact.cli.output import DocumentFormat, emit, format_option

if TYPE_CHECKING:
    from rich.console import Console

    from citypact.api.schemas.benchmark import CityBenchmarkOut, StructureModelOut

app = typer.Typer(
    help="The dynamic benchmark: a city among cities like it, and how it moves.", no_args_is_help=True
)
PIPED_WIDTH = 160


class PeerGroup(StrEnum):
    NEAREST = "nearest"
    COUNTRY = "country"
    NETWORK = "network"
    TWINS = "twins"
    CUSTOM = "custom"
    SCOPE = "scope"


def _ids(text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise typer.BadParameter(
            "give city ids separated by commas, e.g. 12,57,301", param_hint="--ids"
        ) from None


@app.command("city")
def city(
    name: str | None = typer.Argument(None, help="the city's name in any spelling we know, e.g. München"),
    city_id: int | None = typer.Option(None, "--id", help="the city's id instead of its name"),
    country: str | None = typer.Option(
        None, help="ISO 3166 alpha-2 code, to tell cities of the same name apart"
    ),
    peers: PeerGroup = typer.Option(PeerGroup.NEAREST, help="the peer group"),
    network: str | None = typer.Option(None, help="the network (id or slug, e.g. c40) with --peers network"),
    ids: str = typer.Option("", help="city ids with --peers custom, e.g. 12,57,301"),
    output: DocumentFormat = format_option(DocumentFormat.TABLE, "json (the API's) or table"),
) -> None:
    """Where a city stands among cities under similar framework conditions, and how it moves."""
    lookup.check_city_given(name, city_id)
    peer_ids = _ids(ids)
    from citypact.api.schemas.benchmark import benchmark_out
    from citypact.services.benchmarking.benchmark import city_benchmark

    with reading() as session:
        view = city_benchmark(
            session,
            OPERATOR,
            lookup.city(session, name, city_id, country),
            peers=peers.value,
            network_id=lookup.network_id(session, network),
            ids=peer_ids,
        )
        result = benchmark_out(view)
    emit(output, result, table=lambda: _print_city(result))


@app.command("model")
def model(output: DocumentFormat = format_option(DocumentFormat.TABLE, "json (the API's) or table")) -> None:
    """The structure model: what cities under given framework conditions emit per person."""
    from citypact.api.schemas.benchmark import model_out
    from citypact.services.benchmarking.data import MODEL_NOTE, expected_level

    result = model_out(expected_level(), MODEL_NOTE)
    emit(output, result, table=lambda: _print_model(result))


# --- tables -----------------------------------------------------------------------------------------


def _number(value: float | None, decimals: int = 2, signed: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:+,.{decimals}f}" if signed else f"{value:,.{decimals}f}"


def _console() -> Console:
    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = PIPED_WIDTH  # into a file or a pipe: wide rows rather than wrapped cells
    return console


def _print_city(b: CityBenchmarkOut) -> None:
    from rich.table import Table

    from citypact.domain.reasons import Reason
    from citypact.i18n.reasons import peer_reason

    console = _console()
    console.print(f"[bold]{b.name}[/bold] ({b.country}), id {b.city_id}: peers by {b.peer_group}")
    if b.headline.value is not None:
        console.print(
            f"Territorial emissions: {_number(b.headline.value)} {b.headline.unit} in {b.headline.year}"
            + (
                f", {_number(b.trend.percent_per_year, 1, signed=True)}% a year over {b.trend.years} years"
                if b.trend.percent_per_year is not None
                else ""
            )
        )
    sentences = [
        b.movement.sentence if b.movement else None,
        f"Structure-adjusted: {b.performance.sentence}" if b.performance else None,
        f"Against its peers: {b.gap.sentence}." if b.gap else None,
        b.change.explanation if b.change else None,
    ]
    for sentence in sentences:
        if sentence:
            console.print(sentence)
    if b.target is not None:
        t = b.target
        state = "on track" if t.on_track else "off track"
        console.print(
            f"Target: -{t.reduction_pct:g}% by {t.target_year} against {t.base_year} ({t.basis}); "
            f"{t.year}: {_number(t.actual_t, 0)} t against {_number(t.on_path_t, 0)} t on the path, "
            f"{_number(t.gap_pct, 1, signed=True)}%, {state}"
        )
    if b.indicators:
        table = Table(title="Indicators (latest year; peers' median)")
        for column in ("indicator", "value", "unit", "year", "peer median", "peers", "better"):
            table.add_column(
                column, justify="right" if column in ("value", "year", "peer median", "peers") else "left"
            )
        for i in b.indicators:
            table.add_row(
                i.label,
                _number(i.value, 3),
                i.unit,
                str(i.year or "—"),
                _number(i.peer_median, 3),
                str(i.peers_with_value),
                i.direction,
            )
        console.print(table)
    if b.peers:
        table = Table(title="Peers, most similar first")
        for column in ("id", "city", "distance", "t CO2e/person", "year", "%/yr", "why similar"):
            table.add_column(column, justify="left" if column in ("city", "why similar") else "right")
        for p in b.peers:
            table.add_row(
                str(p.id),
                f"{p.name} ({p.country})",
                _number(p.distance),
                _number(p.headline),
                str(p.latest_year or "—"),
                _number(p.trend_pct, 1, signed=True),
                "; ".join(peer_reason(Reason(**r.model_dump()), "en") for r in p.reasons),
            )
        console.print(table)
    if b.catalogue is not None and b.catalogue.percent is not None:
        console.print(
            f"Catalogue score: {b.catalogue.percent:.0f}% "
            f"({_number(b.catalogue.achieved, 1)} of {_number(b.catalogue.possible, 1)} points)"
        )
    elif not b.has_plan:
        console.print("Catalogue score and measures implemented: not assessed (no action plan on citypact)")
    if b.profile is not None and b.profile.strengths:
        console.print("Strengths: " + ", ".join(f"{s.field} ({s.instrument})" for s in b.profile.strengths))
    if b.has_plan and not b.suggestions and b.peers and not b.peers_with_plan:
        console.print("No suggestions: none of the peers has an action plan on citypact")
    if b.suggestions:
        console.print("[bold]Suggestions[/bold]")
        for s in b.suggestions:
            console.print(f"  {s.code} ({s.field}, {s.instrument}): {s.reason}")
    for note in b.notes:
        console.print(f"[italic]Note:[/italic] {note}")


def _print_model(m: StructureModelOut) -> None:
    from rich.table import Table

    console = _console()
    console.print(m.description)
    v = m.validation
    scores = Table(
        title=f"Out of sample: {v.folds}-fold cross-validation repeated {v.repeats} times, {v.cities} cities"
    )
    for column in ("expected level", "R²", "± sd", "median abs. log error", "± sd "):
        scores.add_column(column, justify="left" if column == "expected level" else "right")
    for s in v.scores:
        scores.add_row(
            s.name + (" (chosen)" if s.name == m.chosen else ""),
            _number(s.r2_mean, 3),
            _number(s.r2_sd, 3),
            _number(s.mdale_mean, 3),
            _number(s.mdale_sd, 3),
        )
    console.print(scores)
    console.print(
        f"Chosen: {m.chosen}; its median absolute log error is {_number(v.margin_mean, 3)} "
        f"(sd {_number(v.margin_sd, 3)}) below the country median's on the same folds; 95% of its "
        f"out-of-sample errors lie within {_number(v.interval_low, 2, signed=True)} to "
        f"{_number(v.interval_high, 2, signed=True)} log points."
    )
    if not m.coefficients:
        console.print(
            "No model beat the country median out of sample: the expected level is the country median."
        )
        return
    table = Table(title=f"Coefficients on {m.response}")
    for column in ("term", "coefficient", "std. error", "95% interval"):
        table.add_column(column, justify="left" if column == "term" else "right")
    for c in m.coefficients:
        table.add_row(
            c.name,
            _number(c.coefficient, 3, signed=True),
            _number(c.standard_error, 3),
            f"{_number(c.ci_low, 3, signed=True)} to {_number(c.ci_high, 3, signed=True)}",
        )
    console.print(table)
    console.print(
        f"in-sample residual scale {_number(m.scale, 3)}; "
        f"{m.n_used} cities used, {m.n_left_out} left out for a missing value, {m.outliers} outliers "
        f"weighed down; {'converged' if m.converged else 'NOT converged'} in {m.iterations} iterations"
    )
