"""Correcting the national scopes of action (services/scopes/sources.py, admin.rename_profile): a
source's title, address or publisher changed (its code stays), a source removed (not while a statement
cites it, never a shipped one: the seed would add it again), a country's profile renamed. Only
administrators, before any work; bad input names its field; a failed call writes nothing; edits name
their version; the profiles read in a session are read again after a write."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from citypact.services import scopes
from citypact.services.errors import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    StaleVersion,
    VersionRequired,
)
from citypact.services.scopes import admin, sources
from citypact.services.scopes.admin import seed_scopes
from citypact.services.versions import IF_UNCHANGED
from citypact.storage.models import AuditEntry
from citypact.storage.scopes import ScopeProfile, ScopeSource, ScopeStatement
from tests.conftest import World

NEW = {"code": "de_kag", "title": "KAG", "url": "https://example.org/kag", "publisher": "Land"}
TABLES = (ScopeSource, ScopeProfile, ScopeStatement, AuditEntry)


def _counts(world: World) -> list[int]:
    with world.db.read() as session:
        return [session.scalar(select(func.count()).select_from(t)) or 0 for t in TABLES]


def _last_audit(world: World) -> AuditEntry:
    with world.db.read() as session:
        found = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).first()
        assert found is not None
        session.expunge(found)
    return found


def _added(world: World, values: dict[str, str] = NEW) -> None:
    with world.db.write() as session:
        sources.add_source(session, world.actor("admin"), values)


def test_a_change_is_seen_at_once_by_the_profiles_read_in_the_session(world: World) -> None:
    admin_ = world.actor("admin")
    with world.db.write() as session:
        before = scopes.country_scope(session, "DE")  # read and kept in the session
        assert "de_gg_28" in [s.id for s in before.sources]
        changed = sources.update_source(
            session, admin_, "de_gg_28",
            {"title": "  Grundgesetz, Art. 28  ", "url": "https://www.gesetze-im-internet.de/gg/art_28.html"},
            expected_version=1,
        )  # fmt: skip
        assert changed.version == 2 and changed.code == "de_gg_28"
        after = {s.id: s for s in scopes.country_scope(session, "DE").sources}["de_gg_28"]
        # Stripped as the shipped file's are; the publisher, not sent, stays.
        assert after.title == "Grundgesetz, Art. 28"
        assert after.url == "https://www.gesetze-im-internet.de/gg/art_28.html"
        assert after.publisher == before.sources[[s.id for s in before.sources].index("de_gg_28")].publisher
        admin.rename_profile(session, admin_, "de", "Bundesrepublik Deutschland", expected_version=1)
        assert scopes.country_scope(session, "DE").profile.name == "Bundesrepublik Deutschland"
        assert scopes.all_scopes(session).profiles["DE"].name == "Bundesrepublik Deutschland"
    with world.db.read() as session:
        found = sources.read_source(session, "de_gg_28")
        assert (found.title, found.version, found.shipped) == ("Grundgesetz, Art. 28", 2, True)
        assert found.cited_by >= 1
        assert scopes.all_scopes(session).profiles["DE"].name == "Bundesrepublik Deutschland"
        assert session.get(ScopeProfile, "DE").version == 2  # type: ignore[union-attr]
    entry = _last_audit(world)
    assert (entry.action, entry.entity, entry.entity_id) == ("update", "scope_profile", "DE")
    assert entry.before == {"name": "Germany"} and entry.after == {"name": "Bundesrepublik Deutschland"}


def test_a_source_change_is_audited_with_before_and_after(world: World) -> None:
    with world.db.read() as session:
        old = sources.read_source(session, "de_bimschg_4")
    with world.db.write() as session:
        sources.update_source(session, world.actor("admin"), "de_bimschg_4", {"publisher": "BMJ"})
    entry = _last_audit(world)
    assert (entry.action, entry.entity) == ("update", "scope_source")
    assert entry.before == {"code": "de_bimschg_4", "publisher": old.publisher}
    assert entry.after == {"publisher": "BMJ"}
    # Sending the same values again changes nothing: no new version, no audit entry.
    before = _counts(world)
    with world.db.write() as session:
        same = sources.update_source(session, world.actor("admin"), "de_bimschg_4", {"publisher": "BMJ"})
        assert same.version == 2
    assert _counts(world) == before


def test_the_seed_keeps_a_changed_source_and_a_new_name(world: World) -> None:
    with world.db.write() as session:
        sources.update_source(session, world.actor("admin"), "de_gg_28", {"title": "GG 28"})
        admin.rename_profile(session, world.actor("admin"), "DE", "Deutschland")
    with world.db.write() as session:
        result = seed_scopes(session)
        assert result.sources_added == 0 and "DE" in result.profiles_kept
    with world.db.read() as session:
        assert scopes.all_scopes(session).sources["de_gg_28"].title == "GG 28"
        assert scopes.all_scopes(session).profiles["DE"].name == "Deutschland"


def test_a_source_an_administrator_added_is_removed_and_stays_removed(world: World) -> None:
    _added(world)
    with world.db.write() as session:
        assert "de_kag" in scopes.all_scopes(session).sources
        sources.remove_source(session, world.actor("admin"), "de_kag", expected_version=1)
        assert "de_kag" not in scopes.all_scopes(session).sources  # the session's profiles read again
    entry = _last_audit(world)
    assert (entry.action, entry.entity) == ("delete", "scope_source")
    assert entry.before == NEW
    with world.db.write() as session:  # `citypact data load`: only shipped sources are added
        assert seed_scopes(session).sources_added == 0
    with world.db.read() as session, pytest.raises(NotFound):
        sources.read_source(session, "de_kag")


def test_a_cited_or_shipped_source_is_not_removed(world: World) -> None:
    actor = world.actor("admin")
    _added(world)
    with world.db.write() as session:
        admin.add_statement(
            session,
            actor,
            "DE",
            {"field": "industry", "instrument": "fiscal", "say": "shares", "source": "de_kag"},
        )
    before = _counts(world)
    with pytest.raises(Conflict) as cited, world.db.write() as session:
        sources.remove_source(session, actor, "de_kag")
    assert "1 statement cites 'de_kag'" in str(cited.value) and "first" in str(cited.value)
    # A shipped source: the seed adds every shipped source the database lacks, so a removal would
    # not stick (no tombstone is kept); it is refused, saying what to do instead.
    with pytest.raises(Conflict) as shipped, world.db.write() as session:
        sources.remove_source(session, actor, "de_gg_28")
    assert "data load" in str(shipped.value) and "Correct its title" in str(shipped.value)
    assert _counts(world) == before
    with world.db.read() as session:
        view = sources.read_source(session, "de_kag")
        assert (view.shipped, view.cited_by) == (False, 1)
        assert sources.removal_refused(view) is not None
        statement = admin.find_statement(session, "DE", "industry", "fiscal")
    assert statement is not None
    with world.db.write() as session:  # once no statement cites it, it goes
        admin.remove_statement(session, actor, "DE", statement)
        sources.remove_source(session, actor, "de_kag")


NOT_ADMINS = ("public", "plain_user", "heidelberg_editor", "heidelberg_viewer", "c40_secretariat")


@pytest.mark.parametrize("who", NOT_ADMINS)
def test_anyone_but_an_administrator_is_refused_and_nothing_is_written(world: World, who: str) -> None:
    _added(world)
    actor = world.actor(who)
    before = _counts(world)
    refused = NotAuthenticated if who == "public" else PermissionDenied
    writes = (
        lambda s: sources.update_source(s, actor, "de_gg_28", {"title": "X"}),
        lambda s: sources.remove_source(s, actor, "de_kag"),
        lambda s: admin.rename_profile(s, actor, "DE", "X"),
        lambda s: sources.source_of(s, actor, "de_kag"),
        # Refused before any work: what does not exist is not looked up.
        lambda s: sources.update_source(s, actor, "nowhere", {}),
        lambda s: sources.remove_source(s, actor, "nowhere"),
        lambda s: admin.rename_profile(s, actor, "XX", "X"),
    )
    for write in writes:
        with pytest.raises(refused), world.db.write() as session:
            write(session)
    assert _counts(world) == before
    with world.db.read() as session:
        assert scopes.all_scopes(session).sources["de_gg_28"].title != "X"
        assert scopes.all_scopes(session).profiles["DE"].name == "Germany"


def test_bad_input_names_the_field_and_writes_nothing(world: World) -> None:
    actor = world.actor("admin")
    before = _counts(world)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"url": "ftp://x"}, "url"),
        ({"url": ""}, "url"),
        ({"title": "  "}, "title"),
        ({"title": 12}, "title"),
        ({"publisher": "p" * 201}, "publisher"),
        ({"title": "t" * 2_001}, "title"),
        ({"code": "de_gg_28_new", "title": "GG"}, "code"),
    ]
    for values, field in cases:
        with pytest.raises(InvalidInput) as error, world.db.write() as session:
            sources.update_source(session, actor, "de_gg_28", values)
        assert error.value.field == field, values
    with pytest.raises(InvalidInput) as error, world.db.write() as session:
        sources.update_source(session, actor, "de_gg_28", {"code": "other"})
    assert "stays 'de_gg_28'" in error.value.message and "add a new source" in error.value.message
    with world.db.write() as session:  # the same code (or none) is no change of code
        sources.update_source(session, actor, "de_gg_28", {"code": "de_gg_28", "publisher": "BMJ"})
    with pytest.raises(NotFound), world.db.write() as session:
        sources.update_source(session, actor, "nowhere", {"title": "X"})
    with pytest.raises(InvalidInput) as error, world.db.write() as session:
        sources.remove_source(session, actor, "x" * 61)
    assert error.value.field == "code"
    for country, name, field in (
        ("DE", " ", "name"),
        ("DE", "n" * 101, "name"),
        ("DE", 7, "name"),
        ("Germany", "Deutschland", "country"),
    ):
        with pytest.raises(InvalidInput) as error, world.db.write() as session:
            admin.rename_profile(session, actor, country, name)
        assert error.value.field == field, (country, name)
    with pytest.raises(NotFound), world.db.write() as session:
        admin.rename_profile(session, actor, "FR", "France")
    after = _counts(world)
    assert after[:3] == before[:3] and after[3] == before[3] + 1  # only the publisher's change


def test_edits_name_the_version_they_were_based_on(world: World) -> None:
    actor = world.actor("admin")
    _added(world)
    with world.db.write() as session:
        sources.update_source(session, actor, "de_kag", {"title": "first"}, expected_version=IF_UNCHANGED)
        admin.rename_profile(session, actor, "JP", "Nippon", expected_version=IF_UNCHANGED)
    with pytest.raises(VersionRequired), world.db.write() as session:
        sources.update_source(session, actor, "de_kag", {"title": "second"}, expected_version=IF_UNCHANGED)
    with pytest.raises(StaleVersion), world.db.write() as session:
        sources.update_source(session, actor, "de_kag", {"title": "second"}, expected_version=1)
    with pytest.raises(StaleVersion), world.db.write() as session:
        sources.remove_source(session, actor, "de_kag", expected_version=1)
    with pytest.raises(VersionRequired), world.db.write() as session:
        admin.rename_profile(session, actor, "JP", "Japan", expected_version=IF_UNCHANGED)
    with pytest.raises(StaleVersion), world.db.write() as session:
        admin.rename_profile(session, actor, "JP", "Japan", expected_version=1)
    with world.db.read() as session:
        assert (sources.read_source(session, "de_kag").title, admin.profile_version(session, "JP")) == (
            "first",
            2,
        )
        assert scopes.all_scopes(session).profiles["JP"].name == "Nippon"
    with world.db.write() as session:
        sources.remove_source(session, actor, "de_kag", expected_version=2)
        admin.rename_profile(session, actor, "JP", "Japan", expected_version=2)


def test_the_source_versions_list_every_source(world: World) -> None:
    _added(world)
    with world.db.read() as session:
        versions = sources.source_versions(session)
        assert versions["de_kag"] == 1 and set(versions) == set(scopes.all_scopes(session).sources)
