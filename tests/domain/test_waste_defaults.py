"""The waste defaults against the published tables of the 2006 IPCC Guidelines, Volume 5, and the
incineration split of fossil and biogenic CO2 computed by hand with eq. 5.1/5.2 (issue 13)."""

from __future__ import annotations

import pytest

from citypact.domain.waste import (
    BOD_G_PER_PERSON_DAY,
    CARBON_PROPERTIES,
    DECAY_RATE_K,
    DEFAULT_B0_KG_CH4_PER_KG_BOD,
    DEFAULT_DOCF,
    DEFAULT_EF_EFFLUENT,
    DEFAULT_F,
    DEFAULT_F_IND_COM,
    DEFAULT_F_NPR,
    DEFAULT_I_COLLECTED,
    DOC_CONTENT,
    F_NON_CON,
    INCINERATION_CH4_G_PER_T,
    INCINERATION_N2O_G_PER_T,
    OPEN_BURNING_OXIDATION_FACTOR,
    OXIDATION_FACTOR,
    SITE_MCF,
    WASTEWATER_MCF,
    composition_doc,
    incineration,
    methane_commitment_ch4,
)


def test_table_3_3_decay_rates_as_published() -> None:
    # Table 3.3 (p. 3.17), defaults: boreal/temperate dry and wet, tropical dry and moist/wet.
    published = {
        "paper_textiles": (0.04, 0.06, 0.045, 0.07),
        "wood_straw": (0.02, 0.03, 0.025, 0.035),
        "garden": (0.05, 0.10, 0.065, 0.17),
        "food": (0.06, 0.185, 0.085, 0.40),
        "bulk": (0.05, 0.09, 0.065, 0.17),
    }
    zones = ("boreal_temperate_dry", "boreal_temperate_wet", "tropical_dry", "tropical_moist_wet")
    for decay_class, values in published.items():
        assert tuple(DECAY_RATE_K[zone][decay_class] for zone in zones) == values


def test_disposal_parameters_as_published() -> None:
    # Table 3.1 (MCF), Table 3.2 (OX), section 3.2.3 (DOCf 0.5, F 0.5).
    assert SITE_MCF == {
        "managed_anaerobic": 1.0,
        "managed_semi_aerobic": 0.5,
        "unmanaged_deep": 0.8,
        "unmanaged_shallow": 0.4,
        "uncategorised": 0.6,
    }
    assert OXIDATION_FACTOR == {"default": 0.0, "managed_covered_with_oxidising_material": 0.1}
    assert (DEFAULT_DOCF, DEFAULT_F) == (0.5, 0.5)


def test_table_2_4_as_published() -> None:
    # wet DOC; dry matter, total carbon of dry weight, fossil carbon of total carbon
    assert {k: v for k, v in DOC_CONTENT.items() if v} == {
        "food": 0.15,
        "garden": 0.20,
        "paper": 0.40,
        "wood": 0.43,
        "textiles": 0.24,
        "nappies": 0.24,
    }
    published = {
        "paper": (0.90, 0.46, 0.01),
        "textiles": (0.80, 0.50, 0.20),
        "food": (0.40, 0.38, 0.0),
        "wood": (0.85, 0.50, 0.0),
        "garden": (0.40, 0.49, 0.0),
        "nappies": (0.40, 0.70, 0.10),
        "rubber_leather": (0.84, 0.67, 0.20),
        "plastics": (1.00, 0.75, 1.00),
        "other_inert": (0.90, 0.03, 1.00),
    }
    for name, (dm, cf, fcf) in published.items():
        p = CARBON_PROPERTIES[name]
        assert (p.dry_matter, p.carbon_content, p.fossil_fraction) == (dm, cf, fcf)


def test_rubber_and_leather_carry_no_degradable_carbon_in_a_landfill() -> None:
    # Table 2.4 prints rubber and leather's DOC in brackets (not degraded under anaerobic
    # conditions). Half food, half rubber: DOC = 0.5 x 0.15 = 0.075; methane commitment of 1000 t
    # at an uncategorised site = 1000 x 0.6 x 0.075 x 0.5 x 0.5 x 16/12 = 15 t CH4 (with the
    # bracketed 0.39 it was 1000 x 0.6 x 0.27 x 0.25 x 16/12 = 54 t).
    assert composition_doc({"food": 0.5, "rubber_leather": 0.5}) == pytest.approx(0.075)
    mixed = methane_commitment_ch4(1000.0, composition={"food": 0.5, "rubber_leather": 0.5})
    assert mixed.ch4_t == pytest.approx(15.0)


