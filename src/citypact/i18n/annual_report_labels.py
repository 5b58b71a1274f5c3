"""Words for the codes of the annual report (domain/annual_report.py); partnership statuses and
retirement uses keep the words of their own parts."""

from __future__ import annotations

from citypact.i18n.credit_labels import RETIREMENT_USE_LABELS
from citypact.i18n.labels import N_, STATUS_LABELS
from citypact.i18n.procurement_labels import PHASE_LABELS

REPORT_STATUS_LABELS = {
    "draft": N_("draft, computed from today's data"),
    "published": N_("published, frozen"),
}
SECTION_LABELS = {
    "inventories": N_("Members' greenhouse gas inventories"),
    "partnerships": N_("Partnerships"),
    "deals": N_("Local Green Deals"),
    "credits": N_("Carbon credits retired"),
    "procurement": N_("Joint procurement"),
}
# domain.procurement.methods.Method: how the awarded bid was ranked
EVALUATION_METHOD_LABELS = {
    "price": N_("lowest price"),
    "lcc": N_("lowest life-cycle cost"),
    "lcc-co2": N_("lowest life-cycle cost with a CO₂ shadow price"),
    "ladder": N_("price with CO₂ Performance Ladder discount"),
    "meat": N_("weighted scoring (cost, CO₂, quality)"),
}
ANNUAL_REPORT_LABELS = {
    "report_statuses": REPORT_STATUS_LABELS,
    "sections": SECTION_LABELS,
    "partnership_statuses": STATUS_LABELS,
    "retirement_uses": RETIREMENT_USE_LABELS,
    "evaluation_methods": EVALUATION_METHOD_LABELS,
    "procurement_phases": PHASE_LABELS,
}
