"""`citypact procurement evaluate`: rank the bids of a bid file without a database, like `inventory calc`."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import typer

from citypact.cli.context import fail
from citypact.cli.output import DocumentFormat, format_option, to_json
from citypact.cli.procurement import app
from citypact.domain.procurement.methods import PRORAIL_LADDER, MeatWeights, Method
from citypact.domain.procurement.result import Evaluation, RankedBid, TonneSource
from citypact.domain.procurement.schedules import Discounting, Schedule, constant_schedule


def find_schedule(name: str) -> Schedule:
    """A shipped schedule by its key (the version in force today), through PRICES' reader."""
    from citypact.reference.co2_prices import shipped_schedule, shipped_schedules

    schedule = shipped_schedule(name.strip())
    if schedule is None:
        keys = sorted({s.key for s in shipped_schedules()})
        fail(f"--schedule: no shipped schedule {name!r}; the schedules are {', '.join(keys)}")
    return schedule


def _co2_price(schedule: str | None, price: float | None, discounting: Discounting | None) -> Schedule | None:
    if schedule is not None and price is not None:
        fail("give --schedule or --co2-price, not both")
    if schedule is not None:
        if discounting is not None:
            fail("--co2-discounting goes with --co2-price; a schedule carries its own rule")
        return find_schedule(schedule)
    if price is None:
        return None
    if not 0 <= price < 1e9:
        fail(f"--co2-price {price:g}: give a price per tonne of at least 0, e.g. 300")
    flat = constant_schedule(price)
    return dataclasses.replace(flat, discounting=discounting) if discounting else flat


def _ladder(text: str | None) -> dict[int, float]:
    if text is None:
        return dict(PRORAIL_LADDER)
    table: dict[int, float] = {}
    for part in (p.strip() for p in text.split(",") if p.strip()):
        level, _, percent = part.partition("=")
        try:
            table[int(level)] = float(percent) / 100.0
        except ValueError:
            fail(f"--ladder: {part!r} is not level=percent; write e.g. 1=1,2=2,3=4,4=7,5=10")
    return table


def _weights(given: list[str]) -> MeatWeights:
    values: dict[str, float] = {}
    for part in given:
        name, _, points = part.partition("=")
        name = name.strip().lower().removeprefix("quality_")
        try:
            values[name] = float(points)
        except ValueError:
            fail(f"--weight: {part!r} is not name=points; write e.g. --weight cost=60 --weight co2=20")
    cost = values.pop("cost", 0.0)
    co2 = values.pop("co2", 0.0)
    try:
        return MeatWeights(cost, co2, values)
    except ValueError as error:
        fail(f"--weight: {error}")


def _source(source: TonneSource) -> dict[str, Any]:
    return dataclasses.asdict(source)


def _bid(bid: RankedBid) -> dict[str, Any]:
    return {
        "rank": bid.rank,
        "supplier": bid.supplier,
        "evaluated_cost": bid.evaluated_cost,
        "lcc": bid.lcc,
        "co2e_t": bid.co2e_t,
        "co2_cost": bid.co2_cost,
        "acquisition": bid.acquisition,
        "discounted_t_co2e": bid.discounted_t_co2e,
        "ladder_level": bid.ladder_level,
        "score": bid.score,
        "row": bid.row,
        "tonnes": [_source(s) for s in bid.sources],
    }


def as_json(result: Evaluation) -> dict[str, Any]:
    """The evaluation as the CLI's JSON: per lot the ranking, best first, and the switching prices."""
    return {
        "method": result.method,
        "country": result.country,
        "year": result.year,
        "gwp": result.gwp,
        "factor_library": result.factor_library,
        "discount_rate": result.discount_rate,
        "co2_price": None
        if result.co2_schedule is None
        else {
            "schedule": result.co2_schedule,
            "version": result.co2_schedule_version,
            "name": result.co2_schedule_name,
            "discounting": result.co2_discounting,
        },
        "ladder_discounts": None
        if result.ladder_discounts is None
        else {str(level): discount for level, discount in result.ladder_discounts},
        "weights": None if result.meat_weights is None else dict(result.meat_weights),
        "meat_cost": result.meat_cost,
        "units": {
            "money": result.currency,
            "co2e_t": "t CO2e over the life (yearly x lifetime + embodied)",
            "co2_price": f"{result.currency} per t CO2e",
        },
        "lots": [
            {
                "lot": lot.lot,
                "ranking": [_bid(bid) for bid in lot.ranking],
                "switching_prices": [
                    {
                        "co2_price": s.co2_price,
                        "bids": list(s.suppliers),
                        "first_two_below": list(s.first_two_below),
                        "first_two_above": list(s.first_two_above),
                    }
                    for s in lot.switching_prices
                ],
            }
            for lot in result.lots
        ],
    }


