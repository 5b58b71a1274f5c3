"""`citypact credits issue|transfer|retire|cancel|statement|verify-ledger`: the credit ledger from
the shell. Commands act as the operator (an administrator) unless `--as EMAIL` names a user, whose
roles then apply exactly as on the pages and the API."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import typer

from citypact.cli.context import FAILED, OPERATOR, fail, reading, writing
from citypact.cli.credits import app
from citypact.cli.output import Format, emit, format_option
from citypact.domain.access import Actor
from citypact.services.auth import accounts as users
from citypact.services.credits import accounts, ledger
from citypact.services.credits.accounts import BlockLine
from citypact.services.credits.verify import verify_ledger

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

AS_OPTION = typer.Option(None, "--as", help="act as this user (email); default: the operator")


def _actor(session: Session, email: str | None) -> Actor:
    if email is None:
        return OPERATOR
    actor = users.actor_for(session, users.user_id_by_email(session, email))
    if actor is None:
        fail(f"--as: {email} is not an active user")
    return actor


def _period(text: str) -> tuple[dt.date, dt.date]:
    try:
        start, end = (dt.date.fromisoformat(part.strip()) for part in text.split(".."))
    except ValueError:
        fail(f"--period: {text!r} is not like 2025-01-01..2025-12-31")
    return start, end


def _print_lines(lines: list[BlockLine]) -> None:
    for line in lines:
        transferred = line.first_transferred_at.date().isoformat() if line.first_transferred_at else "-"
        typer.echo(
            f"{line.block_id:>8}  {line.label}  {line.quantity:>10,}  {line.status:<9}  "
            f"{line.authorisation}/{line.adjustment}  first transfer {transferred}"
        )


@app.command("issue")
def issue(
    project: int = typer.Argument(..., help="the project's id"),
    report: int | None = typer.Option(None, "--report", help="the verified monitoring report's id"),
    period: str | None = typer.Option(None, "--period", help="or its period, e.g. 2025-01-01..2025-12-31"),
    as_user: str | None = AS_OPTION,
) -> None:
    """Issue a verified monitoring report: the buffer and each party's share in serial-numbered blocks."""
    if (report is None) == (period is None):
        fail("give either --report ID or --period START..END")
    with writing() as session:
        actor = _actor(session, as_user)
        report_id = (
            report if report is not None else ledger.verified_report(session, project, *_period(period or ""))
        )
        if ledger.report_project_id(session, report_id) != project:
            fail(f"--report: report {report_id} is not a report of project {project}")
        blocks = ledger.issue(session, actor, report_id)
        lines = accounts.block_lines(session, blocks)
    issued = sum(line.quantity for line in lines)
    typer.echo(f"issued {issued:,} credits of report {report_id} in {len(lines)} blocks")
    _print_lines(lines)


@app.command("transfer")
def transfer(
    block: int = typer.Argument(..., help="the block's id"),
    to: int = typer.Option(..., "--to", help="the receiving holding account's id"),
    quantity: int | None = typer.Option(None, "--quantity", help="only the first N credits (default: all)"),
    as_user: str | None = AS_OPTION,
) -> None:
    """Move a block, or its first N credits, to another holding account."""
    with writing() as session:
        moved = ledger.transfer(session, _actor(session, as_user), block, to, quantity)
        lines = accounts.block_lines(session, [moved])
    typer.echo(f"transferred to account {to}")
    _print_lines(lines)


@app.command("retire")
def retire(
    block: int = typer.Argument(..., help="the block's id"),
    quantity: int | None = typer.Option(None, "--quantity", help="only the first N credits (default: all)"),
    use: str = typer.Option(..., "--use", help="own_target or on_behalf"),
    beneficiary: str = typer.Option(..., "--beneficiary", help="who the credits are retired for"),
    purpose: str = typer.Option("", "--purpose", help="what for"),
    year: int = typer.Option(..., "--year", help="the year the retirement is claimed for"),
    as_user: str | None = AS_OPTION,
) -> None:
    """Retire a block (or its first N credits) for a named beneficiary, purpose and year; final."""
    with writing() as session:
        done = ledger.retire(
            session, _actor(session, as_user), block, quantity=quantity, use=use, beneficiary=beneficiary,
            purpose=purpose, claim_year=year, city_id=None, organisation_id=None,
        )  # fmt: skip
        retirement_id = done.id
        lines = accounts.block_lines(session, [ledger.block_by_id(session, done.block_id)])
    typer.echo(f"retirement {retirement_id}: {lines[0].quantity:,} credits for {beneficiary} ({use}, {year})")
    _print_lines(lines)


@app.command("cancel")
def cancel(
    block: int = typer.Argument(..., help="the block's id"),
    reason: str = typer.Option(..., "--reason", help="why the credits are cancelled"),
    quantity: int | None = typer.Option(None, "--quantity", help="only the first N credits (default: all)"),
    as_user: str | None = AS_OPTION,
) -> None:
    """Cancel a block (or its first N credits); final."""
    with writing() as session:
        done = ledger.cancel(session, _actor(session, as_user), block, quantity=quantity, reason=reason)
        lines = accounts.block_lines(session, [done])
    typer.echo("cancelled")
    _print_lines(lines)


@app.command("statement")
def statement(
    account: int = typer.Argument(..., help="the account's id"),
    output: Format = format_option(Format.TABLE),
    as_user: str | None = AS_OPTION,
) -> None:
    """An account's blocks with their serial labels, status and Article 6 fields."""
    with reading() as session:
        found = accounts.statement(session, _actor(session, as_user), account)
    rows: list[dict[str, object]] = [
        {"block": line.block_id, "serials": line.label, "project": line.project_id, "vintage": line.vintage,
         "quantity": line.quantity, "status": line.status, "authorisation": line.authorisation,
         "adjustment": line.adjustment,
         "first_transferred_at": line.first_transferred_at.isoformat() if line.first_transferred_at else None}
        for line in found.lines
    ]  # fmt: skip

    def table() -> None:
        typer.echo(f"account {found.account_id} ({found.kind}): {found.name}; holds {found.held:,} credits")
        _print_lines(found.lines)

    emit(output, found, table=table, rows=rows)


@app.command("verify-ledger")
def verify() -> None:
    """Replay the ledger, recompute every hash and check every invariant; exit 1 at the first break."""
    with reading() as session:
        check = verify_ledger(session)
    if not check.ok:
        where = f"transaction {check.broken_seq}" if check.broken_seq is not None else "the tables"
        typer.echo(f"ledger broken at {where}: {check.problem}: {check.detail}", err=True)
        raise typer.Exit(FAILED)
    typer.echo(
        f"ledger ok: {check.transactions:,} transactions, {check.issued:,} credits issued, "
        f"{check.active:,} active, {check.retired:,} retired, {check.cancelled:,} cancelled"
    )
