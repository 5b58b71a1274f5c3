"""AR6 methane by origin, biogenic CO2 of waste methods in the memo, and CO2e kept under another
GWP set: the engine against values computed by hand.

AR6 GWP-100 (IPCC AR6 WG1 ch. 7): CH4 27.9 (Table 7.SM.7, one value), CH4-fossil 29.8 and
CH4-non fossil 27.0 (Table 7.15), N2O 273.
"""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citypact.domain.calculation import compute_emissions
from citypact.domain.inventory import totals
from citypact.reference.factor_library import AR6_SPLIT, GWP_SETS, default_library, gwp_code, gwp_set

LIBRARY = default_library()


def _compute(*rows: dict[str, object], gwp: str) -> pl.DataFrame:
    frame = pl.DataFrame(list(rows), infer_schema_length=None)
    return compute_emissions(frame, LIBRARY, gwp_set(gwp), country="DE", year=2022)


def _methane(ref: str, fuel: str | None = None) -> dict[str, object]:
    """One tonne of CH4 reported for `ref` (a waste method's or another tool's figure)."""
    return {"gpc_ref": ref, "fuel": fuel, "reported_ch4_t": 1.0, "source": "hand"}


@pytest.mark.parametrize(
    ("row", "split", "single"),
    [
        # fossil: natural gas burnt in homes, fugitive gas of the grid, an industrial process
        (_methane("I.1.1", "Natural Gas"), 29.8, 27.9),
        (_methane("I.8.1", "natural gas"), 29.8, 27.9),
        (_methane("IV.1"), 29.8, 27.9),
        # non-fossil: wood burnt in homes, landfill, composting, wastewater, livestock
        (_methane("I.1.1", "Wood/Wood Waste"), 27.0, 27.9),
        (_methane("III.1.1", "landfill, first-order decay"), 27.0, 27.9),
        (_methane("III.2.1", "biological treatment"), 27.0, 27.9),
        (_methane("III.4.1", "domestic wastewater, CH4"), 27.0, 27.9),
        (_methane("V.1"), 27.0, 27.9),
    ],
)
def test_one_tonne_of_methane_by_origin(row: dict[str, object], split: float, single: float) -> None:
    # 1 t CH4 x GWP = t CO2e: 29.8 fossil, 27.0 non-fossil under AR6-split; 27.9 under AR6.
    assert _compute(row, gwp=AR6_SPLIT)["co2e_t"].item() == pytest.approx(split)
    assert _compute(row, gwp="AR6")["co2e_t"].item() == pytest.approx(single)


def test_natural_gas_and_wood_in_homes_by_hand() -> None:
    # 1000 MWh = 3.6 TJ each, IPCC 2006 Vol. 2 Table 2.5 (residential).
    # Natural gas: CO2 56,100, CH4 5, N2O 0.1 kg/TJ -> 201.96 t CO2, 0.018 t CH4, 0.00036 t N2O;
    #   AR6-split: 201.96 + 0.018 x 29.8 + 0.00036 x 273 = 202.59468.
    # Wood: CO2 112,000 (biogenic, memo), CH4 300, N2O 4 kg/TJ -> 1.08 t CH4, 0.0144 t N2O;
    #   AR6-split: 1.08 x 27.0 + 0.0144 x 273 = 29.16 + 3.9312 = 33.0912; AR6: 1.08 x 27.9 + 3.9312.
    gas = {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000.0, "unit": "MWh"}
    wood = {"gpc_ref": "I.1.1", "fuel": "Wood/Wood Waste", "amount": 1000.0, "unit": "MWh"}
    split = _compute(gas, wood, gwp=AR6_SPLIT)
    assert split["co2e_t"].to_list() == pytest.approx([202.59468, 33.0912])
    assert split["biogenic_co2_t"].to_list() == pytest.approx([0.0, 403.2])
    single = _compute(gas, wood, gwp="AR6")
    assert single["co2e_t"].to_list() == pytest.approx([201.96 + 0.5022 + 0.09828, 30.132 + 3.9312])


def test_composting_default_is_non_fossil() -> None:
    # 100 t wet waste composted: 4 g CH4 and 0.3 g N2O per kg (Vol. 5 Table 4.1) = 0.4 t CH4,
    # 0.03 t N2O; AR6-split: 0.4 x 27.0 + 0.03 x 273 = 10.8 + 8.19 = 18.99.
    row = {"gpc_ref": "III.2.1", "fuel": "composting", "amount": 100.0, "unit": "t"}
    assert _compute(row, gwp=AR6_SPLIT)["co2e_t"].item() == pytest.approx(18.99)


