"""Words for the codes of joint positions and recommendations (domain/positions.py)."""

from __future__ import annotations

from citypact.i18n.labels import N_

KIND_LABELS = {"position": N_("Joint position"), "recommendation": N_("Recommendation")}
LEVEL_LABELS = {
    "regional": N_("Regional government"),
    "national": N_("National government"),
    "eu": N_("European Union"),
    "international": N_("International body"),
}
CHANNEL_LABELS = {
    "letter": N_("letter"),
    "email": N_("e-mail"),
    "meeting": N_("meeting"),
    "consultation": N_("public consultation"),
    "hearing": N_("hearing"),
}
EVIDENCE_KIND_LABELS = {
    "indicator": N_("A city's benchmark indicator"),
    "benchmark_round": N_("A benchmark round"),
    "case": N_("Best-practice case"),
    "survey": N_("Survey result"),
    "reference": N_("Other reference"),
}
STATUS_LABELS = {
    "draft": N_("draft"),
    "sent": N_("sent"),
    "answered": N_("answered"),
    "adopted_in_part": N_("adopted in part"),
    "adopted": N_("adopted"),
    "rejected": N_("rejected"),
}
POSITION_LABELS = {
    "kinds": KIND_LABELS,
    "levels": LEVEL_LABELS,
    "channels": CHANNEL_LABELS,
    "evidence_kinds": EVIDENCE_KIND_LABELS,
    "statuses": STATUS_LABELS,
}
