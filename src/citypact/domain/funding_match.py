"""Which funding programmes fit an applicant city and one of its needs on a given day, and why.

Pure: plain dataclasses in, a `Match` per programme out, with the rules that rule a programme out
and the reasons it fits as codes with figures (never words; the pages and the CLI say them). Never
a probability of success: the order is a rule anybody can check (see `order`).

The rules, in `match`:
- country: the programme's countries ("EU" stands for the member states) must hold the city's;
- size band: its size bands must hold the city's (a city of unknown population is ruled out by a
  programme that lists size bands: "size_band_unknown");
- field, GPC sector, measure type: a programme listing none of them restricts nothing; one that
  lists some needs at least one of the need's to agree (a city-level match without a need skips it);
- timing: at least one call open, rolling or upcoming on the day (domain.funding.call_state: open up
  to and including its closing day); a closed call never matches, a programme without calls neither;
- joint: a joint-only programme, or one asking for more than one city or country, needs that many
  applicants: the city itself (counted once) and its partners that qualify (their country and size
  band eligible); see `joint_check`;
- amount: when the need's gap is known in the programme's currency, a gap below the programme's
  minimum amount rules it out.

Partners (decided here, documented in docs/funding_matching.md): the cities the applicant shares a
partnership with whose status is active, and its twin towns. The service collects them; this module
only counts them, each city once, the applicant never as its own partner.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from citypact.domain.funding import BASIS_POINTS, EU_MEMBER_STATES, call_state, size_band

RULE_OUT_CODES: Final = (
    "country",
    "size_band",
    "size_band_unknown",
    "subject",  # none of field / GPC sector / measure type agrees
    "no_open_call",
    "joint_too_few",
    "gap_below_minimum",
)
FIT_CODES: Final = (
    "field",
    "gpc_sector",
    "measure_type",
    "closes_in",
    "rolling",
    "opens_on",
    "joint_possible",
    "amount_range",
    "cofinancing",
    "other_currency",
)
OPEN_STATES: Final = ("open", "rolling", "upcoming")
MAX_PARTNERS: Final = 500  # more partners than this are not counted (a bound, far above real cases)

Figure = int | str | tuple[int, ...] | tuple[str, ...] | None


@dataclass(frozen=True)
class Call:
    id: int
    opens_on: dt.date | None
    closes_on: dt.date | None


@dataclass(frozen=True)
class Programme:
    """A programme as the rules read it; lists are codes, an empty list restricts nothing."""

    id: int
    currency: str
    calls: tuple[Call, ...] = ()
    countries: tuple[str, ...] = ()
    size_bands: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    gpc_sectors: tuple[str, ...] = ()
    measure_types: tuple[str, ...] = ()
    joint_required: bool = False
    min_cities: int = 1
    min_countries: int = 1
    amount_min_minor: int | None = None
    amount_max_minor: int | None = None
    funding_rate_bp: int | None = None


@dataclass(frozen=True)
class City:
    """An applicant or a partner: its country (ISO 3166-1 alpha-2) and population."""

    id: int
    country: str
    population: int | None


@dataclass(frozen=True)
class Need:
    """What money is sought for: a plan measure (kind "plan_measure"), a cooperation need (only a
    field), or nothing in particular (kind "city": the subject rules are skipped). Money in minor
    units of `currency`; `cost_minor` None when unknown."""

    kind: str = "city"
    id: int | None = None
    field: str | None = None
    gpc_sector: str | None = None
    measure_type: str | None = None
    currency: str | None = None
    cost_minor: int | None = None
    secured_minor: int = 0
    sought_minor: int = 0

    @property
    def gap_minor(self) -> int | None:
        """The cost neither secured nor sought yet (never below 0); None when the cost is unknown."""
        if self.cost_minor is None:
            return None
        return max(0, self.cost_minor - self.secured_minor - self.sought_minor)


@dataclass(frozen=True)
class Reason:
    code: str  # RULE_OUT_CODES or FIT_CODES
    figures: tuple[tuple[str, Figure], ...] = ()

    def figure(self, name: str) -> Figure:
        return dict(self.figures).get(name)


@dataclass(frozen=True)
class Joint:
    """The joint rule's count: cities needed and had (the applicant counted once), countries needed
    and had, and the partners that qualify (ids, in the order given)."""

    needs_cities: int
    needs_countries: int
    has_cities: int
    has_countries: int
    qualifying: tuple[int, ...]

    @property
    def met(self) -> bool:
        return self.has_cities >= self.needs_cities and self.has_countries >= self.needs_countries


@dataclass(frozen=True)
class Match:
    programme_id: int
    eligible: bool
    rules_out: tuple[Reason, ...]
    fits: tuple[Reason, ...]
    call_id: int | None  # the call that counts: open closing soonest, else rolling, else upcoming
    call_state: str | None
    closes_on: dt.date | None
    agree: int  # how many of field / GPC sector / measure type agree
    joint: Joint | None = field(default=None)


def countries_of(codes: Iterable[str]) -> frozenset[str]:
    """The countries a programme's list names, "EU" standing for the member states."""
    out: set[str] = set()
    for code in codes:
        if code == "EU":
            out.update(EU_MEMBER_STATES)
        else:
            out.add(code)
    return frozenset(out)


