"""Words for the codes of funding programmes and business matchmaking (domain/funding.py)."""

from __future__ import annotations

from citypact.i18n.labels import N_

FUNDER_LEVEL_LABELS = {
    "eu": N_("European Union"),
    "national": N_("National government"),
    "regional": N_("Regional government"),
    "multilateral": N_("Multilateral bank or agency"),
    "foundation": N_("Foundation"),
    "private": N_("Private funder"),
}
INSTRUMENT_LABELS = {
    "grant": N_("Grant"),
    "loan": N_("Loan"),
    "guarantee": N_("Guarantee"),
    "technical_assistance": N_("Technical assistance"),
    "project_preparation": N_("Project preparation support"),
}
PROGRAMME_STATUS_LABELS = {
    "suggested": N_("suggested, not yet checked"),
    "active": N_("active"),
    "declined": N_("suggestion declined"),
    "ended": N_("ended"),
}
CALL_STATE_LABELS = {
    "upcoming": N_("opens soon"),
    "open": N_("open"),
    "rolling": N_("open all year (rolling)"),
    "closed": N_("closed"),
}
SIZE_BAND_LABELS = {
    "under_10k": N_("under 10,000 inhabitants"),
    "10k_50k": N_("10,000 to 50,000 inhabitants"),
    "50k_250k": N_("50,000 to 250,000 inhabitants"),
    "250k_1m": N_("250,000 to 1 million inhabitants"),
    "1m_plus": N_("1 million inhabitants or more"),
}
APPLICATION_STATUS_LABELS = {
    "forming": N_("forming"),
    "submitted": N_("submitted"),
    "awarded": N_("awarded"),
    "rejected": N_("rejected"),
    "withdrawn": N_("withdrawn"),
}
OFFER_KIND_LABELS = {"technology": N_("Technology"), "service": N_("Service")}
OFFER_STATUS_LABELS = {"draft": N_("draft"), "published": N_("published"), "withdrawn": N_("withdrawn")}
NEED_SOURCE_LABELS = {
    "plan_measure": N_("Measure of the action plan"),
    "cooperation_need": N_("Cooperation need"),
}
MESSAGE_SIDE_LABELS = {"city": N_("City"), "provider": N_("Provider")}

FUNDING_LABELS = {
    "funder_levels": FUNDER_LEVEL_LABELS,
    "instruments": INSTRUMENT_LABELS,
    "programme_statuses": PROGRAMME_STATUS_LABELS,
    "call_states": CALL_STATE_LABELS,
    "size_bands": SIZE_BAND_LABELS,
    "application_statuses": APPLICATION_STATUS_LABELS,
    "offer_kinds": OFFER_KIND_LABELS,
    "offer_statuses": OFFER_STATUS_LABELS,
    "need_sources": NEED_SOURCE_LABELS,
    "message_sides": MESSAGE_SIDE_LABELS,
}
