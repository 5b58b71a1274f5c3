"""The partnership page's sub-forms (a member, a goal, a task, an exchange): their labels and
blank forms; the add-event form is web/event_form.py. Each form's prefix is its element id too."""

from __future__ import annotations

from citypact.i18n.labels import N_
from citypact.web.event_form import new_event_form
from citypact.web.forms import PageForm

MEMBER_LABELS = {"city": N_("Invite a city (name or id)"), "role": N_("Role")}
GOAL_LABELS = {"text": N_("Goal"), "target_date": N_("Target date")}
TASK_LABELS = {"title": N_("Task"), "owner_city_id": N_("Owner"), "due_on": N_("Due")}
PARTICIPANT_FORM_LABELS = {  # an event's participant (the event page)
    "city": N_("City (name or id)"),
    "role": N_("Role"),
    "people_count": N_("People"),
    "people": N_("Names"),
}
EXCHANGE_LABELS = {
    "kind": N_("Kind"),
    "happened_on": N_("Date"),
    "year": N_("or only the year"),
    "title": N_("Title"),
    "summary": N_("Summary"),
    "is_internal": N_("Internal: for the members only"),
}


def page_forms(refused: PageForm | None = None) -> dict[str, PageForm]:
    """The page's add forms by prefix, blank except the one that came back refused."""
    forms = {
        "add-event": new_event_form("add-event"),
        "add-member": PageForm("add-member", MEMBER_LABELS, {"role": "observer"}),
        "add-goal": PageForm("add-goal", GOAL_LABELS),
        "add-task": PageForm("add-task", TASK_LABELS),
        "add-exchange": PageForm("add-exchange", EXCHANGE_LABELS),
    }
    if refused is not None:
        forms[refused.prefix] = refused
    return forms
