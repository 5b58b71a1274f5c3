"""Names from the GPC and the inventory engine that pages show translated.

They live in the domain as plain English; marking them here with N_ puts them into the message
catalogs (`tests/web/test_labels.py` checks that none is missing).
"""

from __future__ import annotations


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
)
