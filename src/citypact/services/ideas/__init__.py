"""The House of Change: ideas for Local Green Deals proposed in a city, reviewed in three roles
(dreamer, realist, critic), supported by organisations and facilitated by the city's editors.

Who may do what (the rules over statuses and review forms are in domain/ideas.py):
- anyone reads a city's ideas and their reviews and support, except hidden content;
- anyone signed in proposes an idea, in their own name or in the name of an organisation the city
  confirmed they speak for; a person's name is shown only with their consent (show_name);
- the proposer edits the idea while it is open (optimistic locking on its version);
- anyone signed in but the proposer reviews it in each role once, while it is in review;
- a person confirmed for an organisation adds the organisation's "we would join", once;
- the city's editors facilitate (open -> in_review -> ready, archived with a reason) and moderate:
  they see open reports, hide an idea or a review with a reason or keep it, show hidden
  content again with a reason, and see hidden content marked; the deals part sets "became_deal"
  when it makes a deal of a ready idea;
- anyone signed in reports an idea or a review.
Every change is audited; a refused request writes nothing.
"""

from __future__ import annotations

from citypact.services.ideas.moderation import (
    check_report_target,
    hide,
    keep,
    open_reports,
    report,
    restore,
)
from citypact.services.ideas.reading import city_name, get_idea, list_ideas, load_idea, my_organisations
from citypact.services.ideas.views import IdeaSummary, IdeaView, ReportView, ReviewView, SupportView
from citypact.services.ideas.writing import EDITABLE, add_review, add_support, move, propose, update_idea

__all__ = [
    "EDITABLE",
    "IdeaSummary",
    "IdeaView",
    "ReportView",
    "ReviewView",
    "SupportView",
    "add_review",
    "add_support",
    "check_report_target",
    "city_name",
    "get_idea",
    "hide",
    "keep",
    "list_ideas",
    "load_idea",
    "move",
    "my_organisations",
    "open_reports",
    "propose",
    "report",
    "restore",
    "update_idea",
]
