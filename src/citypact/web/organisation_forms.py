"""The forms of the stakeholder pages: an organisation's details (to register it or edit it), a
person's request to join, and a reason (to refuse or end). Labels and the services' messages are
message ids, translated where the page is made."""

from __future__ import annotations

from typing import Any

from citypact.domain.green_deals import ORGANISATION_SIZES, ORGANISATION_TYPES
from citypact.i18n.labels import N_
from citypact.web.forms import PageForm

ORGANISATION_LABELS = {
    "name": N_("Name of the organisation"),
    "kind": N_("Type"),
    "sector": N_("Sector"),
    "size": N_("Size"),
    "contact_email": N_("Contact e-mail"),
    "website": N_("Website"),
    "position": N_("Your position in it"),
}
JOIN_LABELS = {"position": N_("Your position in it")}
REASON_LABELS = {"reason": N_("Reason")}
# The services' messages shown at a field (services/stakeholders/registration.py), marked for the
# catalogs so a page says them in its language.
MESSAGES = (
    N_("an organisation of this name is already registered in this city."),
    N_("give an e-mail address such as info@example.org."),
    N_("give the address starting with https://, e.g. https://example.org."),
    N_("say why, so the person knows what to change."),
)


def parse_organisation(form: PageForm) -> dict[str, Any]:
    """The organisation's fields as the service takes them; a code outside the lists is noted at its
    field, the service checks the rest and names the field."""
    return {
        "name": form.value("name"),
        "kind": form.choice("kind", ORGANISATION_TYPES),
        "sector": form.value("sector"),
        "size": form.choice("size", ORGANISATION_SIZES) or None,
        "contact_email": form.value("contact_email"),
        "website": form.value("website"),
    }


def reason_form(prefix: str, reason: str = "") -> PageForm:
    return PageForm(prefix, REASON_LABELS, {"reason": reason})
