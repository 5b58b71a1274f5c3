"""Words for the codes of the annual report (domain/annual_report.py); partnership statuses and
retirement uses keep the words of their own parts."""

from __future__ import annotations

from citypact.i18n.credit_labels import RETIREMENT_USE_LABELS
from citypact.i18n.labels import N_, STATUS_LABELS

REPORT_STATUS_LABELS = {
    "draft": N_("draft, computed from today's data"),
    "published": N_("published, frozen"),
}
SECTION_LABELS = {
    "inventories": N_("Members' greenhouse gas inventories"),
    "partnerships": N_("Partnerships"),
    "deals": N_("Local Green Deals"),
    "credits": N_("Carbon credits retired"),
}
ANNUAL_REPORT_LABELS = {
    "report_statuses": REPORT_STATUS_LABELS,
    "sections": SECTION_LABELS,
    "partnership_statuses": STATUS_LABELS,
    "retirement_uses": RETIREMENT_USE_LABELS,
}
