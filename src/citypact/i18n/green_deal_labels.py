"""Words for the codes of Local Green Deals (domain/green_deals.py), translated where shown."""

from __future__ import annotations

from citypact.i18n.labels import N_

ORGANISATION_TYPE_LABELS = {
    "business": N_("Business"),
    "public_body": N_("Public body"),
    "utility": N_("Utility"),
    "housing": N_("Housing company"),
    "research": N_("Research institution"),
    "school": N_("School"),
    "ngo": N_("NGO"),
    "citizens_group": N_("Citizens' group"),
}
ORGANISATION_SIZE_LABELS = {
    "micro": N_("micro (fewer than 10 staff)"),
    "small": N_("small (10 to 49 staff)"),
    "medium": N_("medium (50 to 249 staff)"),
    "large": N_("large (250 staff or more)"),
}
ORGANISATION_STATUS_LABELS = {
    "pending": N_("waiting for the city's confirmation"),
    "confirmed": N_("confirmed"),
    "refused": N_("refused"),
}
PERSON_STATUS_LABELS = {
    "requested": N_("requested"),
    "confirmed": N_("confirmed"),
    "refused": N_("refused"),
    "left": N_("left"),
}
IDEA_STATUS_LABELS = {
    "open": N_("new, open for views"),
    "in_review": N_("in review"),
    "ready": N_("ready for a deal"),
    "became_deal": N_("became a deal"),
    "archived": N_("archived"),
}
REVIEW_ROLE_LABELS = {"dreamer": N_("Dreamer"), "realist": N_("Realist"), "critic": N_("Critic")}
DEAL_STATUS_LABELS = {
    "draft": N_("draft"),
    "negotiating": N_("negotiating"),
    "signed": N_("signed"),
    "implementing": N_("implementing"),
    "reviewed": N_("reviewed"),
    "completed": N_("completed"),
    "ended_early": N_("ended early"),
}
COMMITMENT_KIND_LABELS = {
    "action": N_("Action"),
    "support": N_("Support"),
    "permit": N_("Permits"),
    "funding": N_("Funding"),
}
PUBLIC_PART_LABELS = {
    "summary": N_("Summary"),
    "parties": N_("Parties"),
    "commitments": N_("Commitments"),
    "kpis": N_("Indicators and targets"),
    "progress": N_("Progress reported"),
    "co_benefits": N_("Co-benefits"),
    "reductions": N_("Expected reductions"),
}
COST_KIND_LABELS = {"capex": N_("Investment (capex)"), "opex": N_("Operating cost (opex)")}
FUNDING_STATUS_LABELS = {"secured": N_("secured"), "sought": N_("sought")}

GREEN_DEAL_LABELS = {
    "organisation_types": ORGANISATION_TYPE_LABELS,
    "organisation_sizes": ORGANISATION_SIZE_LABELS,
    "organisation_statuses": ORGANISATION_STATUS_LABELS,
    "person_statuses": PERSON_STATUS_LABELS,
    "idea_statuses": IDEA_STATUS_LABELS,
    "review_roles": REVIEW_ROLE_LABELS,
    "deal_statuses": DEAL_STATUS_LABELS,
    "commitment_kinds": COMMITMENT_KIND_LABELS,
    "public_parts": PUBLIC_PART_LABELS,
    "cost_kinds": COST_KIND_LABELS,
    "funding_statuses": FUNDING_STATUS_LABELS,
}
