"""A city's funding view, its iCalendar feed and a secretariat's pipeline."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from citypact.services.errors import NotAuthenticated, NotFound, PermissionDenied
from citypact.services.funding import calendar, city_view, pipeline
from citypact.storage.funding import FundingProgramme
from citypact.storage.models import City
from citypact.storage.plans import PlanMeasure
from tests.conftest import World
from tests.factories import confirm_membership
from tests.funding_match_fixture import DAY, confirm_members, french_member, funding_world


def test_the_view_shows_money_per_currency_matches_and_deadlines(world: World) -> None:
    fw = funding_world(world)
    with world.db.read() as session:
        view = city_view.city_funding(
            session, world.actor("heidelberg_viewer"), world.city["Heidelberg"], on=DAY
        )
    rows = {r.measure.title: r for r in view.measures}
    assert set(rows) == {"Retrofit of schools", "Tram line"}  # the cancelled depot is left out
    schools = rows["Retrofit of schools"]
    assert (schools.measure.capex_minor, schools.measure.gap_minor) == (100_000_000, 70_000_000)
    assert [view.programmes[m.programme_id].name for m in schools.matches] == ["Municipal retrofit fund"]
    assert [view.programmes[m.programme_id].name for m in rows["Tram line"].matches] == [
        "Clean transport call"
    ]
    assert len(view.totals) == 1
    eur = view.totals[0]
    assert (eur.currency, eur.capex_minor, eur.secured_minor, eur.sought_minor, eur.gap_minor) == (
        "EUR", 600_000_000, 20_000_000, 10_000_000, 570_000_000,
    )  # fmt: skip
    assert not view.can_edit
    got = [(d.on, d.kind, d.days, d.call_id) for d in view.deadlines]
    assert got == [
        (dt.date(2026, 3, 22), "closes", 12, fw.calls["retrofit"]),
        (dt.date(2026, 5, 1), "opens", 52, fw.calls["transport"]),
        (dt.date(2026, 7, 1), "closes", 113, fw.calls["transport"]),
    ]  # not the retrofit call closed in January


def test_totals_never_add_up_across_currencies(world: World) -> None:
    funding_world(world)
    with world.db.write() as session:
        session.add(
            PlanMeasure(
                city_id=world.city["Heidelberg"],
                title="Yen part",
                field="transport",
                instrument="soft",
                implementation="planned",
                capex_minor=5_000,
                currency="JPY",
            )  # fmt: skip
        )
    with world.db.read() as session:
        view = city_view.city_funding(session, world.actor("admin"), world.city["Heidelberg"], on=DAY)
    assert [(t.currency, t.capex_minor) for t in view.totals] == [("EUR", 600_000_000), ("JPY", 5_000)]


def test_only_staff_and_confirmed_secretariats_read_the_view(world: World) -> None:
    funding_world(world)
    kyoto = world.city["Kyoto"]
    with world.db.read() as session, pytest.raises(NotAuthenticated):
        city_view.city_funding(session, world.actor("public"), kyoto, on=DAY)
    for who in ("plain_user", "heidelberg_editor", "c40_secretariat"):
        with world.db.read() as session, pytest.raises(PermissionDenied):
            city_view.city_funding(session, world.actor(who), kyoto, on=DAY)
    confirm_membership(world, "Kyoto")
    for who in ("kyoto_editor", "c40_secretariat", "admin"):
        with world.db.read() as session:
            view = city_view.city_funding(session, world.actor(who), kyoto, on=DAY)
        assert [r.measure.title for r in view.measures] == ["Solar roofs"]
    with world.db.write() as session:
        city = session.get(City, kyoto)
        assert city is not None
        city.is_published = False
    with world.db.read() as session, pytest.raises(NotFound):
        city_view.city_funding(session, world.actor("plain_user"), kyoto, on=DAY)


def test_the_calendar_parses_with_stable_uids_and_escapes_names(world: World) -> None:
    fw = funding_world(world)
    with world.db.write() as session:
        p = session.get(FundingProgramme, fw.programmes["retrofit"])
        assert p is not None
        p.name = 'Retrofit; "fund", with\\backslash END:VEVENT'
    feeds = []
    for _ in range(2):
        with world.db.read() as session:
            feeds.append(
                calendar.city_calendar(
                    session,
                    world.actor("heidelberg_editor"),
                    world.city["Heidelberg"],
                    base_url="https://citypact.example/",
                    on=DAY,
                )  # fmt: skip
            )
    assert feeds[0] == feeds[1]
    cal = Calendar.from_ical(feeds[0])
    events = cal.walk("VEVENT")
    assert len(events) == 3
    uids = [str(e["uid"]) for e in events]
    assert uids == [
        f"funding-call-{fw.calls['retrofit']}-closes@citypact.example",
        f"funding-call-{fw.calls['transport']}-opens@citypact.example",
        f"funding-call-{fw.calls['transport']}-closes@citypact.example",
    ]
    first = events[0]
    assert str(first["summary"]) == 'Retrofit; "fund", with\\backslash END:VEVENT: Call 2026 closes'
    assert first.decoded("dtstart") == dt.date(2026, 3, 22)
    assert first.decoded("dtend") == dt.date(2026, 3, 23)
    assert str(first["url"]) == f"https://citypact.example/funding/programmes/{fw.programmes['retrofit']}"
    assert first.decoded("dtstamp").tzinfo is not None
    for e in events:
        assert {"uid", "dtstamp", "dtstart", "summary", "url"} <= {k.lower() for k in e}
    assert feeds[0].count(b"END:VEVENT") == 3 + 1  # the hostile name is text, escaped: no 4th event
    assert b'Retrofit\\; "fund"\\, with\\\\backslash' in feeds[0]
    with world.db.read() as session, pytest.raises(PermissionDenied):
        calendar.city_calendar(session, world.actor("kyoto_editor"), world.city["Heidelberg"], base_url="x")


def test_the_pipeline_lists_members_gaps_and_the_joint_applications_to_form(world: World) -> None:
    fw = funding_world(world)
    confirm_members(world, "Heidelberg", "Munich", "Kyoto")
    with world.db.write() as session:
        for city, title in (("Munich", "School retrofit Munich"), ("Kyoto", "Kyoto hall")):
            session.add(
                PlanMeasure(
                    city_id=world.city[city],
                    title=title,
                    field="buildings_municipal",
                    instrument="own_operations",
                    implementation="planned",
                    capex_minor=90_000_000,
                    currency="EUR",
                )  # fmt: skip
            )
    with world.db.read() as session:
        pipe = pipeline.network_pipeline(session, world.actor("c40_secretariat"), "c40", on=DAY)
    assert pipe.members == 3 and not pipe.truncated
    titles = [(p.city.name, p.measure.title) for p in pipe.measures]
    assert ("Heidelberg", "Retrofit of schools") in titles and ("Kyoto", "Solar roofs") in titles
    joint = next(j for j in pipe.joint if j.programme_id == fw.programmes["joint"])
    # Heidelberg (DE), Munich (DE) fit; Kyoto (JP) is not in the EU: 2 cities from 1 country
    assert sorted(c.city.name for c in joint.cities) == ["Heidelberg", "Munich"]
    assert (joint.has_cities, joint.has_countries, joint.needs_cities, joint.needs_countries) == (2, 1, 3, 2)
    assert joint.apply_url is None
    # a French member with a fitting measure completes the rule
    french_member(world)
    with world.db.read() as session:
        pipe = pipeline.network_pipeline(session, world.actor("admin"), "c40", on=DAY)
    joint = next(j for j in pipe.joint if j.programme_id == fw.programmes["joint"])
    assert joint.met and (joint.has_cities, joint.has_countries) == (3, 2)
    lead = joint.cities[0].city.id
    assert joint.apply_url is not None
    assert joint.apply_url.startswith(
        f"/funding/applications/new?programme={fw.programmes['joint']}&cities={lead},"
    )
    assert joint.apply_url.endswith("&network=c40")


def test_only_the_network_s_secretariat_and_admins_read_the_pipeline(world: World) -> None:
    funding_world(world)
    with world.db.read() as session, pytest.raises(NotAuthenticated):
        pipeline.network_pipeline(session, world.actor("public"), "c40", on=DAY)
    for who in ("plain_user", "kyoto_editor", "heidelberg_editor"):
        with world.db.read() as session, pytest.raises(PermissionDenied):
            pipeline.network_pipeline(session, world.actor(who), "c40", on=DAY)
    with world.db.read() as session, pytest.raises(NotFound):
        pipeline.network_pipeline(session, world.actor("admin"), "nope", on=DAY)
    with world.db.read() as session:
        pipe = pipeline.network_pipeline(session, world.actor("c40_secretariat"), "c40", on=DAY)
    assert pipe.members == 0 and pipe.measures == ()  # memberships loaded from lists are not confirmed


def test_cooperation_needs_meet_the_programmes_of_their_field(world: World) -> None:
    from citypact.storage.models import CooperationItem

    fw = funding_world(world)
    with world.db.write() as session:
        for kind, field in (("need", "transport"), ("need", "waste"), ("offer", "transport")):
            session.add(
                CooperationItem(
                    city_id=world.city["Heidelberg"],
                    kind=kind,
                    field=field,
                    support="training",
                    description="x",
                )
            )
    with world.db.read() as session:
        view = city_view.city_funding(
            session, world.actor("heidelberg_editor"), world.city["Heidelberg"], on=DAY
        )
    assert [(n.need.field, [m.programme_id for m in n.matches]) for n in view.needs] == [
        ("transport", [fw.programmes["transport"]]),  # the upcoming transport call
        ("waste", []),  # the offer is not a need
    ]
