"""Words for the codes of carbon-credit projects and their registry (domain/credits.py)."""

from __future__ import annotations

from citypact.i18n.labels import N_

METHODOLOGY_LABELS = {
    "grid_renewable": N_("Grid-connected renewable electricity"),
    "energy_efficiency": N_("Energy efficiency"),
    "landfill_gas": N_("Landfill gas capture and destruction"),
    "reported": N_("Figure reported by an external verifier"),
}
PROJECT_STATUS_LABELS = {
    "draft": N_("draft"),
    "registered": N_("registered"),
    "closed": N_("closed"),
}
PARTY_ROLE_LABELS = {"host": N_("Host city"), "partner": N_("Partner"), "participant": N_("Participant")}
DOCUMENT_KIND_LABELS = {
    "design": N_("Project design document"),
    "validation": N_("Validation report"),
    "monitoring_plan": N_("Monitoring plan"),
    "verification": N_("Verification report"),
    "agreement": N_("Partnership agreement"),
    "other": N_("Other document"),
}
REPORT_STATUS_LABELS = {
    "draft": N_("draft"),
    "submitted": N_("submitted for verification"),
    "verified": N_("verified"),
    "rejected": N_("rejected by the verifier"),
    "issued": N_("credits issued"),
}
OFFICER_ROLE_LABELS = {"registry": N_("Registry administrator"), "verifier": N_("Verifier")}
ACCOUNT_KIND_LABELS = {
    "holding": N_("Holding account"),
    "buffer": N_("Buffer account"),
    "retirement": N_("Retirement account"),
    "cancellation": N_("Cancellation account"),
}
BLOCK_STATUS_LABELS = {
    "active": N_("active"),
    "retired": N_("retired"),
    "cancelled": N_("cancelled"),
    "split": N_("split"),
}
TRANSACTION_KIND_LABELS = {
    "issue": N_("Issuance"),
    "split": N_("Split"),
    "transfer": N_("Transfer"),
    "retire": N_("Retirement"),
    "cancel": N_("Cancellation"),
}
AUTHORISATION_LABELS = {
    "ndc": N_("authorised for use toward an NDC"),
    "other_purposes": N_("authorised for other international mitigation purposes"),
    "none": N_("not authorised"),
}
ADJUSTMENT_STATUS_LABELS = {
    "not_required": N_("corresponding adjustment not required"),
    "pending": N_("corresponding adjustment pending"),
    "applied": N_("corresponding adjustment applied"),
}
RETIREMENT_USE_LABELS = {
    "own_target": N_("counted toward the city's own target"),
    "on_behalf": N_("retired on behalf of others, claims nothing"),
}
OFFSET_REFUSAL_LABELS = {
    "own_territory": N_(
        "This project lies inside your city's boundary: its reduction is already in your city's "
        "inventory, so its credits cannot also count as your offset. Retire them on behalf of "
        "others instead."
    ),
}

CREDIT_LABELS = {
    "methodologies": METHODOLOGY_LABELS,
    "project_statuses": PROJECT_STATUS_LABELS,
    "party_roles": PARTY_ROLE_LABELS,
    "document_kinds": DOCUMENT_KIND_LABELS,
    "report_statuses": REPORT_STATUS_LABELS,
    "officer_roles": OFFICER_ROLE_LABELS,
    "account_kinds": ACCOUNT_KIND_LABELS,
    "block_statuses": BLOCK_STATUS_LABELS,
    "transaction_kinds": TRANSACTION_KIND_LABELS,
    "authorisations": AUTHORISATION_LABELS,
    "adjustment_statuses": ADJUSTMENT_STATUS_LABELS,
    "retirement_uses": RETIREMENT_USE_LABELS,
}
