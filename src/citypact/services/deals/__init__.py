"""Local Green Deals: a city and local organisations agree on commitments with measurable goals.

Who may do what:
- the city's editors create a deal (from scratch, or from a ready idea of their city, which then
  became that deal and offers its supporting organisations as parties), change its fields, name
  its parties (confirmed organisations of any city; the city is a party of its own), choose its
  public parts, take its lifecycle steps, plan and hold its reviews, and delete a draft;
- each party writes its own commitments (with KPI, co-benefits and milestones) and gives its own
  signature: the city's editors for the city, an organisation's confirmed people for theirs;
- the city's staff (and the secretariats of networks it confirmed) and the parties' people read
  the whole deal; the public sees signed deals by title, action field, status and city;
- parties and commitments change only while the deal is a draft or being negotiated; the last
  signature signs it (domain/deals.py states the rules).
Every change is audited; a refused request writes nothing.
"""

from __future__ import annotations

from citypact.services.deals.commitments import (
    FIELDS as COMMITMENT_FIELDS,
)
from citypact.services.deals.commitments import (
    add_benefit,
    add_commitment,
    add_milestone,
    remove_benefit,
    remove_commitment,
    set_milestone_done,
    update_commitment,
)
from citypact.services.deals.lifecycle import (
    EDITABLE,
    add_party,
    create_deal,
    create_from_idea,
    delete_deal,
    idea_supporters,
    ready_idea,
    remove_party,
    set_public_parts,
    take_step,
    update_deal,
)
from citypact.services.deals.loading import MAX_COMMITMENTS, MAX_PARTIES
from citypact.services.deals.signatures import hold_review, plan_review, sign
from citypact.services.deals.views import (
    BenefitView,
    CommitmentView,
    DealSummary,
    DealView,
    MilestoneView,
    PartyView,
    ReportView,
    ReviewView,
    find_organisation,
    get_deal,
    list_deals,
    organisation_choices,
)

__all__ = [
    "COMMITMENT_FIELDS",
    "EDITABLE",
    "MAX_COMMITMENTS",
    "MAX_PARTIES",
    "BenefitView",
    "CommitmentView",
    "DealSummary",
    "DealView",
    "MilestoneView",
    "PartyView",
    "ReportView",
    "ReviewView",
    "add_benefit",
    "add_commitment",
    "add_milestone",
    "add_party",
    "create_deal",
    "create_from_idea",
    "delete_deal",
    "find_organisation",
    "get_deal",
    "hold_review",
    "idea_supporters",
    "list_deals",
    "organisation_choices",
    "plan_review",
    "ready_idea",
    "remove_benefit",
    "remove_commitment",
    "remove_party",
    "set_milestone_done",
    "set_public_parts",
    "sign",
    "take_step",
    "update_commitment",
    "update_deal",
]
