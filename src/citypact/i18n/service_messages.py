"""Messages of the services' InvalidInput that page forms show at a field: marked here so the
catalogs translate them (web/forms.PageForm.refuse passes each through gettext, so a message
listed here appears in the page's language; one with figures in it stays in English)."""

from __future__ import annotations

from citypact.i18n.labels import N_

KNOWN = (
    N_("give text."),
    N_("this field is required."),
    N_("give a number."),
    N_("give a number of 0 or more."),
    N_("give true or false."),
    N_("give a date as YYYY-MM-DD, e.g. 2026-05-04."),
    N_("give the measure a title."),
    N_("give a value or choose a catalogue measure that has one."),
    N_("give the ISO 4217 currency of the costs, e.g. EUR, JPY, USD."),
    N_("name the council decision or plan that sets the target."),
    N_("give the milestone a title."),
    N_("give the due date as YYYY-MM-DD."),
    N_("emissions are 0 or more"),
)
