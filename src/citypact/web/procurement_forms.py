"""The forms of the procurement pages: their fields' labels, and the parsing that pages add to
PageForm (money typed in the currency's units, the deadline for bids)."""

from __future__ import annotations

import datetime as dt

from citypact.domain.action_plans import to_minor_units
from citypact.i18n.labels import N_
from citypact.web.forms import PageForm

OPEN_LABELS = {
    "title": N_("Title"),
    "subject": N_("Subject"),
    "cpv": N_("CPV code (optional), e.g. 34144910-0"),
    "currency": N_("Currency"),
    "participants": N_("Cities to invite (names or ids, separated by commas)"),
    "department": N_("Your buying department"),
    "bids_due_at": N_("Deadline for bids (UTC)"),
}
EDIT_LABELS = {k: OPEN_LABELS[k] for k in ("title", "subject", "cpv", "bids_due_at")}
TIMELINE_LABELS = {"phase": N_("Phase"), "planned_on": N_("Planned date"), "actual_on": N_("Actual date")}
INVITE_LABELS = {"city": N_("City (name or id)")}
JOIN_LABELS = {"department": N_("Buying department")}
LOT_LABELS = {
    "number": N_("Lot number"),
    "title": N_("Title"),
    "unit": N_("Unit of quantity, e.g. bus, luminaire, MWh"),
    "cpv": N_("CPV code (optional), e.g. 34144910-0"),
    "description": N_("Description"),
}
DEMAND_LABELS = {
    "city_id": N_("City"),
    "lot_id": N_("Lot"),
    "quantity": N_("Quantity (in the lot's unit)"),
    "delivery_from": N_("First delivery year"),
    "delivery_to": N_("Last delivery year"),
    "budget_ceiling": N_("Budget ceiling"),
    "standalone_estimate": N_("Cost if bought alone (estimate)"),
    "note": N_("Note"),
}
DIALOGUE_FORM_LABELS = {
    "kind": N_("Kind"),
    "body": N_("Text"),
    "visibility": N_("Seen by"),
    "question_id": N_("Question answered"),
    "city_id": N_("Asked for"),
}
DOCUMENT_LABELS = {
    "file": N_("File (PDF, XLSX, CSV, DOCX or ODT, at most 10 MB)"),
    "title": N_("Title"),
    "visibility": N_("Seen by"),
}
MONEY = N_("enter an amount of 0 or more, such as 125000.50")
MOMENT = N_("enter the date and time, such as 2026-06-30 12:00")


def money(form: PageForm, name: str, currency: str) -> int | None:
    """An amount typed in the currency's units (12,500.50 EUR) as integer minor units (1250050)."""
    amount = form.number(name)
    if amount is None:
        return None
    if amount < 0 or amount > 1e13:
        form.problem(name, MONEY)
        return None
    return to_minor_units(amount, currency)


def moment(form: PageForm, name: str) -> str | None:
    """A date and time typed in UTC (a datetime-local field) as ISO 8601 with its time zone."""
    text = form.text(name)
    if not text:
        return None
    try:
        typed = dt.datetime.fromisoformat(text.replace(" ", "T"))
    except ValueError:
        form.problem(name, MOMENT)
        return None
    if typed.tzinfo is None:
        typed = typed.replace(tzinfo=dt.UTC)
    return typed.isoformat()


def moment_text(value: dt.datetime | None) -> str:
    """A stored moment as a datetime-local field shows it, in UTC."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M") if value else ""
