"""Reasons (domain.reasons.Reason) in the reader's language: the one place that turns their codes and
figures into words, for the pages, the PDFs and the CLI. An unknown kind is shown as its code with its
values, so a new reason is visible (and untranslated) rather than lost."""

from __future__ import annotations

from citypact.domain.reasons import Reason
from citypact.web import labels
from citypact.web.i18n import formatter, translations
from citypact.web.labels import N_

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


def _value(value: float | str | None, lang: str, digits: int = 0) -> str:
    if isinstance(value, float | int):
        return formatter(lang).number(float(value), digits)
    return "" if value is None else str(value)


def render(reason: Reason, lang: str) -> str:
    """One reason as a phrase in `lang` (en, de, ja)."""
    _ = translations(lang).gettext
    fmt = formatter(lang)
    mine, other = _value(reason.mine, lang), _value(reason.other, lang)
    kind = reason.kind
    if kind == "same_country":
        return _("same country (%(country)s)") % {"country": fmt.country(str(reason.mine))}
    if kind == "same_region":
        return _("same world region (%(region)s)") % {"region": str(reason.mine)}
    if kind == "similar_size":
        return _("similar size (%(other)s vs %(mine)s inhabitants)") % {"other": other, "mine": mine}
    if kind == "similar_density":
        return _("similar density (%(other)s vs %(mine)s per km²)") % {"other": other, "mine": mine}
    if kind == "same_climate_zone":
        zone = _(labels.CLIMATE_ZONES.get(reason.note or "", reason.note or ""))
        return _("same climate zone, %(zone)s (heating degree days %(other)s vs %(mine)s)") % {
            "zone": zone,
            "other": other,
            "mine": mine,
        }
    if kind == "similar_gdp_per_capita":
        return _("similar GDP per person (%(other)s vs %(mine)s USD)") % {"other": other, "mine": mine}
    if kind == "similar_grid":
        values = {"other": _value(reason.other, lang, 2), "mine": _value(reason.mine, lang, 2)}
        return _("similar national grid (%(other)s vs %(mine)s kg CO₂/kWh)") % values
    parts = [str(p) for p in (reason.mine, reason.other, reason.note) if p is not None]
    return f"{kind} ({', '.join(parts)})" if parts else kind


def compared(codes: tuple[str, ...] | list[str], lang: str) -> str:
    """The conditions compared, as a list in `lang`."""
    _ = translations(lang).gettext
    return ", ".join(_(CONDITIONS.get(code, code)) for code in codes)
