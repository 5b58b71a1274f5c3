"""Partnerships between cities: the proposal, acceptance, signatures of the declaration, the later
steps, shared goals, the joint work plan and the exchange log (also imported from twin-town links).

Who may do what (the rules are in domain/partnerships.py):
- a city's editor proposes for their own city and accepts, declines, signs and acts for that city
  only; the proposing city's editors withdraw a proposal (invitations.py);
- signing members' editors edit goals, work plan, exchange log and events, and take the lifecycle
  steps (ending included); observers' editors only accept being named;
- the secretariat of the partnership's network, or of a network a member city confirmed it belongs
  to, reads everything but the work plan once the proposal is accepted, and records the review;
  administrators do everything;
- observers' staff read the public parts and the internal log entries that name their city;
- a proposal is seen only by the named cities' staff (the proposer is one of them), even if it is
  to be public: naming a city does not publish it before it agrees;
- everyone else reads a public partnership's public parts (title, description, kind, status, the
  members that accepted and their signatures, goals, public events and the exchange log entries not
  marked internal) and nothing of a partnership that is not public (it is not found).
Every change is audited; a refused request writes nothing. Events are in events.py.
"""

from __future__ import annotations

from citypact.services.cooperation.partnerships.invitations import (
    Invitation,
    Invitations,
    decline,
    open_invitations,
    withdraw,
)
from citypact.services.cooperation.partnerships.lifecycle import (
    EDITABLE,
    accept,
    add_member,
    check_may_propose,
    propose,
    set_status,
    sign,
    update_partnership,
)
from citypact.services.cooperation.partnerships.loading import (
    MAX_MEMBERS,
    TEXT_MAX,
    Loaded,
    load,
    load_for_work,
    rules,
    today_utc,
)
from citypact.services.cooperation.partnerships.reading import (
    get_partnership,
    list_partnerships,
    past_partners,
    private_past_partners,
)
from citypact.services.cooperation.partnerships.views import (
    CityName,
    Ending,
    EventSummary,
    ExchangeView,
    GoalView,
    MemberView,
    NetworkName,
    PartnershipSummary,
    PartnershipView,
    TaskView,
)
from citypact.services.cooperation.partnerships.work import (
    add_exchange,
    add_goal,
    add_task,
    complete_task,
    import_twinning_history,
    set_goal_status,
)

__all__ = [
    "EDITABLE",
    "MAX_MEMBERS",
    "TEXT_MAX",
    "CityName",
    "Ending",
    "EventSummary",
    "ExchangeView",
    "GoalView",
    "Invitation",
    "Invitations",
    "Loaded",
    "MemberView",
    "NetworkName",
    "PartnershipSummary",
    "PartnershipView",
    "TaskView",
    "accept",
    "add_exchange",
    "add_goal",
    "add_member",
    "add_task",
    "check_may_propose",
    "complete_task",
    "decline",
    "get_partnership",
    "import_twinning_history",
    "list_partnerships",
    "load",
    "load_for_work",
    "open_invitations",
    "past_partners",
    "private_past_partners",
    "propose",
    "rules",
    "set_goal_status",
    "set_status",
    "sign",
    "today_utc",
    "update_partnership",
    "withdraw",
]
