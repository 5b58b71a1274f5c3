"""GPC sector III (waste) methods, checked by hand against the IPCC 2006 Vol. 5 equations and tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citypact.domain.waste import (
    BOD_G_PER_PERSON_DAY,
    CARBON_PROPERTIES,
    DECAY_CLASS,
    DECAY_RATE_K,
    DOC_CONTENT,
    SITE_MCF,
    WASTE_TYPES,
    WASTEWATER_MCF,
    CarbonProperties,
    WasteEmissions,
    biological_treatment,
    composition_doc,
    domestic_wastewater_ch4,
    fod_ch4_by_year,
    fod_ch4_in_year,
    gpc_doc,
    incineration,
    methane_commitment_ch4,
    open_burning,
    wastewater_effluent_n2o,
    wastewater_plant_n2o,
)

MIXED = {"food": 0.4, "garden": 0.1, "paper": 0.2, "wood": 0.05, "textiles": 0.05, "plastics": 0.2}
amounts = st.floats(min_value=0.0, max_value=1e7, allow_nan=False, allow_infinity=False)


# --- the default tables ------------------------------------------------------------------------------


def test_tables_cover_every_key_they_are_used_with() -> None:
    assert set(DOC_CONTENT) == set(WASTE_TYPES) == set(CARBON_PROPERTIES)
    assert set(DECAY_CLASS) == {name for name, doc in DOC_CONTENT.items() if doc > 0}
    for zone in DECAY_RATE_K.values():
        assert set(zone) == {"paper_textiles", "wood_straw", "garden", "food", "bulk"}
    # Table 3.1
    assert SITE_MCF == {
        "managed_anaerobic": 1.0,
        "managed_semi_aerobic": 0.5,
        "unmanaged_deep": 0.8,
        "unmanaged_shallow": 0.4,
        "uncategorised": 0.6,
    }
    # Table 3.3, bulk waste
    assert {zone: k["bulk"] for zone, k in DECAY_RATE_K.items()} == {
        "boreal_temperate_dry": 0.05,
        "boreal_temperate_wet": 0.09,
        "tropical_dry": 0.065,
        "tropical_moist_wet": 0.17,
    }


def test_table_2_4_wet_doc_agrees_with_dry_matter_times_dry_doc() -> None:
    # Table 2.4 gives DOC on a dry basis too; wet DOC = dm x dry DOC (to the table's rounding).
    dry_doc = {"paper": 0.44, "textiles": 0.30, "food": 0.38, "wood": 0.50, "garden": 0.49, "nappies": 0.60}
    for name, doc in dry_doc.items():
        assert CARBON_PROPERTIES[name].dry_matter * doc == pytest.approx(DOC_CONTENT[name], abs=0.006)


def test_emissions_dict_keeps_biogenic_co2_apart() -> None:
    e = WasteEmissions(ch4_t=1.0, n2o_t=2.0, co2_fossil_t=3.0, co2_biogenic_t=4.0)
    assert e.as_dict() == {"CH4": 1.0, "N2O": 2.0, "CO2": 3.0, "biogenic_CO2": 4.0}


# --- III.1 solid waste disposal: DOC ------------------------------------------------------------------


def test_composition_doc_by_hand() -> None:
    # Table 2.4: 0.5 x 0.15 (food) + 0.2 x 0.40 (paper) + 0.3 x 0 (plastics) = 0.155
    assert composition_doc({"food": 0.5, "paper": 0.2, "plastics": 0.3}) == pytest.approx(0.155)


def test_gpc_doc_by_hand() -> None:
    # 0.15 x 0.3 + 0.2 x 0.1 + 0.4 x 0.2 + 0.43 x 0.05 + 0.24 x 0.05 + 0.15 x 0.1
    # = 0.045 + 0.02 + 0.08 + 0.0215 + 0.012 + 0.015 = 0.1935
    doc = gpc_doc(food=0.3, garden=0.1, paper=0.2, wood=0.05, textiles=0.05, industrial=0.1)
    assert doc == pytest.approx(0.1935)


# --- III.1 solid waste disposal: first-order decay -----------------------------------------------------

# Hand case: bulk DOC 0.15, managed anaerobic site (MCF 1.0), DOCf 0.5, F 0.5, boreal/temperate wet
# climate (Table 3.3 bulk k = 0.09, e^-0.09 = 0.913931185, 1 - e^-0.09 = 0.086068815).
# Deposits: 2020 1000 t, 2021 2000 t, 2022 nothing.
#   DDOCmd (eq. 3.2) = W x 0.15 x 0.5 x 1.0: 2020 75 t, 2021 150 t, 2022 0 t.
#   2020: nothing decays in the deposition year                                     -> CH4 0
#   2021: decomposed = DDOCma_2020 x (1 - e^-k) = 75 x 0.086068815 = 6.455161 t (eq. 3.5)
#         CH4 = 6.455161 x 0.5 x 16/12 = 4.303441 t (eq. 3.6)
#         DDOCma_2021 = 150 + 75 x 0.913931185 = 218.544839 t (eq. 3.4)
#   2022: decomposed = 218.544839 x 0.086068815 = 18.809895 t; CH4 = 12.539930 t
#         DDOCma_2022 = 0 + 218.544839 x 0.913931185 = 199.734944 t
#   2023: decomposed = 199.734944 x 0.086068815 = 17.190950 t; CH4 = 11.460633 t
HAND_FOD: dict[str, Any] = {
    "climate_zone": "boreal_temperate_wet",
    "doc": 0.15,
    "site_type": "managed_anaerobic",
}


def test_fod_three_years_by_hand() -> None:
    series = fod_ch4_by_year([1000.0, 2000.0, 0.0], 2020, **HAND_FOD)
    assert series.years.tolist() == [2020, 2021, 2022]
    assert series.ch4_t == pytest.approx([0.0, 4.303441, 12.539930], abs=1e-6)
    assert series.in_year(2022) == pytest.approx(12.539930, abs=1e-6)


def test_fod_series_extends_past_the_last_deposit() -> None:
    series = fod_ch4_by_year([1000.0, 2000.0], 2020, end_year=2023, **HAND_FOD)
    assert series.ch4_t == pytest.approx([0.0, 4.303441, 12.539930, 11.460633], abs=1e-6)
    one_year = fod_ch4_in_year([1000.0, 2000.0], 2020, 2023, **HAND_FOD)
    assert one_year.ch4_t == pytest.approx(11.460633, abs=1e-6)
    assert one_year.co2_fossil_t == one_year.co2_biogenic_t == one_year.n2o_t == 0.0


def test_fod_recovery_then_oxidation_by_hand() -> None:
    # eq. 3.1: (12.539930 - 2) x (1 - 0.1) = 9.485937
    series = fod_ch4_by_year(
        [1000.0, 2000.0, 0.0],
        2020,
        recovered_t=[0.0, 0.0, 2.0],
        ox=0.1,
        **HAND_FOD,
    )
    assert series.ch4_t[2] == pytest.approx(9.485937, abs=1e-6)
    assert series.ch4_generated_t[2] == pytest.approx(12.539930, abs=1e-6)
    year = fod_ch4_in_year([1000.0, 2000.0, 0.0], 2020, 2022, recovered_t=2.0, ox=0.1, **HAND_FOD)
    assert year.ch4_t == pytest.approx(9.485937, abs=1e-6)


def test_fod_composition_uses_the_k_of_each_waste_type() -> None:
    # 1000 t of food waste in 2020, tropical moist/wet (Table 3.3 food k = 0.40), uncategorised site:
    # DDOCm = 1000 x 0.15 x 0.5 x 0.6 = 45 t; 2021 decomposed = 45 x (1 - e^-0.4) = 45 x 0.329680 = 14.835598;
    # CH4 = 14.835598 x 0.5 x 16/12 = 9.890399 t
    series = fod_ch4_by_year(
        [1000.0], 2020, end_year=2021, climate_zone="tropical_moist_wet", composition={"food": 1.0}
    )
    assert series.ch4_t == pytest.approx([0.0, 9.890399], abs=1e-6)


def test_fod_explicit_k_and_mcf_override_the_tables() -> None:
    by_table = fod_ch4_by_year([1000.0, 0.0], 2020, **HAND_FOD)
    by_hand = fod_ch4_by_year([1000.0, 0.0], 2020, climate_zone="tropical_dry", doc=0.15, k=0.09, mcf=1.0)
    assert by_hand.ch4_t == pytest.approx(by_table.ch4_t)


@pytest.mark.parametrize("ox", [0.0, 0.1])
def test_fod_steady_state_equals_methane_commitment(ox: float) -> None:
    # Under a constant deposit the waste in place stops growing: what decays each year equals what is
    # deposited, so FOD's yearly CH4 tends to W x MCF x DOC x DOCf x F x 16/12 x (1 - OX), the
    # methane commitment of one year's waste. The slowest class here is wood in a dry temperate
    # climate (k = 0.02): after 1000 years its remainder e^-20 is negligible.
    years = 1000
    fod = fod_ch4_by_year(
        np.full(years, 1000.0),
        1000,
        climate_zone="boreal_temperate_dry",
        composition=MIXED,
        site_type="unmanaged_deep",
        ox=ox,
    )
    commitment = methane_commitment_ch4(1000.0, composition=MIXED, site_type="unmanaged_deep", ox=ox)
    assert fod.ch4_t[-1] == pytest.approx(commitment.ch4_t, rel=1e-7)
    # and it approaches from below, never overshooting
    assert np.all(np.diff(fod.ch4_t) >= -1e-12)
    assert np.all(fod.ch4_t <= commitment.ch4_t * (1 + 1e-12))


def test_fod_bulk_steady_state_equals_commitment_with_gpc_doc() -> None:
    doc = gpc_doc(food=0.3, paper=0.2, garden=0.1)
    fod = fod_ch4_by_year([500.0] * 600, 1400, climate_zone="tropical_moist_wet", doc=doc)
    assert fod.ch4_t[-1] == pytest.approx(methane_commitment_ch4(500.0, doc=doc).ch4_t, rel=1e-9)


# --- III.1 solid waste disposal: methane commitment ------------------------------------------------------


def test_methane_commitment_by_hand() -> None:
    # L0 = MCF 1.0 x DOC 0.15 x DOCf 0.5 x F 0.5 x 16/12 = 0.05 t CH4/t
    # CH4 = 1000 t x 0.05 x (1 - 0.2 recovered) x (1 - 0.1 oxidised) = 36 t
    e = methane_commitment_ch4(1000.0, doc=0.15, site_type="managed_anaerobic", recovery_fraction=0.2, ox=0.1)
    assert e.ch4_t == pytest.approx(36.0)
    # with the GPC formula: food only, DOC = 0.15 x 1.0
    assert methane_commitment_ch4(
        1000.0, doc=gpc_doc(food=1.0), site_type="managed_anaerobic", recovery_fraction=0.2, ox=0.1
    ).ch4_t == pytest.approx(36.0)


def test_methane_commitment_default_site_is_uncategorised() -> None:
    # MCF 0.6: 1000 x 0.6 x 0.15 x 0.5 x 0.5 x 16/12 = 30 t
    assert methane_commitment_ch4(1000.0, composition={"food": 1.0}).ch4_t == pytest.approx(30.0)


# --- III.2 biological treatment ----------------------------------------------------------------------


def test_composting_and_digestion_by_hand() -> None:
    # 1000 t composted x 4 g/kg = 4 t CH4; x 0.3 g/kg = 0.3 t N2O
    # 500 t digested x 1 g/kg = 0.5 t CH4, N2O negligible; minus 0.3 t recovered -> 4.2 t CH4
    e = biological_treatment({"composting": 1000.0, "anaerobic_digestion": 500.0}, recovered_ch4_t=0.3)
    assert e.ch4_t == pytest.approx(4.2)
    assert e.n2o_t == pytest.approx(0.3)
    assert e.co2_fossil_t == e.co2_biogenic_t == 0.0


def test_composting_dry_basis() -> None:
    # 1000 t dry x 10 g/kg = 10 t CH4, x 0.6 g/kg = 0.6 t N2O
    dry = biological_treatment({"composting": 1000.0}, basis="dry")
    assert (dry.ch4_t, dry.n2o_t) == pytest.approx((10.0, 0.6))


# --- III.3 incineration and open burning ---------------------------------------------------------------


def test_incinerated_plastics_are_fossil_by_hand() -> None:
    # eq. 5.1: 1000 t x dm 1.0 x CF 0.75 x FCF 1.0 x OF 1.0 x 44/12 = 2750 t fossil CO2
    # Table 5.3 continuous stoker: 1000 t x 0.2 g/t = 0.0002 t CH4; Table 5.6: 1000 t x 50 g/t = 0.05 t N2O
    e = incineration({"plastics": 1000.0})
    assert e.co2_fossil_t == pytest.approx(2750.0)
    assert e.co2_biogenic_t == 0.0
    assert e.ch4_t == pytest.approx(0.0002)
    assert e.n2o_t == pytest.approx(0.05)


def test_incinerated_paper_is_mostly_biogenic_by_hand() -> None:
    # carbon = 1000 t x dm 0.9 x CF 0.46 = 414 t C; fossil 1 % = 4.14 t C -> 15.18 t CO2;
    # biogenic 409.86 t C -> 1502.82 t CO2, kept out of the fossil value
    e = incineration({"paper": 1000.0}, technology="batch_stoker")
    assert e.co2_fossil_t == pytest.approx(15.18)
    assert e.co2_biogenic_t == pytest.approx(1502.82)
    # batch stoker: 60 g CH4/t and 60 g N2O/t
    assert (e.ch4_t, e.n2o_t) == pytest.approx((0.06, 0.06))


def test_open_burning_by_hand() -> None:
    # 100 t food: carbon 100 x 0.4 x 0.38 = 15.2 t C, x OF 0.58 = 8.816 t C -> 32.325333 t biogenic CO2
    # CH4 100 t x 6500 g/t = 0.65 t; N2O per dry tonne: 40 t x 150 g/t = 0.006 t
    e = open_burning({"food": 100.0})
    assert e.co2_fossil_t == 0.0
    assert e.co2_biogenic_t == pytest.approx(8.816 * 44 / 12)
    assert e.ch4_t == pytest.approx(0.65)
    assert e.n2o_t == pytest.approx(0.006)


def test_incineration_accepts_own_carbon_data() -> None:
    own = {"plastics": CarbonProperties(dry_matter=1.0, carbon_content=0.6, fossil_fraction=0.5)}
    e = incineration({"plastics": 12.0}, properties=own)
    # 12 x 0.6 = 7.2 t C, half fossil: 3.6 t C -> 13.2 t CO2 each
    assert (e.co2_fossil_t, e.co2_biogenic_t) == pytest.approx((13.2, 13.2))


# --- III.4 wastewater --------------------------------------------------------------------------------------


def test_domestic_wastewater_ch4_by_hand() -> None:
    # 100,000 people x 60 g/day (Table 6.4, Europe) x 0.001 x 365 = 2,190 t BOD a year.
    # Collected, aerobic plant (80 %): I 1.25 -> 2,190 x 0.8 x 1.25 = 2,190 t, MCF 0.
    # Uncollected, septic system (20 %): I 1.00 -> 2,190 x 0.2 = 438 t, MCF 0.5.
    # CH4 = 438 t x B0 0.6 x 0.5 = 131.4 t (I on the septic share too would give 164.25 t).
    shares = {"aerobic_well_managed": 0.8, "septic_system": 0.2}
    e = domestic_wastewater_ch4(100_000, shares, region="canada_europe_russia_oceania")
    assert e.ch4_t == pytest.approx(131.4)
    # 657 t BOD removed as sludge, a quarter of the 2,628 t: 131.4 x 0.75 = 98.55; minus 20 t recovered
    e = domestic_wastewater_ch4(
        100_000, shares, bod_g_per_person_day=60, sludge_removed_t_bod=657, recovered_ch4_t=20
    )
    assert e.ch4_t == pytest.approx(78.55)


def test_the_industrial_factor_applies_to_collected_wastewater_only() -> None:
    # All in septic systems: 2,190 t BOD x 0.6 x 0.5 = 657 t CH4, whatever I is.
    septic = {"septic_system": 1.0}
    assert domestic_wastewater_ch4(100_000, septic, bod_g_per_person_day=60).ch4_t == pytest.approx(657.0)
    assert domestic_wastewater_ch4(
        100_000, septic, bod_g_per_person_day=60, industrial_factor=2.0
    ).ch4_t == pytest.approx(657.0)
    # All in stagnant sewers (collected): 2,190 x 1.25 x 0.6 x 0.5 = 821.25 t.
    sewer = {"stagnant_sewer": 1.0}
    assert domestic_wastewater_ch4(100_000, sewer, bod_g_per_person_day=60).ch4_t == pytest.approx(821.25)


def test_wastewater_effluent_n2o_by_hand() -> None:
    # N = 100,000 x 25 kg protein x F_NPR 0.16 x F_NON-CON 1.4 x F_IND-COM 1.25 = 700,000 kg N = 700 t
    # N2O = 700 t x 0.005 x 44/28 = 5.5 t
    e = wastewater_effluent_n2o(100_000, 25, f_non_con=1.4)
    assert e.n2o_t == pytest.approx(5.5)
    # default F_NON-CON 1.1: 550 t N x 0.005 x 44/28 = 4.321429 t; minus 50 t N in sludge: 500 t -> 3.928571
    assert wastewater_effluent_n2o(100_000, 25).n2o_t == pytest.approx(4.321429, abs=1e-6)
    assert wastewater_effluent_n2o(100_000, 25, sludge_n_t=50).n2o_t == pytest.approx(3.928571, abs=1e-6)


def test_wastewater_plant_n2o_by_hand() -> None:
    # 100,000 x 0.5 x 1.25 x 3.2 g = 200,000 g = 0.2 t
    assert wastewater_plant_n2o(100_000, 0.5).n2o_t == pytest.approx(0.2)


def test_wastewater_tables() -> None:
    assert BOD_G_PER_PERSON_DAY["canada_europe_russia_oceania"] == 60.0
    assert WASTEWATER_MCF["anaerobic_deep_lagoon"] == 0.8


# --- linearity: double the waste, double the gas ----------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(w1=amounts, w2=amounts, w3=amounts, scale=st.floats(min_value=0.0, max_value=100.0))
def test_fod_is_linear_in_the_deposits(w1: float, w2: float, w3: float, scale: float) -> None:
    base = fod_ch4_by_year([w1, w2, w3], 2000, end_year=2005, climate_zone="tropical_dry", composition=MIXED)
    scaled = fod_ch4_by_year(
        [w1 * scale, w2 * scale, w3 * scale],
        2000,
        end_year=2005,
        climate_zone="tropical_dry",
        composition=MIXED,
    )
    np.testing.assert_allclose(scaled.ch4_t, base.ch4_t * scale, rtol=1e-9, atol=1e-9)
    doubled = fod_ch4_by_year(
        [2 * w1, 2 * w2, 2 * w3], 2000, end_year=2005, climate_zone="tropical_dry", doc=0.2
    )
    single = fod_ch4_by_year([w1, w2, w3], 2000, end_year=2005, climate_zone="tropical_dry", doc=0.2)
    np.testing.assert_allclose(doubled.ch4_t, 2 * single.ch4_t, rtol=1e-12, atol=1e-12)


@settings(max_examples=50, deadline=None)
@given(w=amounts)
def test_other_methods_double_with_the_waste(w: float) -> None:
    cases: list[Callable[[float], WasteEmissions]] = [
        lambda x: methane_commitment_ch4(x, composition=MIXED, recovery_fraction=0.3, ox=0.1),
        lambda x: biological_treatment({"composting": x, "anaerobic_digestion": x / 2}),
        lambda x: incineration({name: x * share for name, share in MIXED.items()}),
        lambda x: open_burning({name: x * share for name, share in MIXED.items()}),
        lambda x: domestic_wastewater_ch4(
            x, {"septic_system": 0.5, "anaerobic_deep_lagoon": 0.5}, region="africa"
        ),
        lambda x: wastewater_effluent_n2o(x, 30.0),
    ]
    for case in cases:
        single, double = case(w).as_dict(), case(2 * w).as_dict()
        for gas, mass in single.items():
            assert double[gas] == pytest.approx(2 * mass, rel=1e-12, abs=1e-12), gas


# --- bad input --------------------------------------------------------------------------------------------

BAD_INPUTS: list[tuple[str, Callable[[], object], str]] = [
    (
        "negative deposit",
        lambda: fod_ch4_by_year([10.0, -1.0], 2000, climate_zone="tropical_dry", doc=0.15),
        r"deposited_t\[1\] is -1",
    ),
    ("empty deposits", lambda: fod_ch4_by_year([], 2000, climate_zone="tropical_dry", doc=0.15), "non-empty"),
    (
        "NaN deposit",
        lambda: fod_ch4_by_year([float("nan")], 2000, climate_zone="tropical_dry", doc=0.15),
        "finite",
    ),
    (
        "unknown climate",
        lambda: fod_ch4_by_year([1.0], 2000, climate_zone="arctic", doc=0.15),
        "unknown climate_zone 'arctic'",
    ),
    (
        "unknown site",
        lambda: fod_ch4_by_year([1.0], 2000, climate_zone="tropical_dry", doc=0.15, site_type="pit"),
        "unknown site_type 'pit'",
    ),
    (
        "composition over 1",
        lambda: fod_ch4_by_year(
            [1.0], 2000, climate_zone="tropical_dry", composition={"food": 0.7, "paper": 0.5}
        ),
        "composition fractions sum to 1.2; they must sum to 1",
    ),
    (
        "unknown waste type",
        lambda: composition_doc({"food": 0.5, "bricks": 0.5}),
        "unknown composition fractions key 'bricks'",
    ),
    (
        "fraction above 1",
        lambda: composition_doc({"food": 1.5, "paper": -0.5}),
        r"composition fractions\['food'\] is 1.5",
    ),
    (
        "both doc and composition",
        lambda: fod_ch4_by_year([1.0], 2000, climate_zone="tropical_dry", doc=0.1, composition={"food": 1.0}),
        "either composition",
    ),
    ("neither doc nor composition", lambda: methane_commitment_ch4(1.0), "either composition"),
    (
        "k with composition",
        lambda: fod_ch4_by_year([1.0], 2000, climate_zone="tropical_dry", composition={"food": 1.0}, k=0.1),
        "k overrides",
    ),
    ("zero k", lambda: fod_ch4_by_year([1.0], 2000, climate_zone="tropical_dry", doc=0.1, k=0.0), "k is 0"),
    (
        "docf above 1",
        lambda: fod_ch4_by_year([1.0], 2000, climate_zone="tropical_dry", doc=0.1, docf=1.2),
        "docf is 1.2",
    ),
    ("ox negative", lambda: methane_commitment_ch4(1.0, doc=0.1, ox=-0.1), "ox is -0.1"),
    ("mcf above 1", lambda: methane_commitment_ch4(1.0, doc=0.1, mcf=2.0), "mcf is 2"),
    (
        "recovery above 1",
        lambda: methane_commitment_ch4(1.0, doc=0.1, recovery_fraction=1.5),
        "recovery_fraction is 1.5",
    ),
    ("negative landfilled", lambda: methane_commitment_ch4(-5.0, doc=0.1), "landfilled_t is -5"),
    (
        "recovery above generation",
        lambda: fod_ch4_by_year(
            [1000.0, 0.0], 2000, climate_zone="tropical_dry", doc=0.15, recovered_t=100.0
        ),
        "recovered_t in 2000",
    ),
    (
        "recovery series too short",
        lambda: fod_ch4_by_year([1.0, 1.0], 2000, climate_zone="tropical_dry", doc=0.15, recovered_t=[0.0]),
        "recovered_t has 1 values",
    ),
    (
        "end before start",
        lambda: fod_ch4_by_year([1.0], 2000, climate_zone="tropical_dry", doc=0.15, end_year=1999),
        "end_year 1999",
    ),
    (
        "inventory before start",
        lambda: fod_ch4_in_year([1.0], 2000, 1990, climate_zone="tropical_dry", doc=0.15),
        "inventory_year 1990",
    ),
    ("gpc fractions over 1", lambda: gpc_doc(food=0.6, paper=0.6), "waste fractions sum to 1.2"),
    ("unknown treatment", lambda: biological_treatment({"vermicomposting": 1.0}), "unknown treated_t key"),
    (
        "unknown basis",
        lambda: biological_treatment({"composting": 1.0}, basis="moist"),
        "unknown basis 'moist'",
    ),
    (
        "negative composted",
        lambda: biological_treatment({"composting": -1.0}),
        r"treated_t\['composting'\] is -1",
    ),
    (
        "recovered above generated",
        lambda: biological_treatment({"composting": 1.0}, recovered_ch4_t=1.0),
        "recovered_ch4_t is 1",
    ),
    (
        "unknown technology",
        lambda: incineration({"paper": 1.0}, technology="plasma"),
        "unknown technology 'plasma'",
    ),
    (
        "open burning via incineration",
        lambda: incineration({"paper": 1.0}, technology="open_burning"),
        "open_burning()",
    ),
    ("negative incinerated", lambda: incineration({"paper": -2.0}), r"waste_t\['paper'\] is -2"),
    ("OF above 1", lambda: open_burning({"paper": 1.0}, oxidation_factor=1.58), "oxidation_factor is 1.58"),
    (
        "bad carbon data",
        lambda: incineration({"paper": 1.0}, properties={"paper": CarbonProperties(0.9, 1.46, 0.0)}),
        "carbon_content of 'paper' is 1.46",
    ),
    (
        "shares below 1",
        lambda: domestic_wastewater_ch4(1000, {"septic_system": 0.5, "flowing_sewer": 0.4}, region="japan"),
        "treatment_shares sum to 0.9; they must sum to 1",
    ),
    (
        "unknown pathway",
        lambda: domestic_wastewater_ch4(1000, {"cesspit": 1.0}, region="japan"),
        "unknown treatment_shares key 'cesspit'",
    ),
    (
        "unknown region",
        lambda: domestic_wastewater_ch4(1000, {"septic_system": 1.0}, region="atlantis"),
        "unknown region 'atlantis'",
    ),
    (
        "region and bod",
        lambda: domestic_wastewater_ch4(
            1000, {"septic_system": 1.0}, region="japan", bod_g_per_person_day=40
        ),
        "either region",
    ),
    (
        "negative population",
        lambda: domestic_wastewater_ch4(-1, {"septic_system": 1.0}, region="japan"),
        "population is -1",
    ),
    (
        "sludge above TOW",
        lambda: domestic_wastewater_ch4(1, {"septic_system": 1.0}, region="japan", sludge_removed_t_bod=5),
        "sludge_removed_t_bod is 5",
    ),
    ("negative protein", lambda: wastewater_effluent_n2o(1000, -3), "protein_kg_per_person_year is -3"),
    ("sludge N above N", lambda: wastewater_effluent_n2o(1, 25, sludge_n_t=1), "sludge_n_t is 1"),
    ("EF above 1", lambda: wastewater_effluent_n2o(1, 25, ef_effluent=5), "ef_effluent is 5"),
    ("plant share above 1", lambda: wastewater_plant_n2o(1000, 1.2), "plant_share is 1.2"),
]


@pytest.mark.parametrize(("case", "call", "message"), BAD_INPUTS, ids=[case for case, _, _ in BAD_INPUTS])
def test_bad_input_raises_a_value_error_naming_the_field(
    case: str, call: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_in_year_outside_the_series_says_how_to_extend_it() -> None:
    series = fod_ch4_by_year([1.0], 2000, climate_zone="tropical_dry", doc=0.15)
    with pytest.raises(ValueError, match="pass end_year"):
        series.in_year(2010)
