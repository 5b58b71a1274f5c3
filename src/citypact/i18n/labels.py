"""Names from the GPC and the inventory engine that pages show translated.

They live in the domain as plain English; marking them here with N_ puts them into the message
catalogs (`tests/web/test_labels.py` checks that none is missing).
"""

from __future__ import annotations

from collections.abc import Callable

from citypact.domain.factor_library import fuel_key
from citypact.domain.partnerships import STATUSES


def N_(text: str) -> str:
    """Mark `text` for extraction; it is translated where it is shown."""
    return text


SECTORS = (
    N_("Stationary energy"),
    N_("Transportation"),
    N_("Waste"),
    N_("Industrial processes and product use (IPPU)"),
    N_("Agriculture, forestry and other land use (AFOLU)"),
    N_("Other scope 3"),
)
SUBSECTORS = (
    N_("Residential buildings"),
    N_("Commercial and institutional buildings and facilities"),
    N_("Manufacturing industries and construction"),
    N_("Energy industries"),
    N_("Agriculture, forestry and fishing activities"),
    N_("Non-specified sources"),
    N_("Fugitive emissions from mining, processing, storage and transportation of coal"),
    N_("Fugitive emissions from oil and natural gas systems"),
    N_("On-road"),
    N_("Railways"),
    N_("Waterborne navigation"),
    N_("Aviation"),
    N_("Off-road"),
    N_("Solid waste disposal"),
    N_("Biological treatment of waste"),
    N_("Incineration and open burning"),
    N_("Wastewater treatment and discharge"),
    N_("Industrial processes"),
    N_("Product use"),
    N_("Livestock"),
    N_("Land"),
    N_("Aggregate sources and non-CO2 emission sources on land"),
)
NOTATION_KEYS = (N_("not occurring"), N_("included elsewhere"), N_("not estimated"), N_("confidential"))

AXIS_LABELS = {
    "field": N_("Field of action"),
    "instrument": N_("Instrument"),
    "municipal_role": N_("Role of the city"),
    "decision_level": N_("Decided by"),
    "implementation": N_("Implementation"),
}
PROGRESS_LABELS = {
    "not_started": N_("not started"),
    "on_time": N_("on time"),
    "late": N_("late"),
    "done": N_("done"),
    "cancelled": N_("cancelled"),
}
SDG_GOALS = (
    N_("SDG 1: No poverty"),
    N_("SDG 2: Zero hunger"),
    N_("SDG 3: Good health and well-being"),
    N_("SDG 4: Quality education"),
    N_("SDG 5: Gender equality"),
    N_("SDG 6: Clean water and sanitation"),
    N_("SDG 7: Affordable and clean energy"),
    N_("SDG 8: Decent work and economic growth"),
    N_("SDG 9: Industry, innovation and infrastructure"),
    N_("SDG 10: Reduced inequalities"),
    N_("SDG 11: Sustainable cities and communities"),
    N_("SDG 12: Responsible consumption and production"),
    N_("SDG 13: Climate action"),
    N_("SDG 14: Life below water"),
    N_("SDG 15: Life on land"),
    N_("SDG 16: Peace, justice and strong institutions"),
    N_("SDG 17: Partnerships for the goals"),
)
TAXONOMY = (
    N_("Climate policy and governance"),
    N_("Energy supply"),
    N_("Municipal buildings"),
    N_("Residential buildings"),
    N_("Commercial buildings"),
    N_("Transport and mobility"),
    N_("Urban and spatial planning"),
    N_("Waste and wastewater"),
    N_("Industry and business"),
    N_("Land use and nature"),
    N_("Communication and cooperation"),
    N_("Adaptation"),
    N_("Regulatory and administrative"),
    N_("Fiscal and economic (incentives, pricing, subsidies)"),
    N_("Soft (information, advice, education, networks)"),
    N_("Own operations and investment"),
    N_("Consumer and role model"),
    N_("Planner and regulator"),
    N_("Supplier and provider"),
    N_("Advisor and promoter"),
    N_("Idea"),
    N_("Planned"),
    N_("Adopted"),
    N_("In implementation"),
    N_("Implemented"),
    N_("Evaluated"),
    N_("Municipality"),
    N_("Region"),
    N_("Nation"),
    N_("EU or international"),
    N_("Climate ambition"),
    N_("Clean, affordable and secure energy"),
    N_("Industry for a clean and circular economy"),
    N_("Energy- and resource-efficient building and renovation"),
    N_("Sustainable and smart mobility"),
    N_("Farm to fork: a fair, healthy and environmentally friendly food system"),
    N_("Ecosystems and biodiversity"),
    N_("Zero pollution for a toxic-free environment"),
    N_("Air quality"),
    N_("Health"),
    N_("Jobs"),
    N_("Cost savings"),
    N_("Equity"),
    N_("Biodiversity"),
    N_("Resilience"),
)
# Where a plan measure's money comes from (domain.action_plans.FUNDING_SOURCES).
FUNDING_SOURCES = {
    "own_budget": N_("Own budget"),
    "national_grant": N_("National grant"),
    "eu_grant": N_("EU grant"),
    "loan": N_("Loan"),
    "private": N_("Private"),
    "other": N_("Other"),
}

