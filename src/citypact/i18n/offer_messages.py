"""Messages of the business matchmaking services that page forms show (at a field, or above the
form for a conflict): marked here so the catalogs translate them, as in service_messages.py.
tests/web/test_offer_pages.py checks that the services still say them word for word."""

from __future__ import annotations

from citypact.i18n.labels import N_

KNOWN = (
    N_("name at least one field of action or measure type the offer serves."),
    N_("give a web address starting with https://, or leave it empty."),
    N_("name a city of the registry or write the place's name."),
    N_("give the id as a whole number, or leave it empty."),
    N_("name one need: a plan measure or a cooperation need."),
    N_("Only a published offer can be answered; publish it first."),
    N_(
        "This city started 20 conversations in the last 24 hours, the most a day; reply in an existing "
        "conversation or write again tomorrow."
    ),
)
