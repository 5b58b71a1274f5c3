"""A network's news (who writes, versions, audit, bounds) and its public portal: only public data."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from citypact.services.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied, StaleVersion
from citypact.services.portal import news, public
from citypact.storage.models import AuditEntry
from citypact.storage.portal import NetworkNews
from tests.conftest import World
from tests.portal_fixture import portal_world

POST = {"title": "Summer", "body": "One.\n\nTwo.", "language": "de"}


def test_the_secretariat_writes_and_the_public_reads_published_posts(world: World) -> None:
    pw = portal_world(world)
    with world.db.read() as session:
        seen = news.list_news(session, world.actor("public"), "c40", drafts=True)
        own = news.list_news(session, world.actor("c40_secretariat"), "c40", drafts=True)
        post = news.get_news(session, world.actor("public"), "c40", pw.published_news)
        with pytest.raises(NotFound):
            news.get_news(session, world.actor("public"), "c40", pw.draft_news)
    assert [p.title for p in seen.posts] == ["Spring news"] and seen.total == 1 and not seen.can_write
    assert [p.title for p in own.posts] == ["Draft news", "Spring news"] and own.can_write
    assert post.paragraphs == ["Ten cities met.", "They agreed."]


@pytest.mark.parametrize("who", ["public", "heidelberg_editor", "kyoto_editor", "plain_user"])
def test_only_the_secretariat_writes(world: World, who: str) -> None:
    pw = portal_world(world)
    error = NotAuthenticated if who == "public" else PermissionDenied
    with world.db.write() as session:
        actor = world.actor(who)
        with pytest.raises(error):
            news.create_news(session, actor, "c40", POST)
        with pytest.raises(error):
            news.update_news(session, actor, "c40", pw.published_news, POST)
        with pytest.raises(error):
            news.delete_news(session, actor, "c40", pw.published_news)
    with world.db.read() as session:
        assert (
            session.scalar(select(NetworkNews.title).where(NetworkNews.id == pw.published_news))
            == "Spring news"
        )


def test_publish_edit_unpublish_delete_with_versions_and_audit(world: World) -> None:
    pw = portal_world(world)
    actor = world.actor("c40_secretariat")
    with world.db.write() as session:
        made = news.update_news(
            session, actor, "c40", pw.draft_news, {"status": "published"}, expected_version=1
        )
    assert made.status == "published" and made.published_at is not None and made.version == 2
    assert made.title == "Draft news" and made.body == "Not yet."  # fields not given stay
    with world.db.write() as session, pytest.raises(StaleVersion):
        news.update_news(session, actor, "c40", pw.draft_news, {"title": "Late"}, expected_version=1)
    with world.db.write() as session:
        back = news.update_news(session, actor, "c40", pw.draft_news, {"status": "draft"}, expected_version=2)
    assert back.status == "draft" and back.published_at is None
    with world.db.write() as session:
        news.delete_news(session, actor, "c40", pw.draft_news, expected_version=3)
    with world.db.read() as session:
        assert session.get(NetworkNews, pw.draft_news) is None
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.entity == "network_news").order_by(AuditEntry.id)
        ).all()
    assert actions == ["create", "create", "update", "update", "delete"]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({**POST, "title": ""}, "title"),
        ({**POST, "title": "x" * 201}, "title"),
        ({**POST, "body": "  "}, "body"),
        ({**POST, "language": "fr"}, "language"),
        ({**POST, "title": "a\x00b"}, "title"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    world: World, values: dict[str, str], field: str
) -> None:
    portal_world(world)
    with world.db.write() as session, pytest.raises(InvalidInput) as caught:
        news.create_news(session, world.actor("c40_secretariat"), "c40", values)
    assert caught.value.field == field
    with world.db.read() as session:
        assert len(session.scalars(select(NetworkNews)).all()) == 2


def test_lists_are_bounded(world: World) -> None:
    portal_world(world)
    with world.db.read() as session:
        with pytest.raises(InvalidInput):
            news.list_news(session, world.actor("public"), "c40", limit=news.MAX_PAGE + 1)
        with pytest.raises(InvalidInput):
            news.list_news(session, world.actor("public"), "c40", offset=-1)
        with pytest.raises(NotFound):
            news.list_news(session, world.actor("public"), "no-such-network")


def test_a_post_of_another_network_is_not_found_through_this_one(world: World) -> None:
    pw = portal_world(world)
    with world.db.write() as session:
        from citypact.storage.models import Network  # noqa: PLC0415

        session.add(Network(slug="other", name="Other network", description=""))
    with world.db.read() as session, pytest.raises(NotFound):
        news.get_news(session, world.actor("admin"), "other", pw.published_news)


@pytest.mark.parametrize("who", ["public", "c40_secretariat", "admin"])
def test_the_portal_shows_public_data_only(world: World, who: str) -> None:
    pw = portal_world(world)
    with world.db.read() as session:
        view = public.portal(session, world.actor(who), "c40")
    assert [m.name for m in view.members] == ["Kyoto", "Portland"]  # not the unpublished Hidden Town
    assert pw.hidden_city not in [m.id for m in view.members]
    assert [p.id for p in view.partnerships] == [pw.public_partnership]
    assert [d.title for d in view.deals] == ["Signed deal"]
    assert [c.title for c in view.cases] == ["Published case"]
    assert [n.title for n in view.news] == ["Spring news"]


def test_progress_from_counted_inventories_and_the_target(world: World) -> None:
    portal_world(world)
    with world.db.read() as session:
        view = public.portal(session, world.actor("public"), "c40")
    kyoto, portland = view.members
    assert kyoto.progress.code == "off_path"  # 900 t in 2020 against 833.3 t on the path
    assert (
        kyoto.progress.first_year == 2015 and kyoto.progress.latest_year == 2020
    )  # the draft 2022 not counted
    assert kyoto.progress.change_pct == pytest.approx(-10.0)
    assert portland.progress.code == "change" and portland.progress.change_pct == pytest.approx(-18.0)


def test_city_progress_is_for_published_cities_only(world: World) -> None:
    pw = portal_world(world)
    with world.db.read() as session:
        found = public.city_progress(session, world.actor("public"), world.city["Kyoto"])
        with pytest.raises(NotFound):
            public.city_progress(session, world.actor("admin"), pw.hidden_city)
    assert found.totals == {2015: 1000.0, 2020: 900.0}
    assert found.target == (2015, 1000.0, 2030, 50.0)
