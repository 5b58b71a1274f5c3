"""CO2 price schedules cities and networks add: who may add, versions that never overwrite, audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from citypact.domain.procurement.schedules import Discounting
from citypact.services.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from citypact.services.procurement import co2_prices
from citypact.storage.co2_prices import Co2PriceSchedule
from citypact.storage.models import AuditEntry, Network
from tests.conftest import World


def _values(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "key": "city-shadow-price",
        "name": "Heidelberg shadow price",
        "publisher": "Stadt Heidelberg",
        "source": "Gemeinderatsbeschluss 2025, Anlage 2",
        "url": "https://www.heidelberg.de/",
        "currency": "EUR",
        "price_year": "2025",
        "discounting": "like_costs",
        "valid_from": "2025-01-01",
        "prices": {"2025": "201.5", "2030": 250},
    }
    values.update(changes)
    return values


def _owner(world: World) -> str:
    return f"city-{world.city['Heidelberg']}"


def test_a_city_editor_adds_a_schedule_that_everyone_reads(world: World) -> None:
    with world.db.write() as session:
        view = co2_prices.add_schedule(session, world.actor("heidelberg_editor"), _owner(world), _values())
    assert view.ref == f"{_owner(world)}/city-shadow-price/1"
    with world.db.read() as session:
        found = co2_prices.get_schedule(session, world.actor("public"), _owner(world), "city-shadow-price")
        listed = co2_prices.list_schedules(session, world.actor("public"))
        audit_rows = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "co2_price_schedule")
        ).all()
    schedule = found.schedule
    assert schedule.prices == {2025: 201.5, 2030: 250.0}
    assert schedule.price(2027) == 201.5 and schedule.price(2040) == 250.0
    assert (schedule.discounting, schedule.price_year, schedule.valid_to) == (
        Discounting.LIKE_COSTS,
        2025,
        None,
    )
    assert found.owner_name == "Heidelberg"
    assert [v.ref for v in listed if v.owner != "shipped"] == [view.ref]
    assert len([v for v in listed if v.owner == "shipped"]) == 9
    assert [(a.action, a.city_id, a.after["prices"]) for a in audit_rows] == [
        ("create", world.city["Heidelberg"], {"2025": 20150, "2030": 25000})
    ]


def test_another_citys_editor_and_the_public_are_refused(world: World) -> None:
    with world.db.write() as session, pytest.raises(PermissionDenied):
        co2_prices.add_schedule(session, world.actor("kyoto_editor"), _owner(world), _values())
    with world.db.write() as session, pytest.raises(PermissionDenied):
        co2_prices.add_schedule(session, world.actor("heidelberg_viewer"), _owner(world), _values())
    with world.db.write() as session, pytest.raises(NotAuthenticated):
        co2_prices.add_schedule(session, world.actor("public"), _owner(world), _values())
    with world.db.read() as session:
        assert session.scalars(select(Co2PriceSchedule)).all() == []


def test_a_new_version_replaces_the_old_from_its_date_and_never_overwrites_it(world: World) -> None:
    owner = _owner(world)
    with world.db.write() as session:
        co2_prices.add_schedule(session, world.actor("heidelberg_editor"), owner, _values())
    with world.db.write() as session:
        second = co2_prices.add_version(
            session,
            world.actor("heidelberg_editor"),
            owner,
            "city-shadow-price",
            _values(valid_from="2026-07-01", prices={"2026": 300}),
        )
    assert second.schedule.version == "2"
    with world.db.read() as session:
        first, latest = co2_prices.schedule_versions(
            session, world.actor("public"), owner, "city-shadow-price"
        )
        rows = session.scalars(select(Co2PriceSchedule).order_by(Co2PriceSchedule.id)).all()
    assert first.schedule.prices == {2025: 201.5, 2030: 250.0}  # untouched
    assert first.schedule.valid_to == dt.date(2026, 6, 30)
    assert latest.schedule.prices == {2026: 300.0} and latest.schedule.valid_to is None
    assert [(r.version, r.prices) for r in rows] == [
        ("1", {"2025": 20150, "2030": 25000}),
        ("2", {"2026": 30000}),
    ]
    # A version that starts before the latest is refused: history is not rewritten.
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        co2_prices.add_version(
            session,
            world.actor("heidelberg_editor"),
            owner,
            "city-shadow-price",
            _values(valid_from="2026-07-01"),
        )
    assert error.value.field == "valid_from"
    # The same key again is refused as a new schedule.
    with world.db.write() as session, pytest.raises(InvalidInput, match="new version"):
        co2_prices.add_schedule(session, world.actor("heidelberg_editor"), owner, _values())
    with world.db.write() as session, pytest.raises(PermissionDenied):
        co2_prices.add_version(
            session, world.actor("kyoto_editor"), owner, "city-shadow-price", _values(valid_from="2027-01-01")
        )


def test_a_secretariat_adds_for_its_network_only(world: World) -> None:
    with world.db.write() as session:
        c40 = session.scalar(select(Network.id).where(Network.slug == "c40"))
        another = Network(slug="another", name="Another network")
        session.add(another)
        session.flush()
        other = another.id
    assert c40 is not None
    with world.db.write() as session:
        view = co2_prices.add_schedule(session, world.actor("c40_secretariat"), f"network-{c40}", _values())
    assert view.owner == f"network-{c40}"
    with world.db.write() as session, pytest.raises(PermissionDenied):
        co2_prices.add_schedule(session, world.actor("c40_secretariat"), f"network-{other}", _values())
    with world.db.write() as session, pytest.raises(PermissionDenied):
        co2_prices.add_schedule(session, world.actor("c40_secretariat"), _owner(world), _values())
    with world.db.write() as session:
        co2_prices.add_schedule(session, world.actor("admin"), f"network-{other}", _values())


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"key": "Bad Key"}, "key"),
        ({"currency": "euro"}, "currency"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"price_year": "20x"}, "price_year"),
        ({"discounting": "sometimes"}, "discounting"),
        ({"valid_from": "1.1.2025"}, "valid_from"),
        ({"prices": {}}, "prices"),
        ({"prices": {"2025": -5}}, "prices"),
        ({"prices": {"1800": 5}}, "prices"),
        ({"prices": {"2025": "a lot"}}, "prices"),
        ({"prices": {str(y): 1 for y in range(1990, 2200)}}, "prices"),
        ({"name": ""}, "name"),
        ({"source": "x" * 2_001}, "source"),
        ({"name": "bad\u202ename"}, "name"),
    ],
)
def test_bad_values_name_their_field_and_write_nothing(
    world: World, changes: dict[str, Any], field: str
) -> None:
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        co2_prices.add_schedule(session, world.actor("heidelberg_editor"), _owner(world), _values(**changes))
    assert error.value.field == field
    with world.db.read() as session:
        assert session.scalars(select(Co2PriceSchedule)).all() == []


def test_shipped_schedules_cannot_be_added_to_and_unknown_owners_are_not_found(world: World) -> None:
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        co2_prices.add_schedule(session, world.actor("admin"), "shipped", _values())
    assert error.value.field == "owner"
    with world.db.read() as session:
        with pytest.raises(NotFound):
            co2_prices.get_schedule(session, world.actor("public"), "town-3", "x")
        with pytest.raises(NotFound):
            co2_prices.get_schedule(session, world.actor("public"), "shipped", "de-behg", "1999")
        behg = co2_prices.schedule_for_evaluation(session, world.actor("public"), "shipped/de-behg/2024")
    assert behg.price(2026) == 55.0