# The benchmark: names of indicators, their units, data quality and sources, the parts of a gap,
# the effects of a change and the climate zones of peer reasons (domain.indicators, services.benchmark,
# services.benchmark_data, domain.lmdi, domain.peers).
INDICATOR_LABELS = (
    N_("Territorial emissions per capita"),
    N_("GPC BASIC emissions per capita"),
    N_("GPC BASIC emissions per GDP"),
    N_("Stationary energy emissions per capita"),
    N_("Transport emissions per capita"),
    N_("Waste emissions per capita"),
    N_("Stationary final energy per capita"),
    N_("Transport final energy per capita"),
    N_("Electricity use per capita"),
    N_("Share of renewable electricity"),
    N_("National grid carbon intensity"),
    N_("Catalogue score (points achieved of points possible in its country)"),
    N_("Measures implemented"),
)
UNIT_LABELS = {
    "t CO2e/person": N_("t CO₂e/person"),
    "MWh/person": N_("MWh/person"),
    "kg CO2e/USD": N_("kg CO₂e/USD"),
    "kg CO2/kWh": N_("kg CO₂/kWh"),
    "measures": N_("measures"),
}
DIRECTION_LABELS = {"lower": N_("lower is better"), "higher": N_("higher is better")}
DATA_QUALITY_LABELS = {
    "as entered per activity": N_("as entered per activity"),
    "reported, not verified": N_("reported, not verified"),
    "as entered by the city": N_("as entered by the city"),
}
SOURCE_LABELS = {
    "national grid intensity (Ember; Our World in Data), latest year up to this one": N_(
        "national grid intensity (Ember; Our World in Data), latest year up to this one"
    ),
    "city statistics, latest year known": N_("city statistics, latest year known"),
    "the city's action plan on citypact": N_("the city's action plan on citypact"),
}
GAP_PARTS = {
    "climate": N_("climate"),
    "size and density": N_("size and density"),
    "the national grid": N_("the national grid"),
    "wealth": N_("wealth"),
    "gas coverage": N_("gas coverage"),
    "data source": N_("data source"),
    "world region": N_("world region"),
}
CHANGE_EFFECTS = {
    "population": N_("population"),
    "energy_per_capita": N_("energy per person"),
    "energy_mix": N_("energy mix"),
    "fuel_intensity": N_("fuel intensity"),
    "grid_factor": N_("grid factor"),
}
CLIMATE_ZONES = {"cold": N_("cold"), "hot": N_("hot"), "temperate": N_("temperate"), "warm": N_("warm")}
# The world regions of the benchmark panel (reference.benchmark_panel), as the data names them.
WORLD_REGIONS = {
    "Africa": N_("Africa"),
    "East Asia": N_("East Asia"),
    "Europe": N_("Europe"),
    "Latin America & Caribbean": N_("Latin America & Caribbean"),
    "North Africa, Middle East, West Asia": N_("North Africa, Middle East, West Asia"),
    "North America": N_("North America"),
    "Oceania": N_("Oceania"),
    "South Asia": N_("South Asia"),
    "Southeast Asia": N_("Southeast Asia"),
}
MATCH_GOALS = {
    "peer": N_("peers: similar conditions and ambition"),
    "mentor": N_("a mentor strong where we are weak"),
    "mentee": N_("a mentee we can help"),
    "neighbour": N_("neighbours for work in our area"),
    "cooperation": N_("technical cooperation: offers of expertise for our needs"),
}
COOPERATION_SUPPORT = {
    "training": N_("Training and workshops"),
    "peer_review": N_("Peer review of plans and projects"),
    "staff_exchange": N_("Staff exchange and secondment"),
    "site_visit": N_("Study visits to projects"),
    "data_tools": N_("Data, tools and methods"),
    "financing_advice": N_("Advice on financing and funding"),
}
PEER_GROUPS = {
    "nearest": N_("Most similar framework conditions"),
    "country": N_("Same country"),
    "network": N_("A network"),
    "twins": N_("Twin towns"),
    "custom": N_("My own list"),
    "scope": N_("Same national scope of action"),
}
# Partnerships and their events: codes as the pages and the declaration name them.
KIND_LABELS = {
    "peer": N_("peer partnership"),
    "mentoring": N_("mentoring"),
    "twinning": N_("twinning"),
    "group": N_("group of cities"),
    "technical": N_("technical cooperation"),
}
STATUS_LABELS = {
    "proposed": N_("proposed"),
    "accepted": N_("accepted"),
    "declared": N_("declared"),
    "active": N_("active"),
    "reviewed": N_("reviewed"),
    "ended": N_("ended"),
}
ROLE_LABELS = {
    "partner": N_("partner"),
    "mentor": N_("mentor"),
    "mentee": N_("mentee"),
    "observer": N_("observer"),
}
GOAL_LABELS = {
    "open": N_("open"),
    "in_progress": N_("in progress"),
    "achieved": N_("achieved"),
    "dropped": N_("dropped"),
}
EXCHANGE_LABELS = {
    "visit": N_("visit"),
    "webinar": N_("webinar"),
    "joint_project": N_("joint project"),
    "twinning": N_("twinning"),
    "other": N_("other"),
}
EVENT_LABELS = {
    "kickoff": N_("kick-off workshop"),
    "intermediate": N_("intermediate workshop"),
    "final": N_("final workshop"),
    "sprint": N_("knowledge-exchange sprint"),
    "webinar": N_("webinar"),
    "visit": N_("visit"),
}
PARTICIPANT_LABELS = {"participant": N_("participant"), "host": N_("host"), "observer": N_("observer")}
STEP_LABELS = {
    "active": N_("Start the joint work (active)"),
    "reviewed": N_("Record the review"),
    "ended": N_("End the partnership"),
}
PARTNERSHIP_LABELS = {
    "kinds": KIND_LABELS,
    "statuses": STATUS_LABELS,
    "roles": ROLE_LABELS,
    "goal_statuses": GOAL_LABELS,
    "exchange_kinds": EXCHANGE_LABELS,
    "event_kinds": EVENT_LABELS,
    "participant_roles": PARTICIPANT_LABELS,
    "steps": STEP_LABELS,
    "lifecycle": [s.value for s in STATUSES],
}

