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
