"""Joint infrastructure projects in the database: who may do what, the sharing table, the audit
trail, and the attributed reduction flowing into a partner's plan measure."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from citypact.services.cooperation import joint_projects
from citypact.services.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from citypact.services.plans import action_plans
from citypact.storage.models import AuditEntry, City
from citypact.storage.plans import PlanMeasure
from tests.conftest import World

PROJECT = {
    "title": "Neckar valley heat network",
    "kind": "district_heating",
    "rule": "use",
    "input_unit": "MWh heat a year",
    "start_year": 2026,
    "end_year": 2030,
    "currency": "EUR",
    "reduction_t": 1000.0,
    "reduction_basis": "feasibility study 2025, gas boilers replaced",
}


def _project(world: World, **changes: object) -> int:
    """Heidelberg leads, Kyoto is a partner (30 : 70 MWh), capex 100,000.01 in 2026."""
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        project = joint_projects.create_project(session, editor, world.city["Heidelberg"], PROJECT | changes)
        joint_projects.update_partner(
            session, editor, project.id, world.city["Heidelberg"], {"use_quantity": 30}
        )
        joint_projects.add_partner(session, editor, project.id, world.city["Kyoto"], {"use_quantity": "70"})
        joint_projects.add_cost(
            session, editor, project.id, {"kind": "capex", "year_from": 2026, "amount": "100000.01"}
        )
        return project.id


def test_sharing_table_by_use_hand_computed(world: World) -> None:
    project_id = _project(world)
    with world.db.write() as session:
        joint_projects.add_cost(
            session,
            world.actor("heidelberg_editor"),
            project_id,
            {"kind": "opex", "year_from": 2029, "amount": 1000, "label": "operation"},
        )
        joint_projects.add_funding(
            session, world.actor("heidelberg_editor"), project_id, {"source": "eu_grant", "amount": "40000"}
        )
    with world.db.read() as session:
        view = joint_projects.get_project(session, world.actor("kyoto_editor"), project_id)
    heidelberg, kyoto = view.partners
    # 10,000,001 cents x 0.3 = 3,000,000.3 -> 3,000,000; x 0.7 = 7,000,000.7 -> 7,000,000 + the cent left
    assert (heidelberg.capex_minor, kyoto.capex_minor) == (3_000_000, 7_000_001)
    # opex 1,000.00 in 2029 and 2030: 30,000 and 70,000 cents a year
    assert (heidelberg.opex_minor, kyoto.opex_minor) == (60_000, 140_000)
    assert [(y.year, y.capex_minor, y.opex_minor) for y in kyoto.years] == [
        (2026, 7_000_001, 0),
        (2029, 0, 70_000),
        (2030, 0, 70_000),
    ]
    assert (
        view.total_minor == 10_000_001 + 200_000 == (heidelberg.total_minor or 0) + (kyoto.total_minor or 0)
    )
    assert (heidelberg.reduction_t, kyoto.reduction_t, view.attributed_t) == (300.0, 700.0, 1000.0)
    assert view.funding_minor == 4_000_000 and view.problem is None
    assert heidelberg.is_lead and heidelberg.confirmed_on is not None and kyoto.confirmed_on is None


def test_population_comes_from_the_registry_with_its_year(world: World) -> None:
    project_id = _project(world, rule="population")
    with world.db.read() as session:
        view = joint_projects.get_project(session, world.actor("admin"), project_id)
        cities = {c.id: c for c in session.scalars(select(City))}
    for partner in view.partners:
        city = cities[partner.city_id]
        assert (partner.population, partner.population_year) == (city.population, city.population_year)
    heidelberg, kyoto = (cities[p.city_id].population or 0 for p in view.partners)
    assert view.partners[0].share == pytest.approx(heidelberg / (heidelberg + kyoto))


def test_agreed_shares_not_summing_to_100_are_a_stated_problem(world: World) -> None:
    project_id = _project(world, rule="agreed")
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        joint_projects.update_partner(
            session, editor, project_id, world.city["Heidelberg"], {"agreed_share_pct": 40}
        )
        joint_projects.update_partner(
            session, editor, project_id, world.city["Kyoto"], {"agreed_share_pct": 50}
        )
    with world.db.read() as session:
        view = joint_projects.get_project(session, editor, project_id)
    assert view.problem == "agreed_not_100"
    assert all(p.share is None for p in view.partners)
    assert view.total_minor == 10_000_001  # the whole is still shown, unshared


def test_only_the_lead_city_manages_and_outsiders_do_not_see(world: World) -> None:
    project_id = _project(world)
    with world.db.write() as session:
        with pytest.raises(PermissionDenied):
            joint_projects.update_project(session, world.actor("kyoto_editor"), project_id, {"title": "Mine"})
        with pytest.raises(PermissionDenied):
            joint_projects.add_cost(
                session,
                world.actor("heidelberg_viewer"),
                project_id,
                {"kind": "capex", "year_from": 2026, "amount": 1},
            )
        with pytest.raises(NotFound):
            joint_projects.get_project(session, world.actor("plain_user"), project_id)
        with pytest.raises(NotFound):
            joint_projects.get_project(session, world.actor("c40_secretariat"), project_id)
        with pytest.raises(NotAuthenticated):
            joint_projects.get_project(session, world.actor("public"), project_id)
    with world.db.read() as session:
        assert [p.id for p in joint_projects.list_projects(session, world.actor("kyoto_editor"))] == [
            project_id
        ]
        assert joint_projects.list_projects(session, world.actor("plain_user")) == []
        assert (
            len(joint_projects.list_projects(session, world.actor("heidelberg_viewer"), world.city["Kyoto"]))
            == 1
        )


def test_each_partner_confirms_for_its_own_city_only(world: World) -> None:
    project_id = _project(world)
    kyoto = world.city["Kyoto"]
    with world.db.write() as session:
        with pytest.raises(PermissionDenied):
            joint_projects.confirm(session, world.actor("heidelberg_editor"), project_id, kyoto)
        joint_projects.confirm(session, world.actor("kyoto_editor"), project_id, kyoto)
    with world.db.write() as session, pytest.raises(Conflict):
        joint_projects.confirm(session, world.actor("kyoto_editor"), project_id, kyoto)


def test_plan_link_flows_the_attributed_reduction_and_follows_changes(world: World) -> None:
    project_id = _project(world)
    kyoto, heidelberg = world.city["Kyoto"], world.city["Heidelberg"]
    with world.db.write() as session:
        kyoto_measure = action_plans.save_plan_measure(
            session,
            world.actor("kyoto_editor"),
            kyoto,
            {"title": "Join the heat network", "field": "energy_supply", "instrument": "own_operations"},
        ).id
        heidelberg_measure = action_plans.save_plan_measure(
            session,
            world.actor("heidelberg_editor"),
            heidelberg,
            {"title": "Heat network", "field": "energy_supply", "instrument": "own_operations"},
        ).id
    # Heidelberg's editor cannot set Kyoto's link, nor link a measure of another city's plan
    with world.db.write() as session, pytest.raises(PermissionDenied):
        joint_projects.link_plan_measure(
            session, world.actor("heidelberg_editor"), project_id, kyoto, kyoto_measure
        )
    with world.db.write() as session, pytest.raises(InvalidInput):
        joint_projects.link_plan_measure(
            session, world.actor("kyoto_editor"), project_id, kyoto, heidelberg_measure
        )
    with world.db.write() as session:
        joint_projects.link_plan_measure(
            session, world.actor("kyoto_editor"), project_id, kyoto, kyoto_measure
        )
    with world.db.read() as session:
        assert session.get(PlanMeasure, kyoto_measure).expected_reduction_t == 700.0  # type: ignore[union-attr]
    with world.db.write() as session:
        joint_projects.update_project(
            session, world.actor("heidelberg_editor"), project_id, {"reduction_t": 2000.5}
        )
    with world.db.read() as session:
        # 2,000,500 kg x 0.7 = 1,400,350 kg
        assert session.get(PlanMeasure, kyoto_measure).expected_reduction_t == 1400.35  # type: ignore[union-attr]
        entries = session.scalar(
            select(func.count(AuditEntry.id)).where(
                AuditEntry.entity == "plan_measure", AuditEntry.entity_id == str(kyoto_measure)
            )
        )
        assert entries == 3  # created, linked, project changed


def test_checks_name_the_field(world: World) -> None:
    project_id = _project(world)
    editor = world.actor("heidelberg_editor")
    bad = [
        ({"kind": "capex", "year_from": 2040, "amount": 1}, "year_from"),
        ({"kind": "capex", "year_from": 2026, "amount": "1.001"}, "amount"),
        ({"kind": "capex", "year_from": 2026, "amount": "-5"}, "amount"),
        ({"kind": "capex", "year_from": 2026, "amount": "nan"}, "amount"),
        ({"kind": "loan", "year_from": 2026, "amount": 1}, "kind"),
        ({"kind": "opex", "year_from": 2027, "year_to": 2026, "amount": 1}, "year_to"),
    ]
    for values, field in bad:
        with world.db.write() as session, pytest.raises(InvalidInput) as error:
            joint_projects.add_cost(session, editor, project_id, values)
        assert error.value.field == field, values
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        joint_projects.update_project(session, editor, project_id, {"start_year": 2027})
    assert error.value.field == "start_year"  # the 2026 capex would fall outside
    with world.db.write() as session, pytest.raises(InvalidInput) as error:
        joint_projects.update_project(session, editor, project_id, {"currency": "JPY"})
    assert error.value.field == "currency"


def test_status_steps_and_a_closed_project_stays(world: World) -> None:
    project_id = _project(world)
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        joint_projects.set_status(session, editor, project_id, "planned")
    with world.db.write() as session, pytest.raises(InvalidInput):
        joint_projects.set_status(session, editor, project_id, "operating")
    with world.db.write() as session:
        joint_projects.set_status(session, editor, project_id, "closed")
    with world.db.write() as session, pytest.raises(Conflict):
        joint_projects.update_project(session, editor, project_id, {"title": "Again"})


def test_delete_takes_everything_and_is_audited(world: World) -> None:
    project_id = _project(world)
    with world.db.write() as session:
        joint_projects.delete_project(session, world.actor("heidelberg_editor"), project_id)
    with world.db.read() as session:
        with pytest.raises(NotFound):
            joint_projects.get_project(session, world.actor("admin"), project_id)
        actions = list(
            session.scalars(
                select(AuditEntry.action).where(AuditEntry.entity == "joint_project").order_by(AuditEntry.id)
            )
        )
    assert actions[0] == "create" and actions[-1] == "delete"


def test_the_lead_city_stays_a_partner(world: World) -> None:
    project_id = _project(world)
    with world.db.write() as session, pytest.raises(InvalidInput):
        joint_projects.remove_partner(
            session, world.actor("heidelberg_editor"), project_id, world.city["Heidelberg"]
        )
    with world.db.write() as session:
        joint_projects.remove_partner(
            session, world.actor("heidelberg_editor"), project_id, world.city["Kyoto"]
        )
    with world.db.read() as session:
        assert joint_projects.list_projects(session, world.actor("kyoto_editor")) == []
