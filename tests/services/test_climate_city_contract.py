"""The contract read from the database: hand-computed figures, and who sees the money."""

from __future__ import annotations

import pytest

from citypact.services.errors import InvalidInput, NotFound, PermissionDenied
from citypact.services.plans import measure_money
from citypact.services.plans.climate_city_contract import get_contract
from tests.conftest import World
from tests.contract_fixture import contract_city
from tests.factories import confirm_membership


def _missing(view: object) -> list[tuple[str, int | None]]:
    return [(m.code, m.item_id) for m in view.contract.missing]  # type: ignore[attr-defined]


def test_the_city_staff_read_all_three_parts(world: World) -> None:
    ids = contract_city(world)
    with world.db.read() as session:
        view = get_contract(session, world.actor("heidelberg_viewer"), ids["city"])
    assert view.internal and view.target_source == "council decision 2019"
    part = view.contract.action_plan
    assert part.gap is not None and part.city_gap is not None
    # 800 t in 2020; the measures cut 100 + 20 t by 2030, the port's shore power 50 t more
    assert part.city_gap.expected_t == pytest.approx(680.0)
    assert part.gap.expected_t == pytest.approx(630.0)
    assert part.gap.goal_t == pytest.approx(500.0)
    assert part.gap.to_find_t == pytest.approx(130.0)
    assert part.closed_t == pytest.approx(170.0)
    money = view.contract.investment
    assert money is not None
    (eur,) = money.totals
    # Retrofit: 2000.01 EUR over 2025-26 (one cent to 2025) and 999.99 in 2027; bus lanes: 10.00 EUR
    # over 2026-28 (334, 333, 333 cents) and 1.00 a year
    assert eur.capex_by_year == {2025: 100_001, 2026: 100_334, 2027: 100_332, 2028: 333}
    assert eur.opex_by_year == {2026: 100, 2027: 100, 2028: 100}
    assert (eur.cost_minor, eur.secured_minor, eur.sought_minor) == (301_300, 100_000, 50_000)
    assert (eur.gap_after_secured_minor, eur.gap_after_sought_minor) == (201_300, 151_300)
    assert [a.code for a in money.assumptions] == ["capex_spread_evenly", "opex_every_year"]
    assert _missing(view) == [
        ("measure_without_reduction", ids["signage"]),
        ("measure_without_dates", ids["signage"]),
        ("measure_without_costs", ids["signage"]),
        ("measure_without_funding", ids["bus"]),
        ("deal_unsigned", ids["draft"]),
    ]
    (shore, support) = view.contract.commitments.signed
    assert (shore.commitment.party, shore.commitment.kpi_unit) == ("Port Ltd", "berths")
    assert (support.commitment.party, support.commitment.kind) == ("", "support")


def test_the_public_reads_commitments_and_plan_without_money_or_withheld_parts(world: World) -> None:
    ids = contract_city(world)
    for who in ("public", "kyoto_editor", "c40_secretariat"):
        with world.db.read() as session:
            view = get_contract(session, world.actor(who), ids["city"])
        assert not view.internal and view.contract.investment is None
        shore = view.contract.commitments.signed[0].commitment
        assert (shore.party, shore.expected_reduction_t) == ("Port Ltd", 50.0)
        assert (shore.kpi_name, shore.kpi_target) == ("", None)  # the deal keeps its KPIs internal
        assert _missing(view) == [
            ("measure_without_reduction", ids["signage"]),
            ("measure_without_dates", ids["signage"]),
        ]  # no draft deal, no money


def test_the_secretariat_of_a_network_the_city_confirmed_reads_the_money(world: World) -> None:
    ids = contract_city(world, "Kyoto")
    with world.db.read() as session:
        assert not get_contract(session, world.actor("c40_secretariat"), ids["city"]).internal
    confirm_membership(world, "Kyoto")
    with world.db.read() as session:
        assert get_contract(session, world.actor("c40_secretariat"), ids["city"]).internal


def test_a_city_without_anything_lists_what_is_missing(world: World) -> None:
    with world.db.read() as session:
        view = get_contract(session, world.actor("admin"), world.city["Kyoto"])
    assert [m.code for m in view.contract.missing] == ["no_target", "no_inventory", "no_measures", "no_deals"]


def test_money_lines_are_checked_and_only_the_city_editors_change_them(world: World) -> None:
    ids = contract_city(world)
    city, plan = ids["city"], ids["bus"]
    editor = world.actor("heidelberg_editor")
    bad = [
        ({"kind": "capex", "year_from": 2030, "year_to": 2029, "amount_minor": 5}, "year_to"),
        ({"kind": "capex", "year_from": 1999, "year_to": 2001, "amount_minor": 5}, "year_from"),
        ({"kind": "capex", "year_from": 2020, "year_to": 2080, "amount_minor": 5}, "year_to"),
        ({"kind": "capex", "year_from": 2025, "year_to": 2025, "amount_minor": 0}, "amount_minor"),
        ({"kind": "capex", "year_from": 2025, "year_to": 2025, "amount_minor": 1.5}, "amount_minor"),
        ({"kind": "grant", "year_from": 2025, "year_to": 2025, "amount_minor": 5}, "kind"),
    ]
    for values, field in bad:
        with world.db.write() as session, pytest.raises(InvalidInput) as raised:
            measure_money.add_cost(session, editor, city, plan, **values)
        assert raised.value.field == field
    with world.db.write() as session, pytest.raises(InvalidInput) as raised:
        measure_money.add_cost(
            session, editor, city, ids["signage"], kind="opex", year_from=2025, year_to=2025, amount_minor=5
        )
    assert raised.value.field == "currency"
    with world.db.write() as session, pytest.raises(PermissionDenied):
        measure_money.add_funding(
            session, world.actor("kyoto_editor"), city, plan, source="loan", status="sought", amount_minor=5
        )
    with world.db.write() as session:
        line = measure_money.add_funding(
            session, editor, city, plan, source="own_budget", status="secured", amount_minor=1300
        )
    with world.db.write() as session, pytest.raises(NotFound):
        measure_money.remove_funding(session, editor, city, ids["retrofit"], line.id)  # not its measure
    with world.db.read() as session:
        view = get_contract(session, editor, city)
        assert view.contract.investment is not None
        assert view.contract.investment.totals[0].gap_after_secured_minor == 201_300 - 1300
        with pytest.raises(NotFound):
            measure_money.get_money(session, world.actor("public"), city, plan)
    with world.db.write() as session:
        measure_money.remove_funding(session, editor, city, plan, line.id)
        assert measure_money.get_money(session, editor, city, plan).funding == ()


def test_lines_per_measure_are_bounded(world: World) -> None:
    ids = contract_city(world)
    editor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        for _ in range(measure_money.MAX_FUNDING_LINES):
            measure_money.add_funding(
                session, editor, ids["city"], ids["bus"], source="other", status="sought", amount_minor=1
            )
        with pytest.raises(InvalidInput):
            measure_money.add_funding(
                session, editor, ids["city"], ids["bus"], source="other", status="sought", amount_minor=1
            )
