"""`citypact user` and `citypact demo`: accounts and roles from the shell (an administrator's act)."""

from __future__ import annotations

import secrets

import typer

from citypact.cli.context import OPERATOR, writing
from citypact.cli.lookup import user_id
from citypact.config import VAR_DIR
from citypact.domain.access import Role
from citypact.services.auth import accounts, demo, sessions
from citypact.services.credits.demo import seed_demo_credit_project
from citypact.services.deals.demo import seed_demo_deal
from citypact.services.matchmaking.demo import seed_demo_offers
from citypact.services.procurement.demo import seed_demo_procurement

app = typer.Typer(help="Accounts and roles.", no_args_is_help=True)
demo_app = typer.Typer(help="Demo accounts for trying the platform.", no_args_is_help=True)


@app.command("add")
def add(
    email: str,
    name: str = typer.Option(..., help="the person's name"),
    password: str = typer.Option(
        ...,
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        help="10 to 256 characters, not a common one",
    ),
    admin: bool = typer.Option(False, help="platform administrator"),
    role: Role | None = typer.Option(None, help="a role to grant at once"),
    scope: int | None = typer.Option(None, help="id of the city, network or organisation of --role"),
) -> None:
    """Create an account, optionally with one role."""
    if (role is None) != (scope is None):
        raise typer.BadParameter("give --role and --scope together", param_hint="--scope")
    with writing() as session:
        user = accounts.create_user(session, OPERATOR, email, name, password, is_admin=admin)
        if role is not None and scope is not None:
            accounts.grant_role(session, OPERATOR, user.id, role, scope)
        user_id, user_email = user.id, user.email
    typer.echo(f"created user {user_id} <{user_email}>")


@app.command("grant")
def grant(
    email: str, role: Role, scope: int = typer.Argument(..., help="city, network or organisation id")
) -> None:
    """Give an existing account a role."""
    with writing() as session:
        accounts.grant_role(session, OPERATOR, user_id(session, email), role, scope)
    typer.echo(f"granted {role.value} in {scope} to {email}")


@app.command("end-sessions")
def end_sessions(email: str) -> None:
    """Log an account out everywhere: every login session of it ends at once."""
    with writing() as session:
        ended = sessions.end_all(session, OPERATOR, user_id(session, email))
    typer.echo(f"ended {ended} session(s) of {email}")


@app.command("deactivate")
def deactivate(email: str, undo: bool = typer.Option(False, "--undo", help="reactivate the account")) -> None:
    """Deactivate an account: its sessions end and its API tokens stop working at once."""
    with writing() as session:
        accounts.set_active(session, OPERATOR, user_id(session, email), undo)
    typer.echo(f"{'reactivated' if undo else 'deactivated'} {email}")


@demo_app.command("seed")
def seed(base_url: str = typer.Option("http://127.0.0.1:8000", help="where the server will listen")) -> None:
    """Create the demo accounts once (kept in var/demo_logins.txt) and print how to log in."""
    logins = VAR_DIR / "demo_logins.txt"
    with writing() as session:
        created = demo.seed_demo_accounts(session, OPERATOR, lambda: secrets.token_urlsafe(12))
        demo.seed_demo_inventory(session, OPERATOR)
        seed_demo_procurement(session, OPERATOR)
        seed_demo_deal(session, OPERATOR)
        seed_demo_credit_project(session, OPERATOR)
        seed_demo_offers(session, OPERATOR)
    if created:
        logins.parent.mkdir(parents=True, exist_ok=True)
        logins.write_text("".join(f"{a.email}\t{a.password}\t{a.role}\n" for a in created))
        logins.chmod(0o600)
    if logins.exists():
        typer.echo(f"Log in at {base_url}/login with one of these demo accounts:")
        for line in logins.read_text().splitlines():
            email, password, role = line.split("\t")
            typer.echo(f"  {email:<34} password {password:<18} {role}")
