""" "My city" for a city's staff (and no one else), and the home page's figures counted from the data
with what is private left out."""

from __future__ import annotations

import datetime as dt

import pytest

from citypact.services import my_city
from citypact.services.cooperation import partnerships
from citypact.services.errors import NotAuthenticated, NotFound, PermissionDenied
from citypact.services.registry import info
from tests.conftest import World
from tests.factories import declared, proposed, reported_inventory

TODAY = dt.date(2026, 5, 20)


def test_my_city_gathers_the_citys_day(world: World) -> None:
    reported_inventory(world, "Heidelberg", 2018, 900_000.0)
    reported_inventory(world, "Heidelberg", 2020, 800_000.0, status="draft")
    pid = declared(world)
    asking = proposed(world, by="kyoto_editor", city="Kyoto", partners=("Heidelberg",))
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        for title, due in (("Overdue", "2026-05-01"), ("Soon", "2026-07-01"), ("Later", "2026-07-20")):
            partnerships.add_task(session, editor, pid, title=title, due_on=due)
        done = partnerships.add_task(session, editor, pid, title="Done", due_on="2026-05-10")
        partnerships.complete_task(session, editor, pid, done.id, "2026-05-12")
    with world.db.read() as session:
        view = my_city.my_city(
            session, world.actor("heidelberg_viewer"), world.city["Heidelberg"], today=TODAY
        )
    assert [(i.year, i.status) for i in view.inventories] == [(2020, "draft"), (2018, "submitted")]
    assert not view.can_edit  # a viewer reads
    # Due within 60 days of 2026-05-20 (until 2026-07-19), open, soonest first; the overdue one marked.
    assert [(d.title, d.overdue) for d in view.due] == [("Overdue", True), ("Soon", False)]
    assert {p.id for p in view.partnerships} == {pid, asking}
    assert [i.partnership_id for i in view.invitations.received] == [asking]
    assert view.recent[0].entity == "partnership_task"  # newest first
    assert (view.measures, view.progress, view.has_target) == (0, {}, False)


def test_my_city_is_for_the_citys_own_staff(world: World) -> None:
    heidelberg = world.city["Heidelberg"]
    with world.db.read() as session:
        for who in ("kyoto_editor", "c40_secretariat", "plain_user"):
            with pytest.raises(PermissionDenied):
                my_city.my_city(session, world.actor(who), heidelberg)
        with pytest.raises(NotAuthenticated):
            my_city.my_city(session, world.actor("public"), heidelberg)
        with pytest.raises(NotFound):
            my_city.my_city(session, world.actor("admin"), 999_999)
        assert my_city.my_city(session, world.actor("admin"), heidelberg).can_edit
        assert [c.name for c in my_city.my_cities(session, world.actor("heidelberg_editor"))] == [
            "Heidelberg"
        ]
        assert my_city.my_cities(session, world.actor("c40_secretariat")) == []
        assert my_city.my_networks(session, world.actor("c40_secretariat")) == [("c40", "C40 Cities")]


def test_the_home_figures_count_only_what_anyone_may_see(world: World) -> None:
    with world.db.read() as session:
        before = info.home_figures(session)
    assert (before.cities, before.countries, before.twin_links, before.networks) == (7, 3, 3, 1)
    reported_inventory(world, "Heidelberg", 2019, 1.0)  # submitted
    reported_inventory(world, "Heidelberg", 2020, 1.0)  # the same city again
    reported_inventory(world, "Kyoto", 2019, 1.0, status="draft")  # a draft is the city's own
    declared(world, is_public=True)  # public and agreed
    proposed(world, by="kyoto_editor", city="Kyoto", partners=("Cologne",), is_public=True)  # a proposal
    with world.db.read() as session:
        after = info.home_figures(session)
    assert (after.inventories, after.cities_with_emissions, after.partnerships) == (
        before.inventories + 2,
        before.cities_with_emissions + 1,
        before.partnerships + 1,
    )