# What may lie behind a value far outside its peers (domain/outliers.py codes).
OUTLIER_REASONS = {
    "tourism": N_("many visitors (tourism)"),
    "port": N_("a port"),
    "industry_in_boundary": N_("a boundary that includes heavy industry"),
    "missing_sectors": N_("sectors missing from the inventory"),
    "boundary_smaller": N_("a boundary smaller than the population counted"),
}

# The common fuels and carriers by their lookup key (domain.factor_library.fuel_key): a row's fuel
# shows in the reader's language when it is one of these, else as typed.
FUEL_LABELS = {
    "electricity": N_("Electricity"),
    "district_heat": N_("District heat"),
    "natural gas": N_("Natural gas"),
    "gas/diesel oil": N_("Diesel and heating oil"),
    "motor gasoline": N_("Petrol (gasoline)"),
    "aviation gasoline": N_("Aviation gasoline"),
    "jet kerosene": N_("Jet fuel (kerosene)"),
    "other kerosene": N_("Kerosene"),
    "liquefied petroleum gases": N_("Liquefied petroleum gas (LPG)"),
    "residual fuel oil": N_("Heavy fuel oil"),
    "naphtha": N_("Naphtha"),
    "other bituminous coal": N_("Hard coal"),
    "anthracite": N_("Anthracite"),
    "lignite": N_("Lignite"),
    "peat": N_("Peat"),
    "wood/wood waste": N_("Wood and wood waste"),
    "charcoal": N_("Charcoal"),
    "biodiesels": N_("Biodiesel"),
    "biogasoline": N_("Bioethanol (biogasoline)"),
    "other biogas": N_("Biogas"),
    "landfill gas": N_("Landfill gas"),
    "sludge gas": N_("Sewage gas"),
    "municipal wastes (non-biomass fraction)": N_("Municipal waste (fossil part)"),
    "municipal wastes (biomass fraction)": N_("Municipal waste (biomass part)"),
}


def fuel_label(name: str | None, gettext: Callable[[str], str]) -> str:
    """A fuel name as the reader's language says it; a name we do not know stays as typed."""
    if not name:
        return ""
    known = FUEL_LABELS.get(fuel_key(name))
    translated = gettext(known) if known else known
    # In English (the catalogs' source) the name stays as the person typed it.
    return translated if translated and translated != known else name
