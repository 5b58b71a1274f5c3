"""`citypact procurement` commands of the bids: open, import paper bids, evaluate a lot, publish,
award, shares, notices and the OCDS export. They run as the server's operator (an administrator):
the seal holds for them as for everyone, so nothing opens before the deadline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from citypact.cli.context import OPERATOR, reading, refusals, writing
from citypact.cli.output import DocumentFormat, Format, emit, format_option
from citypact.cli.procurement import app
from citypact.config import load_settings
from citypact.formats.bid_file import read_bid_file
from citypact.services.procurement import awards, bids, evaluations, public

Id = Annotated[int, typer.Argument(min=1, max=2_147_483_647)]


def _secret() -> str:
    return load_settings().secret_key


@app.command("ocds")
def ocds(
    procurement_id: Id,
    prefix: Annotated[
        str | None, typer.Option("--prefix", help="ocid prefix; default CITYPACT_OCID_PREFIX")
    ] = None,
) -> None:
    """Print the procurement as an OCDS 1.1 release package (JSON)."""
    with reading() as session:
        package = public.ocds_package(session, procurement_id, prefix=prefix or load_settings().ocid_prefix)
    typer.echo(json.dumps(package, ensure_ascii=False, indent=2))


@app.command("open-bids")
def open_bids(procurement_id: Id, output: Format = format_option(Format.TABLE)) -> None:
    """Open the bids after the deadline (audited) and print them; refused while they are sealed."""
    with writing() as session:
        opened = bids.open_bids(session, OPERATOR, procurement_id, secret_key=_secret())
    rows: list[dict[str, object]] = [
        {
            "bid": b.bid_id,
            "lot": b.lot_number,
            "supplier": b.supplier,
            "source": b.source,
            "price_minor": b.payload["price_minor"],
            "lifetime_years": b.payload["lifetime_years"],
            "receipt": b.content_hash,
        }
        for b in opened
    ]

    def table() -> None:
        for row in rows:
            typer.echo(
                f"{row['bid']:>6}  lot {row['lot']:<3} {row['supplier']:<30} "
                f"{row['price_minor']:>16}  {row['source']}"
            )

    emit(output, opened, table, rows)


@app.command("import-bids")
def import_bids(
    procurement_id: Id,
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="bid file, CSV or XLSX")],
) -> None:
    """Add bids received on paper, after the deadline, all or nothing (errors name file, row, column)."""
    with refusals():
        read = read_bid_file(file)
    with writing() as session:
        receipts = bids.import_paper_bids(session, OPERATOR, procurement_id, read, secret_key=_secret())
    for r in receipts:
        typer.echo(f"bid {r.bid_id}: lot {r.lot_number}, {r.supplier}, receipt {r.content_hash}")


@app.command("evaluate-lot")
def evaluate_lot(
    procurement_id: Id,
    lot_id: Id,
    method: Annotated[str, typer.Option("--method", help="price, lcc, lcc-co2, ladder or meat")],
    schedule: Annotated[str | None, typer.Option("--schedule", help="a shipped schedule's key")] = None,
    co2_price: Annotated[float | None, typer.Option("--co2-price", help="a constant price per tonne")] = None,
    discount_rate: Annotated[float, typer.Option("--discount-rate")] = 0.03,
    gwp: Annotated[str, typer.Option("--gwp")] = "AR5",
    output: DocumentFormat = format_option(DocumentFormat.TABLE),
) -> None:
    """Evaluate a lot's opened bids and store the result as a draft (audited)."""
    with writing() as session:
        view = evaluations.run_evaluation(
            session,
            OPERATOR,
            procurement_id,
            lot_id,
            method=method,
            secret_key=_secret(),
            schedule=schedule,
            co2_price=co2_price,
            discount_rate=discount_rate,
            gwp=gwp,
        )

    def table() -> None:
        typer.echo(f"evaluation {view.id} (draft), lot {view.lot_number}, {view.method}")
        for r in view.result["ranking"]:
            typer.echo(
                f"{r['rank']:>3}  {r['supplier']:<30} {r['evaluated_cost']:>18,.2f}  {r['co2e_t']:>12,.1f} t"
            )

    emit(output, view, table)


@app.command("publish-evaluation")
def publish_evaluation(evaluation_id: Id) -> None:
    """Publish a draft evaluation: from then on it never changes."""
    with writing() as session:
        view = evaluations.publish(session, OPERATOR, evaluation_id)
    typer.echo(f"evaluation {view.id} published")


@app.command("award")
def award(
    procurement_id: Id,
    lot_id: Id,
    evaluation: Annotated[int, typer.Option("--evaluation", min=1, help="the published evaluation")],
    on: Annotated[str, typer.Option("--on", help="the award's date, YYYY-MM-DD")],
    bid: Annotated[int | None, typer.Option("--bid", min=1, help="default: the first of the ranking")] = None,
) -> None:
    """Award a lot on a published evaluation."""
    with writing() as session:
        row = awards.award(
            session, OPERATOR, procurement_id, lot_id, evaluation_id=evaluation, awarded_on=on, bid_id=bid
        )
        typer.echo(f"award {row.id}: lot {lot_id} to bid {row.bid_id}")


@app.command("shares")
def shares(award_id: Id, output: Format = format_option(Format.TABLE)) -> None:
    """Each participant's cost, saving and CO2e avoided under an award."""
    with writing() as session:  # the stand-alone prices read the bids: audited
        found = awards.shares(session, OPERATOR, award_id, secret_key=_secret())
    rows: list[dict[str, object]] = [
        {
            "city": s.city,
            "quantity": s.quantity,
            "share": round(s.share, 6),
            "cost_minor": s.cost_minor,
            "standalone_minor": s.standalone_minor,
            "saving_minor": s.saving_minor,
            "avoided_t_co2e": round(s.avoided_t_co2e, 3),
            "avoided_t_co2e_per_year": round(s.avoided_t_co2e_per_year, 3),
        }
        for s in found
    ]

    def table() -> None:
        for row in rows:
            typer.echo(
                f"{row['city']:<24} {row['quantity']:>10g} {row['cost_minor']:>16} "
                f"{row['saving_minor'] if row['saving_minor'] is not None else '-':>16} "
                f"{row['avoided_t_co2e']:>12}"
            )

    emit(output, found, table, rows)


@app.command("notices")
def notices(procurement_id: Id, output: DocumentFormat = format_option(DocumentFormat.TABLE)) -> None:
    """The public award notices: each lot's winner, its evaluated figures and the method."""
    with reading() as session:
        found = public.notices(session, procurement_id)

    def table() -> None:
        for n in found:
            typer.echo(
                f"lot {n.lot_number}: {n.supplier}, {n.method}, "
                f"evaluated {n.evaluated_cost:,.2f} {n.currency}, {n.co2e_t:,.1f} t CO2e, "
                f"awarded {n.awarded_on.isoformat()}"
            )

    emit(output, found, table)