def applicant_qualifies(programme: Programme, city: City) -> bool:
    """Whether the city's country and size band are eligible for the programme."""
    if programme.countries and city.country not in countries_of(programme.countries):
        return False
    if programme.size_bands:
        band = size_band(city.population)
        return band is not None and band in programme.size_bands
    return True


def is_joint(programme: Programme) -> bool:
    return programme.joint_required or programme.min_cities > 1 or programme.min_countries > 1


def joint_check(programme: Programme, applicant: City, partners: Sequence[City]) -> Joint:
    """Count the applicants the city can bring: itself once, and each distinct partner (never
    itself) whose country and size band the programme accepts; and their countries."""
    needs_cities = max(programme.min_cities, 2 if programme.joint_required else 1)
    seen: set[int] = {applicant.id}
    qualifying: list[int] = []
    countries = {applicant.country}
    for partner in partners[:MAX_PARTNERS]:
        if partner.id in seen:
            continue
        seen.add(partner.id)
        if applicant_qualifies(programme, partner):
            qualifying.append(partner.id)
            countries.add(partner.country)
    return Joint(
        needs_cities, programme.min_countries, 1 + len(qualifying), len(countries), tuple(qualifying)
    )


def _best_call(programme: Programme, today: dt.date) -> tuple[Call, str] | None:
    best: tuple[tuple[int, dt.date, int], Call, str] | None = None
    for call in programme.calls:
        state = call_state(call.opens_on, call.closes_on, today)
        if state == "closed":
            continue
        if state == "open":
            assert call.closes_on is not None
            key = (0, call.closes_on, call.id)
        elif state == "rolling":
            key = (1, dt.date.max, call.id)
        else:
            assert call.opens_on is not None
            key = (2, call.opens_on, call.id)
        if best is None or key < best[0]:
            best = (key, call, state)
    return None if best is None else (best[1], best[2])


def _subject(programme: Programme, need: Need) -> tuple[list[Reason], bool]:
    """The subject rules: which of field, sector and type agree, and whether the programme's
    restriction (if any) is met."""
    pairs = (
        ("field", programme.fields, need.field),
        ("gpc_sector", programme.gpc_sectors, need.gpc_sector),
        ("measure_type", programme.measure_types, need.measure_type),
    )
    agree = [Reason(code, (("value", value),)) for code, listed, value in pairs if listed and value in listed]
    restricted = any(listed for _, listed, _ in pairs)
    return agree, (not restricted) or bool(agree)


