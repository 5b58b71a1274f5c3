"""The reasons of funding matches in the reader's words: codes and figures from
domain/funding_match.py, words from i18n/funding_match_labels.py. Used by the pages and the CLI."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from citypact.domain.funding_match import Reason
from citypact.domain.measures import FIELDS
from citypact.i18n.catalog import translations
from citypact.i18n.funding_labels import SIZE_BAND_LABELS
from citypact.i18n.funding_match_labels import (
    ANY_AMOUNT,
    FROM_AMOUNT,
    NO_PARTNERS,
    REASON_LABELS,
    UP_TO_AMOUNT,
)
from citypact.reports.climate_city_contract import money_text

Money = Callable[[int, str], str]


def _whole(figures: Mapping[str, object], name: str) -> int:
    value = figures.get(name)
    return value if isinstance(value, int) else 0


def reason_text(
    reason: Reason,
    lang: str,
    *,
    currency: str,
    partner_names: Mapping[int, str] | None = None,
    money: Money | None = None,
) -> str:
    """One reason as a sentence part; `currency` is the programme's (its amounts are in it)."""
    _ = translations(lang).gettext
    fmt = money or money_text(lang)
    f = dict(reason.figures)
    values: dict[str, object] = {k: ("" if v is None else v) for k, v in f.items()}
    if reason.code == "field" and isinstance(f.get("value"), str) and str(f["value"]) in FIELDS:
        values["value"] = _(FIELDS[str(f["value"])])
    if reason.code == "size_band" and isinstance(f.get("size_band"), str):
        values["size_band"] = _(SIZE_BAND_LABELS.get(str(f["size_band"]), str(f["size_band"])))
    if reason.code in ("joint_possible", "joint_too_few"):
        ids = f.get("partners")
        listed = ids if isinstance(ids, tuple) else ()
        names = [(partner_names or {}).get(i, f"#{i}") for i in listed if isinstance(i, int)]
        values["partners"] = ", ".join(names) if names else _(NO_PARTNERS)
    if reason.code == "gap_below_minimum":
        values["gap"] = fmt(int(f["gap_minor"] or 0), currency)  # type: ignore[arg-type]
        values["minimum"] = fmt(int(f["amount_min_minor"] or 0), currency)  # type: ignore[arg-type]
    if reason.code == "amount_range":
        low, high = f.get("amount_min_minor"), f.get("amount_max_minor")
        if isinstance(low, int) and isinstance(high, int):
            values["range"] = f"{fmt(low, currency)} – {fmt(high, currency)}"
        elif isinstance(low, int):
            values["range"] = _(FROM_AMOUNT) % {"low": fmt(low, currency)}
        elif isinstance(high, int):
            values["range"] = _(UP_TO_AMOUNT) % {"high": fmt(high, currency)}
        else:
            values["range"] = _(ANY_AMOUNT)
        values["gap"] = fmt(int(f["gap_minor"] or 0), currency)  # type: ignore[arg-type]
    if reason.code == "cofinancing":
        rate = _whole(f, "rate_bp")
        values["rate"] = f"{rate / 100:g} %"
        for name in ("cost", "covers", "gap", "gap_after"):
            values[name] = fmt(int(f[f"{name}_minor"] or 0), currency)  # type: ignore[arg-type]
    return _(REASON_LABELS[reason.code]) % values
