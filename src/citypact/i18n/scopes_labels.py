"""Words of the national scopes of action (domain.scopes codes), translated at the edge."""

from __future__ import annotations

from typing import Final

from citypact.i18n.labels import N_

SAY_LABELS: Final = {
    "decides": N_("decides"),
    "shares": N_("shares"),
    "no_say": N_("no say"),
    "unknown": N_("not stated"),
}
SAY_HELP: Final = {
    "decides": N_("The municipality decides."),
    "shares": N_(
        "The municipality shares the decision with the region or the nation, or acts within their rules."
    ),
    "no_say": N_("The municipality has no say."),
    "unknown": N_("No statement with a source covers this; the catalogue does not hide it."),
}

# The administrators' forms (services/scopes/admin.py).
ANY_LABEL: Final = N_("every one (*)")
STATEMENT_LABELS: Final = {
    "field": N_("Field"),
    "instrument": N_("Instrument"),
    "say": N_("The municipality"),
    "source": N_("Source"),
    "note": N_("Note (what the law says, at most 400 characters)"),
}
SOURCE_LABELS: Final = {
    "code": N_("Code (lower-case letters, digits or _)"),
    "title": N_("Title of the law or page"),
    "url": N_("Web address"),
    "publisher": N_("Publisher"),
}
PROFILE_LABELS: Final = {
    "country": N_("Country (ISO code such as FR)"),
    "name": N_("Name of the country"),
}
