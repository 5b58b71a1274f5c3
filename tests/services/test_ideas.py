"""The House of Change services: who proposes, reviews, supports, facilitates and moderates, and
what the public sees of names and hidden content."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from citypact.services import ideas
from citypact.services.errors import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    StaleVersion,
)
from citypact.storage.ideas import Idea
from citypact.storage.models import AuditEntry, utcnow
from tests.conftest import World
from tests.ideas_fixture import (
    ANSWERS,
    IDEA,
    idea_in_review,
    organisations,
    proposed_idea,
    reviewed_in_all_roles,
)


@pytest.fixture
def orgs(world: World) -> object:
    return organisations(world)


def test_a_proposal_is_stored_normalised_and_audited(world: World, orgs: object) -> None:
    idea_id = proposed_idea(world)
    with world.db.read() as session:
        idea = session.get(Idea, idea_id)
        assert idea is not None
        assert (idea.status, idea.sdg_targets, idea.gpc_sectors) == ("open", "7;7.2;11.6", "I")
        assert idea.show_name is False
        entry = session.scalars(select(AuditEntry).where(AuditEntry.entity == "idea")).one()
        assert (entry.action, entry.entity_id, entry.city_id) == (
            "propose",
            str(idea_id),
            world.city["Heidelberg"],
        )


def test_the_public_cannot_propose_and_bad_codes_name_the_field(world: World, orgs: object) -> None:
    with world.db.write() as session, pytest.raises(NotAuthenticated):
        ideas.propose(
            session, world.actor("public"), world.city["Heidelberg"], title="x", action_field="food"
        )
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        ideas.propose(
            session, world.actor("resident"), world.city["Heidelberg"], title="x",
            action_field="clean_energy", sdg_targets="7.9",
        )  # fmt: skip
    assert error.value.field == "sdg_targets"
    with world.db.write() as session, pytest.raises(InvalidInput) as field:
        ideas.propose(
            session, world.actor("resident"), world.city["Heidelberg"], title="x", action_field="food"
        )
    assert field.value.field == "action_field"


def test_names_are_shown_only_with_consent(world: World, orgs: object) -> None:
    hidden_name = proposed_idea(world)
    shown = proposed_idea(world, show_name=True)
    with world.db.read() as session:
        public = world.actor("public")
        assert ideas.get_idea(session, public, hidden_name).by_name is None
        assert ideas.get_idea(session, public, shown).by_name == "resident"
        assert [i.by_name for i in ideas.list_ideas(session, public, world.city["Heidelberg"]).items] == [
            "resident",
            None,
        ]


def test_only_confirmed_people_propose_in_an_organisations_name(world: World, orgs: object) -> None:
    from tests.ideas_fixture import Orgs

    assert isinstance(orgs, Orgs)
    idea_id = proposed_idea(world, by="stadtwerke_person", organisation_id=orgs.stadtwerke)
    with world.db.read() as session:
        view = ideas.get_idea(session, world.actor("public"), idea_id)
    assert (view.by_organisation, view.by_name) == ("Stadtwerke Heidelberg", None)
    with world.db.write() as session, pytest.raises(PermissionDenied):
        ideas.propose(
            session, world.actor("resident"), world.city["Heidelberg"], title="x",
            action_field="farm_to_fork", organisation_id=orgs.stadtwerke,
        )  # fmt: skip


def test_the_proposer_edits_while_open_with_the_version_read(world: World, orgs: object) -> None:
    idea_id = proposed_idea(world)
    with world.db.write() as session:
        idea = ideas.update_idea(
            session, world.actor("resident"), idea_id, {"title": "Solar on schools", "sdg_targets": "13.2;7"},
            expected_version=1,
        )  # fmt: skip
        assert (idea.title, idea.sdg_targets) == ("Solar on schools", "7;13.2")
    with world.db.write() as session, pytest.raises(StaleVersion):
        ideas.update_idea(session, world.actor("resident"), idea_id, {"title": "old"}, expected_version=1)
    with world.db.write() as session, pytest.raises(PermissionDenied):
        ideas.update_idea(session, world.actor("dreamer"), idea_id, {"title": "mine"}, expected_version=None)
    with world.db.write() as session:
        ideas.move(session, world.actor("heidelberg_editor"), idea_id, "in_review")
    with world.db.write() as session, pytest.raises(Conflict):
        ideas.update_idea(session, world.actor("resident"), idea_id, {"title": "late"}, expected_version=None)


def test_only_the_citys_editors_facilitate(world: World, orgs: object) -> None:
    idea_id = proposed_idea(world)
    for who, error in (
        ("kyoto_editor", PermissionDenied),
        ("resident", PermissionDenied),
        ("public", NotAuthenticated),
    ):
        with world.db.write() as session, pytest.raises(error):
            ideas.move(session, world.actor(who), idea_id, "in_review")
    with world.db.write() as session, pytest.raises(InvalidInput):
        ideas.move(session, world.actor("heidelberg_editor"), idea_id, "became_deal")


def test_reviews_one_per_role_by_others_while_in_review(world: World, orgs: object) -> None:
    idea_id = proposed_idea(world)
    with world.db.write() as session, pytest.raises(Conflict):
        ideas.add_review(session, world.actor("dreamer"), idea_id, "dreamer", ANSWERS["dreamer"])
    with world.db.write() as session:
        ideas.move(session, world.actor("heidelberg_editor"), idea_id, "in_review")
    with world.db.write() as session, pytest.raises(PermissionDenied):
        ideas.add_review(session, world.actor("resident"), idea_id, "dreamer", ANSWERS["dreamer"])
    with world.db.write() as session:
        ideas.add_review(session, world.actor("dreamer"), idea_id, "dreamer", ANSWERS["dreamer"])
        ideas.add_review(session, world.actor("dreamer"), idea_id, "critic", ANSWERS["critic"])
    with world.db.write() as session, pytest.raises(Conflict):
        ideas.add_review(session, world.actor("dreamer"), idea_id, "dreamer", ANSWERS["dreamer"])
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        ideas.add_review(session, world.actor("realist"), idea_id, "realist", {"steps": "a"})
    assert error.value.field == "resources_costs"
    with world.db.read() as session:
        view = ideas.get_idea(session, world.actor("dreamer"), idea_id)
    assert [r.role for r in view.reviews] == ["dreamer", "critic"]
    assert view.missing_roles == ["realist"]
    assert view.may_review == ["realist"]


def test_ready_needs_all_three_roles(world: World, orgs: object) -> None:
    idea_id = idea_in_review(world)
    with world.db.write() as session, pytest.raises(InvalidInput):
        ideas.move(session, world.actor("heidelberg_editor"), idea_id, "ready")
    ready = reviewed_in_all_roles(world)
    with world.db.write() as session:
        assert (
            ideas.move(session, world.actor("heidelberg_editor"), ready, "ready", expected_version=2).status
            == "ready"
        )
    with world.db.read() as session:
        view = ideas.get_idea(session, world.actor("public"), ready)
    assert [r.by_name for r in view.reviews] == [None, None, "critic"]
    assert view.moves == []


def test_archiving_keeps_its_reason(world: World, orgs: object) -> None:
    idea_id = proposed_idea(world)
    with world.db.write() as session, pytest.raises(InvalidInput):
        ideas.move(session, world.actor("heidelberg_editor"), idea_id, "archived")
    with world.db.write() as session:
        ideas.move(session, world.actor("heidelberg_editor"), idea_id, "archived", reason="duplicate of 1")
    with world.db.read() as session:
        view = ideas.get_idea(session, world.actor("public"), idea_id)
    assert (view.status, view.status_reason) == ("archived", "duplicate of 1")


def test_support_by_confirmed_people_once_per_organisation(world: World, orgs: object) -> None:
    from tests.ideas_fixture import Orgs

    assert isinstance(orgs, Orgs)
    idea_id = proposed_idea(world)
    with world.db.write() as session:
        ideas.add_support(session, world.actor("stadtwerke_person"), idea_id, orgs.stadtwerke, note="roofs")
    with world.db.write() as session, pytest.raises(Conflict):
        ideas.add_support(session, world.actor("stadtwerke_person"), idea_id, orgs.stadtwerke)
    with world.db.write() as session, pytest.raises(PermissionDenied):
        ideas.add_support(session, world.actor("verein_person"), idea_id, orgs.stadtwerke)
    with world.db.write() as session, pytest.raises(PermissionDenied):
        ideas.add_support(session, world.actor("pending_person"), idea_id, orgs.pending)
    with world.db.read() as session:
        view = ideas.get_idea(session, world.actor("verein_person"), idea_id)
        summary = ideas.list_ideas(session, world.actor("public"), world.city["Heidelberg"]).items[0]
    assert [(s.organisation, s.note) for s in view.support] == [("Stadtwerke Heidelberg", "roofs")]
    assert view.may_support == [orgs.verein]
    assert summary.supporters == 1


def test_reports_hide_and_keep(world: World, orgs: object) -> None:
    idea_id = reviewed_in_all_roles(world)
    city = world.city["Heidelberg"]
    with world.db.read() as session:
        critic_review = ideas.get_idea(session, world.actor("public"), idea_id).reviews[2].id
    with world.db.write() as session:
        ideas.report(session, world.actor("resident"), idea_id, "insulting", review_id=critic_review)
        ideas.report(session, world.actor("dreamer"), idea_id, "advertising")
    with world.db.write() as session, pytest.raises(Conflict):
        ideas.report(session, world.actor("dreamer"), idea_id, "again")
    with world.db.read() as session, pytest.raises(PermissionDenied):
        ideas.open_reports(session, world.actor("kyoto_editor"), city)
    with world.db.read() as session:
        queue = ideas.open_reports(session, world.actor("heidelberg_editor"), city)
    assert [(r.review_id, r.reason) for r in queue.items] == [
        (critic_review, "insulting"),
        (None, "advertising"),
    ]
    with world.db.write() as session:
        ideas.hide(
            session, world.actor("heidelberg_editor"), idea_id, "insults a person", review_id=critic_review
        )
        ideas.keep(session, world.actor("heidelberg_editor"), queue.items[1].id)
    with world.db.read() as session:
        assert ideas.open_reports(session, world.actor("heidelberg_editor"), city).total == 0
        public = ideas.get_idea(session, world.actor("public"), idea_id)
        editor = ideas.get_idea(session, world.actor("heidelberg_editor"), idea_id)
    assert [r.role for r in public.reviews] == ["dreamer", "realist"]
    assert public.missing_roles == ["critic"]
    assert [(r.role, r.hidden, r.hidden_reason) for r in editor.reviews][2] == (
        "critic",
        True,
        "insults a person",
    )


def test_a_hidden_idea_is_gone_but_for_the_facilitators(world: World, orgs: object) -> None:
    idea_id = proposed_idea(world)
    city = world.city["Heidelberg"]
    with world.db.write() as session, pytest.raises(PermissionDenied):
        ideas.hide(session, world.actor("kyoto_editor"), idea_id, "spam")
    with world.db.write() as session:
        ideas.hide(session, world.actor("heidelberg_editor"), idea_id, "spam")
    for who in ("public", "resident", "kyoto_editor"):
        with world.db.read() as session, pytest.raises(NotFound):
            ideas.get_idea(session, world.actor(who), idea_id)
        with world.db.read() as session:
            assert ideas.list_ideas(session, world.actor(who), city).total == 0
    with world.db.read() as session:
        view = ideas.get_idea(session, world.actor("heidelberg_editor"), idea_id)
        assert (view.hidden, view.hidden_reason) == (True, "spam")
        assert ideas.list_ideas(session, world.actor("heidelberg_editor"), city).items[0].hidden
        actions = list(
            session.scalars(
                select(AuditEntry.action).where(AuditEntry.entity == "idea").order_by(AuditEntry.id)
            )
        )
    assert actions == ["propose", "hide"]


def test_hidden_content_is_shown_again_with_a_reason(world: World, orgs: object) -> None:
    idea_id = reviewed_in_all_roles(world)
    editor = world.actor("heidelberg_editor")
    with world.db.read() as session:
        critic_review = ideas.get_idea(session, world.actor("public"), idea_id).reviews[2].id
    with world.db.write() as session, pytest.raises(Conflict, match="not hidden"):
        ideas.restore(session, editor, idea_id, "a mistake")
    with world.db.write() as session:
        ideas.hide(session, editor, idea_id, "spam")
        ideas.hide(session, editor, idea_id, "insults a person", review_id=critic_review)
    with world.db.write() as session, pytest.raises(NotFound):  # hidden: not even there for them
        ideas.restore(session, world.actor("kyoto_editor"), idea_id, "a mistake")
    with world.db.write() as session, pytest.raises(InvalidInput) as refused:
        ideas.restore(session, editor, idea_id, "  ")
    assert refused.value.field == "reason"
    with world.db.write() as session:
        ideas.restore(session, editor, idea_id, "it was not spam")
    with world.db.read() as session:
        public = ideas.get_idea(session, world.actor("public"), idea_id)
    assert (public.hidden, public.hidden_reason) == (False, "")
    assert [r.role for r in public.reviews] == ["dreamer", "realist"]  # the review stays hidden
    with world.db.write() as session:
        ideas.restore(session, editor, idea_id, "edited since", review_id=critic_review)
    with world.db.read() as session:
        public = ideas.get_idea(session, world.actor("public"), idea_id)
        trail = session.execute(
            select(AuditEntry.action, AuditEntry.before, AuditEntry.after)
            .where(AuditEntry.entity == "idea", AuditEntry.action == "restore")
            .order_by(AuditEntry.id)
        ).all()
    assert [r.role for r in public.reviews] == ["dreamer", "realist", "critic"]
    assert [(t.before["reason"], t.after["reason"]) for t in trail] == [
        ("spam", "it was not spam"),
        ("insults a person", "edited since"),
    ]


def test_lists_filter_by_status_and_action_field(world: World, orgs: object) -> None:
    city = world.city["Heidelberg"]
    proposed_idea(world)
    idea_in_review(world, action_field="sustainable_mobility", title="Cargo bikes")
    with world.db.read() as session:
        public = world.actor("public")
        assert [i.title for i in ideas.list_ideas(session, public, city, status="in_review").items] == [
            "Cargo bikes"
        ]
        assert ideas.list_ideas(session, public, city, action_field="clean_energy").total == 1
        assert ideas.list_ideas(session, public, city, action_field="biodiversity").total == 0
        with pytest.raises(InvalidInput):
            ideas.list_ideas(session, public, city, status="done")


def test_one_person_proposes_at_most_10_ideas_a_day(world: World, orgs: object) -> None:
    for n in range(10):
        proposed_idea(world, title=f"Idea {n}")
    with world.db.write() as session, pytest.raises(Conflict, match="10 ideas in the last 24 hours"):
        ideas.propose(session, world.actor("resident"), world.city["Heidelberg"], **IDEA)
    proposed_idea(world, by="realist")  # another person is not held back
    with world.db.write() as session:  # a day later the count starts again
        session.execute(update(Idea).values(created_at=utcnow() - dt.timedelta(days=1, seconds=1)))
    proposed_idea(world, title="The next day")


def test_one_person_has_at_most_20_reports_waiting(world: World, orgs: object) -> None:
    proposers = ("resident", "realist", "critic")  # each proposes at most 10 a day
    idea_ids = [proposed_idea(world, title=f"Idea {n}", by=proposers[n % 3]) for n in range(21)]
    with world.db.write() as session:
        for idea_id in idea_ids[:20]:
            ideas.report(session, world.actor("dreamer"), idea_id, "spam")
    with world.db.write() as session, pytest.raises(Conflict) as error:
        ideas.report(session, world.actor("dreamer"), idea_ids[20], "spam")
    assert "20 reports waiting" in str(error.value)
    with world.db.write() as session:  # once the editors kept one, another report may be sent
        queue = ideas.open_reports(session, world.actor("heidelberg_editor"), world.city["Heidelberg"])
        ideas.keep(session, world.actor("heidelberg_editor"), queue.items[0].id)
        ideas.report(session, world.actor("dreamer"), idea_ids[20], "spam")
