"""Words for the codes of a network's public portal and news (domain/portal.py)."""

from __future__ import annotations

from citypact.i18n.labels import N_

NEWS_STATUS_LABELS = {
    "draft": N_("draft, not public"),
    "published": N_("published"),
}
NEWS_LANGUAGE_LABELS = {
    "en": N_("English"),
    "de": N_("German"),
    "ja": N_("Japanese"),
}
# A city's progress in plain words; %(change)s is a signed percentage such as "−18 %".
PROGRESS_LABELS = {
    "no_inventory": N_("no submitted inventory yet"),
    "one_year": N_("first inventory for %(latest)s; no change to show yet"),
    "change": N_("%(change)s since %(first)s (latest inventory %(latest)s)"),
    "on_path": N_("%(change)s since %(first)s, on its target path (−%(reduction)s by %(target)s)"),
    "off_path": N_("%(change)s since %(first)s, above its target path (−%(reduction)s by %(target)s)"),
}
PORTAL_LABELS = {
    "news_statuses": NEWS_STATUS_LABELS,
    "news_languages": NEWS_LANGUAGE_LABELS,
    "progress": PROGRESS_LABELS,
}
