"""Words for the codes of survey rounds (domain/surveys.py) and the fields of their forms."""

from __future__ import annotations

from citypact.i18n.labels import N_

KIND_LABELS = {
    "number": N_("Number with unit"),
    "choice": N_("Choice"),
    "multi": N_("Multiple choice"),
    "text": N_("Text"),
    "year": N_("Year"),
    "matrix": N_("Measures by implementation"),
    "inventory": N_("Inventory"),
}
ROUND_STATUS_LABELS = {"draft": N_("draft"), "open": N_("open"), "closed": N_("closed")}
RESPONSE_STATUS_LABELS = {
    "not_started": N_("not started"),
    "draft": N_("draft saved"),
    "submitted": N_("submitted"),
}
MAIL_STATUS_LABELS = {"queued": N_("queued"), "sent": N_("sent"), "failed": N_("failed")}
SURVEY_LABELS = {
    "kinds": KIND_LABELS,
    "round_statuses": ROUND_STATUS_LABELS,
    "response_statuses": RESPONSE_STATUS_LABELS,
    "mail_statuses": MAIL_STATUS_LABELS,
}
ROUND_FORM_LABELS = {
    "title": N_("Title of the round"),
    "deadline": N_("Deadline"),
}
QUESTION_FORM_LABELS = {
    "key": N_("Short key (lower-case letters, digits, _)"),
    "kind": N_("Kind of answer"),
    "text_en": N_("Question in English"),
    "text_de": N_("Question in German (optional)"),
    "text_ja": N_("Question in Japanese (optional)"),
    "required": N_("An answer is required"),
    "unit": N_("Unit of the number"),
    "low": N_("Smallest number accepted"),
    "high": N_("Largest number accepted"),
    "options": N_("Options, one a line"),
    "rows": N_("Measure types of the catalogue, one a line"),
    "year": N_("Inventory year (an uploaded activity file goes into the city's inventory of this year)"),
    "condition_key": N_("Ask only if this earlier question (its key)"),
    "condition_values": N_("was answered with one of these options (one a line; empty: any answer)"),
}
SEND_LABELS = {"city_ids": N_("Member cities")}
REOPEN_LABELS = {"reason": N_("Reason")}
MOVE_LABELS = {"direction": N_("Move the question")}
