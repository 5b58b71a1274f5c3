"""Words for the reasons of funding matches (domain/funding_match.py): why a programme fits and
what rules it out. Figures are filled in by reports/funding_match.py."""

from __future__ import annotations

from citypact.i18n.labels import N_

REASON_LABELS = {
    "country": N_("not open to applicants from %(country)s"),
    "size_band": N_("not for cities of this size (%(size_band)s)"),
    "size_band_unknown": N_("only for cities of some sizes, and this city's population is unknown"),
    "subject": N_("funds none of the measure's field, GPC sector or measure type"),
    "no_open_call": N_("no call is open, rolling or announced"),
    "joint_too_few": N_(
        "needs %(needs_cities)s cities from %(needs_countries)s countries; you and the partners who "
        "qualify are %(has_cities)s from %(has_countries)s"
    ),
    "gap_below_minimum": N_("the funding gap %(gap)s is below the programme's minimum %(minimum)s"),
    "field": N_("the field agrees: %(value)s"),
    "gpc_sector": N_("the GPC sector agrees: %(value)s"),
    "measure_type": N_("the measure type agrees: %(value)s"),
    "closes_in": N_("closes in %(days)s days (%(closes_on)s)"),
    "rolling": N_("open all year (rolling)"),
    "opens_on": N_("opens on %(opens_on)s (in %(days)s days)"),
    "joint_possible": N_(
        "needs %(needs_cities)s cities from %(needs_countries)s countries: these partners of yours "
        "qualify: %(partners)s"
    ),
    "amount_range": N_("gives %(range)s; the funding gap is %(gap)s"),
    "cofinancing": N_(
        "pays up to %(rate)s of the cost %(cost)s, at most %(covers)s: "
        "%(gap_after)s of the gap %(gap)s remain"
    ),
    "other_currency": N_("amounts are in %(currency)s, the measure's in %(need_currency)s"),
}
NO_PARTNERS = N_("none")
ANY_AMOUNT = N_("any amount")
FROM_AMOUNT = N_("from %(low)s")
UP_TO_AMOUNT = N_("up to %(high)s")
DEADLINE_KINDS = {"closes": N_("closes"), "opens": N_("opens")}
