"""Scope 2 (GPC 1.1 section 6.6): a user factor on grid energy is location-based unless ef_basis says
market; the national grid factor's basis; CO2e never booked as CO2. Values computed by hand."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citypact.domain.activity import ActivityErrors
from citypact.domain.calculation import compute_emissions
from citypact.domain.inventory import totals
from citypact.reference.factor_library import default_library, gwp_set

LIBRARY = default_library()
AR5 = gwp_set("AR5")
# Electricity Maps, zone US, 2022: direct 363.42 gCO2eq/kWh. Ember/OWID, USA, 2020: 411.6982 gCO2/kWh
# (life-cycle; Electricity Maps starts in 2021).
US_2022_DIRECT = 363.42
US_2020_LIFE_CYCLE = 411.6982
BOUGHT = {"gpc_ref": "I.2.2", "fuel": "electricity", "amount": 1000.0, "unit": "MWh"}
EGRID = {"ef_co2": 0.35, "ef_unit": "t/MWh", "ef_source": "eGRID2022 subregion NYCW"}


def _compute(*rows: dict[str, object], country: str = "US", year: int = 2022) -> pl.DataFrame:
    return compute_emissions(
        pl.DataFrame(list(rows), infer_schema_length=None), LIBRARY, AR5, country=country, year=year
    )


def _problems(*rows: dict[str, object], country: str = "US") -> set[tuple[int, str]]:
    with pytest.raises(ActivityErrors) as caught:
        _compute(*rows, country=country)
    return {(p.row, p.column) for p in caught.value.problems}


@pytest.mark.parametrize("basis", [None, "location", " Location "])
def test_a_user_factor_on_grid_electricity_is_location_based_and_enters_the_totals(basis: str | None) -> None:
    # 1,000 MWh x 0.35 t/MWh = 350 t CO2 in scope 2; no market-based memo.
    out = _compute({**BOUGHT, **EGRID, "ef_basis": basis})
    row = out.row(0, named=True)
    assert row["co2e_t"] == pytest.approx(350.0)
    assert row["CO2_t"] == pytest.approx(350.0)  # the user gave CO2: booked as CO2
    assert row["factor_kind"] == "user_location"
    assert row["factor_source"] == "eGRID2022 subregion NYCW"
    assert row["market_co2e_t"] is None
    assert totals(out, "AR5").scope2 == pytest.approx(350.0)


def test_a_market_based_factor_is_the_memo_and_the_national_factor_stays_in_the_totals() -> None:
    # Totals: 1,000,000 kWh x 363.42 g (US 2022 direct) = 363.42 t; memo: 1,000 MWh x 0.35 t = 350 t.
    out = _compute({**BOUGHT, **EGRID, "ef_basis": "market"})
    row = out.row(0, named=True)
    assert row["co2e_t"] == pytest.approx(US_2022_DIRECT)
    assert row["market_co2e_t"] == pytest.approx(350.0)
    assert row["factor_kind"] == "grid_direct"
    assert row["factor_source"] == (
        "Electricity Maps (ODbL), national grid, direct (combustion) CO2e, 2022;"
        " market-based factor in the memo: eGRID2022 subregion NYCW"
    )
    assert totals(out, "AR5").scope2 == pytest.approx(US_2022_DIRECT)


def test_the_grid_factor_is_direct_where_published_else_life_cycle_and_never_co2_by_gas() -> None:
    # 1,000 MWh in 2022: 363.42 t (Electricity Maps direct), not Ember's 410.3674 t (life-cycle);
    # in 2020 only Ember has the US: 411.6982 t, labelled life-cycle.
    direct = _compute(BOUGHT, year=2022).row(0, named=True)
    life_cycle = _compute(BOUGHT, year=2020).row(0, named=True)
    assert direct["co2e_t"] == pytest.approx(US_2022_DIRECT)
    assert direct["factor_kind"] == "grid_direct"
    assert life_cycle["co2e_t"] == pytest.approx(US_2020_LIFE_CYCLE)
    assert life_cycle["factor_kind"] == "grid_life_cycle"
    assert "life-cycle CO2e" in life_cycle["factor_source"] and life_cycle["factor_source"].endswith("2020")
    for row in (direct, life_cycle):
        assert (row["CO2_t"], row["CH4_t"], row["N2O_t"]) == (None, None, None)


def test_totals_by_gas_leave_out_co2e_that_is_not_split_by_gas() -> None:
    # Gas 1,000 MWh = 3.6 TJ x 56,100 kg CO2/TJ (Table 2.4) = 201.96 t CO2, 0.018 t CH4, 0.00036 t N2O;
    # electricity 363.42 t CO2e (US 2022 direct) in no gas. By gas: CO2 201.96, not 565.38.
    out = _compute(BOUGHT, {"gpc_ref": "I.2.1", "fuel": "Natural Gas", "amount": 1000.0, "unit": "MWh"})
    t = totals(out, "AR5")
    assert t.by_gas["CO2"] == pytest.approx(201.96)
    assert t.co2e_not_by_gas == pytest.approx(US_2022_DIRECT)
    assert t.scope2 == pytest.approx(US_2022_DIRECT)
    assert t.scope1 == pytest.approx(201.96 + 0.018 * 28 + 0.00036 * 265)


def test_the_market_memo_of_district_heat_needs_a_location_figure() -> None:
    heat = {"gpc_ref": "I.1.2", "fuel": "district_heat", "amount": 10.0, "unit": "MWh"}
    factor = {"ef_co2": 190.0, "ef_unit": "kg/MWh", "ef_source": "Stadtwerke"}
    assert _problems({**heat, **factor, "ef_basis": "market"}) == {(2, "ef_basis")}
    # Location-based (the default): 10 MWh x 190 kg = 1.9 t.
    assert _compute({**heat, **factor})["co2e_t"].item() == pytest.approx(1.9)


@pytest.mark.parametrize(
    ("row", "country"),
    [
        # ef_basis on a fuel burnt in the city: not grid energy
        (
            {
                "gpc_ref": "I.1.1",
                "fuel": "Natural Gas",
                "amount": 1.0,
                "unit": "MWh",
                **EGRID,
                "ef_basis": "location",
            },
            "US",
        ),
        # ef_basis without a factor
        ({**BOUGHT, "ef_basis": "market"}, "US"),
        # a misspelt basis
        ({**BOUGHT, **EGRID, "ef_basis": "markt"}, "US"),
        # market-based where no national factor can be the location-based figure (Antarctica)
        ({**BOUGHT, **EGRID, "ef_basis": "market"}, "AQ"),
    ],
)
def test_a_basis_that_cannot_apply_is_refused_naming_row_and_column(
    row: dict[str, object], country: str
) -> None:
    assert _problems({**BOUGHT}, row, country=country) - {(2, "fuel")} == {(3, "ef_basis")}


@settings(max_examples=40, deadline=None)
@given(
    amounts=st.lists(st.floats(0.0, 1e6), min_size=1, max_size=6),
    factors=st.lists(st.floats(0.0, 2.0), min_size=6, max_size=6),
)
def test_a_market_based_factor_never_changes_the_totals(amounts: list[float], factors: list[float]) -> None:
    """The law of the dual reporting: the totals are the same with or without the market-based
    factors; only the memo holds them."""
    plain = [{**BOUGHT, "amount": a} for a in amounts]
    marked = [
        {**row, "ef_co2": f, "ef_unit": "t/MWh", "ef_source": "supplier", "ef_basis": "market"}
        for row, f in zip(plain, factors, strict=False)
    ]
    without, with_market = totals(_compute(*plain), "AR5"), totals(_compute(*marked), "AR5")
    assert with_market.scope2 == pytest.approx(without.scope2)
    memo = _compute(*marked)["market_co2e_t"].sum()
    assert memo == pytest.approx(sum(a * f for a, f in zip(amounts, factors, strict=False)))
