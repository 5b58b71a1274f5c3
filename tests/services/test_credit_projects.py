"""Credit projects: who creates, edits, registers and closes them; shares and documents."""

from __future__ import annotations

import datetime as dt

import pytest

from citypact.services.credits import officers, projects
from citypact.services.credits.project_views import get_project, list_projects
from citypact.services.errors import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    StaleVersion,
)
from citypact.storage.models import AuditEntry
from tests.conftest import OPERATOR, World
from tests.credit_projects_fixture import (
    draft_project,
    registered_project,
    verified_project,
)
from tests.credit_projects_fixture import (
    officers as make_officers,
)
from tests.deals_fixture import stakeholders


def test_host_editor_creates_a_draft_with_the_host_as_party(world: World) -> None:
    made = draft_project(world, partner=False)
    with world.db.read() as session:
        view = get_project(session, world.actor("heidelberg_editor"), made.id)
    assert view.status == "draft"
    assert view.host_country == "DE"
    assert view.buffer_bp == 500  # 5 % stored as basis points
    assert view.ex_ante_t_per_year == pytest.approx(4_000.0)  # 10 000 MWh x 0.4 t/MWh
    assert [(p.role, p.share_bp) for p in view.parties] == [("host", 10_000)]
    assert view.missing_share_bp == 0


def test_other_city_editor_cannot_create_for_heidelberg(world: World) -> None:
    with world.db.write() as session, pytest.raises(PermissionDenied):
        projects.create_project(
            session, world.actor("kyoto_editor"), world.city["Heidelberg"],
            {"title": "x", "methodology": "reported", "crediting_start": "2025-01-01",
             "crediting_end": "2026-01-01", "ex_ante_parameters": {"reported_t": 1, "report_reference": "r"}},
        )  # fmt: skip


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"buffer_percent": 60}, "buffer_percent"),
        ({"buffer_percent": 1.234}, "buffer_percent"),
        ({"crediting_end": "2020-01-01"}, "crediting_end"),
        ({"ex_ante_parameters": {"eg_mwh": -5}}, "eg_mwh"),
        ({"methodology": "magic"}, "methodology"),
        ({"owner": 1}, "owner"),
    ],
)
def test_draft_fields_are_checked_at_the_field(world: World, values: dict[str, object], field: str) -> None:
    made = draft_project(world, partner=False)
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        projects.update_project(session, world.actor("heidelberg_editor"), made.id, values)
    assert error.value.field == field


def test_partner_editor_edits_the_draft_and_outsiders_do_not_see_it(world: World) -> None:
    made = draft_project(world)
    with world.db.write() as session:
        projects.update_project(
            session, world.actor("kyoto_editor"), made.id, {"title": "Solar park Kyoto-HD"}
        )
    with world.db.read() as session:
        with pytest.raises(NotFound):
            get_project(session, world.actor("plain_user"), made.id)
        with pytest.raises(NotAuthenticated):
            get_project(session, world.actor("public"), made.id)
        assert list_projects(session, world.actor("public")) == []


def test_shares_must_add_up_before_registration(world: World) -> None:
    make_officers(world)
    made = draft_project(world, partner=False)
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        projects.add_party(session, editor, made.id, city_id=world.city["Kyoto"], share_percent=25)
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        projects.register(session, world.actor("registry_officer"), made.id)
    assert error.value.field == "shares"
    assert "2500 bp too much" in error.value.message  # 10 000 + 2 500 = 12 500


def test_organisation_party_must_be_confirmed_and_speaks_for_the_draft(world: World) -> None:
    orgs = stakeholders(world)
    made = draft_project(world)
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        projects.add_party(session, editor, made.id, organisation_id=orgs.pending, share_percent=0)
    assert error.value.field == "organisation_id"
    with world.db.write() as session:
        projects.add_party(session, editor, made.id, organisation_id=orgs.stadtwerke, share_percent=0)
    with world.db.write() as session:
        document = projects.add_document(
            session, world.actor("stadtwerke_person"), made.id,
            {"kind": "design", "title": "Project design document", "url": "https://example.org/pdd.pdf",
             "public": False},
        )  # fmt: skip
    assert document.public is False
    with world.db.write() as session, pytest.raises(InvalidInput) as bad_url:
        projects.add_document(
            session, editor, made.id, {"kind": "design", "title": "x", "url": "javascript:alert(1)"}
        )
    assert bad_url.value.field == "url"


