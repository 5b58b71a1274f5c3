"""The funding catalogue: validation at the field, who may add, edit, review; versions, audit;
states of calls computed from the day asked; the list's order and filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from citypact.domain.funding import EU_MEMBER_STATES
from citypact.services.errors import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    StaleVersion,
)
from citypact.services.funding import catalogue, programme_calls, programme_status, programme_writes
from citypact.storage.funding import FundingProgramme
from citypact.storage.models import AuditEntry
from tests.conftest import World
from tests.funding_programmes_fixture import JOINT, PROGRAMME, TODAY, catalogue_world


def test_secretariat_adds_a_programme_kept_by_its_network(world: World) -> None:
    made = catalogue_world(world)
    with world.db.read() as session:
        view = catalogue.get_programme(session, world.actor("public"), made.programme, today=TODAY)
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity == "funding_programme")).all()
    assert view.maintainer_network == "C40 Cities"
    assert view.countries == ("AT", "DE")
    assert view.amount_min_minor == 1_000_000  # EUR 10 000 in cents
    assert view.amount_max_minor == 250_000_050
    assert view.funding_rate_bp == 6_250
    assert [c.state for c in view.calls] == ["rolling", "closed", "open"]
    assert view.state == "open"
    assert view.next_closing == dt.date(2026, 6, 30)
    assert not view.check_is_stale
    assert view.can_edit is False  # the public
    assert {a.action for a in audit} >= {"create", "add_call"}


def test_eu_expands_to_the_member_states(world: World) -> None:
    with world.db.write() as session:
        p = programme_writes.create_programme(
            session, world.actor("admin"), {**PROGRAMME, "countries": "EU; NO"}, today=TODAY
        )
        assert sorted(p.countries.split(";")) == sorted((*EU_MEMBER_STATES, "NO"))
        assert p.maintainer_network_id is None  # an administrator's entry: kept by administrators


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": " "}, "name"),
        ({"funder_level": "galactic"}, "funder_level"),
        ({"instrument": "gift"}, "instrument"),
        ({"countries": "Germany"}, "countries"),
        ({"size_bands": "huge"}, "size_bands"),
        ({"fields": ["cooking"]}, "fields"),
        ({"gpc_sectors": ["IX"]}, "gpc_sectors"),
        ({"measure_types": ["no_such_measure"]}, "measure_types"),
        ({"amount_min": "lots"}, "amount_min"),
        ({"amount_min": 5, "amount_max": 1}, "amount_max"),
        ({"currency": "EURO"}, "currency"),
        ({"funding_rate_percent": 120}, "funding_rate_percent"),
        ({"funding_rate_percent": 12.345}, "funding_rate_percent"),
        ({"source_url": "http://example.org"}, "source_url"),
        ({"source_url": ""}, "source_url"),
        ({"checked_on": ""}, "checked_on"),
        ({"checked_on": "2026-05-21"}, "checked_on"),
        ({"min_cities": 0}, "min_cities"),
        ({"min_cities": 2, "min_countries": 3}, "min_countries"),
        ({"joint_required": True, "min_cities": 1}, "min_cities"),
        ({"colour": "green"}, "colour"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    world: World, change: dict[str, Any], field: str
) -> None:
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        programme_writes.create_programme(session, world.actor("admin"), {**PROGRAMME, **change}, today=TODAY)
    assert error.value.field == field
    with world.db.read() as session:
        assert session.scalars(select(FundingProgramme)).first() is None


def test_call_dates_must_not_close_before_opening(world: World) -> None:
    made = catalogue_world(world)
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        programme_calls.add_call(
            session, world.actor("c40_secretariat"), made.programme,
            {"title": "Backwards", "opens_on": "2026-07-01", "closes_on": "2026-06-01"},
        )  # fmt: skip
    assert error.value.field == "closes_on"


@pytest.mark.parametrize("who", ["public", "plain_user", "heidelberg_editor"])
def test_only_catalogue_keepers_add(world: World, who: str) -> None:
    expected = NotAuthenticated if who == "public" else PermissionDenied
    with world.db.write() as session, pytest.raises(expected):
        programme_writes.create_programme(session, world.actor(who), PROGRAMME, today=TODAY)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("c40_secretariat", True), ("admin", True), ("heidelberg_editor", False), ("plain_user", False)],
)
def test_editing_is_for_the_maintaining_secretariat_or_admins(world: World, who: str, allowed: bool) -> None:
    made = catalogue_world(world)
    with world.db.write() as session:
        if allowed:
            p = programme_writes.update_programme(
                session, world.actor(who), made.programme, {"summary": "New words."}
            )
            assert p.summary == "New words."
        else:
            with pytest.raises(PermissionDenied):
                programme_writes.update_programme(session, world.actor(who), made.programme, {"summary": "x"})


def test_an_admin_entry_is_not_changed_by_a_secretariat(world: World) -> None:
    with world.db.write() as session:
        p = programme_writes.create_programme(session, world.actor("admin"), PROGRAMME, today=TODAY)
    with world.db.write() as session, pytest.raises(PermissionDenied):
        programme_calls.add_call(session, world.actor("c40_secretariat"), p.id, {"title": "Mine now"})


def test_edits_are_versioned_and_audited(world: World) -> None:
    made = catalogue_world(world)
    who = world.actor("c40_secretariat")
    with world.db.write() as session:
        version = session.get(FundingProgramme, made.programme).version  # type: ignore[union-attr]
        programme_writes.update_programme(
            session, who, made.programme, {"amount_max": 3_000_000}, expected_version=version
        )
    with world.db.write() as session, pytest.raises(StaleVersion):
        programme_writes.update_programme(
            session, who, made.programme, {"summary": "late"}, expected_version=version
        )
    with world.db.read() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "funding_programme", AuditEntry.action == "update")
        ).one()
    assert entry.before == {"amount_max_minor": 250_000_050}
    assert entry.after == {"amount_max_minor": 300_000_000}


def test_call_edit_and_removal(world: World) -> None:
    made = catalogue_world(world)
    who = world.actor("c40_secretariat")
    with world.db.write() as session:
        call = programme_calls.update_call(
            session, who, made.programme, made.rolling_call, {"closes_on": "2026-05-19"}
        )
        assert call.closes_on == dt.date(2026, 5, 19)
        programme_calls.remove_call(session, who, made.programme, made.closed_call, expected_version=1)
    with world.db.read() as session:
        view = catalogue.get_programme(session, who, made.programme, today=TODAY)
    assert [(c.title, c.state) for c in view.calls] == [("Small grants", "closed"), ("Round 2026", "open")]
    with world.db.write() as session, pytest.raises(NotFound):
        programme_calls.remove_call(
            session, who, made.joint, made.open_call
        )  # not the joint programme's call


def test_states_follow_the_day_asked(world: World) -> None:
    made = catalogue_world(world)
    with world.db.read() as session:
        later = catalogue.get_programme(
            session, world.actor("public"), made.programme, today=dt.date(2026, 7, 1)
        )
        first_day = catalogue.get_programme(
            session, world.actor("public"), made.programme, today=dt.date(2026, 6, 30)
        )
    assert later.state == "rolling"  # the rolling call remains
    assert first_day.state == "open"  # open up to and including its closing day


def test_all_calls_passed_shows_closed_and_old_checks_are_flagged(world: World) -> None:
    made = catalogue_world(world)
    with world.db.write() as session:
        programme_calls.update_call(
            session, world.actor("admin"), made.programme, made.rolling_call, {"closes_on": "2026-01-01"}
        )
    with world.db.read() as session:
        view = catalogue.get_programme(
            session, world.actor("public"), made.programme, today=dt.date(2027, 5, 2)
        )
        joint = catalogue.get_programme(session, world.actor("public"), made.joint, today=TODAY)
    assert view.state == "closed"
    assert view.check_is_stale  # checked 2026-05-01, more than 12 months before 2027-05-02
    assert joint.check_is_stale  # checked 2025-01-10


def test_mark_checked_and_end(world: World) -> None:
    made = catalogue_world(world)
    who = world.actor("c40_secretariat")
    with world.db.write() as session:
        p = programme_status.mark_checked(session, who, made.joint, today=TODAY)
        assert p.checked_on == TODAY
        programme_status.end_programme(session, who, made.joint, "The foundation stopped the programme.")
    with world.db.write() as session, pytest.raises(Conflict):
        programme_status.end_programme(session, who, made.joint, "again")
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        programme_status.end_programme(session, who, made.programme, " ")
    assert error.value.field == "reason"


def test_list_order_is_open_by_closing_then_rolling_upcoming_closed(world: World) -> None:
    made = catalogue_world(world)
    admin = world.actor("admin")
    with world.db.write() as session:
        up = programme_writes.create_programme(
            session, admin, {**PROGRAMME, "name": "Upcoming fund"}, today=TODAY
        )
        programme_calls.add_call(
            session, admin, up.id, {"title": "Next", "opens_on": "2026-09-01", "closes_on": "2026-10-01"}
        )
        soon = programme_writes.create_programme(
            session, admin, {**PROGRAMME, "name": "Closing soon"}, today=TODAY
        )
        programme_calls.add_call(session, admin, soon.id, {"title": "Now", "closes_on": "2026-05-25"})
        past = programme_writes.create_programme(
            session, admin, {**PROGRAMME, "name": "Past fund"}, today=TODAY
        )
        programme_calls.add_call(session, admin, past.id, {"title": "Old", "closes_on": "2020-01-01"})
    with world.db.read() as session:
        page = catalogue.list_programmes(session, world.actor("public"), today=TODAY)
    names = [p.name for p in page.items]
    assert names == [
        "Closing soon",
        "Municipal Heat Transition Fund",
        "Twin Cities Climate Exchange",
        "Upcoming fund",
        "Past fund",
    ]
    assert made.programme == page.items[1].id


def test_list_filters(world: World) -> None:
    catalogue_world(world)
    public = world.actor("public")
    with world.db.read() as session:

        def names(**filters: Any) -> list[str]:
            return [p.name for p in catalogue.list_programmes(session, public, today=TODAY, **filters).items]

        assert names(country="AT") == ["Municipal Heat Transition Fund", "Twin Cities Climate Exchange"]
        assert names(country="JP") == ["Twin Cities Climate Exchange"]  # no list: open to every country
        assert names(instrument="grant") == ["Municipal Heat Transition Fund"]
        assert names(funder_level="foundation") == ["Twin Cities Climate Exchange"]
        assert names(field="energy_supply", gpc_sector="I") == [
            "Municipal Heat Transition Fund", "Twin Cities Climate Exchange"]  # fmt: skip
        assert names(text="heat") == ["Municipal Heat Transition Fund"]
        assert names(open_on=dt.date(2026, 7, 1)) == [
            "Municipal Heat Transition Fund",
            "Twin Cities Climate Exchange",
        ]
        with pytest.raises(InvalidInput):
            names(country="Germany")
        with pytest.raises(InvalidInput):
            catalogue.list_programmes(session, public, size=10_000)
        assert catalogue.list_programmes(session, public, size=1, page=2, today=TODAY).items[0].name == (
            "Twin Cities Climate Exchange"
        )


def test_suggestions_are_seen_by_the_city_and_the_keepers_only(world: World) -> None:
    with world.db.write() as session:
        s = programme_writes.suggest_programme(
            session,
            world.actor("heidelberg_editor"),
            world.city["Heidelberg"],
            {**JOINT, "name": "Idea"},
            today=TODAY,
        )
    for who, sees in [("public", False), ("kyoto_editor", False), ("heidelberg_viewer", True),
                      ("c40_secretariat", True), ("admin", True)]:  # fmt: skip
        with world.db.read() as session:
            if sees:
                view = catalogue.get_programme(session, world.actor(who), s.id)
                assert view.status == "suggested"
                assert view.suggested_by_city == "Heidelberg"
            else:
                with pytest.raises(NotFound):
                    catalogue.get_programme(session, world.actor(who), s.id)
    with world.db.read() as session:
        assert catalogue.list_programmes(session, world.actor("public")).total == 0
        assert (
            catalogue.list_programmes(session, world.actor("heidelberg_viewer"), status="suggested").total
            == 1
        )
        assert catalogue.list_programmes(session, world.actor("kyoto_editor"), status="suggested").total == 0


def test_only_the_citys_editors_suggest(world: World) -> None:
    with world.db.write() as session, pytest.raises(PermissionDenied):
        programme_writes.suggest_programme(
            session, world.actor("kyoto_editor"), world.city["Heidelberg"], JOINT
        )


def test_accept_and_decline(world: World) -> None:
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        a = programme_writes.suggest_programme(
            session, editor, world.city["Heidelberg"], {**JOINT, "name": "A"}, today=TODAY
        )
        b = programme_writes.suggest_programme(
            session, editor, world.city["Heidelberg"], {**JOINT, "name": "B"}, today=TODAY
        )
    with world.db.write() as session, pytest.raises(PermissionDenied):
        programme_status.accept_suggestion(session, editor, a.id)
    with world.db.write() as session:
        accepted = programme_status.accept_suggestion(
            session, world.actor("c40_secretariat"), a.id, expected_version=1
        )
        assert accepted.status == "active"
        assert accepted.maintainer_network_id is not None
        declined = programme_status.decline_suggestion(
            session, world.actor("c40_secretariat"), b.id, "Not for cities."
        )
        assert declined.status_reason == "Not for cities."
    with world.db.write() as session, pytest.raises(Conflict):
        programme_status.accept_suggestion(session, world.actor("admin"), b.id)
    with world.db.read() as session:
        assert catalogue.get_programme(session, world.actor("public"), a.id).status == "active"
        assert catalogue.get_programme(session, world.actor("heidelberg_viewer"), b.id).status == "declined"


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)), st.integers(0, 600))
def test_months_before_is_never_later_and_keeps_the_month_count(day: dt.date, months: int) -> None:
    earlier = catalogue.months_before(day, months)
    assert earlier <= day
    assert (day.year * 12 + day.month) - (earlier.year * 12 + earlier.month) == months


@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1))),
            st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1))),
        ).filter(lambda t: t[0] is None or t[1] is None or t[0] <= t[1]),
        max_size=5,
    ),
    st.dates(dt.date(2019, 1, 1), dt.date(2031, 1, 1)),
)
def test_a_programme_is_closed_exactly_when_every_call_is(calls: list[Any], today: dt.date) -> None:
    state = catalogue.programme_state(calls, today)
    every_closed = bool(calls) and all(c is not None and c < today for _, c in calls)
    assert (state == "closed") == every_closed
