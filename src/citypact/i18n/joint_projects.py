"""Words for joint infrastructure projects' codes (domain/joint_projects.py), as message ids; the
pages translate them where they are shown."""

from __future__ import annotations

from typing import Final

from citypact.i18n.labels import FUNDING_SOURCES, N_

KINDS: Final = {
    "district_heating": N_("District heating network"),
    "cycle_highway": N_("Regional cycle highway"),
    "waste_plant": N_("Waste treatment plant"),
    "public_transport": N_("Public transport line"),
    "renewable_energy": N_("Renewable energy plant"),
    "water": N_("Water and wastewater"),
    "other": N_("Other"),
}
STATUSES: Final = {
    "idea": N_("Idea"),
    "planned": N_("Planned"),
    "building": N_("Being built"),
    "operating": N_("Operating"),
    "closed": N_("Closed"),
}
RULES: Final = {
    "population": N_("by population"),
    "use": N_("by use"),
    "benefit": N_("by benefit"),
    "agreed": N_("by agreed shares"),
}
# The rule in words, on the project's page.
RULE_SENTENCES: Final = {
    "population": N_(
        "Each partner pays the share of the costs that its population is of all partners' population "
        "(the registry's figure, of the year shown)."
    ),
    "use": N_("Each partner pays the share of the costs that its stated use is of all partners' use."),
    "benefit": N_(
        "Each partner pays the share of the costs that its stated benefit is of all partners' benefit."
    ),
    "agreed": N_("Each partner pays the share of the costs the partners agreed on; the shares sum to 100 %."),
}
ROUNDING: Final = N_(
    "Each year's capital and operating costs are split separately and rounded to whole cents by the "
    "largest-remainder method: the parts sum exactly to the whole, and no partner is more than one cent "
    "from its exact share. The expected reduction is attributed to the partners by the same rule, in "
    "whole kilograms; the parts never sum to more than the whole."
)
COST_KINDS: Final = {"capex": N_("Capital cost"), "opex": N_("Operating cost a year")}
PROBLEMS: Final = {
    "missing_input": N_("A partner has no figure for the rule yet: the costs are shown unshared."),
    "negative_input": N_("A partner's figure is not a number of 0 or more: the costs are shown unshared."),
    "zero_inputs": N_("Every partner's figure is 0: give at least one above 0."),
    "agreed_not_100": N_("The agreed shares do not sum to 100 %: the costs are shown unshared."),
}
LABELS: Final = {
    "kinds": KINDS,
    "statuses": STATUSES,
    "rules": RULES,
    "rule_sentences": RULE_SENTENCES,
    "rounding": ROUNDING,
    "cost_kinds": COST_KINDS,
    "problems": PROBLEMS,
    "funding_sources": FUNDING_SOURCES,
}
