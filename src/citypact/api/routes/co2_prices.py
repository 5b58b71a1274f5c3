"""/api/v1/co2-prices: CO2 price schedules, shipped and added by cities and networks, versioned."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from citypact.api.schemas.co2_prices import ScheduleIn, ScheduleOut, ScheduleVersionIn, schedule_out
from citypact.http.deps import DB, CurrentActor, ReadDB, ReleasingRoute, Writer
from citypact.services.procurement import co2_prices

router = APIRouter(route_class=ReleasingRoute, tags=["procurement"])
Owner = Annotated[str, Path(pattern=r"^(shipped|city-[0-9]{1,9}|network-[0-9]{1,9})$", examples=["city-12"])]
Key = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9-]{1,59}$")]
Version = Annotated[str, Path(pattern=r"^[A-Za-z0-9._-]{1,30}$")]


@router.get("/co2-prices", response_model=list[ScheduleOut])
def list_schedules(session: ReadDB, actor: CurrentActor) -> list[ScheduleOut]:
    """Every version of every schedule: the shipped ones, then those cities and networks added."""
    return [schedule_out(v) for v in co2_prices.list_schedules(session, actor)]


@router.get("/co2-prices/{owner}/{key}", response_model=list[ScheduleOut])
def schedule_versions(owner: Owner, key: Key, session: ReadDB, actor: CurrentActor) -> list[ScheduleOut]:
    """All versions of one schedule, oldest first."""
    return [schedule_out(v) for v in co2_prices.schedule_versions(session, actor, owner, key)]


@router.get("/co2-prices/{owner}/{key}/{version}", response_model=ScheduleOut)
def get_version(
    owner: Owner, key: Key, version: Version, session: ReadDB, actor: CurrentActor
) -> ScheduleOut:
    """One version, as an evaluation cites it."""
    return schedule_out(co2_prices.get_schedule(session, actor, owner, key, version))


def _values(body: ScheduleVersionIn) -> dict[str, object]:
    values = body.model_dump()
    values["prices"] = {str(year): price for year, price in body.prices.items()}
    return values


@router.post("/co2-prices/{owner}", response_model=ScheduleOut, status_code=201)
def add_schedule(owner: Owner, body: ScheduleIn, db: DB, actor: Writer) -> ScheduleOut:
    """A city's schedule (its editors) or a network's (its secretariat); version 1."""
    with db.write() as session:
        view = co2_prices.add_schedule(session, actor, owner, _values(body))
    return schedule_out(view)


@router.post("/co2-prices/{owner}/{key}", response_model=ScheduleOut, status_code=201)
def add_version(owner: Owner, key: Key, body: ScheduleVersionIn, db: DB, actor: Writer) -> ScheduleOut:
    """A new version that replaces the latest from its valid_from; the old one stays readable."""
    with db.write() as session:
        view = co2_prices.add_version(session, actor, owner, key, _values(body))
    return schedule_out(view)
