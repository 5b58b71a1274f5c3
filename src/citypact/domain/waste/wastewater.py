"""III.4 wastewater (Vol. 5 ch. 6): CH4 of domestic wastewater and N2O of effluent and plants."""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from citypact.domain.waste.common import (
    GRAMS_PER_TONNE,
    N2O_N_TO_N2O,
    WasteEmissions,
    _amount,
    _fraction,
    _lookup,
    _shares,
)

# --- Vol. 5 ch. 6: wastewater ----------------------------------------------------------------------

DEFAULT_B0_KG_CH4_PER_KG_BOD: Final = 0.6  # Table 6.2 (section 6.2.2.2; 0.25 kg CH4/kg COD)
# Eq. 6.3 (section 6.2.2.3): correction for industrial BOD co-discharged into sewers; 1.00 for
# uncollected wastewater.
DEFAULT_I_COLLECTED: Final = 1.25

# Table 6.3 (p. 6.13): methane correction factor by treatment or discharge pathway (domestic wastewater).
WASTEWATER_MCF: Final[Mapping[str, float]] = MappingProxyType(
    {
        "sea_river_lake_discharge": 0.1,
        "stagnant_sewer": 0.5,
        "flowing_sewer": 0.0,
        "aerobic_well_managed": 0.0,
        "aerobic_not_well_managed": 0.3,
        "anaerobic_sludge_digester": 0.8,
        "anaerobic_reactor": 0.8,
        "anaerobic_shallow_lagoon": 0.2,  # < 2 m deep
        "anaerobic_deep_lagoon": 0.8,  # > 2 m deep
        "septic_system": 0.5,
        "latrine_dry_small_family": 0.1,  # dry climate, groundwater below latrine, 3-5 persons
        "latrine_dry_communal": 0.5,  # dry climate, groundwater below latrine, many users
        "latrine_wet": 0.7,  # wet climate or flush water, groundwater above latrine
        "latrine_regular_sediment_removal": 0.1,  # sediment removed frequently for fertiliser
    }
)

# Pathways of wastewater that is not collected in sewers: on-site systems (Table 6.3). Their BOD
# takes no industrial co-discharge factor (I = 1.00, eq. 6.3).
UNCOLLECTED: Final = frozenset(
    {
        "septic_system",
        "latrine_dry_small_family",
        "latrine_dry_communal",
        "latrine_wet",
        "latrine_regular_sediment_removal",
    }
)

