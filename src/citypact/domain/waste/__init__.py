"""GPC sector III (waste): tonnes of CH4, N2O and CO2 from the IPCC default methods.

Reference: 2006 IPCC Guidelines for National Greenhouse Gas Inventories, Volume 5: Waste
(Eggleston H.S., Buendia L., Miwa K., Ngara T. and Tanabe K. (eds), IGES, Japan), and the GPC
(Global Protocol for Community-Scale Greenhouse Gas Emission Inventories) section 8 for the
methane-commitment alternative. Our own transcription; the tables used are:

* Chapter 2, Table 2.4 (p. 2.14): dry matter, DOC, total carbon and fossil carbon of MSW components.
* Chapter 3 (III.1 solid waste disposal): equations 3.1 and 3.4-3.6 (first-order decay),
  Table 3.1 (p. 3.14, MCF by site type), Table 3.2 (p. 3.15, oxidation factor), Table 3.3 (p. 3.17,
  decay rate k), section 3.2.3 (DOCf, F).
* Chapter 4 (III.2 biological treatment): equations 4.1 and 4.2, Table 4.1 (p. 4.6).
* Chapter 5 (III.3 incineration and open burning): equations 5.1, 5.2, 5.4 and 5.5, Table 5.2
  (oxidation factor; its note 1 sends MSW carbon data to Table 2.4), Table 5.3 (CH4), Table 5.6 (N2O).
* Chapter 6 (III.4 wastewater): equations 6.1-6.3 and 6.7-6.8, Tables 6.2 (B0), 6.3 (p. 6.13, MCF),
  6.4 (p. 6.14, BOD per person) and 6.11 (p. 6.27, N2O defaults).

Every default in these modules was checked against those tables (issue 13; docs/accounting.md "Waste
defaults"). Page numbers are those of the 2006 Volume 5 PDF chapters.

Every function returns tonnes of gas. Fossil CO2 ("CO2") and biogenic CO2 ("biogenic_CO2") are kept
apart; biogenic CO2 is a memo item and never part of the fossil value or of any CO2e total.
Invalid input raises ValueError naming the field and what to do about it.

The package is pure: numpy and the standard library, no I/O. One module a chapter (disposal,
biological, combustion, wastewater), beside the components' carbon data (materials) and what the
methods share (common); the public names are re-exported here.
"""

from __future__ import annotations

from citypact.domain.waste.biological import (
    BIOLOGICAL_TREATMENT_EF,
    biological_treatment,
)
from citypact.domain.waste.combustion import (
    INCINERATION_CH4_G_PER_T,
    INCINERATION_N2O_G_PER_T,
    INCINERATION_OXIDATION_FACTOR,
    OPEN_BURNING_OXIDATION_FACTOR,
    incineration,
    open_burning,
)
from citypact.domain.waste.common import (
    C_TO_CH4,
    C_TO_CO2,
    GRAMS_PER_TONNE,
    N2O_N_TO_N2O,
    SHARE_TOLERANCE,
    Column,
    WasteEmissions,
)
from citypact.domain.waste.disposal import (
    DECAY_CLASS,
    DECAY_RATE_K,
    DEFAULT_DOCF,
    DEFAULT_F,
    OXIDATION_FACTOR,
    SITE_MCF,
    FodSeries,
    composition_doc,
    fod_ch4_by_year,
    fod_ch4_in_year,
    gpc_doc,
    methane_commitment_ch4,
)
from citypact.domain.waste.materials import (
    CARBON_PROPERTIES,
    DOC_CONTENT,
    GPC_DOC_WEIGHTS,
    WASTE_TYPES,
    CarbonProperties,
)
from citypact.domain.waste.wastewater import (
    BOD_G_PER_PERSON_DAY,
    DEFAULT_B0_KG_CH4_PER_KG_BOD,
    DEFAULT_EF_EFFLUENT,
    DEFAULT_EF_PLANT_G_N2O_PER_PERSON,
    DEFAULT_F_IND_COM,
    DEFAULT_F_NPR,
    DEFAULT_I_COLLECTED,
    F_NON_CON,
    UNCOLLECTED,
    WASTEWATER_MCF,
    domestic_wastewater_ch4,
    wastewater_effluent_n2o,
    wastewater_plant_n2o,
)

__all__ = [
    "BIOLOGICAL_TREATMENT_EF",
    "BOD_G_PER_PERSON_DAY",
    "CARBON_PROPERTIES",
    "C_TO_CH4",
    "C_TO_CO2",
    "CarbonProperties",
    "Column",
    "DECAY_CLASS",
    "DECAY_RATE_K",
    "DEFAULT_B0_KG_CH4_PER_KG_BOD",
    "DEFAULT_DOCF",
    "DEFAULT_EF_EFFLUENT",
    "DEFAULT_EF_PLANT_G_N2O_PER_PERSON",
    "DEFAULT_F",
    "DEFAULT_F_IND_COM",
    "DEFAULT_F_NPR",
    "DEFAULT_I_COLLECTED",
    "DOC_CONTENT",
    "F_NON_CON",
    "FodSeries",
    "GPC_DOC_WEIGHTS",
    "GRAMS_PER_TONNE",
    "INCINERATION_CH4_G_PER_T",
    "INCINERATION_N2O_G_PER_T",
    "INCINERATION_OXIDATION_FACTOR",
    "N2O_N_TO_N2O",
    "OPEN_BURNING_OXIDATION_FACTOR",
    "OXIDATION_FACTOR",
    "SHARE_TOLERANCE",
    "SITE_MCF",
    "UNCOLLECTED",
    "WASTEWATER_MCF",
    "WASTE_TYPES",
    "WasteEmissions",
    "biological_treatment",
    "composition_doc",
    "domestic_wastewater_ch4",
    "fod_ch4_by_year",
    "fod_ch4_in_year",
    "gpc_doc",
    "incineration",
    "methane_commitment_ch4",
    "open_burning",
    "wastewater_effluent_n2o",
    "wastewater_plant_n2o",
]