def test_a_user_factor_for_methane_is_weighed_by_origin() -> None:
    # 10 t of diesel burnt in off-road machines with a user factor of 2 kg CH4/t: 0.02 t fossil CH4
    # -> 0.02 x 29.8 = 0.596 t CO2e.
    row = {
        "gpc_ref": "II.5.1",
        "fuel": "Gas/Diesel Oil",
        "amount": 10.0,
        "unit": "t",
        "ef_ch4": 2.0,
        "ef_unit": "kg/t",
        "ef_source": "machine maker",
    }
    assert _compute(row, gwp=AR6_SPLIT)["co2e_t"].item() == pytest.approx(0.596)


SOURCES = st.sampled_from(
    [
        ("I.1.1", "Natural Gas", True),
        ("I.7.1", "other bituminous coal", True),
        ("II.1.1", "Motor Gasoline", True),
        ("I.2.1", "biogas", False),
        ("III.1.1", None, False),
        ("III.4.1", None, False),
        ("V.3", None, False),
    ]
)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(SOURCES, st.floats(0, 1e4), st.floats(0, 1e3), st.floats(0, 10)), min_size=1, max_size=8
    )
)
def test_the_split_moves_each_tonne_of_methane_by_its_origin(
    rows: list[tuple[tuple[str, str | None, bool], float, float, float]],
) -> None:
    # Law: co2e(AR6-split) - co2e(AR6) = sum over rows of CH4 x (29.8 - 27.9) for fossil sources
    # and CH4 x (27.0 - 27.9) for non-fossil ones; CO2 and N2O weigh the same in both.
    frame = [
        {"gpc_ref": ref, "fuel": fuel, "reported_co2_t": co2, "reported_ch4_t": ch4, "reported_n2o_t": n2o}
        for (ref, fuel, _), co2, ch4, n2o in rows
    ]
    expected = sum(ch4 * ((29.8 if fossil else 27.0) - 27.9) for (_, _, fossil), _, ch4, _ in rows)
    split = float(_compute(*frame, gwp=AR6_SPLIT)["co2e_t"].sum())
    single = float(_compute(*frame, gwp="AR6")["co2e_t"].sum())
    assert split - single == pytest.approx(expected, rel=1e-9, abs=1e-6)


def test_the_split_set_has_no_single_methane_value() -> None:
    split = gwp_set("ar6-SPLIT")  # any case
    assert split.name == AR6_SPLIT
    assert split.ch4_split == (29.8, 27.0)
    assert split.of("N2O") == 273.0  # everything else is AR6's
    with pytest.raises(KeyError, match="no value for CH4"):
        split.of("CH4")
    assert gwp_set("AR6").ch4_split is None
    assert gwp_code(" ar5 ") == "AR5"
    assert gwp_code("AR7") is None
    assert AR6_SPLIT in GWP_SETS


def test_biogenic_co2_of_a_waste_method_reaches_the_memo_total() -> None:
    # Incineration reported by the waste method: 276.518 t fossil CO2 in the totals, 150.282 t
    # biogenic CO2 in the memo only (see tests/domain/test_waste_defaults.py for the figures).
    row = {
        "gpc_ref": "III.3.1",
        "fuel": "incineration",
        "reported_co2_t": 276.518,
        "reported_ch4_t": 0.00004,
        "reported_n2o_t": 0.01,
        "reported_biogenic_co2_t": 150.282,
    }
    out = _compute(row, gwp="AR5")
    assert out["biogenic_co2_t"].item() == pytest.approx(150.282)
    assert out["co2e_t"].item() == pytest.approx(276.518 + 0.00004 * 28 + 0.01 * 265)
    summed = totals(out, "AR5")
    assert summed.biogenic_co2 == pytest.approx(150.282)
    assert summed.basic == pytest.approx(276.518 + 0.00112 + 2.65)


def test_co2e_reported_without_its_gases_keeps_its_set_and_says_so() -> None:
    # A CityCatalyst line of 100 t CO2e (AR5) whose gas split does not add up, beside 1 t CH4 of
    # landfill given as gas: under AR6 the line stays 100 t (AR5), the methane becomes 27.9 t.
    rows = (
        {"gpc_ref": "III.1.1", "reported_co2e_t": 100.0, "reported_gwp": "AR5"},
        _methane("III.1.2"),
    )
    ar6 = _compute(*rows, gwp="AR6")
    assert ar6["co2e_t"].to_list() == pytest.approx([100.0, 27.9])
    assert ar6["other_gwp"].to_list() == ["AR5", None]
    summed = totals(ar6, "AR6")
    assert summed.basic == pytest.approx(127.9)
    assert summed.other_gwp == {"AR5": pytest.approx(100.0)}
    # Under its own set nothing is mixed.
    ar5 = _compute(*rows, gwp="AR5")
    assert ar5["other_gwp"].to_list() == [None, None]
    assert totals(ar5, "AR5").other_gwp == {}
