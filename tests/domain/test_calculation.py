"""The inventory engine against values computed by hand from the IPCC 2006 tables, and its laws."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citypact.domain.activity import ActivityErrors
from citypact.domain.calculation import compute_emissions
from citypact.reference.factor_library import FACTOR_DIR, default_library, gwp_set

LIBRARY = default_library()
AR5 = gwp_set("AR5")


def _rows(*rows: dict[str, object]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), infer_schema_length=None)


def _compute(
    *rows: dict[str, object], gwp: str = "AR5", country: str = "DE", year: int = 2022
) -> pl.DataFrame:
    return compute_emissions(_rows(*rows), LIBRARY, gwp_set(gwp), country=country, year=year)


def _one(row: dict[str, object], gwp: str = "AR5") -> dict[str, object]:
    return _compute(row, gwp=gwp).row(0, named=True)


def test_natural_gas_in_homes_by_hand() -> None:
    # 1000 MWh = 3.6 TJ. Table 2.5 (residential): CO2 56,100, CH4 5, N2O 0.1 kg/TJ.
    out = _one({"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000.0, "unit": "MWh"})
    assert out["activity_tj"] == pytest.approx(3.6)
    assert out["CO2_t"] == pytest.approx(201.96)
    assert out["CH4_t"] == pytest.approx(0.018)
    assert out["N2O_t"] == pytest.approx(0.00036)
    # AR5: CH4 28, N2O 265 -> 201.96 + 0.504 + 0.0954
    assert out["co2e_t"] == pytest.approx(202.5594)
    assert out["factor_kind"] == "ipcc_default"
    assert "Table 2.5" in out["factor_source"]
    assert out["ef_data_quality"] == "L"


@pytest.mark.parametrize(
    ("gwp", "expected"),
    [
        ("AR4", 201.96 + 0.018 * 25 + 0.00036 * 298),
        ("AR5", 201.96 + 0.018 * 28 + 0.00036 * 265),
        ("AR6", 201.96 + 0.018 * 27.9 + 0.00036 * 273),
    ],
)
def test_each_gwp_set_changes_co2e(gwp: str, expected: float) -> None:
    out = _one({"gpc_ref": "I.1.1", "fuel": "natural gas", "amount": 1000.0, "unit": "MWh"}, gwp=gwp)
    assert out["co2e_t"] == pytest.approx(expected)


def test_diesel_by_mass_uses_the_ipcc_calorific_value() -> None:
    # 100 t x 43.0 TJ/Gg (Table 1.2) = 4.3 TJ. Table 2.3 (manufacturing): CO2 74,100, CH4 3, N2O 0.6.
    out = _one({"gpc_ref": "I.3.1", "fuel": "Gas/Diesel Oil", "amount": 100.0, "unit": "t"})
    assert out["activity_tj"] == pytest.approx(4.3)
    assert out["CO2_t"] == pytest.approx(318.63)
    assert out["CH4_t"] == pytest.approx(0.0129)
    assert out["N2O_t"] == pytest.approx(0.00258)


def test_gasoline_by_volume_on_the_road() -> None:
    # 10,000 L = 10 m3 x 0.7475 t/m3 (EN 228 midpoint) x 44.3 TJ/Gg = 0.3311425 TJ.
    # CO2 69,300 kg/TJ (Table 1.4); road CH4 33, N2O 3.2 kg/TJ (Table 3.2.2, uncontrolled).
    out = _one({"gpc_ref": "II.1.1", "fuel": "Motor Gasoline", "amount": 10_000.0, "unit": "L"})
    tj = 10 * 0.7475 * 0.0443
    assert out["activity_tj"] == pytest.approx(tj)
    assert out["CO2_t"] == pytest.approx(tj * 69.3)
    assert out["CH4_t"] == pytest.approx(tj * 0.033)
    assert out["N2O_t"] == pytest.approx(tj * 0.0032)


def test_grid_electricity_uses_the_national_factor_of_the_year() -> None:
    # Electricity Maps, Germany 2022, direct: 409.53 gCO2eq/kWh. 1000 MWh = 1,000,000 kWh x 409.53 g
    # = 409.53 t CO2e.
    out = _one({"gpc_ref": "I.1.2", "fuel": "electricity", "amount": 1000.0, "unit": "MWh"})
    assert out["co2e_t"] == pytest.approx(409.53)
    assert out["factor_kind"] == "grid_direct"
    assert out["factor_source"].endswith("direct (combustion) CO2e, 2022")
    # The factor is CO2e per kWh, not split by gas: no gas is booked (not zero, not CO2).
    assert (out["CO2_t"], out["CH4_t"], out["N2O_t"]) == (None, None, None)


def test_grid_factor_falls_back_to_the_latest_earlier_year() -> None:
    grid = pl.read_csv(FACTOR_DIR / "grid_factors.csv.gz").filter(country="JP")
    latest = grid.sort("year")[-1]
    out = _compute(
        {"gpc_ref": "I.2.2", "fuel": "electricity", "amount": 1.0, "unit": "GWh"}, country="JP", year=2040
    )
    # 1 GWh = 1e6 kWh x g/kWh = the factor in tonnes.
    assert out["co2e_t"][0] == pytest.approx(latest["g_co2e_per_kwh"].item())
    # Never silently: the row's source names the year used and the year it was carried to.
    year = latest["year"].item()
    assert f", {year} (the latest year published, carried forward to 2040)" in out["factor_source"][0]


def test_market_based_factor_is_a_memo_beside_the_location_based_total() -> None:
    out = _one(
        {
            "gpc_ref": "I.2.2",
            "fuel": "electricity",
            "amount": 500.0,
            "unit": "MWh",
            "ef_co2": 400.0,
            "ef_unit": "kg/MWh",
            "ef_source": "supplier disclosure 2022",
            "ef_basis": "market",
        }
    )
    # 500 MWh x 400 kg/MWh = 200 t in the memo; the total takes DE 2022 direct 409.53 g/kWh:
    # 500,000 kWh x 409.53 g = 204.765 t.
    assert out["market_co2e_t"] == pytest.approx(200.0)
    assert out["co2e_t"] == pytest.approx(204.765)
    assert out["factor_kind"] == "grid_direct"
    assert out["factor_source"].endswith("; market-based factor in the memo: supplier disclosure 2022")


def test_user_factor_for_district_heat_in_any_compatible_unit() -> None:
    base = {
        "gpc_ref": "I.1.2",
        "fuel": "district_heat",
        "ef_source": "Stadtwerke 2022",
        "ef_data_quality": "H",
    }
    a = _one({**base, "amount": 1000.0, "unit": "MWh", "ef_co2": 200.0, "ef_unit": "kg/MWh"})
    b = _one({**base, "amount": 1_000_000.0, "unit": "kWh", "ef_co2": 200.0, "ef_unit": "g/kWh"})
    assert a["CO2_t"] == pytest.approx(200.0)
    assert b["CO2_t"] == pytest.approx(200.0)
    assert a["factor_kind"] == "user_location"  # a user factor on grid energy: location-based
    assert a["factor_source"] == "Stadtwerke 2022"
    assert a["ef_data_quality"] == "H"
    assert a["CH4_t"] is None  # not given: not estimated, not zero


def test_biogenic_co2_is_a_memo_outside_co2e() -> None:
    # Wood 100 t x 15.6 TJ/Gg = 1.56 TJ; CO2 112,000 kg/TJ is biogenic; Table 2.5: CH4 300, N2O 4.
    out = _one({"gpc_ref": "I.1.1", "fuel": "Wood/Wood Waste", "amount": 100.0, "unit": "t"})
    assert out["biogenic_co2_t"] == pytest.approx(1.56 * 112.0)
    assert out["CO2_t"] == 0.0
    assert out["co2e_t"] == pytest.approx(1.56 * 0.3 * 28 + 1.56 * 0.004 * 265)


def test_data_quality_words_become_letters() -> None:
    out = _one(
        {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1.0, "unit": "MWh", "data_quality": " high"}
    )
    assert out["data_quality"] == "H"


def test_biological_treatment_defaults_per_tonne_of_waste() -> None:
    # Vol. 5 Table 4.1, wet waste: composting 4 g CH4 and 0.3 g N2O per kg; digestion 1 g CH4 per kg.
    out = _compute(
        {"gpc_ref": "III.2.1", "fuel": "composting", "amount": 1000.0, "unit": "t"},
        {"gpc_ref": "III.2.2", "fuel": "Anaerobic Digestion", "amount": 500_000.0, "unit": "kg"},
    )
    assert out["CH4_t"].to_list() == pytest.approx([4.0, 0.5])
    assert out["N2O_t"].to_list() == pytest.approx([0.3, 0.0])
    assert out["co2e_t"].to_list() == pytest.approx([4.0 * 28 + 0.3 * 265, 0.5 * 28])
    assert "Vol.5 Table 4.1" in out["factor_source"][0]
    with pytest.raises(ActivityErrors, match="per tonne of waste"):
        _compute({"gpc_ref": "III.2.1", "fuel": "composting", "amount": 1.0, "unit": "MWh"})


def test_notation_key_is_missing_and_zero_is_zero() -> None:
    out = _compute(
        {"gpc_ref": "I.4.4", "notation_key": "NO", "explanation": "no power plant in the city"},
        {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 0.0, "unit": "MWh"},
    )
    assert out["co2e_t"].to_list() == [None, 0.0]
    assert out["factor_kind"].to_list() == ["notation_key", "ipcc_default"]


def test_reported_emissions_are_reweighted_with_the_inventory_gwp() -> None:
    row = {"gpc_ref": "III.1.1", "reported_co2_t": 0.0, "reported_ch4_t": 10.0, "source": "other tool"}
    assert _one(row, gwp="AR4")["co2e_t"] == pytest.approx(250.0)
    assert _one(row, gwp="AR5")["co2e_t"] == pytest.approx(280.0)


def test_many_inventories_at_once_equal_each_alone() -> None:
    rows = _rows(
        {"gpc_ref": "I.1.2", "fuel": "electricity", "amount": 10.0, "unit": "MWh"},
        {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 10.0, "unit": "MWh"},
    )
    together = pl.concat(
        [
            rows.with_columns(inventory=pl.lit(1), country=pl.lit("DE"), inventory_year=pl.lit(2020)),
            rows.with_columns(inventory=pl.lit(2), country=pl.lit("FR"), inventory_year=pl.lit(2021)),
        ]
    )
    both = compute_emissions(together, LIBRARY, AR5)
    alone_de = compute_emissions(rows, LIBRARY, AR5, country="DE", year=2020)
    alone_fr = compute_emissions(rows, LIBRARY, AR5, country="FR", year=2021)
    assert both["co2e_t"].to_list() == pytest.approx(
        alone_de["co2e_t"].to_list() + alone_fr["co2e_t"].to_list()
    )


BAD = [
    ({"gpc_ref": "I.9.9", "fuel": "Natural Gas", "amount": 1.0, "unit": "MWh"}, "gpc_ref", "unknown GPC"),
    ({"gpc_ref": "I.1.1", "fuel": "Natural Gaz", "amount": 1.0, "unit": "MWh"}, "fuel", "natural gas"),
    ({"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": -1.0, "unit": "MWh"}, "amount", "negative"),
    ({"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1.0, "unit": "bananas"}, "unit", "unknown unit"),
    ({"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1.0, "unit": "km"}, "unit", "distance"),
    ({"gpc_ref": "I.1.1", "fuel": "Anthracite", "amount": 1.0, "unit": "m3"}, "unit", "density"),
    ({"gpc_ref": "I.1.1", "fuel": "electricity", "amount": 1.0, "unit": "MWh"}, "fuel", "scope 2"),
    ({"gpc_ref": "I.1.2", "fuel": "Natural Gas", "amount": 1.0, "unit": "MWh"}, "fuel", "grid-supplied"),
    ({"gpc_ref": "I.1.2", "fuel": "electricity", "amount": 1.0, "unit": "t"}, "unit", "energy units"),
    ({"gpc_ref": "I.1.2", "fuel": "district_heat", "amount": 1.0, "unit": "MWh"}, "fuel", "supplier"),
    ({"gpc_ref": "I.4.4", "notation_key": "NO"}, "explanation", "explanation"),
    ({"gpc_ref": "I.4.4", "notation_key": "XX", "explanation": "x"}, "notation_key", "NO, IE, NE or C"),
    ({"gpc_ref": "I.1.1", "fuel": "Natural Gas", "unit": "MWh"}, "amount", "notation key"),
    (
        {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1.0, "unit": "MWh", "data_quality": "X"},
        "data_quality",
        "H, M",
    ),
    ({"gpc_ref": "IV.1", "fuel": "cement", "amount": 1.0, "unit": "t"}, "fuel", "user factor"),
    (
        {
            "gpc_ref": "I.1.1",
            "fuel": "Natural Gas",
            "amount": 1.0,
            "unit": "MWh",
            "ef_co2": 1.0,
            "ef_unit": "kg/MWh",
        },
        "ef_source",
        "source",
    ),
    (
        {
            "gpc_ref": "I.1.1",
            "fuel": "x",
            "amount": 1.0,
            "unit": "MWh",
            "ef_co2": 1.0,
            "ef_unit": "kg/t",
            "ef_source": "s",
        },
        "ef_unit",
        "does not fit",
    ),
]


@pytest.mark.parametrize(("row", "column", "words"), BAD)
def test_bad_rows_name_the_row_the_column_and_the_fix(
    row: dict[str, object], column: str, words: str
) -> None:
    good = {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1.0, "unit": "MWh"}
    with pytest.raises(ActivityErrors) as caught:
        _compute(good, row)
    problems = caught.value.problems
    assert len(problems) == 1, problems
    assert problems[0].row == 3  # header is row 1, the good row is 2
    assert problems[0].column == column
    assert words in problems[0].message


# Every spelling on the net calorific basis (MMBtu is gross unless it says otherwise).
ENERGY_UNITS = {
    "MWh": 1.0,
    "kWh": 1000.0,
    "GJ": 3.6,
    "TJ": 0.0036,
    "MMBtu (NCV)": 3.412141633,
    "therm_lhv": 34.12141633,
    "toe": 0.0859845228,
}


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=0.001, max_value=1e9), st.sampled_from(sorted(ENERGY_UNITS)))
def test_unit_invariance(mwh: float, unit: str) -> None:
    in_mwh = _one({"gpc_ref": "I.2.1", "fuel": "Natural Gas", "amount": mwh, "unit": "MWh"})
    other = _one(
        {"gpc_ref": "I.2.1", "fuel": "Natural Gas", "amount": mwh * ENERGY_UNITS[unit], "unit": unit}
    )
    assert other["co2e_t"] == pytest.approx(in_mwh["co2e_t"], rel=1e-6)


@settings(max_examples=50, deadline=None)
@given(
    st.floats(min_value=0.0, max_value=1e6),  # x k stays within the plausible 1e9 t a row
    st.floats(min_value=0.0, max_value=1e3),
    st.sampled_from(["Natural Gas", "Gas/Diesel Oil", "Motor Gasoline", "Wood/Wood Waste"]),
)
def test_linear_in_activity(amount: float, k: float, fuel: str) -> None:
    a = _one({"gpc_ref": "I.2.1", "fuel": fuel, "amount": amount, "unit": "t"})
    b = _one({"gpc_ref": "I.2.1", "fuel": fuel, "amount": amount * k, "unit": "t"})
    for column in ("CO2_t", "CH4_t", "N2O_t", "biogenic_co2_t", "co2e_t"):
        assert b[column] == pytest.approx(k * a[column], rel=1e-9, abs=1e-9)


def test_gross_calorific_energy_is_converted_to_net_with_the_ipcc_ratio() -> None:
    """1,000 MMBtu of natural gas from a US gas bill (gross basis by default) = 1.055056 TJ gross
    = 0.9495504 TJ net (x 0.90, IPCC 2006 Vol. 2 1.4.1.3); x 56,100 kg CO2/TJ = 53.2698 t CO2.
    The same amount given on the net basis is 1.055056 TJ net = 59.1886 t CO2."""
    gross = _one({"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000, "unit": "MMBtu"})
    stated = _one({"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000, "unit": "MMBtu (GCV)"})
    net = _one({"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000, "unit": "MMBtu (NCV)"})
    assert gross["CO2_t"] == pytest.approx(1.055056 * 0.9 * 56.1, rel=1e-9) == stated["CO2_t"]
    assert net["CO2_t"] == pytest.approx(1.055056 * 56.1, rel=1e-9)
    # Oil takes 0.95: 100 GJ gross of gas/diesel oil = 0.095 TJ net x 74,100 kg/TJ = 7.0395 t CO2.
    oil = _one({"gpc_ref": "I.1.1", "fuel": "Gas/Diesel Oil", "amount": 100, "unit": "GJ gcv"})
    assert oil["CO2_t"] == pytest.approx(0.095 * 74.1, rel=1e-9)


def test_the_oil_barrel_is_42_us_gallons() -> None:
    """1,000 bbl of gas/diesel oil = 158.987 m3 x 0.844 t/m3 (the shipped density) x 43.0 TJ/Gg."""
    row = _one({"gpc_ref": "II.1.1", "fuel": "Gas/Diesel Oil", "amount": 1000, "unit": "bbl"})
    litres = _one({"gpc_ref": "II.1.1", "fuel": "Gas/Diesel Oil", "amount": 158_987.294928, "unit": "L"})
    assert row["CO2_t"] == pytest.approx(litres["CO2_t"], rel=1e-9)


@pytest.mark.parametrize(
    ("unit", "words"),
    [
        ("mt", "ambiguous; write t (tonnes) or Mt"),
        ("MT", "ambiguous; write t (tonnes) or Mt"),
        ("ton", "short_ton (2,000 lb)"),
        ("barrel", "42-gallon oil barrel"),
        ("furlong", "accepted spellings"),
        ("t gcv", "not an energy unit"),
    ],
)
def test_units_outside_the_list_are_refused_at_the_row(unit: str, words: str) -> None:
    with pytest.raises(ActivityErrors) as caught:
        _one({"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000, "unit": unit})
    [problem] = caught.value.problems
    assert (problem.row, problem.column) == (2, "unit")
    assert words in problem.message


def test_passenger_km_do_not_take_a_factor_per_vehicle_km() -> None:
    with pytest.raises(ActivityErrors) as caught:
        _one(
            {
                "gpc_ref": "II.1.1",
                "fuel": "Motor Gasoline",
                "amount": 1000,
                "unit": "pkm",
                "ef_co2": 0.2,
                "ef_unit": "kg/vkm",
                "ef_source": "operator",
            }
        )
    assert caught.value.problems[0].column == "ef_unit"
    ok = _one(
        {
            "gpc_ref": "II.1.1",
            "fuel": "Motor Gasoline",
            "amount": 1000,
            "unit": "pkm",
            "ef_co2": 0.05,
            "ef_unit": "kg/pkm",
            "ef_source": "operator",
        }
    )
    assert ok["CO2_t"] == pytest.approx(0.05)  # 1,000 pkm x 0.05 kg = 50 kg


def test_the_market_based_memo_holds_scope_2_only() -> None:
    """500 MWh bought (I.2.2, scope 2) and its 5 % losses (I.2.3, scope 3), both with the supplier's
    400 kg/MWh: the memo is 500 x 0.4 = 200 t; the losses' 25 x 0.4 = 10 t stay out of it."""
    supplier = {
        "ef_co2": 400.0,
        "ef_unit": "kg/MWh",
        "ef_source": "supplier disclosure 2022",
        "ef_basis": "market",
    }
    out = _compute(
        {"gpc_ref": "I.2.2", "fuel": "electricity", "amount": 500.0, "unit": "MWh", **supplier},
        {"gpc_ref": "I.2.3", "fuel": "electricity", "amount": 25.0, "unit": "MWh", **supplier},
    )
    assert out["market_co2e_t"].to_list() == [pytest.approx(200.0), None]


