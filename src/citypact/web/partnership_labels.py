"""The words pages show for the codes of partnerships and their events (kinds, statuses, roles,
next steps), as one `labels` mapping for the templates; the partnership, event and network pages
use it.

Marked here with N_ for the message catalogs, translated where shown.
"""

from __future__ import annotations

from citypact.domain.partnerships import STATUSES
from citypact.web.labels import N_

KIND_LABELS = {
    "peer": N_("peer partnership"),
    "mentoring": N_("mentoring"),
    "twinning": N_("twinning"),
    "group": N_("group of cities"),
    "technical": N_("technical cooperation"),
}
STATUS_LABELS = {
    "proposed": N_("proposed"),
    "accepted": N_("accepted"),
    "declared": N_("declared"),
    "active": N_("active"),
    "reviewed": N_("reviewed"),
    "ended": N_("ended"),
}
ROLE_LABELS = {
    "partner": N_("partner"),
    "mentor": N_("mentor"),
    "mentee": N_("mentee"),
    "observer": N_("observer"),
}
GOAL_LABELS = {
    "open": N_("open"),
    "in_progress": N_("in progress"),
    "achieved": N_("achieved"),
    "dropped": N_("dropped"),
}
EXCHANGE_LABELS = {
    "visit": N_("visit"),
    "webinar": N_("webinar"),
    "joint_project": N_("joint project"),
    "twinning": N_("twinning"),
    "other": N_("other"),
}
EVENT_LABELS = {
    "kickoff": N_("kick-off workshop"),
    "intermediate": N_("intermediate workshop"),
    "final": N_("final workshop"),
    "sprint": N_("knowledge-exchange sprint"),
    "webinar": N_("webinar"),
    "visit": N_("visit"),
}
PARTICIPANT_LABELS = {"participant": N_("participant"), "host": N_("host"), "observer": N_("observer")}
STEP_LABELS = {
    "active": N_("Start the joint work (active)"),
    "reviewed": N_("Record the review"),
    "ended": N_("End the partnership"),
}
LABELS = {
    "kinds": KIND_LABELS,
    "statuses": STATUS_LABELS,
    "roles": ROLE_LABELS,
    "goal_statuses": GOAL_LABELS,
    "exchange_kinds": EXCHANGE_LABELS,
    "event_kinds": EVENT_LABELS,
    "participant_roles": PARTICIPANT_LABELS,
    "steps": STEP_LABELS,
    "lifecycle": [s.value for s in STATUSES],
}
