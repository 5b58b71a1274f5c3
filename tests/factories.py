"""Shared test factories: fresh databases, cities, users, inventories (complete BASIC ones too),
action plans and the measure library, partnerships and network memberships.

They go through the services, as a person would, so that a factory checks authorization and input
like the pages and the API do; only `reported_inventory` inserts a row directly, because no service
makes a reported total with a chosen status and source. Factories take the test `World` (`user`
takes the session of the populating transaction) and keyword arguments whose defaults fit the small
test registry: Heidelberg, its editor, the year 2022.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from citypact.domain.access import Actor, Role
from citypact.domain.plausibility import required_refs
from citypact.services.auth import accounts
from citypact.services.cooperation import partnerships
from citypact.services.inventory import imports as inventory_imports
from citypact.services.inventory import inventories
from citypact.services.plans import action_plans, cases, measures
from citypact.services.procurement import demand as procurement_demand_service
from citypact.services.procurement import lots as procurement_lots
from citypact.services.procurement import participants as procurement_participants
from citypact.services.procurement import procurements as procurement_opening
from citypact.services.registry import city_edits, networks
from citypact.storage.migrate import upgrade
from citypact.storage.models import Inventory

if TYPE_CHECKING:
    from tests.conftest import World

PG_URL = os.environ.get("CITYPACT_TEST_DATABASE_URL", "")
OPERATOR = Actor(user_id=None, is_admin=True)
PASSWORD = "correct horse battery"

# --- databases -----------------------------------------------------------------------------------


def _admin_url(url: str) -> str:
    return make_url(url).set(database="postgres").render_as_string(hide_password=False)


def pg_command(url: str, sql: str) -> None:
    """Run one statement outside a transaction (CREATE or DROP DATABASE) on `url`'s server."""
    engine = create_engine(
        make_url(_admin_url(url)).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as conn:
        conn.execute(text(sql))
    engine.dispose()


@contextmanager
def migrated_database(folder: Path, prefix: str) -> Iterator[str]:
    """The URL of a new, migrated and empty database: on the PostgreSQL server of
    CITYPACT_TEST_DATABASE_URL when it names one (dropped afterwards), else a SQLite file in `folder`."""
    if PG_URL:
        name = f"{prefix}_{uuid.uuid4().hex[:8]}"
        pg_command(PG_URL, f'CREATE DATABASE "{name}"')
        url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    else:
        url = f"sqlite:///{folder / f'{prefix}.db'}"
    upgrade(url)
    try:
        yield url
    finally:
        if PG_URL:
            pg_command(PG_URL, f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


# --- cities, users, networks ---------------------------------------------------------------------


def new_city(
    world: World,
    *,
    name: str,
    country: str = "DE",
    lat: float = 50.0,
    lon: float = 8.0,
    population: int | None = None,
    admin_area: str | None = None,
) -> int:
    """A city an administrator adds to the registry; returns its id."""
    with world.db.write() as session:
        return city_edits.create_city(
            session, OPERATOR, name=name, country=country, lat=lat, lon=lon,
            population=population, admin_area=admin_area,
        ).id  # fmt: skip


def user(
    session: Session,
    *,
    name: str,
    email: str | None = None,
    is_admin: bool = False,
    role: Role | None = None,
    scope_id: int | None = None,
) -> int:
    """An account with the test password and, given a role and its scope (a city's or a network's
    id), a membership; returns the user's id."""
    made = accounts.create_user(
        session, OPERATOR, email or f"{name}@test.example", name, PASSWORD, is_admin=is_admin
    )
    if role is not None and scope_id is not None:
        accounts.grant_role(session, OPERATOR, made.id, role, scope_id)
    return made.id


def confirm_membership(world: World, city: str, network: str = "c40") -> None:
    """The city's consent to a membership loaded from a published list: only then does the
    network's secretariat read the city's non-public data."""
    with world.db.write() as session:
        networks.request_to_join(
            session, Actor(is_admin=True, user_id=world.users["admin"]), network, world.city[city]
        )


# --- inventories ---------------------------------------------------------------------------------

GAS_ROW: Mapping[str, Any] = {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000.0, "unit": "MWh"}
EXPLANATION = "test: does not occur in this city"


def new_inventory(
    world: World,
    *,
    city: str = "Heidelberg",
    by: str = "heidelberg_editor",
    year: int = 2022,
    gwp: str = "AR5",
    standard: str = "BASIC",
    population: int | None = None,
    rows: Sequence[Mapping[str, Any]] = (),
    file: Path | None = None,
    completed: bool = False,
    status: str | None = None,
) -> int:
    """A draft inventory of `city` made by `by`, with `rows` entered one by one and then `file`
    imported; `completed` adds a row NO for each reference still open, `status` moves it on
    (submitted needs completed). Returns its id."""
    actor = world.actor(by)
    with world.db.write() as session:
        made = inventories.create_inventory(
            session, actor, world.city[city], year=year, gwp=gwp, standard=standard, population=population
        )
        for row in rows:
            inventories.save_activity(session, actor, made.id, row)
        if file is not None:
            inventory_imports.import_file(session, actor, made.id, file)
        if completed:
            complete(session, actor, made.id)
        if status is not None:
            inventories.set_status(session, actor, made.id, status)
        return made.id


def activity(
    world: World, inventory_id: int, row: Mapping[str, Any], *, by: str = "heidelberg_editor"
) -> int:
    """One activity row entered by `by`; returns its record id."""
    with world.db.write() as session:
        return inventories.save_activity(session, world.actor(by), inventory_id, row).id


def reported_inventory(
    world: World,
    city: str,
    year: int,
    scope1: float,
    population: int | None = None,
    *,
    status: str = "submitted",
    source: str | None = None,
    factor_library: str = "test",
    gases: str | None = "CO2e",
) -> None:
    """An inventory holding only a reported Scope-1 total, as `data load` stores the reported
    emissions; inserted directly, because the load takes neither a status nor a source of ours."""
    with world.db.write() as session:
        session.add(
            Inventory(
                city_id=world.city[city], year=year, status=status, factor_library=factor_library,
                population=population, reported={"scope1": scope1},
                reported_source=source or f"test report {city} {year}", reported_gases=gases,
            )
        )  # fmt: skip


def not_occurring_csv(refs: list[str] | tuple[str, ...]) -> bytes:
    """An activity template holding a row NO for each of `refs`."""
    lines = ["gpc_ref,fuel,amount,unit,notation_key,explanation"]
    lines += [f"{ref},,,,NO,{EXPLANATION}" for ref in refs]
    return ("\n".join(lines) + "\n").encode()


def open_refs(reported: set[str], standard: str = "BASIC") -> list[str]:
    """The references `standard` requires that are not in `reported`."""
    return [ref for ref in required_refs(standard) if ref not in reported]


def complete(session: Session, actor: Actor, inventory_id: int) -> None:
    """Add a row NO for every reference the inventory still misses (service layer): the minimum the
    completeness check of submission accepts."""
    missing = inventories.get_inventory(session, actor, inventory_id).missing_refs
    if missing:
        frame = pl.DataFrame(
            {"gpc_ref": missing, "notation_key": ["NO"] * len(missing), "explanation": EXPLANATION},
        )
        inventories.import_activities(
            session, actor, inventory_id, frame, file_name="not-occurring.csv", replace=False
        )


def complete_via_api(client: TestClient, headers: dict[str, str], inventory_id: int) -> None:
    """Add a row NO for every reference the inventory still misses (REST API)."""
    detail = client.get(f"/api/v1/inventories/{inventory_id}", headers=headers)
    assert detail.status_code == 200, detail.text
    missing = detail.json()["missing_refs"]
    if missing:
        response = client.post(
            f"/api/v1/inventories/{inventory_id}/import",
            files={"file": ("not-occurring.csv", not_occurring_csv(missing), "text/csv")},
            data={"replace": "false"},
            headers=headers,
        )
        assert response.status_code == 200, response.text


# --- the measure library and action plans --------------------------------------------------------

CATALOGUE = pl.DataFrame(
    {
        "code": ["led_street_lighting", "renovation_subsidy"],
        "field": ["buildings_municipal", "buildings_residential"],
        "instrument": ["own_operations", "fiscal"],
        "municipal_role": ["consumer", "advisor"],
        "decision_level": ["municipality", "municipality"],
        "title_en": ["LED street lighting", "Renovation subsidy programme"],
        "title_de": ["LED-Straßenbeleuchtung", "Förderprogramm energetische Sanierung"],
        "title_ja": ["街路灯のLED化", "省エネ改修補助"],
        "summary_en": ["Replace street lights by LEDs.", "Grants for insulating homes."],
        "co_benefits": [["cost_savings"], ["health", "jobs"]],
        "gpc_sectors": [["I"], ["I"]],
    }
)
LED_CASE: Mapping[str, Any] = {
    "title": "LED street lights city-wide",
    "title_ja": "街路灯を全面LED化",
    "title_de": "LED überall",
    "summary": "All street lights replaced.",
    "field": "buildings_municipal",
    "instrument": "own_operations",
    "implementation": "implemented",
    "measure": "led_street_lighting",
}


def seed_library(world: World) -> None:
    """The two-measure catalogue and one case of Munich that adopts its LED measure."""
    with world.db.write() as session:
        measures.load_catalogue(session, CATALOGUE)
        cases.save_case(session, world.actor("admin"), world.city["Munich"], dict(LED_CASE))


def plan_measure(
    world: World,
    *,
    city: str = "Heidelberg",
    by: str = "admin",
    measure: str = "led_street_lighting",
    implementation: str = "implemented",
) -> int:
    """A measure of `city`'s action plan; returns its id."""
    with world.db.write() as session:
        return action_plans.save_plan_measure(
            session, world.actor(by), world.city[city], {"measure": measure, "implementation": implementation}
        ).id


# --- partnerships --------------------------------------------------------------------------------

TODAY = dt.date(2026, 5, 20)


def proposed(
    world: World,
    *,
    by: str = "heidelberg_editor",
    city: str = "Heidelberg",
    partners: tuple[str, ...] = ("Kyoto",),
    is_public: bool = False,
    kind: str = "peer",
) -> int:
    """A partnership proposed by `city`'s editor with the partner cities; returns its id."""
    with world.db.write() as session:
        return partnerships.propose(
            session,
            world.actor(by),
            world.city[city],
            title=f"{city} and {', '.join(partners)} on heat planning",
            kind=kind,
            partners=[{"city_id": world.city[p], "role": "partner"} for p in partners],
            description="Municipal heat planning, exchanged between peers.",
            is_public=is_public,
            today=TODAY,
        ).id


def declared(world: World, *, is_public: bool = False) -> int:
    """Heidelberg and Kyoto: proposed, accepted by Kyoto, signed by both; returns the id."""
    pid = proposed(world, is_public=is_public)
    with world.db.write() as session:
        partnerships.accept(session, world.actor("kyoto_editor"), pid, world.city["Kyoto"], today=TODAY)
        partnerships.sign(
            session, world.actor("heidelberg_editor"), pid, world.city["Heidelberg"],
            signed_on="2026-05-18", signatory="Mayor of Heidelberg", today=TODAY,
        )  # fmt: skip
        partnerships.sign(
            session, world.actor("kyoto_editor"), pid, world.city["Kyoto"], signed_on=TODAY, today=TODAY
        )
    return pid


def accepted(world: World, *, is_public: bool = False) -> int:
    """Heidelberg's proposal accepted by Kyoto (a past partnership for the matching); returns the id."""
    pid = proposed(world, is_public=is_public)
    with world.db.write() as session:
        partnerships.accept(session, world.actor("kyoto_editor"), pid, world.city["Kyoto"], today=TODAY)
    return pid


# Kinds of rows a large generated inventory cycles through: (gpc_ref, fuel, unit).
LARGE_KINDS = (
    ("I.1.1", "Natural Gas", "MWh"),
    ("I.1.2", "electricity", "MWh"),
    ("I.2.1", "Gas/Diesel Oil", "L"),
    ("I.2.2", "electricity", "kWh"),
    ("II.1.1", "Motor Gasoline", "L"),
)


def large_inventory(world: World, rows: int, folder: Path, *, city: str = "Heidelberg") -> int:
    """A draft inventory of `rows` activity rows, imported from a generated CSV through the import
    service (one bulk insert): row i is kind i % 5 with amount 1000 + i."""
    amounts = pl.int_range(0, rows, eager=True)
    kinds = pl.DataFrame(LARGE_KINDS, schema=["gpc_ref", "fuel", "unit"], orient="row")
    table = kinds.gather(amounts % len(LARGE_KINDS)).with_columns(
        amount=(amounts + 1000).cast(pl.Float64), data_quality=pl.lit("M")
    )
    path = folder / "large.csv"
    table.select("gpc_ref", "fuel", "amount", "unit", "data_quality").write_csv(path)
    return new_inventory(world, city=city, file=path)


# --- joint procurement ---------------------------------------------------------------------------

BIDS_DUE = dt.datetime(2099, 6, 30, 10, 0, tzinfo=dt.UTC)


def procurement(
    world: World,
    *,
    by: str = "heidelberg_editor",
    lead: str | None = "Heidelberg",
    invited: Sequence[str] = ("Kyoto",),
    title: str = "Electric buses for two cities",
    cpv: str | None = "34144910-0",
    currency: str = "EUR",
    network: str | None = None,
    bids_due_at: dt.datetime | None = BIDS_DUE,
    lead_organisation_id: int | None = None,
) -> int:
    """A procurement led by `lead` (or by an organisation), the `invited` cities invited; returns its id."""
    with world.db.write() as session:
        return procurement_opening.open_procurement(
            session, world.actor(by), title=title, subject="Battery-electric city buses with chargers.",
            cpv=cpv, currency=currency, lead_city_id=world.city[lead] if lead else None,
            lead_organisation_id=lead_organisation_id, network=network,
            participants=[world.city[c] for c in invited], department="Transport",
            bids_due_at=bids_due_at,
        ).id  # fmt: skip


def procurement_lot(
    world: World, pid: int, *, by: str = "heidelberg_editor", number: int = 1,
    title: str = "Electric buses, 12 m", unit: str = "bus",
) -> int:  # fmt: skip
    """A lot added by the lead buyer; returns its id."""
    with world.db.write() as session:
        return procurement_lots.add_lot(
            session, world.actor(by), pid, {"number": number, "title": title, "unit": unit}
        ).id


def procurement_join(world: World, pid: int, *, city: str = "Kyoto", by: str = "kyoto_editor") -> None:
    with world.db.write() as session:
        procurement_participants.join(session, world.actor(by), pid, world.city[city], "Transport bureau")


def procurement_demand(
    world: World, pid: int, lot_id: int, *, city: str = "Heidelberg", by: str = "heidelberg_editor",
    quantity: float = 10, budget_ceiling_minor: int | None = 600_000_000,
    standalone_estimate_minor: int | None = 580_000_000, delivery: tuple[int, int] = (2027, 2028),
) -> int:  # fmt: skip
    """A city's demand in a lot, stated by its editor; returns the demand line's id."""
    with world.db.write() as session:
        return procurement_demand_service.set_demand(
            session, world.actor(by), pid, world.city[city], lot_id, quantity=quantity,
            delivery_from=delivery[0], delivery_to=delivery[1], budget_ceiling_minor=budget_ceiling_minor,
            standalone_estimate_minor=standalone_estimate_minor,
        ).id  # fmt: skip


@dataclass(frozen=True)
class JointProcurement:
    id: int
    lot_id: int


def joint_procurement(
    world: World, *, publish: bool = False, bids_due_at: dt.datetime = BIDS_DUE
) -> JointProcurement:
    """Heidelberg leads, Kyoto joined; one lot of buses: Heidelberg 10 (ceiling EUR 6,000,000.00,
    alone EUR 5,800,000.00), Kyoto 4 (ceiling EUR 2,500,000.00, alone EUR 2,440,000.00). With
    `publish` the tender is published (bids due at `bids_due_at`)."""
    pid = procurement(world, bids_due_at=bids_due_at)
    lot_id = procurement_lot(world, pid)
    procurement_join(world, pid)
    procurement_demand(world, pid, lot_id)
    procurement_demand(
        world, pid, lot_id, city="Kyoto", by="kyoto_editor", quantity=4, budget_ceiling_minor=250_000_000,
        standalone_estimate_minor=244_000_000,
    )  # fmt: skip
    if publish:
        with world.db.write() as session:
            procurement_opening.move_phase(
                session, world.actor("heidelberg_editor"), pid, "tender_published",
                now=bids_due_at - dt.timedelta(days=30),
            )  # fmt: skip
    return JointProcurement(pid, lot_id)
