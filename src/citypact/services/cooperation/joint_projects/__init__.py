"""Joint infrastructure projects: what neighbouring cities build together (a district-heating
network, a regional cycle highway, a joint waste plant), its partners, costs, funding, the rule by
which the partners share the costs and the expected reductions, and each partner's plan link.

Who may do what:
- a city's editor creates a project led by that city (the lead city is its first partner);
- the lead city's editors manage it: its fields and status, its partners and their figures for
  the rule, its cost lines and funding sources, and its deletion; a closed project stays as it was;
- each partner city's editors confirm the city's participation and link the project to a measure
  of their own city's action plan (or unlink it); no other city's editor can change that link;
- the partners' staff (editors and viewers), the secretariats of the networks a partner city
  confirmed it belongs to, and administrators read the project; it is not found by anyone else.
A linked measure's expected reduction is the partner's attributed reduction, set when the partner
links it and again whenever the sharing changes (domain/joint_projects.py states the rule). Every
change is audited; a refused request writes nothing.
"""

from __future__ import annotations

from citypact.services.cooperation.joint_projects.flow import confirm, link_plan_measure
from citypact.services.cooperation.joint_projects.lifecycle import (
    EDITABLE,
    PARTNER_INPUTS,
    add_cost,
    add_funding,
    add_partner,
    create_project,
    delete_project,
    remove_cost,
    remove_funding,
    remove_partner,
    set_status,
    update_partner,
    update_project,
)
from citypact.services.cooperation.joint_projects.loading import MAX_COST_LINES, MAX_FUNDING, MAX_PARTNERS
from citypact.services.cooperation.joint_projects.views import (
    CostView,
    FundingView,
    PartnerView,
    ProjectSummary,
    ProjectView,
    get_project,
    list_projects,
)

__all__ = [
    "EDITABLE",
    "MAX_COST_LINES",
    "MAX_FUNDING",
    "MAX_PARTNERS",
    "PARTNER_INPUTS",
    "CostView",
    "FundingView",
    "PartnerView",
    "ProjectSummary",
    "ProjectView",
    "add_cost",
    "add_funding",
    "add_partner",
    "confirm",
    "create_project",
    "delete_project",
    "get_project",
    "link_plan_measure",
    "list_projects",
    "remove_cost",
    "remove_funding",
    "remove_partner",
    "set_status",
    "update_partner",
    "update_project",
]
