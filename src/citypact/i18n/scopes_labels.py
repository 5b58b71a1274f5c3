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