def test_a_reference_with_an_amount_and_a_notation_key_is_refused() -> None:
    with pytest.raises(ActivityErrors) as caught:
        _compute(
            {"gpc_ref": "I.4.4", "fuel": "Natural Gas", "amount": 10.0, "unit": "MWh"},
            {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 10.0, "unit": "MWh"},
            {"gpc_ref": "I.4.4", "notation_key": "NO", "explanation": "no power plant"},
        )
    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {(2, "amount"), (4, "notation_key")}
    assert all("I.4.4" in p.message for p in caught.value.problems)


@pytest.mark.parametrize(
    ("amount", "unit"), [(1e30, "MWh"), (2e9, "t"), (1e13, "m3"), (3e12, "km"), (1e308, "kWh")]
)
def test_physically_impossible_amounts_are_refused(amount: float, unit: str) -> None:
    """10 EJ (2.8e9 MWh) is more than any city uses in a year; 1e30 MWh is not a typo to compute."""
    with pytest.raises(ActivityErrors) as caught:
        _one({"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": amount, "unit": unit})
    beyond = [p for p in caught.value.problems if "beyond" in p.message]
    assert [(p.row, p.column) for p in beyond] == [(2, "amount")]


def test_the_largest_plausible_amount_computes() -> None:
    out = _one({"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 2.7e9, "unit": "MWh"})  # 9.72 EJ
    assert out["activity_tj"] == pytest.approx(9.72e6)
