"""Organisations and their people: registration, the city editors' decisions, who speaks for whom,
editing with versions, duplicate names, and what each reader sees of an organisation and its deals."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from citypact.domain.access import Role
from citypact.services.errors import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    StaleVersion,
)
from citypact.services.stakeholders import reading, registration
from citypact.storage.models import AuditEntry, Membership
from tests.conftest import World
from tests.stakeholders_fixture import SOLAR, confirmed, deal_with, registered


def _stakeholder_memberships(world: World, user: str) -> list[int | None]:
    with world.db.read() as session:
        return list(
            session.scalars(
                select(Membership.organisation_id).where(
                    Membership.user_id == world.users[user], Membership.role == Role.STAKEHOLDER.value
                )
            )
        )


def test_registration_is_pending_until_the_city_confirms_it(world: World) -> None:
    org_id = registered(world, "plain_user")
    assert not world.actor("plain_user").speaks_for(org_id)
    with world.db.read() as session:
        mine = reading.my_organisations(session, world.actor("plain_user"))
        assert [(m.organisation.status, m.person.status, m.person.position) for m in mine] == [
            ("pending", "requested", "energy manager")
        ]
        # The public does not see a pending organisation, nor the city's list holds it.
        with pytest.raises(NotFound):
            reading.get_organisation(session, world.actor("public"), org_id)
        assert reading.list_organisations(session, world.actor("public"), world.city["Heidelberg"]).total == 0
        queue = reading.queue(session, world.actor("heidelberg_editor"), world.city["Heidelberg"])
        assert [o.name for o in queue.organisations] == ["Stadtwerke Solar eG"]
    with world.db.write() as session:
        registration.decide_organisation(session, world.actor("heidelberg_editor"), org_id, confirm=True)
    assert world.actor("plain_user").speaks_for(org_id)
    assert _stakeholder_memberships(world, "plain_user") == [org_id]
    with world.db.read() as session:
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.entity == "organisation").order_by(AuditEntry.id)
        ).all()
        assert actions == ["register", "confirm"]


def test_only_the_citys_editors_decide(world: World) -> None:
    org_id = registered(world, "plain_user")
    for who, error in [
        ("public", NotAuthenticated),
        ("plain_user", PermissionDenied),
        ("heidelberg_viewer", PermissionDenied),
        ("kyoto_editor", PermissionDenied),
    ]:
        with world.db.write() as session, pytest.raises(error):
            registration.decide_organisation(session, world.actor(who), org_id, confirm=True)
    with world.db.read() as session, pytest.raises(PermissionDenied):
        reading.queue(session, world.actor("kyoto_editor"), world.city["Heidelberg"])


def test_refusing_needs_a_reason_and_refuses_the_request(world: World) -> None:
    org_id = registered(world, "plain_user")
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        registration.decide_organisation(session, world.actor("heidelberg_editor"), org_id, confirm=False)
    assert error.value.field == "reason"
    with world.db.write() as session:
        registration.decide_organisation(
            session,
            world.actor("heidelberg_editor"),
            org_id,
            confirm=False,
            reason="Not based in Heidelberg.",
        )
    with world.db.read() as session:
        (mine,) = reading.my_organisations(session, world.actor("plain_user"))
        assert (mine.organisation.status, mine.person.status, mine.person.reason) == (
            "refused",
            "refused",
            "Not based in Heidelberg.",
        )
    assert _stakeholder_memberships(world, "plain_user") == []
    with world.db.write() as session, pytest.raises(Conflict):
        registration.decide_organisation(session, world.actor("heidelberg_editor"), org_id, confirm=True)
    # A refused name may be registered again.
    assert registered(world, "heidelberg_viewer") != org_id


def test_duplicate_names_in_one_city_are_refused_in_any_case(world: World) -> None:
    registered(world, "plain_user")
    with pytest.raises(InvalidInput) as error:
        registered(world, "heidelberg_viewer", name="  STADTWERKE solar EG ")
    assert error.value.field == "name"
    assert error.value.message == registration.DUPLICATE_NAME
    registered(world, "plain_user", city="Kyoto")  # another city may have its own


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", "x" * 201),
        ("kind", "bank"),
        ("size", "huge"),
        ("contact_email", "not-an-address"),
        ("website", "javascript:alert(1)"),
        ("sector", "x" * 121),
        ("name", "bad\x00name"),
    ],
)
def test_bad_fields_are_named(world: World, field: str, value: str) -> None:
    with pytest.raises(InvalidInput) as error:
        registered(world, "plain_user", **{field: value})
    assert error.value.field == field


def test_registering_needs_an_account_and_a_city(world: World) -> None:
    with world.db.write() as session, pytest.raises(NotAuthenticated):
        registration.register(session, world.actor("public"), world.city["Heidelberg"], SOLAR)
    with world.db.write() as session, pytest.raises(NotFound):
        registration.register(session, world.actor("plain_user"), 999_999, SOLAR)


def test_pending_registrations_per_person_are_bounded(world: World) -> None:
    for n in range(registration.MAX_PENDING_PER_PERSON):
        registered(world, "plain_user", name=f"Org {n}")
    with pytest.raises(Conflict):
        registered(world, "plain_user", name="One too many")


def test_a_person_asks_to_join_and_the_city_decides(world: World) -> None:
    org_id = confirmed(world, "plain_user")
    viewer = world.actor("heidelberg_viewer")
    with world.db.write() as session:
        row = registration.request_to_join(session, viewer, org_id, position="caretaker")
        person_id = row.id
    with world.db.write() as session, pytest.raises(Conflict):
        registration.request_to_join(session, viewer, org_id)
    assert not world.actor("heidelberg_viewer").speaks_for(org_id)
    # A confirmed person of the organisation does not decide for the city.
    with world.db.write() as session, pytest.raises(PermissionDenied):
        registration.decide_person(session, world.actor("plain_user"), org_id, person_id, confirm=True)
    with world.db.read() as session:
        queue = reading.queue(session, world.actor("heidelberg_editor"), world.city["Heidelberg"])
        assert [(o.id, p.position) for o, p in queue.requests] == [(org_id, "caretaker")]
    with world.db.write() as session:
        registration.decide_person(session, world.actor("heidelberg_editor"), org_id, person_id, confirm=True)
    assert world.actor("heidelberg_viewer").speaks_for(org_id)
    # The city ends the right with a reason; the person may ask again.
    with world.db.write() as session, pytest.raises(InvalidInput):
        registration.end_person(session, world.actor("heidelberg_editor"), org_id, person_id, reason=" ")
    with world.db.write() as session:
        registration.end_person(
            session, world.actor("heidelberg_editor"), org_id, person_id, reason="Left the company."
        )
    assert not world.actor("heidelberg_viewer").speaks_for(org_id)
    with world.db.write() as session:
        again = registration.request_to_join(session, world.actor("heidelberg_viewer"), org_id)
        assert (again.id, again.status, again.reason) == (person_id, "requested", "")


def test_a_pending_organisation_cannot_be_joined_and_a_request_is_refused_with_a_reason(world: World) -> None:
    pending = registered(world, "plain_user")
    with world.db.write() as session, pytest.raises(NotFound):
        registration.request_to_join(session, world.actor("heidelberg_viewer"), pending)
    org_id = confirmed(world, "plain_user", name="Other eG")
    with world.db.write() as session:
        person_id = registration.request_to_join(session, world.actor("heidelberg_viewer"), org_id).id
    with world.db.write() as session, pytest.raises(InvalidInput):
        registration.decide_person(
            session, world.actor("heidelberg_editor"), org_id, person_id, confirm=False
        )
    with world.db.write() as session:
        registration.decide_person(
            session,
            world.actor("heidelberg_editor"),
            org_id,
            person_id,
            confirm=False,
            reason="Unknown to us.",
        )
    assert not world.actor("heidelberg_viewer").speaks_for(org_id)


def test_a_confirmed_person_leaves(world: World) -> None:
    org_id = confirmed(world, "plain_user")
    with world.db.write() as session:
        registration.leave(session, world.actor("plain_user"), org_id)
    assert not world.actor("plain_user").speaks_for(org_id)
    assert _stakeholder_memberships(world, "plain_user") == []
    with world.db.write() as session, pytest.raises(NotFound):
        registration.leave(session, world.actor("plain_user"), org_id)


def test_confirmed_people_edit_with_versions(world: World) -> None:
    org_id = confirmed(world, "plain_user")
    with world.db.read() as session:
        version = reading.get_organisation(session, world.actor("plain_user"), org_id).organisation.version
    with world.db.write() as session:
        registration.update_organisation(
            session, world.actor("plain_user"), org_id, {"sector": "solar power"}, expected_version=version
        )
    with world.db.write() as session, pytest.raises(StaleVersion):
        registration.update_organisation(
            session, world.actor("plain_user"), org_id, {"sector": "wind"}, expected_version=version
        )
    for who, error in [("heidelberg_editor", PermissionDenied), ("public", NotAuthenticated)]:
        with world.db.write() as session, pytest.raises(error):
            registration.update_organisation(session, world.actor(who), org_id, {"sector": "x"})
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        registration.update_organisation(session, world.actor("plain_user"), org_id, {"status": "confirmed"})
    assert error.value.field == "status"
    other = confirmed(world, "plain_user", name="Second eG")
    with world.db.write() as session, pytest.raises(InvalidInput):
        registration.update_organisation(
            session, world.actor("plain_user"), other, {"name": "STADTWERKE SOLAR EG"}
        )
    with world.db.read() as session:
        page = reading.get_organisation(session, world.actor("plain_user"), org_id)
        assert (page.organisation.sector, page.organisation.version) == ("solar power", version + 1)


def test_what_each_reader_sees_of_an_organisation(world: World) -> None:
    org_id = confirmed(world, "plain_user")
    with world.db.read() as session:
        public = reading.get_organisation(session, world.actor("public"), org_id)
        staff = reading.get_organisation(session, world.actor("heidelberg_viewer"), org_id)
        own = reading.get_organisation(session, world.actor("plain_user"), org_id)
        listed = reading.list_organisations(session, world.actor("public"), world.city["Heidelberg"])
        listed_staff = reading.list_organisations(
            session, world.actor("heidelberg_viewer"), world.city["Heidelberg"]
        )
    assert (public.organisation.contact_email, public.people) == (None, None)
    assert staff.organisation.contact_email == own.organisation.contact_email == "info@solar.example"
    assert [p.position for p in staff.people or []] == ["energy manager"]
    assert (own.may_edit, own.may_decide, staff.may_decide) == (True, False, False)
    assert [o.contact_email for o in listed.items] == [None]
    assert [o.contact_email for o in listed_staff.items] == ["info@solar.example"]


def test_the_deals_of_an_organisation_with_the_latest_reported_value(world: World) -> None:
    org_id = confirmed(world, "plain_user")
    reports = ((dt.date(2026, 6, 30), 120.0), (dt.date(2026, 12, 31), 180.0), (dt.date(2026, 9, 30), 150.0))
    deal_id, _ = deal_with(world, org_id, reports=reports)
    draft_id, _ = deal_with(world, org_id, title="A draft", status="negotiating")
    hidden_id, _ = deal_with(world, org_id, title="Signed, parts private", status="signed", public_parts=())
    with world.db.read() as session:
        public = reading.get_organisation(session, world.actor("public"), org_id)
        own = reading.get_organisation(session, world.actor("plain_user"), org_id)
    # The public: signed deals and later only; the draft is not shown.
    assert [d.id for d in public.deals] == [hidden_id, deal_id]
    assert public.deals[0].commitments == []  # the city made no part of it public
    (c,) = public.deals[1].commitments
    # The latest by date is 2026-12-31 (180 kWp), though 150 was entered after it.
    assert (c.kpi_name, c.kpi_unit, c.kpi_target, c.kpi_target_year) == (
        "installed peak power",
        "kWp",
        400.0,
        2030,
    )
    assert (c.latest_value, c.latest_as_of) == (180.0, dt.date(2026, 12, 31))
    assert [d.id for d in own.deals] == [hidden_id, draft_id, deal_id]
    assert own.deals[1].commitments[0].latest_value is None


def test_one_citys_editor_never_touches_another_citys_organisation(world: World) -> None:
    org_id = registered(world, "plain_user", city="Kyoto")
    with world.db.write() as session, pytest.raises(PermissionDenied):
        registration.decide_organisation(session, world.actor("heidelberg_editor"), org_id, confirm=True)
    with world.db.read() as session, pytest.raises(NotFound):
        reading.get_organisation(session, world.actor("heidelberg_editor"), org_id)
