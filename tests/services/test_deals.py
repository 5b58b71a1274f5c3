"""Deals through the services: who may take each step, the signing rule, frozen terms, the idea
that became a deal, and what each reader sees."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from citypact.services import deals
from citypact.services.errors import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    StaleVersion,
)
from citypact.storage.deals import Deal
from citypact.storage.ideas import Idea
from citypact.storage.models import AuditEntry
from tests.conftest import World
from tests.deals_fixture import (
    FUNDING,
    SIGNED_ORG,
    SOLAR,
    draft_deal,
    negotiated_deal,
    ready_idea,
    signed_deal,
    stakeholders,
)


def test_only_the_citys_editors_create(world: World) -> None:
    values = {"title": "Deal", "action_field": "clean_energy"}
    for who, error in (
        ("kyoto_editor", PermissionDenied),
        ("heidelberg_viewer", PermissionDenied),
        ("public", NotAuthenticated),
    ):
        with world.db.write() as session, pytest.raises(error):
            deals.create_deal(session, world.actor(who), world.city["Heidelberg"], values)
    with world.db.write() as session:
        deal = deals.create_deal(session, world.actor("heidelberg_editor"), world.city["Heidelberg"], values)
        view = deals.get_deal(session, world.actor("heidelberg_editor"), deal.id)
    assert view.status == "draft"
    assert [(p.organisation_id, p.name) for p in view.parties] == [(None, "Heidelberg")]


def test_parties_are_confirmed_organisations(world: World) -> None:
    orgs = stakeholders(world)
    made = draft_deal(world, orgs)
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session, pytest.raises(InvalidInput):
        deals.add_party(session, editor, made.id, orgs.pending)
    with world.db.write() as session, pytest.raises(Conflict):
        deals.add_party(session, editor, made.id, orgs.stadtwerke)
    with world.db.write() as session:  # an organisation of another city may join
        deals.add_party(session, editor, made.id, orgs.outsider)
    with world.db.write() as session, pytest.raises(PermissionDenied):
        deals.add_party(session, world.actor("stadtwerke_person"), made.id, orgs.wohnbau)


def test_each_party_writes_only_its_own_commitments(world: World) -> None:
    orgs = stakeholders(world)
    made = draft_deal(world, orgs)
    with world.db.write() as session, pytest.raises(NotFound):  # not a party: the draft is not there
        deals.add_commitment(session, world.actor("wohnbau_person"), made.id, made.stadtwerke_party, SOLAR)
    with world.db.write() as session, pytest.raises(PermissionDenied):  # the city writes the city's
        deals.add_commitment(session, world.actor("stadtwerke_person"), made.id, made.city_party, FUNDING)
    with world.db.write() as session:
        solar = deals.add_commitment(
            session, world.actor("stadtwerke_person"), made.id, made.stadtwerke_party, SOLAR
        )
    with world.db.write() as session, pytest.raises(PermissionDenied):
        deals.update_commitment(session, world.actor("heidelberg_editor"), solar.id, {"kpi_target": 50})
    with world.db.write() as session:
        deals.update_commitment(session, world.actor("stadtwerke_person"), solar.id, {"kpi_target": 50})
    with world.db.read() as session:
        view = deals.get_deal(session, world.actor("heidelberg_viewer"), made.id)
    assert view.commitments[0].kpi_target == 50.0
    assert view.commitments[0].kind == "action"


def test_commitment_rules_at_the_field(world: World) -> None:
    orgs = stakeholders(world)
    made = draft_deal(world, orgs)
    person = world.actor("stadtwerke_person")
    for change, field in (
        ({"kpi_target_year": 2024}, "kpi_target_year"),
        ({"due_date": "2031-01-01"}, "due_date"),
        ({"expected_reduction_t": -1}, "expected_reduction_t"),
        ({"kind": "funding"}, "kind"),
        ({"gpc_sectors": "IX"}, "gpc_sectors"),
    ):
        with world.db.write() as session, pytest.raises(InvalidInput) as error:
            deals.add_commitment(session, person, made.id, made.stadtwerke_party, {**SOLAR, **change})
        assert error.value.field == field
    editor = world.actor("heidelberg_editor")
    for change, field in (
        ({"amount": ""}, "amount"),
        ({"currency": "E1"}, "currency"),
        ({"kind": "action"}, "kind"),
    ):
        with world.db.write() as session, pytest.raises(InvalidInput) as error:
            deals.add_commitment(session, editor, made.id, made.city_party, {**FUNDING, **change})
        assert error.value.field == field
    with world.db.write() as session:
        funding = deals.add_commitment(session, editor, made.id, made.city_party, FUNDING)
        assert (funding.amount_minor, funding.currency) == (25_000_000, "EUR")


def test_signing_moves_the_deal_to_signed_on_the_latest_date(world: World) -> None:
    orgs = stakeholders(world)
    made = negotiated_deal(world, orgs)
    with world.db.write() as session, pytest.raises(PermissionDenied):  # nobody signs for another
        deals.sign(
            session, world.actor("heidelberg_editor"), made.id, made.stadtwerke_party, "X", "", "2026-03-01"
        )
    with world.db.write() as session:
        deals.sign(
            session,
            world.actor("stadtwerke_person"),
            made.id,
            made.stadtwerke_party,
            "M. T.",
            "MD",
            SIGNED_ORG,
        )
        assert deals.get_deal(session, world.actor("heidelberg_editor"), made.id).status == "negotiating"
        deals.sign(
            session,
            world.actor("heidelberg_editor"),
            made.id,
            made.city_party,
            "E. W.",
            "Mayor",
            "2026-03-02",
        )
        view = deals.get_deal(session, world.actor("heidelberg_editor"), made.id)
    assert (view.status, view.signed_on) == ("signed", SIGNED_ORG)
    with world.db.read() as session:
        actions = [
            e.action
            for e in session.scalars(
                select(AuditEntry).where(AuditEntry.entity == "deal", AuditEntry.entity_id == str(made.id))
            )
        ]
    assert actions.count("sign") == 2 and actions[-1] == "status"


def test_a_future_signature_is_refused(world: World) -> None:
    orgs = stakeholders(world)
    made = negotiated_deal(world, orgs)
    tomorrow = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        deals.sign(session, world.actor("heidelberg_editor"), made.id, made.city_party, "E. W.", "", tomorrow)
    assert error.value.field == "signed_on"


def test_changed_terms_void_signatures(world: World) -> None:
    orgs = stakeholders(world)
    made = negotiated_deal(world, orgs)
    with world.db.write() as session:
        deals.sign(
            session, world.actor("heidelberg_editor"), made.id, made.city_party, "E. W.", "", "2026-03-02"
        )
        assert made.solar is not None
        deals.update_commitment(session, world.actor("stadtwerke_person"), made.solar, {"kpi_target": 45})
        view = deals.get_deal(session, world.actor("heidelberg_editor"), made.id)
    assert [p.signed for p in view.parties] == [False, False]


def test_signed_terms_are_frozen_but_milestones_go_on(world: World) -> None:
    orgs = stakeholders(world)
    made = signed_deal(world, orgs)
    person = world.actor("stadtwerke_person")
    assert made.solar is not None
    with world.db.write() as session, pytest.raises(Conflict):
        deals.update_commitment(session, person, made.solar, {"kpi_target": 45})
    with world.db.write() as session, pytest.raises(Conflict):
        deals.add_party(session, world.actor("heidelberg_editor"), made.id, orgs.wohnbau)
    with world.db.write() as session, pytest.raises(Conflict):
        deals.add_milestone(session, person, made.solar, "First 10 roofs", "2027-06-30")
    with world.db.write() as session:
        deals.take_step(session, world.actor("heidelberg_editor"), made.id, "implementing")
    # a milestone planned before signing is done later
    made2 = negotiated_deal(world, orgs)
    assert made2.solar is not None
    with world.db.write() as session:
        milestone = deals.add_milestone(session, person, made2.solar, "First 10 roofs", "2027-06-30")
        deals.sign(
            session, world.actor("heidelberg_editor"), made2.id, made2.city_party, "E", "", "2026-03-02"
        )
        deals.sign(session, person, made2.id, made2.stadtwerke_party, "M", "", "2026-03-03")
        deals.set_milestone_done(session, person, milestone.id, "2027-05-20")
        view = deals.get_deal(session, person, made2.id)
    assert view.status == "signed"
    solar = next(c for c in view.commitments if c.id == made2.solar)
    assert solar.milestones[0].done_on == dt.date(2027, 5, 20)


def test_lifecycle_steps_by_the_citys_editors(world: World) -> None:
    orgs = stakeholders(world)
    made = signed_deal(world, orgs)
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session, pytest.raises(PermissionDenied):
        deals.take_step(session, world.actor("stadtwerke_person"), made.id, "implementing")
    with world.db.write() as session, pytest.raises(InvalidInput):
        deals.take_step(session, editor, made.id, "completed")
    with world.db.write() as session:
        for step in ("implementing", "reviewed"):
            deals.take_step(session, editor, made.id, step)
        deals.take_step(session, editor, made.id, "ended_early", "the utility withdrew")
        deal = session.get(Deal, made.id)
        assert deal is not None
        assert (deal.status, deal.status_reason) == ("ended_early", "the utility withdrew")


def test_optimistic_locking(world: World) -> None:
    orgs = stakeholders(world)
    made = draft_deal(world, orgs)
    editor = world.actor("heidelberg_editor")
    with world.db.read() as session:
        read = deals.get_deal(session, editor, made.id).version
    with world.db.write() as session:
        deals.update_deal(session, editor, made.id, {"title": "Solar roofs deal"}, expected_version=read)
    with world.db.write() as session, pytest.raises(StaleVersion):
        deals.update_deal(session, editor, made.id, {"title": "Other"}, expected_version=read)


def test_a_ready_idea_becomes_a_deal(world: World) -> None:
    orgs = stakeholders(world)
    idea_id = ready_idea(world, [orgs.stadtwerke, orgs.wohnbau, orgs.pending])
    open_idea = ready_idea(world, [], status="in_review")
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session, pytest.raises(Conflict):
        deals.create_from_idea(session, editor, open_idea)
    with world.db.write() as session, pytest.raises(PermissionDenied):
        deals.create_from_idea(session, world.actor("kyoto_editor"), idea_id)
    with world.db.write() as session:
        deal = deals.create_from_idea(session, editor, idea_id)
        view = deals.get_deal(session, editor, deal.id)
        idea = session.get(Idea, idea_id)
        assert idea is not None
        assert (idea.status, idea.deal_id) == ("became_deal", deal.id)
    assert (view.title, view.action_field, view.sdg_targets) == (
        "Solar roofs for every school",
        "clean_energy",
        ["7", "7.2", "13"],
    )
    # the pending organisation's support is not offered
    assert sorted(p.name for p in view.parties) == [
        "Heidelberg",
        "Stadtwerke Heidelberg",
        "Wohnbau Heidelberg",
    ]
    assert view.idea_id == idea_id
    with world.db.write() as session, pytest.raises(Conflict):
        deals.create_from_idea(session, editor, idea_id)  # it became a deal already


def test_who_reads_what(world: World) -> None:
    orgs = stakeholders(world)
    signed = signed_deal(world, orgs)
    draft = draft_deal(world, orgs, title="Housing deal draft")
    heidelberg = world.city["Heidelberg"]
    with world.db.read() as session:
        public = deals.list_deals(session, world.actor("public"), heidelberg)
        staff = deals.list_deals(session, world.actor("heidelberg_viewer"), heidelberg)
        party = deals.list_deals(session, world.actor("stadtwerke_person"), heidelberg)
        other = deals.list_deals(session, world.actor("wohnbau_person"), heidelberg)
        with pytest.raises(NotFound):
            deals.get_deal(session, world.actor("wohnbau_person"), draft.id)
        with pytest.raises(NotAuthenticated):
            deals.get_deal(session, world.actor("public"), signed.id)
        with pytest.raises(NotFound):
            deals.get_deal(session, world.actor("kyoto_editor"), signed.id)
    assert [(d.id, d.internal, d.parties) for d in public] == [(signed.id, False, None)]
    assert [(d.id, d.internal, d.commitments) for d in staff] == [(draft.id, True, 0), (signed.id, True, 2)]
    assert {d.id for d in party if d.internal} == {draft.id, signed.id}
    assert [(d.id, d.internal) for d in other] == [(signed.id, False)]
    with world.db.read() as session:
        view = deals.get_deal(session, world.actor("stadtwerke_person"), signed.id)
    assert view.expected_reduction_t == 1200.0
    assert [p.may_act for p in view.parties] == [False, True]
    solar = next(c for c in view.commitments if c.id == signed.solar)
    assert (solar.benefits[0].kind, solar.benefits[0].quantity, solar.benefits[0].unit) == (
        "jobs",
        6.0,
        "FTE",
    )


def test_a_draft_is_deleted_and_its_idea_is_ready_again(world: World) -> None:
    orgs = stakeholders(world)
    idea_id = ready_idea(world, [orgs.stadtwerke])
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        deal = deals.create_from_idea(session, editor, idea_id)
    with world.db.write() as session:
        deals.delete_deal(session, editor, deal.id)
        idea = session.get(Idea, idea_id)
        assert idea is not None and (idea.status, idea.deal_id) == ("ready", None)
    signed = signed_deal(world, orgs)
    with world.db.write() as session, pytest.raises(Conflict):
        deals.delete_deal(session, editor, signed.id)


def test_reviews_and_public_parts(world: World) -> None:
    orgs = stakeholders(world)
    made = signed_deal(world, orgs)
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        review = deals.plan_review(session, editor, made.id, "2026-09-30")
        deals.hold_review(session, editor, review.id, "2026-03-10", "On track: 12 roofs under contract.")
        deals.set_public_parts(session, editor, made.id, ["kpis", "parties", "kpis"])
        view = deals.get_deal(session, editor, made.id)
    assert view.public_parts == ["parties", "kpis"]
    assert view.reviews[0].held_on == dt.date(2026, 3, 10)
    with world.db.write() as session, pytest.raises(InvalidInput):
        deals.set_public_parts(session, editor, made.id, ["names"])
    with world.db.write() as session, pytest.raises(PermissionDenied):
        deals.plan_review(session, world.actor("stadtwerke_person"), made.id, "2027-01-01")
