"""Matching programmes to a city and its measures: what is loaded, who may see what."""

from __future__ import annotations

import datetime as dt

import pytest

from citypact.services.errors import NotFound
from citypact.services.funding import matching
from tests.conftest import World
from tests.factories import confirm_membership
from tests.funding_match_fixture import DAY, funding_world


def _eligible(found: matching.CityMatches) -> list[str]:
    return [found.programmes[m.programme_id].name for m in found.matches if m.eligible]


def test_a_measure_matches_its_programmes_with_reasons_and_figures(world: World) -> None:
    fw = funding_world(world)
    with world.db.read() as session:
        found = matching.match_city(
            session, world.actor("heidelberg_editor"), world.city["Heidelberg"],
            measure_id=fw.measures["schools"], on=DAY,
        )  # fmt: skip
    assert found.internal and found.measure is not None
    assert (found.measure.capex_minor, found.measure.secured_minor, found.measure.sought_minor) == (
        100_000_000,
        20_000_000,
        10_000_000,
    )
    assert found.measure.gap_minor == 70_000_000
    assert _eligible(found) == ["Municipal retrofit fund"]
    first = found.matches[0]
    codes = {r.code: r for r in first.fits}
    assert codes["closes_in"].figure("days") == 12 and codes["field"].figure("value") == "buildings_municipal"
    assert codes["cofinancing"].figure("covers_minor") == 40_000_000  # 50 % of 1 M capped at 400 000
    assert codes["cofinancing"].figure("gap_after_minor") == 30_000_000
    names = {found.programmes[m.programme_id].name: m for m in found.matches}
    assert "Suggested <b>programme</b>" not in names  # only active programmes
    assert [r.code for r in names["Closed heat programme"].rules_out] == ["no_open_call"]
    joint = names["Cities joining forces"]
    assert [r.code for r in joint.rules_out] == ["joint_too_few"]  # Kumamoto (JP) does not qualify
    assert joint.joint is not None and joint.joint.has_cities == 1


def test_capex_comes_from_cost_lines_first_and_cancelled_or_done_measures_are_left_out(world: World) -> None:
    fw = funding_world(world)
    with world.db.read() as session:
        found = matching.open_measures(session, [world.city["Heidelberg"]])[world.city["Heidelberg"]]
    by_id = {m.id: m for m in found}
    assert fw.measures["depot"] not in by_id
    assert by_id[fw.measures["tram"]].capex_minor == 500_000_000  # the capex lines, opex left out
    assert by_id[fw.measures["tram"]].gap_minor == 500_000_000


def test_the_city_level_match_is_public_for_a_published_city_and_names_deadlines(world: World) -> None:
    funding_world(world)
    with world.db.read() as session:
        found = matching.match_city(session, world.actor("public"), world.city["Heidelberg"], on=DAY)
    assert not found.internal and found.measure is None
    # eligible now: DE retrofit (call open), transport (upcoming, any country); not the JP-only one,
    # not the closed one, not the joint one (no qualifying partners)
    assert _eligible(found) == ["Municipal retrofit fund", "Clean transport call"]
    with world.db.read() as session, pytest.raises(NotFound):
        matching.match_city(session, world.actor("public"), world.city["Heidelberg"], measure_id=1, on=DAY)


def test_a_measure_s_money_is_for_staff_and_confirmed_secretariats_only(world: World) -> None:
    fw = funding_world(world)
    kyoto, solar = world.city["Kyoto"], fw.measures["solar"]
    for who in ("heidelberg_editor", "plain_user", "public", "c40_secretariat"):
        with world.db.read() as session, pytest.raises(NotFound):
            matching.match_city(session, world.actor(who), kyoto, measure_id=solar, on=DAY)
    confirm_membership(world, "Kyoto")
    for who in ("kyoto_editor", "c40_secretariat", "admin"):
        with world.db.read() as session:
            found = matching.match_city(session, world.actor(who), kyoto, measure_id=solar, on=DAY)
        assert _eligible(found) == ["City-to-city JCM"]
    # another city's measure id under this city is not found
    with world.db.read() as session, pytest.raises(NotFound):
        matching.match_city(
            session, world.actor("kyoto_editor"), kyoto, measure_id=fw.measures["schools"], on=DAY
        )


def test_partners_are_active_partnerships_and_twin_towns_and_qualify_for_the_joint_rule(world: World) -> None:
    fw = funding_world(world)
    with world.db.write() as session:
        from citypact.storage.partnerships import Partnership, PartnershipMember

        p = Partnership(title="Heat", kind="group", status="active", is_public=False)
        session.add(p)
        session.flush()
        for name in ("Heidelberg", "Munich", "Cologne"):
            session.add(PartnershipMember(partnership_id=p.id, city_id=world.city[name]))
        ended = Partnership(title="Old", kind="peer", status="ended")
        session.add(ended)
        session.flush()
        session.add(PartnershipMember(partnership_id=ended.id, city_id=world.city["Heidelberg"]))
        session.add(PartnershipMember(partnership_id=ended.id, city_id=world.city["Portland"]))
    with world.db.read() as session:
        partners = matching.partners_of(session, world.city["Heidelberg"], internal=True)
        hidden = matching.partners_of(session, world.city["Heidelberg"], internal=False)
    assert [(p.name, p.via) for p in partners] == [
        ("Cologne", "partnership"),
        ("Kumamoto", "twin"),
        ("Munich", "partnership"),
    ]
    assert [p.name for p in hidden] == ["Kumamoto"]  # the partnership is not public
    with world.db.read() as session:
        found = matching.match_city(
            session, world.actor("heidelberg_editor"), world.city["Heidelberg"],
            measure_id=fw.measures["schools"], on=DAY,
        )  # fmt: skip
    joint = next(m for m in found.matches if m.programme_id == fw.programmes["joint"])
    # three German cities: 3 cities but 1 country, so the joint rule is not met
    assert joint.joint is not None and (joint.joint.has_cities, joint.joint.has_countries) == (3, 1)
    assert not joint.eligible


def test_the_day_after_the_last_call_closes_nothing_call_based_remains(world: World) -> None:
    fw = funding_world(world)
    with world.db.read() as session:
        found = matching.match_city(
            session, world.actor("admin"), world.city["Heidelberg"], on=dt.date(2026, 7, 2)
        )
    assert all(m.programme_id != fw.programmes["retrofit"] for m in found.matches if m.eligible)
    assert _eligible(found) == []


def test_an_empty_catalogue_answers_an_empty_list(world: World) -> None:
    with world.db.read() as session:
        found = matching.match_city(session, world.actor("public"), world.city["Heidelberg"], on=DAY)
    assert found.matches == ()
    with world.db.read() as session, pytest.raises(NotFound):
        matching.match_city(session, world.actor("public"), 999_999, on=DAY)


def test_a_city_s_open_measures_are_bounded(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    funding_world(world)
    monkeypatch.setattr(matching, "MAX_MEASURES", 1)
    with world.db.read() as session:
        found = matching.open_measures(session, [world.city["Heidelberg"], world.city["Kyoto"]])
    assert [len(v) for v in found.values()] == [1, 1]