# Table 6.4 (p. 6.14): BOD5 per person, g/person/day (the defaults; the table also gives ranges).
BOD_G_PER_PERSON_DAY: Final[Mapping[str, float]] = MappingProxyType(
    {
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
)

# Table 6.11 (p. 6.27): defaults for N2O from wastewater effluent.
DEFAULT_EF_EFFLUENT: Final = 0.005  # kg N2O-N per kg N discharged
DEFAULT_F_NPR: Final = 0.16  # kg N per kg protein
F_NON_CON: Final[Mapping[str, float]] = MappingProxyType(
    {"without_garbage_disposals": 1.1, "with_garbage_disposals": 1.4}
)
DEFAULT_F_IND_COM: Final = 1.25  # industrial and commercial protein co-discharged into sewers
# Box 6.1 (eq. 6.9): g N2O per person per year at advanced centralised treatment plants.
DEFAULT_EF_PLANT_G_N2O_PER_PERSON: Final = 3.2


# --- III.4 wastewater -----------------------------------------------------------------------------------


def domestic_wastewater_ch4(
    population: float,
    treatment_shares: Mapping[str, float],
    *,
    region: str | None = None,
    bod_g_per_person_day: float | None = None,
    industrial_factor: float = DEFAULT_I_COLLECTED,
    b0: float = DEFAULT_B0_KG_CH4_PER_KG_BOD,
    sludge_removed_t_bod: float = 0.0,
    recovered_ch4_t: float = 0.0,
) -> WasteEmissions:
    """CH4 of domestic wastewater (Vol. 5 eq. 6.1-6.3).

    TOW_j = P x T_j x BOD x 0.001 x I_j x 365 (kg BOD/yr), I_j = ``industrial_factor`` for collected
    pathways and 1.00 for uncollected ones (septic, latrines); CH4 = sum_j(TOW_j x B0 x MCF_j) x
    (1 - S / TOW) - R.
    ``treatment_shares`` maps Table 6.3 pathways to the fraction of the population's wastewater
    they take (summing to 1). BOD from ``region`` (Table 6.4) or given directly.
    """
    people = _amount("population", population)
    shares = _shares("treatment_shares", treatment_shares, WASTEWATER_MCF)
    if (region is None) == (bod_g_per_person_day is None):
        raise ValueError("give either region (Table 6.4) or bod_g_per_person_day, not both")
    if region is not None:
        bod = _lookup("region", region, BOD_G_PER_PERSON_DAY)
    else:
        bod = _amount("bod_g_per_person_day", bod_g_per_person_day or 0.0)
    i_factor = _amount("industrial_factor", industrial_factor)
    b0 = _amount("b0", b0)
    # eq. 6.3 per pathway, tonnes BOD a year: I applies to collected wastewater only, uncollected
    # (septic systems, latrines) takes 1.00 (Vol. 5, 6.2.2.3).
    tow_by_path = {
        name: people * bod * 0.001 * 365.0 / 1000.0 * share * (1.0 if name in UNCOLLECTED else i_factor)
        for name, share in shares.items()
    }
    tow_t = math.fsum(tow_by_path.values())
    sludge = _amount("sludge_removed_t_bod", sludge_removed_t_bod)
    if sludge > tow_t:
        raise ValueError(
            f"sludge_removed_t_bod is {sludge:g} t, more than the {tow_t:g} t BOD in the wastewater; check it"
        )
    # eq. 6.1 and 6.2: CH4 = sum_j TOW_j x B0 x MCF_j, the sludge removed taken from every pathway
    # in proportion to its BOD.
    generated = math.fsum(tow * b0 * WASTEWATER_MCF[name] for name, tow in tow_by_path.items())
    ch4 = generated * (1.0 - sludge / tow_t) if tow_t > 0 else 0.0
    recovered = _amount("recovered_ch4_t", recovered_ch4_t)
    if recovered > ch4 * (1.0 + 1e-12) + 1e-12:
        raise ValueError(
            f"recovered_ch4_t is {recovered:g} t, more than the {ch4:g} t CH4 generated; check it"
        )
    return WasteEmissions(ch4_t=max(ch4 - recovered, 0.0))


def wastewater_effluent_n2o(
    population: float,
    protein_kg_per_person_year: float,
    *,
    f_npr: float = DEFAULT_F_NPR,
    f_non_con: float = F_NON_CON["without_garbage_disposals"],
    f_ind_com: float = DEFAULT_F_IND_COM,
    sludge_n_t: float = 0.0,
    ef_effluent: float = DEFAULT_EF_EFFLUENT,
) -> WasteEmissions:
    """N2O from nitrogen in wastewater effluent (Vol. 5 eq. 6.7, 6.8, Table 6.11).

    N_effluent = P x Protein x F_NPR x F_NON-CON x F_IND-COM - N_sludge (t N);
    N2O = N_effluent x EF_effluent x 44/28.
    """
    people = _amount("population", population)
    protein = _amount("protein_kg_per_person_year", protein_kg_per_person_year)
    n_in = (
        people
        * protein
        * _fraction("f_npr", f_npr)
        * _amount("f_non_con", f_non_con)
        * _amount("f_ind_com", f_ind_com)
        / 1000.0
    )
    sludge = _amount("sludge_n_t", sludge_n_t)
    if sludge > n_in:
        raise ValueError(
            f"sludge_n_t is {sludge:g} t, more than the {n_in:g} t N in the wastewater; check it"
        )
    return WasteEmissions(n2o_t=(n_in - sludge) * _fraction("ef_effluent", ef_effluent) * N2O_N_TO_N2O)


def wastewater_plant_n2o(
    population: float,
    plant_share: float,
    *,
    f_ind_com: float = DEFAULT_F_IND_COM,
    ef_g_per_person: float = DEFAULT_EF_PLANT_G_N2O_PER_PERSON,
) -> WasteEmissions:
    """N2O of advanced centralised treatment plants (Vol. 5 Box 6.1, eq. 6.9), a minor source.

    N2O = P x T_plant x F_IND-COM x EF_plant (3.2 g N2O/person/yr).
    """
    n2o_g = (
        _amount("population", population)
        * _fraction("plant_share", plant_share)
        * _amount("f_ind_com", f_ind_com)
        * _amount("ef_g_per_person", ef_g_per_person)
    )
    return WasteEmissions(n2o_t=n2o_g / GRAMS_PER_TONNE)