def test_registry_registers_and_the_project_becomes_public(world: World) -> None:
    made = registered_project(world)
    with world.db.read() as session:
        public = get_project(session, world.actor("public"), made.id)
        listed = list_projects(
            session, world.actor("public"), host_country="de", methodology="grid_renewable"
        )
    assert public.status == "registered"
    assert public.internal is False
    assert [p.id for p in listed] == [made.id]
    # 1 000 credits (no report yet: a year of the estimate, 4 000): buffer 200, rest 3 800;
    # Kyoto floor(3 800 x 40 %) = 1 520, Heidelberg 2 280, no remainder.
    assert public.allocation is not None
    assert public.allocation.quantity == 4_000
    assert public.allocation.buffer == 200
    assert [c for _, _, c in public.allocation.parties] == [2_280, 1_520]


def test_allocation_example_uses_the_verified_figure(world: World) -> None:
    made = verified_project(world)
    with world.db.read() as session:
        view = get_project(session, world.actor("public"), made.id)
    assert view.allocation is not None
    assert view.allocation.quantity == 3_550
    assert view.allocation.buffer == 177
    assert view.allocation.remainder == 1
    assert [c for _, _, c in view.allocation.parties] == [2_024, 1_349]
    assert [(v.vintage, v.verified_t, v.issued) for v in view.vintages] == [(2025, 3_550.5, 0)]


def test_only_the_registry_registers_and_closes(world: World) -> None:
    make_officers(world)
    made = draft_project(world)
    with world.db.write() as session, pytest.raises(PermissionDenied):
        projects.register(session, world.actor("heidelberg_editor"), made.id)
    with world.db.write() as session:
        projects.register(session, world.actor("registry_officer"), made.id, expected_version=3)
    with world.db.write() as session, pytest.raises(Conflict):
        projects.update_project(session, world.actor("heidelberg_editor"), made.id, {"title": "late"})
    with world.db.write() as session, pytest.raises(InvalidInput):
        projects.close(session, world.actor("registry_officer"), made.id, "")
    with world.db.write() as session:
        closed = projects.close(session, world.actor("registry_officer"), made.id, "Plant sold.")
    assert closed.status == "closed"


def test_stale_version_is_refused(world: World) -> None:
    made = draft_project(world, partner=False)
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        projects.update_project(session, editor, made.id, {"title": "One"}, expected_version=1)
    with world.db.write() as session, pytest.raises(StaleVersion):
        projects.update_project(session, editor, made.id, {"title": "Two"}, expected_version=1)


def test_host_party_stays_and_removal_is_audited(world: World) -> None:
    made = draft_project(world)
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session, pytest.raises(Conflict):
        projects.remove_party(session, editor, made.id, made.host_party)
    assert made.partner_party is not None
    with world.db.write() as session:
        projects.remove_party(session, editor, made.id, made.partner_party)
    with world.db.read() as session:
        actions = [e.action for e in session.query(AuditEntry).filter(AuditEntry.entity == "credit_project")]
    assert actions[0] == "create"
    assert "remove_party" in actions


def test_officers_are_granted_by_administrators_only(world: World) -> None:
    with world.db.write() as session, pytest.raises(PermissionDenied):
        officers.grant(session, world.actor("heidelberg_editor"), "plain_user@test.example", "registry")
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        officers.grant(session, OPERATOR, "plain_user@test.example", "verifier", "")
    assert error.value.field == "body"
    with world.db.write() as session:
        officers.grant(session, OPERATOR, "plain_user@test.example", "verifier", "TÜV SÜD")
    assert world.actor("plain_user").verifies_credits()
    with world.db.write() as session:
        listed = officers.list_officers(session, OPERATOR)
        officers.revoke(session, OPERATOR, "plain_user@test.example", "verifier")
    assert [(o.email, o.role, o.body) for o in listed] == [("plain_user@test.example", "verifier", "TÜV SÜD")]
    assert not world.actor("plain_user").verifies_credits()


def test_library_grid_factor_is_used_when_the_project_gives_none(world: World) -> None:
    from citypact.services.credits.loading import grid_factor

    found = grid_factor("DE", 2025)
    assert found is not None
    factor, source = found
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        project = projects.create_project(
            session, editor, world.city["Heidelberg"],
            {"title": "PV", "methodology": "grid_renewable", "ex_ante_parameters": {"eg_mwh": 1_000},
             "crediting_start": dt.date(2025, 1, 1), "crediting_end": dt.date(2030, 12, 31)},
        )  # fmt: skip
        assert project.ex_ante_t_per_year == pytest.approx(1_000 * factor)
    assert source
