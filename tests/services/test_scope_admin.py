"""Maintaining the national scopes of action (services/scopes/admin.py): an administrator's edit
changes what the catalogue filter, the benchmark's peers and the activity profile say; the seed
never overwrites it; anyone else is refused before any work and nothing is written; bad input names
its field; edits name the version they were based on; the profiles are read once per session."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from citypact.services import scopes
from citypact.services.benchmarking.benchmark import city_benchmark
from citypact.services.errors import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    StaleVersion,
    VersionRequired,
)
from citypact.services.plans import action_plans, measures
from citypact.services.scopes import admin, sources
from citypact.services.versions import IF_UNCHANGED
from citypact.storage.models import AuditEntry
from citypact.storage.scopes import ScopeProfile, ScopeSource, ScopeStatement
from tests.conftest import World
from tests.factories import reported_inventory
from tests.scopes_fixture import CAN_DO, replace_scopes, seed_scoped_catalogue, twin_scopes


def _de_industry_regulation(world: World) -> int:
    with world.db.read() as session:
        found = admin.find_statement(session, "DE", "industry", "regulatory")
    assert found is not None
    return found


def _can_do(world: World, city: str) -> set[str]:
    with world.db.read() as session:
        listed = measures.list_measures(session)
        kept, _ = scopes.can_do_filter(session, world.actor("public"), world.city[city], "can_do", listed)
    return {m.code for m in kept}


def test_an_edit_changes_the_catalogue_filter(world: World) -> None:
    seed_scoped_catalogue(world)
    assert _can_do(world, "Heidelberg") == CAN_DO["DE"]  # industry regulation: no say (BImSchG)
    statement = _de_industry_regulation(world)
    with world.db.write() as session:
        changed = admin.update_statement(
            session, world.actor("admin"), "DE", statement, {"say": "shares"}, expected_version=1
        )
        assert changed.version == 2
    # By hand: "Emission rules for factories" (industry x regulatory, decided by the region) joins.
    assert _can_do(world, "Heidelberg") == CAN_DO["DE"] | {"industry_permit_rules"}
    with world.db.write() as session:
        admin.remove_statement(session, world.actor("admin"), "DE", statement, expected_version=2)
        # Without it, DE's industry x regulatory falls back to the industry-wide or "*" statements.
        assert scopes.profile_of_country(session, "DE") is not None
    with world.db.write() as session:
        admin.add_statement(
            session, world.actor("admin"), "DE",
            {"field": "industry", "instrument": "regulatory", "say": "no_say", "source": "de_bimschg_4"},
        )  # fmt: skip
    assert _can_do(world, "Heidelberg") == CAN_DO["DE"]


@pytest.fixture
def reported(world: World) -> World:
    for city, emissions, people in (
        ("Heidelberg", 800_000, 160_000),
        ("Munich", 14_700_000, 1_470_000),
        ("Cologne", 6_000_000, 1_000_000),
        ("Kyoto", 7_000_000, 1_400_000),
    ):
        reported_inventory(world, city, 2021, emissions, people)
    return world


def _scope_peers(world: World) -> set[str]:
    with world.db.read() as session:
        view = city_benchmark(session, world.actor("public"), world.city["Heidelberg"], peers="scope")
    return {p.name for p in view.peers}


def test_an_edit_changes_the_peers_of_the_same_scope(reported: World) -> None:
    # By hand (scopes_fixture.twin_scopes): DE and JP have the same statements, so Kyoto is a peer.
    replace_scopes(reported, twin_scopes())
    assert _scope_peers(reported) == {"Munich", "Cologne", "Kyoto"}
    with reported.db.read() as session:
        jp = admin.find_statement(session, "JP", "industry", "regulatory")
    assert jp is not None
    with reported.db.write() as session:
        admin.update_statement(session, reported.actor("admin"), "JP", jp, {"say": "shares"})
    # JP's industry regulation now "shares", DE's "no say": different scopes, Kyoto leaves.
    assert _scope_peers(reported) == {"Munich", "Cologne"}
    with reported.db.write() as session:
        admin.set_statement(
            session, reported.actor("admin"), "JP",
            {"field": "industry", "instrument": "regulatory", "say": "no_say", "source": "law"},
        )  # fmt: skip
    assert _scope_peers(reported) == {"Munich", "Cologne", "Kyoto"}


def test_an_edit_changes_what_the_activity_profile_counts_as_missing(world: World) -> None:
    with world.db.write() as session:
        action_plans.save_plan_measure(
            session, world.actor("heidelberg_editor"), world.city["Heidelberg"],
            {"title": "Energy advice for firms", "field": "industry", "instrument": "soft",
             "implementation": "implemented"},
        )  # fmt: skip
    with world.db.write() as session:
        admin.update_statement(
            session, world.actor("admin"), "DE", _de_industry_regulation(world), {"say": "shares"}
        )
    with world.db.read() as session:
        view = city_benchmark(session, world.actor("public"), world.city["Heidelberg"])
    assert view.profile is not None
    # Germany's industry regulation is now something the city shares: it counts as missing again.
    assert view.profile.out_of_scope == set()
    assert ("industry", "regulatory") in view.profile.weaknesses


def test_the_seed_never_overwrites_an_edit(world: World) -> None:
    statement = _de_industry_regulation(world)
    admin_actor = world.actor("admin")
    with world.db.write() as session:
        admin.update_statement(session, admin_actor, "DE", statement, {"say": "shares", "note": "By hand."})
        removed = admin.find_statement(session, "DE", "urban_planning", "regulatory")
        assert removed is not None
        admin.remove_statement(session, admin_actor, "DE", removed)
        counts = session.scalar(select(func.count()).select_from(ScopeStatement))
    with world.db.write() as session:
        again = admin.seed_scopes(session)
    assert again.profiles_added == () and again.sources_added == 0 and again.statements_added == 0
    assert set(again.profiles_kept) >= {"DE", "JP", "US"}
    with world.db.read() as session:
        kept = session.get(ScopeStatement, statement)
        assert kept is not None and (kept.say, kept.note) == ("shares", "By hand.")
        assert admin.find_statement(session, "DE", "urban_planning", "regulatory") is None
        assert session.scalar(select(func.count()).select_from(ScopeStatement)) == counts
    # A country the database lacks is seeded; the others stay as they are.
    with world.db.write() as session:
        session.delete(session.get(ScopeProfile, "US"))
    with world.db.write() as session:
        third = admin.seed_scopes(session)
    # national_scopes.json: US has a "*" x "*" statement and three on building codes.
    assert third.profiles_added == ("US",) and third.statements_added == 4
    with world.db.read() as session:
        assert scopes.country_scope(session, "US").profile.cell("transport", "fiscal").say == "shares"


NOT_ADMINS = ("public", "plain_user", "heidelberg_editor", "heidelberg_viewer", "c40_secretariat")


@pytest.mark.parametrize("who", NOT_ADMINS)
def test_anyone_but_an_administrator_is_refused_and_nothing_is_written(world: World, who: str) -> None:
    actor = world.actor(who)
    statement = _de_industry_regulation(world)
    tables = (ScopeSource, ScopeProfile, ScopeStatement, AuditEntry)

    def counts() -> list[int]:
        with world.db.read() as session:
            return [session.scalar(select(func.count()).select_from(t)) or 0 for t in tables]

    before = counts()
    refused = NotAuthenticated if who == "public" else PermissionDenied
    writes = (
        lambda s: admin.update_statement(s, actor, "DE", statement, {"say": "shares"}),
        lambda s: admin.remove_statement(s, actor, "DE", statement),
        lambda s: admin.add_statement(
            s,
            actor,
            "DE",
            {"field": "industry", "instrument": "fiscal", "say": "shares", "source": "de_gg_28"},
        ),
        lambda s: admin.set_statement(
            s, actor, "DE", {"field": "*", "instrument": "*", "say": "decides", "source": "de_gg_28"}
        ),
        lambda s: sources.add_source(
            s, actor, {"code": "x", "title": "X", "url": "https://x.org", "publisher": "X"}
        ),
        lambda s: admin.add_profile(s, actor, "FR", "France"),
        # Refused before any work: even a country that does not exist is not looked up.
        lambda s: admin.update_statement(s, actor, "XX", 999_999, {}),
    )
    for write in writes:
        with pytest.raises(refused), world.db.write() as session:
            write(session)
    assert counts() == before
    with world.db.read() as session:
        stored = session.get(ScopeStatement, statement)
        assert stored is not None and stored.say == "no_say"


def test_bad_input_names_the_field(world: World) -> None:
    actor = world.actor("admin")
    good = {"field": "industry", "instrument": "fiscal", "say": "shares", "source": "de_gg_28", "note": ""}
    cases = [
        ({**good, "field": "space"}, "field"),
        ({**good, "instrument": "magic"}, "instrument"),
        ({**good, "say": "maybe"}, "say"),
        ({**good, "say": ""}, "say"),
        ({**good, "source": "nowhere"}, "source"),
        ({**good, "note": "x" * 401}, "note"),
    ]
    for values, field in cases:
        with pytest.raises(InvalidInput) as error, world.db.write() as session:
            admin.add_statement(session, actor, "DE", values)
        assert error.value.field == field, values
    with pytest.raises(InvalidInput) as error, world.db.write() as session:
        admin.add_statement(session, actor, "Germany", good)
    assert error.value.field == "country"
    with pytest.raises(NotFound), world.db.write() as session:
        admin.add_statement(session, actor, "FR", good)
    with pytest.raises(Conflict), world.db.write() as session:  # the cell has a statement already
        admin.add_statement(session, actor, "DE", {**good, "instrument": "regulatory"})
    source = {"code": "fr_cgct", "title": "Code", "url": "https://www.legifrance.gouv.fr/", "publisher": "L"}
    for values, field in (
        ({**source, "code": "Fr-CGCT"}, "code"),
        ({**source, "code": "de_gg_28"}, "code"),
        ({**source, "url": "ftp://x"}, "url"),
        ({**source, "title": ""}, "title"),
        ({**source, "publisher": "p" * 201}, "publisher"),
    ):
        with pytest.raises(InvalidInput) as error, world.db.write() as session:
            sources.add_source(session, actor, values)
        assert error.value.field == field, values
    for country, name, field in (
        ("FRA", "France", "country"),
        ("DE", "Germany", "country"),
        ("FR", " ", "name"),
    ):
        with pytest.raises(InvalidInput) as error, world.db.write() as session:
            admin.add_profile(session, actor, country, name)
        assert error.value.field == field


def test_a_new_country_source_and_statement(world: World) -> None:
    actor = world.actor("admin")
    with world.db.write() as session:
        admin.add_profile(session, actor, "fr", "France")
        sources.add_source(
            session,
            actor,
            {
                "code": "fr_cgct",
                "title": "Code général des collectivités",
                "url": "https://www.legifrance.gouv.fr/",
                "publisher": "Légifrance",
            },
        )
        admin.add_statement(
            session,
            actor,
            "FR",
            {"field": "*", "instrument": "*", "say": "shares", "source": "fr_cgct", "note": "Hand-made."},
        )
    with world.db.read() as session:
        fr = scopes.country_scope(session, "FR")
        assert fr.profile.name == "France" and [s.id for s in fr.sources] == ["fr_cgct"]
        assert fr.profile.signature() == ("shares",) * 48  # 12 fields x 4 instruments
        # The US profile is "*" x "*" shares too: the same scope of action.
        assert fr.same_scope == ("US",)
        actions = session.scalars(
            select(AuditEntry.action + ":" + AuditEntry.entity).order_by(AuditEntry.id.desc()).limit(3)
        ).all()
    assert sorted(actions) == ["create:scope_profile", "create:scope_source", "create:scope_statement"]


def test_edits_name_the_version_they_were_based_on(world: World) -> None:
    actor = world.actor("admin")
    statement = _de_industry_regulation(world)
    with world.db.write() as session:
        admin.update_statement(
            session, actor, "DE", statement, {"note": "first"}, expected_version=IF_UNCHANGED
        )
    with pytest.raises(VersionRequired), world.db.write() as session:
        admin.update_statement(
            session, actor, "DE", statement, {"note": "second"}, expected_version=IF_UNCHANGED
        )
    with pytest.raises(StaleVersion), world.db.write() as session:
        admin.update_statement(session, actor, "DE", statement, {"note": "second"}, expected_version=1)
    with pytest.raises(StaleVersion), world.db.write() as session:
        admin.remove_statement(session, actor, "DE", statement, expected_version=1)
    with world.db.read() as session:
        stored = session.get(ScopeStatement, statement)
        assert stored is not None and (stored.note, stored.version) == ("first", 2)


def test_the_profiles_are_read_once_per_session(reported: World) -> None:
    seed_scoped_catalogue(reported)
    public = reported.actor("public")
    scope_queries: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        if "scope_" in statement:
            scope_queries.append(statement)

    engine = reported.db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        with reported.db.read() as session:
            listed = measures.list_measures(session)
            for city in ("Heidelberg", "Kyoto", "Munich"):
                scopes.can_do_filter(session, public, reported.city[city], "can_do", listed)
            city_benchmark(session, public, reported.city["Heidelberg"], peers="scope")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    # Sources, statements, profiles and the three dates of the last change: six queries in all.
    assert len(scope_queries) == 6


def test_a_cell_taken_meanwhile_is_a_conflict_and_the_session_goes_on(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two administrators add the same cell at once: both checks pass, the unique key refuses one.
    actor = world.actor("admin")
    with world.db.write() as session:
        admin.add_profile(session, actor, "FR", "France")
        sources.add_source(
            session, actor, {"code": "fr_a", "title": "A", "url": "https://a.example/", "publisher": "P"}
        )
        admin.add_statement(
            session, actor, "FR", {"field": "*", "instrument": "*", "say": "shares", "source": "fr_a"}
        )
    monkeypatch.setattr(admin, "_cell_statement", lambda *args: None)
    with world.db.write() as session:
        with pytest.raises(Conflict, match=r"FR already has a statement for \* x \*; change that one"):
            admin.add_statement(
                session, actor, "FR", {"field": "*", "instrument": "*", "say": "decides", "source": "fr_a"}
            )
        # the transaction is still usable after the refusal
        energy = {"field": "energy_supply", "instrument": "*", "say": "decides", "source": "fr_a"}
        admin.add_statement(session, actor, "FR", energy)
    with world.db.read() as session:
        says = session.scalars(
            select(ScopeStatement.say).where(ScopeStatement.country == "FR").order_by(ScopeStatement.id)
        ).all()
    assert says == ["shares", "decides"]
