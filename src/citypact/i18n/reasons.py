"""Reasons (domain.reasons.Reason: a code with figures) in the reader's language, in one place for
the pages, the PDFs and the CLI. One function per family of reasons: peers of the benchmark,
partner matching and cases like mine; a code a family does not know is written as its code, never dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from citypact.domain.measures import FIELDS
from citypact.domain.reasons import Reason
from citypact.i18n import labels
from citypact.i18n.catalog import Formatter, formatter, translations
from citypact.i18n.labels import N_

Gettext = Callable[[str], str]
Ngettext = Callable[[str, str, int], str]

# The conditions two cities were compared on (domain.peers CONDITIONS and REGION).
CONDITIONS = {
    "log_population": N_("size"),
    "log_density": N_("density"),
    "hdd": N_("heating degree days"),
    "cdd": N_("cooling degree days"),
    "log_gdp_per_capita": N_("GDP per person"),
    "grid": N_("national grid"),
    "region": N_("world region"),
}


# Where a city's degree days come from (source ids of services.conditions and the reference data).
DEGREE_DAY_SOURCES = {
    "nangini2019_gea": N_("the city's own (GEA+)"),
    "nangini2019_clim": N_("the city's climate record"),
    "eurostat_chdd": N_("national figure"),
}


def _as_code(reason: Reason) -> str:
    """A reason no family knows: its code with its values, visible (and untranslated), never lost."""
    parts = [str(p) for p in (reason.mine, reason.other, reason.note) if p is not None]
    return f"{reason.kind} ({', '.join(parts)})" if parts else reason.kind


def _number(fmt: Formatter, value: float | str | None, digits: int = 0) -> str:
    return fmt.number(float(value), digits) if isinstance(value, (int, float)) else "–"


def _signed(fmt: Formatter, value: float | str | None, digits: int = 1) -> str:
    if not isinstance(value, (int, float)):
        return "–"
    text = fmt.number(abs(value), digits)
    return text if text.strip("0.,") == "" else ("+" if value > 0 else "\u2212") + text


def _mid(text: str, lang: str) -> str:
    """A label inside a sentence: English lowercases its first letter (German nouns keep theirs)."""
    return text[:1].lower() + text[1:] if lang == "en" else text


def _field(_: Gettext, code: str | None, lang: str) -> str:
    label = _(FIELDS[code]) if code is not None and code in FIELDS else _("the whole city")
    return _mid(label, lang)


def _conditions(reason: Reason, _: Gettext, fmt: Formatter) -> str | None:
    """The framework conditions two cities share (domain.match_reasons.condition_reasons)."""
    r = reason
    if r.kind == "same_country":
        return _("same country (%(country)s)") % {"country": fmt.country(str(r.mine))}
    digits = 2 if r.kind == "similar_grid" else 0
    values = {"other": _number(fmt, r.other, digits), "mine": _number(fmt, r.mine, digits)}
    if r.kind == "similar_size":
        return _("similar size (%(other)s vs %(mine)s inhabitants)") % values
    if r.kind == "similar_density":
        return _("similar density (%(other)s vs %(mine)s per km²)") % values
    if r.kind == "same_climate_zone":
        zone = _(labels.CLIMATE_ZONES.get(r.note or "", r.note or ""))
        text = _("same climate zone, %(zone)s (heating degree days %(other)s vs %(mine)s)") % {
            **values,
            "zone": zone,
        }
        if r.sources is None:
            return text
        mine, other = (_(DEGREE_DAY_SOURCES.get(s, s)) if s else _("unknown") for s in r.sources)
        return text + "; " + _("degree days: %(other)s vs %(mine)s") % {"other": other, "mine": mine}
    if r.kind == "similar_gdp":
        return _("similar GDP per person (%(other)s vs %(mine)s USD)") % values
    if r.kind == "similar_grid":
        return _("similar national grid (%(other)s vs %(mine)s kg CO₂/kWh)") % values
    return None


def _evidence(reason: Reason, _: Gettext, ngettext: Ngettext, fmt: Formatter, lang: str) -> str | None:
    """A mentor's (or, turned round, the asking city's) evidence: its field and its figures."""
    goal, _sep, part = reason.kind.partition("_")
    if goal not in ("mentor", "mentee") or not part:
        return None
    field = _field(_, reason.note, lang)
    # The one who is ahead, and the one who learns: for a mentor the candidate is ahead.
    ahead, behind = (reason.other, reason.mine) if goal == "mentor" else (reason.mine, reason.other)
    values = {"field": field}
    if part == "plan":
        values |= {"ahead": _number(fmt, ahead), "behind": _number(fmt, behind)}
        if behind is None:
            text = _("%(field)s: %(ahead)s of 4 in the action plan against no plan on citypact")
        else:
            text = _("%(field)s: %(ahead)s of 4 in the action plan against %(behind)s")
    elif part == "cases":
        values |= {"ahead": _number(fmt, ahead), "behind": _number(fmt, behind)}
        count = int(ahead) if isinstance(ahead, (int, float)) else 0
        text = ngettext(
            "%(field)s: %(ahead)s published best-practice case against %(behind)s",
            "%(field)s: %(ahead)s published best-practice cases against %(behind)s",
            count,
        )
    elif part == "target":
        values |= {"ahead": _number(fmt, ahead, 1), "behind": _number(fmt, behind, 1)}
        if behind is None:
            text = _("%(field)s: a target of %(ahead)s%% less a year against no target on record")
        else:
            text = _("%(field)s: a target of %(ahead)s%% less a year against %(behind)s%%")
    elif part == "trend":
        values |= {"ahead": _signed(fmt, ahead), "behind": _signed(fmt, behind)}
        if behind is None:
            text = _("%(field)s: emissions change %(ahead)s%% a year against an unknown trend")
        else:
            text = _("%(field)s: emissions change %(ahead)s%% a year against %(behind)s%%")
    elif part == "performance":
        values |= {"ahead": _signed(fmt, ahead, 0), "behind": _signed(fmt, behind, 0)}
        if behind is None:
            text = _(
                "%(field)s: %(ahead)s%% against the level its framework conditions lead to expect, "
                "against no comparison"
            )
        else:
            text = _(
                "%(field)s: %(ahead)s%% against the level its framework conditions lead to expect, "
                "against %(behind)s%%"
            )
    else:
        return None
    if goal == "mentor":
        return _("ahead in %(evidence)s") % {"evidence": text % values}
    return _("you are ahead in %(evidence)s") % {"evidence": text % values}


_FIXED: Mapping[str, str] = {
    "shared_language": "a shared official language",
    "shared_network": "in a network together",
    "twin_towns": "twin towns already",
    "past_work": "have worked together before",
}


def matching_reason(reason: Reason, lang: str) -> str:
    """A reason of partner matching (domain.match_reasons.explain) in the reader's language."""
    catalog = translations(lang)
    _: Gettext = catalog.gettext
    fmt = formatter(lang)
    if reason.kind in _FIXED:
        return _(_FIXED[reason.kind])
    if reason.kind == "similar_ambition":
        return _("similar ambition (%(other)s%% vs %(mine)s%% reduction a year)") % {
            "other": _number(fmt, reason.other, 1),
            "mine": _number(fmt, reason.mine, 1),
        }
    if reason.kind == "same_region":
        return _("same region (%(region)s)") % {"region": reason.mine}
    if reason.kind == "twin_links":
        return _("open to partnerships (%(links)s twin towns)") % {"links": _number(fmt, reason.other)}
    if reason.kind == "distance_km":
        return _("%(km)s km apart") % {"km": _number(fmt, reason.other)}
    if reason.kind in ("cooperation_offer", "cooperation_need"):
        values = {
            "support": _mid(_(labels.COOPERATION_SUPPORT.get(str(reason.other), str(reason.other))), lang),
            "field": _field(_, reason.note, lang),
        }
        text = (
            _("offers %(support)s in %(field)s")
            if reason.kind == "cooperation_offer"
            else _("needs %(support)s in %(field)s")
        ) % values
        if reason.mine is not None:
            asked = _mid(_(labels.COOPERATION_SUPPORT.get(str(reason.mine), str(reason.mine))), lang)
            text += " " + _("(you asked for %(support)s)") % {"support": asked}
        return text
    return (
        _evidence(reason, _, catalog.ngettext, fmt, lang) or _conditions(reason, _, fmt) or _as_code(reason)
    )


def matching_reasons(reasons: tuple[Reason, ...] | list[Reason], lang: str) -> list[str]:
    return [matching_reason(r, lang) for r in reasons]


def peer_reason(reason: Reason, lang: str) -> str:
    """Why a city is like another (domain.peers: benchmark peers and cases like mine) in the
    reader's language."""
    _: Gettext = translations(lang).gettext
    if reason.kind == "same_world_region":
        region = str(reason.mine)
        return _("same world region (%(region)s)") % {"region": _(labels.WORLD_REGIONS.get(region, region))}
    return _conditions(reason, _, formatter(lang)) or _as_code(reason)


def peer_reasons(reasons: tuple[Reason, ...] | list[Reason], lang: str) -> list[str]:
    return [peer_reason(r, lang) for r in reasons]


def compared(codes: tuple[str, ...] | list[str], lang: str) -> str:
    """The conditions two cities were compared on, as a list in `lang`."""
    _ = translations(lang).gettext
    return ", ".join(_(CONDITIONS.get(code, code)) for code in codes)
