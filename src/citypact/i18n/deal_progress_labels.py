"""Words for the progress codes of deal commitments (domain/deal_progress.STATUSES)."""

from __future__ import annotations

from citypact.i18n.labels import N_

PROGRESS_STATUS_LABELS = {
    "achieved": N_("achieved"),
    "on_track": N_("on track"),
    "late": N_("late"),
    "overdue_report": N_("report overdue"),
    "no_report": N_("no report yet"),
    "no_kpi": N_("no indicator"),
}
