"""The codes of Local Green Deals shared by stakeholders, ideas, deals and the Climate City
Contract. Words for them live in i18n; the rules over them in the modules of each part."""

from __future__ import annotations

from typing import Final

from citypact.domain.measures import CO_BENEFITS, GREEN_DEAL

# The eight action fields of the European Green Deal, as the measures catalogue tags them.
ACTION_FIELDS: Final = tuple(GREEN_DEAL)
ORGANISATION_TYPES: Final = (
    "business",
    "public_body",
    "utility",
    "housing",
    "research",
    "school",
    "ngo",
    "citizens_group",
)
ORGANISATION_SIZES: Final = ("micro", "small", "medium", "large")  # EU SME bands by staff: <10, <50, <250
ORGANISATION_STATUSES: Final = ("pending", "confirmed", "refused")
PERSON_STATUSES: Final = ("requested", "confirmed", "refused", "left")

IDEA_STATUSES: Final = ("open", "in_review", "ready", "became_deal", "archived")
REVIEW_ROLES: Final = ("dreamer", "realist", "critic")  # looked at in this order

DEAL_STATUSES: Final = (
    "draft",
    "negotiating",
    "signed",
    "implementing",
    "reviewed",
    "completed",
    "ended_early",
)
# An organisation commits to actions; the city supports, permits or funds.
COMMITMENT_KINDS: Final = ("action", "support", "permit", "funding")
BENEFIT_KINDS: Final = tuple(CO_BENEFITS)
# The parts of a signed deal its city may make public, each on its own.
PUBLIC_PARTS: Final = ("summary", "parties", "commitments", "kpis", "progress", "co_benefits", "reductions")

COST_KINDS: Final = ("capex", "opex")
FUNDING_STATUSES: Final = ("secured", "sought")
