"""The methodologies of carbon-credit projects, with figures computed by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain import credit_methodologies as m


def test_grid_renewable_is_energy_times_grid_factor() -> None:
    # 12 000 MWh x 0.45 t/MWh = 5 400 t
    assert m.grid_renewable(12_000.0, 0.45) == pytest.approx(5_400.0)


def test_energy_efficiency_in_mwh_and_gj() -> None:
    # (1 000 - 600) MWh x 0.5 t/MWh = 200 t
    assert m.energy_efficiency(1_000.0, 600.0, 0.5) == pytest.approx(200.0)
    # 3 600 GJ = 1 000 MWh; (3 600 - 1 800) GJ = 500 MWh x 0.5 = 250 t
    assert m.energy_efficiency(3_600.0, 1_800.0, 0.5, "GJ") == pytest.approx(250.0)


def test_landfill_gas_weighs_methane_and_subtracts_project_emissions() -> None:
    # 100 t CH4 x 28 (AR5) - 150 t = 2 650 t
    assert m.landfill_gas(100.0, 28.0, 150.0) == pytest.approx(2_650.0)


def test_negative_result_is_shown_and_yields_no_credits() -> None:
    params = m.check_parameters(
        "energy_efficiency",
        {"energy_unit": "MWh", "e_ref": 500, "e_project": 700, "ef_t_per_mwh": 0.4, "ef_source": "utility"},
    )
    result = m.compute("energy_efficiency", params)
    assert result.reductions_t == pytest.approx(-80.0)  # (500 - 700) x 0.4
    assert result.credited_t == 0.0


def test_grid_factor_from_library_or_project_with_source() -> None:
    params = m.check_parameters("grid_renewable", {"eg_mwh": "2000"})
    result = m.compute("grid_renewable", params, grid_factor_t_per_mwh=0.6, grid_factor_source="library")
    assert result.reductions_t == pytest.approx(1_200.0)
    assert result.factors["ef_grid_source"] == "library"
    own = m.check_parameters(
        "grid_renewable", {"eg_mwh": 2000, "ef_grid_t_per_mwh": 0.5, "ef_grid_source": "PDD"}
    )
    assert m.compute("grid_renewable", own, grid_factor_t_per_mwh=0.6).reductions_t == pytest.approx(1_000.0)
    with pytest.raises(m.MethodologyError) as missing:
        m.check_parameters("grid_renewable", {"eg_mwh": 2000, "ef_grid_t_per_mwh": 0.5})
    assert missing.value.field == "ef_grid_source"
    with pytest.raises(m.MethodologyError) as no_factor:
        m.compute("grid_renewable", params)
    assert no_factor.value.field == "ef_grid_t_per_mwh"


def test_landfill_gas_names_the_gwp_set() -> None:
    params = m.check_parameters("landfill_gas", {"ch4_destroyed_t": 10, "project_emissions_t": 5})
    result = m.compute("landfill_gas", params, gwp_ch4=28.0)
    assert result.reductions_t == pytest.approx(275.0)  # 10 x 28 - 5
    assert result.factors["gwp_set"] == "AR5"


def test_reported_takes_the_figure_with_its_reference() -> None:
    params = m.check_parameters("reported", {"reported_t": 812.5, "report_reference": "VR-2026-04"})
    assert m.compute("reported", params).reductions_t == 812.5
    with pytest.raises(m.MethodologyError) as error:
        m.check_parameters("reported", {"reported_t": 812.5})
    assert error.value.field == "report_reference"


@pytest.mark.parametrize(
    ("methodology", "values", "field"),
    [
        ("grid_renewable", {"eg_mwh": -1}, "eg_mwh"),
        ("grid_renewable", {"eg_mwh": "lots"}, "eg_mwh"),
        ("grid_renewable", {"eg_mwh": float("nan")}, "eg_mwh"),
        ("grid_renewable", {"eg_mwh": 1, "ef_grid_t_per_mwh": 3, "ef_grid_source": "x"}, "ef_grid_t_per_mwh"),
        ("grid_renewable", {"eg_mwh": 1, "power": 3}, "power"),
        (
            "energy_efficiency",
            {"energy_unit": "kWh", "e_ref": 1, "e_project": 0, "ef_t_per_mwh": 1, "ef_source": "x"},
            "energy_unit",
        ),
        ("landfill_gas", {"ch4_destroyed_t": 1, "project_emissions_t": 0, "gwp_set": "SAR"}, "gwp_set"),
        ("landfill_gas", {"project_emissions_t": 0}, "ch4_destroyed_t"),
        ("reported", {"reported_t": True, "report_reference": "x"}, "reported_t"),
        ("nuclear", {}, "methodology"),
    ],
)
def test_inputs_are_refused_at_the_field(methodology: str, values: dict[str, object], field: str) -> None:
    with pytest.raises(m.MethodologyError) as error:
        m.check_parameters(methodology, values)
    assert error.value.field == field


@given(
    e_ref=st.floats(min_value=0, max_value=1e6),
    e_project=st.floats(min_value=0, max_value=1e6),
    ef=st.floats(min_value=0, max_value=2),
)
def test_energy_efficiency_does_not_depend_on_the_unit(e_ref: float, e_project: float, ef: float) -> None:
    in_mwh = m.energy_efficiency(e_ref, e_project, ef, "MWh")
    in_gj = m.energy_efficiency(e_ref * 3.6, e_project * 3.6, ef, "GJ")
    assert in_gj == pytest.approx(in_mwh, rel=1e-9, abs=1e-6)


def test_ex_ante_pro_rata_by_days() -> None:
    # A whole calendar year is the yearly figure, leap year or not.
    assert m.ex_ante_for_period(3_650.0, dt.date(2024, 1, 1), dt.date(2024, 12, 31)) == pytest.approx(3_650.0)
    # 1 Jul - 31 Dec 2025: 184 days of 365 -> 3 650 x 184 / 365 = 1 840
    assert m.ex_ante_for_period(3_650.0, dt.date(2025, 7, 1), dt.date(2025, 12, 31)) == pytest.approx(1_840.0)
    # 1 Dec 2023 - 31 Jan 2024: 31/365 + 31/366 of 3 650 = 310 + 309.153...
    expected = 3_650.0 * 31 / 365 + 3_650.0 * 31 / 366
    assert m.ex_ante_for_period(3_650.0, dt.date(2023, 12, 1), dt.date(2024, 1, 31)) == pytest.approx(
        expected
    )


def test_compare_puts_estimate_beside_result() -> None:
    row = m.compare(3_650.0, dt.date(2025, 7, 1), dt.date(2025, 12, 31), 1_656.0)
    assert row.ex_ante_t == pytest.approx(1_840.0)
    assert row.ratio == pytest.approx(0.9)  # 1 656 / 1 840
    assert m.compare(None, dt.date(2025, 1, 1), dt.date(2025, 1, 31), 10.0).ratio is None
