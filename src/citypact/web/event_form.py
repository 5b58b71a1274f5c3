"""The values of an event form, as the events service takes them: a partnership's event and a
network's own event are added with the same fields, and changed on the event's page."""

from __future__ import annotations

from typing import Any

from citypact.domain.partnerships import EVENT_KINDS
from citypact.i18n.labels import N_
from citypact.web.forms import PageForm, typed

EVENT_LABELS = {
    "kind": N_("Kind"),
    "title": N_("Title"),
    "starts_on": N_("Starts"),
    "ends_on": N_("Ends"),
    "place": N_("Place"),
    "online": N_("online"),
    "is_public": N_("Public event"),
    "agenda": N_("Agenda"),
    "outcomes": N_("Outcomes"),
    "recommendations": N_("Recommendations"),
}


def typed_event(
    kind: str, title: str, starts_on: str, ends_on: str, place: str, online: str, is_public: str
) -> dict[str, str]:
    """The add form's fields as typed (a checkbox is ticked when it sent any value)."""
    return typed(
        kind=kind, title=title, starts_on=starts_on, ends_on=ends_on, place=place,
        online=bool(online), is_public=bool(is_public),
    )  # fmt: skip


def new_event_form(prefix: str) -> PageForm:
    """The empty form that adds an event (public unless unticked); `prefix` keeps the ids apart."""
    return PageForm(prefix, EVENT_LABELS, {"is_public": "1"})


def parse_event(form: PageForm) -> dict[str, Any]:
    """An event's values from its add or edit form (the add form has no agenda, outcomes or
    recommendations); problems are noted in the form, the service checks the rest (a title, the
    end not before the start) and names the field."""
    values = {
        "kind": form.choice("kind", EVENT_KINDS),
        "title": form.value("title"),
        "starts_on": form.date("starts_on"),
        "ends_on": form.date("ends_on"),
        "place": form.value("place"),
        "online": bool(form.value("online")),
        "is_public": bool(form.value("is_public")),
        "agenda": form.value("agenda"),
        "outcomes": form.value("outcomes"),
        "recommendations": form.value("recommendations"),
    }
    return {name: value for name, value in values.items() if name in form.values}
