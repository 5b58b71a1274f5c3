"""Words for the codes of joint procurement (domain/procurement/phases.py), translated where shown."""

from __future__ import annotations

from citypact.i18n.labels import N_

PHASE_LABELS = {
    "needs_assessment": N_("Needs assessment"),
    "market_dialogue": N_("Market dialogue"),
    "tender_published": N_("Tender published"),
    "bids_due": N_("Bids due"),
    "evaluation": N_("Evaluation"),
    "award": N_("Award"),
    "contract": N_("Contract"),
    "call_offs": N_("Call-offs"),
}
PROCUREMENT_STATUS_LABELS = {"active": N_("active"), "cancelled": N_("cancelled")}
PARTICIPANT_STATUS_LABELS = {"invited": N_("invited"), "joined": N_("joined"), "withdrawn": N_("withdrawn")}
DIALOGUE_LABELS = {"note": N_("Note"), "question": N_("Question"), "answer": N_("Answer")}
VISIBILITY_LABELS = {"participants": N_("Participants only"), "public": N_("Everyone")}
ROLE_LABELS = {"lead": N_("lead buyer"), "participant": N_("participant"), "": N_("published")}

PROCUREMENT_LABELS = {
    "phases": PHASE_LABELS,
    "statuses": PROCUREMENT_STATUS_LABELS,
    "participant_statuses": PARTICIPANT_STATUS_LABELS,
    "dialogue": DIALOGUE_LABELS,
    "visibilities": VISIBILITY_LABELS,
    "roles": ROLE_LABELS,
}