def test_incineration_and_wastewater_factors_as_published() -> None:
    # Table 5.3 (g CH4/t wet), Table 5.6 (g N2O/t; open burning per dry tonne), Table 5.2 (OF 58 %).
    assert INCINERATION_CH4_G_PER_T == {
        "continuous_stoker": 0.2,
        "continuous_fluidised_bed": 0.0,
        "semi_continuous_stoker": 6.0,
        "semi_continuous_fluidised_bed": 188.0,
        "batch_stoker": 60.0,
        "batch_fluidised_bed": 237.0,
        "open_burning": 6500.0,
    }
    assert set(INCINERATION_N2O_G_PER_T.values()) == {50.0, 60.0, 150.0}
    assert OPEN_BURNING_OXIDATION_FACTOR == 0.58
    # Table 6.2 (B0), eq. 6.3 (I), Table 6.11 (N2O of effluent)
    assert DEFAULT_B0_KG_CH4_PER_KG_BOD == 0.6
    assert DEFAULT_I_COLLECTED == 1.25
    assert (DEFAULT_EF_EFFLUENT, DEFAULT_F_NPR, DEFAULT_F_IND_COM) == (0.005, 0.16, 1.25)
    assert dict(F_NON_CON) == {"without_garbage_disposals": 1.1, "with_garbage_disposals": 1.4}


def test_table_6_3_and_6_4_as_published() -> None:
    assert WASTEWATER_MCF == {
        "sea_river_lake_discharge": 0.1,
        "stagnant_sewer": 0.5,
        "flowing_sewer": 0.0,
        "aerobic_well_managed": 0.0,
        "aerobic_not_well_managed": 0.3,
        "anaerobic_sludge_digester": 0.8,
        "anaerobic_reactor": 0.8,
        "anaerobic_shallow_lagoon": 0.2,
        "anaerobic_deep_lagoon": 0.8,
        "septic_system": 0.5,
        "latrine_dry_small_family": 0.1,
        "latrine_dry_communal": 0.5,
        "latrine_wet": 0.7,
        "latrine_regular_sediment_removal": 0.1,
    }
    assert BOD_G_PER_PERSON_DAY == {
        "africa": 37.0,
        "egypt": 34.0,
        "asia_middle_east_latin_america": 40.0,
        "india": 34.0,
        "west_bank_gaza": 50.0,
        "japan": 42.0,
        "brazil": 50.0,
        "canada_europe_russia_oceania": 60.0,
        "denmark": 62.0,
        "germany": 62.0,
        "greece": 57.0,
        "italy": 60.0,
        "sweden": 75.0,
        "turkey": 38.0,
        "united_states": 85.0,
    }


def test_incineration_splits_fossil_and_biogenic_co2_by_hand() -> None:
    # Eq. 5.1/5.2 with Table 2.4 and OF 1 (Table 5.2): CO2 = SW x dm x CF x FCF x OF x 44/12.
    # 100 t paper: 100 x 0.9 x 0.46 = 41.4 t C, of which 1 % fossil = 0.414, biogenic 40.986.
    # 100 t plastics: 100 x 1.0 x 0.75 = 75 t C, all fossil.
    # Fossil CO2 = 75.414 x 44/12 = 276.518 t; biogenic CO2 = 40.986 x 44/12 = 150.282 t.
    # CH4 = 200 t x 0.2 g/t = 40 g (Table 5.3, continuous stoker); N2O = 200 t x 50 g/t = 0.01 t.
    result = incineration({"paper": 100.0, "plastics": 100.0})
    assert result.co2_fossil_t == pytest.approx(276.518)
    assert result.co2_biogenic_t == pytest.approx(150.282)
    assert result.ch4_t == pytest.approx(0.00004)
    assert result.n2o_t == pytest.approx(0.01)
