"""Applications to funding programmes: who forms and reads them, partner cities while forming,
status changes, and the joint rule counted on submission."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from citypact.services.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from citypact.services.funding import applications, programme_calls
from citypact.storage.models import AuditEntry
from tests.conftest import World
from tests.factories import confirm_membership
from tests.funding_programmes_fixture import catalogue_world


def _joint(world: World, who: str = "heidelberg_editor", **extra: object) -> int:
    made = catalogue_world(world)
    with world.db.write() as session:
        return applications.create_application(
            session,
            world.actor(who),
            {"programme_id": made.joint, "lead_city_id": world.city["Heidelberg"], "title": "Heat exchange",
             "amount_sought": "1200000", **extra},
        ).id  # fmt: skip


def test_lead_editor_forms_an_application_in_the_programmes_currency(world: World) -> None:
    app_id = _joint(world, partner_city_ids=f"{world.city['Munich']}")
    with world.db.read() as session:
        view = applications.get_application(session, world.actor("heidelberg_viewer"), app_id)
    assert view.status == "forming"
    assert view.currency == "JPY"
    assert view.amount_sought_minor == 1_200_000  # yen have no minor unit
    assert [(c.name, c.lead) for c in view.cities] == [("Heidelberg", True), ("Munich", False)]
    assert (view.shortfall.cities, view.shortfall.countries) == (1, 1)


def test_other_cities_and_the_public_neither_form_nor_read(world: World) -> None:
    made = catalogue_world(world)
    with world.db.write() as session, pytest.raises(PermissionDenied):
        applications.create_application(
            session, world.actor("kyoto_editor"),
            {"programme_id": made.joint, "lead_city_id": world.city["Heidelberg"], "title": "x"},
        )  # fmt: skip
    app_id = _joint(world)
    with world.db.read() as session, pytest.raises(NotAuthenticated):
        applications.get_application(session, world.actor("public"), app_id)
    for who in ("kyoto_editor", "c40_secretariat", "plain_user"):
        with world.db.read() as session, pytest.raises(NotFound):
            applications.get_application(session, world.actor(who), app_id)


def test_submission_counts_cities_and_countries(world: World) -> None:
    app_id = _joint(world, partner_city_ids=[world.city["Munich"], world.city["Cologne"]])
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        applications.set_status(session, editor, app_id, "submitted")
    assert "needs 3 cities from 2 countries: add 1 more city, from 1 more country." in error.value.message
    with world.db.write() as session:
        applications.remove_city(session, editor, app_id, world.city["Cologne"])
        applications.add_city(session, editor, app_id, world.city["Kyoto"])
        applications.set_status(session, editor, app_id, "submitted")
    with world.db.write() as session, pytest.raises(Conflict):
        applications.add_city(session, editor, app_id, world.city["Cologne"])
    with world.db.write() as session:
        applications.set_status(session, editor, app_id, "awarded")
    with world.db.write() as session, pytest.raises(Conflict):
        applications.set_status(session, editor, app_id, "withdrawn")
    with world.db.read() as session:
        actions = [
            a.action
            for a in session.scalars(select(AuditEntry).where(AuditEntry.entity == "funding_application"))
        ]
    assert actions == ["create", "remove_city", "add_city", "status", "status"]


def test_the_lead_stays_and_bad_steps_are_refused(world: World) -> None:
    app_id = _joint(world)
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session, pytest.raises(Conflict):
        applications.remove_city(session, editor, app_id, world.city["Heidelberg"])
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        applications.set_status(session, editor, app_id, "awarded")
    assert error.value.field == "status"


def test_a_closed_call_or_an_unknown_programme_is_refused(world: World) -> None:
    made = catalogue_world(world)
    with world.db.write() as session:
        programme_calls.update_call(
            session,
            world.actor("admin"),
            made.programme,
            made.open_call,
            {"opens_on": None, "closes_on": "2020-01-01"},
        )
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        applications.create_application(
            session, world.actor("heidelberg_editor"),
            {"programme_id": made.programme, "call_id": made.open_call,
             "lead_city_id": world.city["Heidelberg"], "title": "Late"},
        )  # fmt: skip
    assert error.value.field == "call_id"
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        applications.create_application(
            session, world.actor("heidelberg_editor"),
            {"programme_id": 999, "lead_city_id": world.city["Heidelberg"], "title": "x"},
        )  # fmt: skip
    assert error.value.field == "programme_id"


def test_a_secretariat_forms_for_its_confirmed_members_only(world: World) -> None:
    made = catalogue_world(world)
    values = {"programme_id": made.joint, "lead_city_id": world.city["Kyoto"], "title": "C40 exchange",
              "partner_city_ids": [world.city["Portland"]], "network": "c40"}  # fmt: skip
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        applications.create_application(session, world.actor("c40_secretariat"), values)
    assert error.value.field == "cities"  # listed members, but not confirmed by the cities
    confirm_membership(world, "Kyoto")
    confirm_membership(world, "Portland")
    with world.db.write() as session:
        app_id = applications.create_application(session, world.actor("c40_secretariat"), values).id
    with world.db.read() as session:
        view = applications.get_application(session, world.actor("c40_secretariat"), app_id)
        assert view.network == "C40 Cities"
        assert view.can_edit
        assert [a.id for a in applications.list_applications(session, world.actor("kyoto_editor"))] == [
            app_id
        ]
        assert applications.list_applications(session, world.actor("heidelberg_editor")) == []


def test_a_city_brings_its_own_measures_only(world: World) -> None:
    made = catalogue_world(world)
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        applications.create_application(
            session, world.actor("heidelberg_editor"),
            {"programme_id": made.joint, "lead_city_id": world.city["Heidelberg"], "title": "x",
             "measures": {str(world.city["Heidelberg"]): 12345}},
        )  # fmt: skip
    assert error.value.field == "plan_measure_id"


@given(
    st.lists(st.sampled_from(["DE", "JP", "US", "FR"]), min_size=1, max_size=8),
    st.integers(1, 6),
    st.integers(1, 4),
)
def test_shortfall_is_zero_exactly_when_the_rule_holds(
    countries: list[str], cities: int, need_countries: int
) -> None:
    lack = applications.shortfall(countries, cities, need_countries)
    holds = len(countries) >= cities and len(set(countries)) >= need_countries
    assert lack.met == holds
    assert lack.cities >= lack.countries