def _print_table(data: dict[str, Any]) -> None:
    price = data["co2_price"]
    said = f", CO2 price {price['name']} ({price['discounting']})" if price else ""
    typer.echo(
        f"method {data['method']}, {data['country']} {data['year']}, GWP {data['gwp']},"
        f" discount rate {data['discount_rate']:g}{said} ({data['units']['money']})"
    )
    for lot in data["lots"]:
        typer.echo(f"lot {lot['lot']}")
        typer.echo(
            f"  {'#':>2} {'supplier':<24} {'evaluated':>16} {'LCC':>16} {'t CO2e':>12} {'CO2 cost':>14}"
        )
        for bid in lot["ranking"]:
            typer.echo(
                f"  {bid['rank']:>2} {bid['supplier'][:24]:<24} {bid['evaluated_cost']:>16,.2f}"
                f" {bid['lcc']:>16,.2f} {bid['co2e_t']:>12,.3f} {bid['co2_cost']:>14,.2f}"
                + (f"  score {bid['score']:.2f}" if bid["score"] is not None else "")
            )
        for switch in lot["switching_prices"]:
            typer.echo(
                f"  switching price {switch['co2_price']:,.2f}/t: {' / '.join(switch['bids'])} cross;"
                f" first two {', '.join(switch['first_two_below'])} -> {', '.join(switch['first_two_above'])}"
            )


@app.command("evaluate")
def evaluate(
    file: Path = typer.Argument(..., help="the bid file (CSV or XLSX; columns in docs/procurement.md)"),
    method: Method = typer.Option(..., help="price, lcc, lcc-co2, ladder or meat"),
    schedule: str = typer.Option(
        None, help="a shipped CO2 price schedule by key (citypact procurement schedules)"
    ),
    co2_price: float = typer.Option(
        None, help="a constant CO2 price per tonne instead of a schedule, e.g. 300"
    ),
    co2_discounting: Discounting = typer.Option(
        None, help="with --co2-price: like_costs (the default) or undiscounted"
    ),
    discount_rate: float = typer.Option(0.03, help="real discount rate of the life-cycle cost, e.g. 0.03"),
    country: str = typer.Option(..., help="the buyer's country (ISO 3166), for the grid factor"),
    year: int = typer.Option(..., help="year of the award (year 0); year 1 is the first year of use"),
    gwp: str = typer.Option("AR5", help="GWP set: AR4, AR5, AR6 or AR6-split"),
    ladder: str = typer.Option(
        None, help="ladder discounts in %, level=percent: default 1=1,2=2,3=4,4=7,5=10"
    ),
    weight: list[str] = typer.Option(  # noqa: B008 (typer reads the default at definition)
        [], help="meat: points of a criterion, name=points (cost, co2, or a quality_ column's name)"
    ),
    meat_cost: str = typer.Option("price", help="meat: price points from the price or the lcc"),
    output: DocumentFormat = format_option(DocumentFormat.TABLE),
) -> None:
    """Rank the bids of FILE, lot by lot, with one evaluation method and the CO2 price's switching points."""
    import re

    from citypact.domain.activity import ActivityErrors
    from citypact.domain.procurement.evaluation import EvaluationSettings
    from citypact.domain.procurement.evaluation import evaluate as run
    from citypact.domain.procurement.tonnes import bid_tonnes
    from citypact.formats.bid_file import read_bid_file
    from citypact.formats.errors import ImportErrors
    from citypact.reference.factor_library import default_library, gwp_set
    from citypact.services.inventory.calc import with_file_name

    if not re.fullmatch(r"[A-Za-z]{2}", country.strip()):
        fail(f"--country {country!r}: give the ISO 3166 code, e.g. DE, JP, US")
    if not 1900 <= year <= 2200:
        fail(f"--year {year}: give the year of the award, e.g. 2026")
    if meat_cost not in ("price", "lcc"):
        fail(f"--meat-cost {meat_cost!r}: give price or lcc")
    path = _co2_price(schedule, co2_price, co2_discounting)
    settings = EvaluationSettings(
        method=method,
        discount_rate=discount_rate,
        co2_price=path,
        ladder_discounts=_ladder(ladder),
        meat_weights=_weights(weight) if method is Method.MEAT else None,
        meat_cost=meat_cost,
    )
    try:
        gwp_values = gwp_set(gwp)
        bids = read_bid_file(file)
        tonnes = bid_tonnes(bids, default_library(), gwp_values, country=country.upper(), year=year)
        result = run(bids, tonnes, settings, country=country, year=year)
    except ActivityErrors as errors:
        fail(with_file_name(errors, file.name))
    except (ImportErrors, ValueError) as error:
        fail(error)
    except KeyError as error:
        fail(error.args[0])
    data = as_json(result)
    if output is DocumentFormat.JSON:
        typer.echo(to_json(data))
        return
    _print_table(data)