def match(
    programme: Programme,
    applicant: City,
    need: Need,
    today: dt.date,
    partners: Sequence[City] = (),
) -> Match:
    """The programme against the applicant and its need on `today`: what rules it out (every rule
    that fails, not only the first) and why it fits."""
    out: list[Reason] = []
    fits: list[Reason] = []
    if programme.countries and applicant.country not in countries_of(programme.countries):
        out.append(Reason("country", (("country", applicant.country),)))
    if programme.size_bands:
        band = size_band(applicant.population)
        if band is None:
            out.append(Reason("size_band_unknown"))
        elif band not in programme.size_bands:
            out.append(Reason("size_band", (("size_band", band),)))
    agree = 0
    if need.kind != "city":
        agreeing, met = _subject(programme, need)
        agree = len(agreeing)
        fits.extend(agreeing)
        if not met:
            out.append(Reason("subject"))
    best = _best_call(programme, today)
    call_id = state = closes_on = None
    if best is None:
        last = max((c.closes_on for c in programme.calls if c.closes_on), default=None)
        out.append(Reason("no_open_call", (("last_closed_on", None if last is None else last.isoformat()),)))
    else:
        call, state = best
        call_id, closes_on = call.id, call.closes_on
        if state == "open":
            assert call.closes_on is not None
            days = (call.closes_on - today).days
            fits.append(Reason("closes_in", (("days", days), ("closes_on", call.closes_on.isoformat()))))
        elif state == "rolling":
            fits.append(Reason("rolling"))
        else:
            assert call.opens_on is not None
            days = (call.opens_on - today).days
            fits.append(Reason("opens_on", (("opens_on", call.opens_on.isoformat()), ("days", days))))
    joint = None
    if is_joint(programme):
        joint = joint_check(programme, applicant, partners)
        figures: tuple[tuple[str, Figure], ...] = (
            ("needs_cities", joint.needs_cities),
            ("needs_countries", joint.needs_countries),
            ("has_cities", joint.has_cities),
            ("has_countries", joint.has_countries),
            ("partners", joint.qualifying),
        )
        (fits if joint.met else out).append(
            Reason("joint_possible" if joint.met else "joint_too_few", figures)
        )
    out_money, fits_money = _money(programme, need)
    out.extend(out_money)
    fits.extend(fits_money)
    return Match(programme.id, not out, tuple(out), tuple(fits), call_id, state, closes_on, agree, joint)


def _money(programme: Programme, need: Need) -> tuple[list[Reason], list[Reason]]:
    gap = need.gap_minor
    if need.kind != "plan_measure" or gap is None or need.currency is None:
        return [], []
    if need.currency != programme.currency:
        return [], [
            Reason("other_currency", (("currency", programme.currency), ("need_currency", need.currency)))
        ]
    out: list[Reason] = []
    fits: list[Reason] = []
    low, high = programme.amount_min_minor, programme.amount_max_minor
    if low is not None and gap < low:
        out.append(Reason("gap_below_minimum", (("gap_minor", gap), ("amount_min_minor", low))))
    elif low is not None or high is not None:
        fits.append(
            Reason(
                "amount_range", (("amount_min_minor", low), ("amount_max_minor", high), ("gap_minor", gap))
            )
        )
    if programme.funding_rate_bp is not None and need.cost_minor is not None:
        covers = cofinancing(need.cost_minor, programme.funding_rate_bp, high)
        fits.append(
            Reason(
                "cofinancing",
                (
                    ("rate_bp", programme.funding_rate_bp),
                    ("cost_minor", need.cost_minor),
                    ("covers_minor", covers),
                    ("gap_minor", gap),
                    ("gap_after_minor", max(0, gap - covers)),
                ),
            )
        )
    return out, fits


def cofinancing(cost_minor: int, rate_bp: int, amount_max_minor: int | None) -> int:
    """The most the programme pays: rate x eligible cost (rounded down to a minor unit), capped at
    its maximum amount."""
    covers = cost_minor * rate_bp // BASIS_POINTS
    return covers if amount_max_minor is None else min(covers, amount_max_minor)


def order(matches: Iterable[Match]) -> list[Match]:
    """Eligible first, then the closing date soonest (rolling and undated last), then the most of
    field / sector / type agreeing, then the programme id (so the order is stable)."""
    return sorted(
        matches,
        key=lambda m: (not m.eligible, m.closes_on or dt.date.max, -m.agree, m.programme_id),
    )


def match_all(
    programmes: Iterable[Programme],
    applicant: City,
    need: Need,
    today: dt.date,
    partners: Sequence[City] = (),
) -> list[Match]:
    """Every programme matched and put in order."""
    return order(match(p, applicant, need, today, partners) for p in programmes)
