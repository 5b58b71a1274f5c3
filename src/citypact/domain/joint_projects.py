"""Joint infrastructure projects: how partner cities share the costs and the reductions.

A project's partners share by one rule: by population (the registry's figure of a stated year), by
use (a stated quantity per partner, e.g. MWh of heat taken), by benefit (a stated benefit per
partner, e.g. trips a year) or by agreed shares (percentages summing to 100). The rule gives each
partner a weight (its input over the sum of the inputs), exact as a fraction of the decimals typed.

Costs are integer minor units (cents). Each year's capital costs and each year's operating costs
are split separately by the largest-remainder method (Hamilton): every partner gets the whole
cents of its exact share, and the cents left over go one each to the largest remainders (ties to
the smaller partner key), so the parts of every year sum exactly to the year's whole and no
partner is ever more than one cent from its exact share. A partner's total is the sum of its
years, so the totals also sum exactly to the whole.

The expected reduction (t CO2e per year) is attributed with the same rule and the same method in
whole kilograms: the parts sum to the whole rounded down to the kilogram, never above it, so no
tonne is counted twice across the partners' inventories.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Final

RULES: Final = ("population", "use", "benefit", "agreed")
KINDS: Final = (
    "district_heating",
    "cycle_highway",
    "waste_plant",
    "public_transport",
    "renewable_energy",
    "water",
    "other",
)
STATUSES: Final = ("idea", "planned", "building", "operating", "closed")
COST_KINDS: Final = ("capex", "opex")
FIRST_YEAR: Final = 1990
LAST_YEAR: Final = 2100
MAX_PERIOD_YEARS: Final = 60  # a cost line's or a project's years: bounds the sharing table


class JointProjectError(ValueError):
    """A value that breaks a rule, naming the field and how to fix it; `code` says which rule, so
    a page can word it (missing_input, negative_input, zero_inputs, agreed_not_100, ...)."""

    def __init__(self, field: str, message: str, code: str = "invalid") -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.code = code


def check_transition(current: str, target: str) -> str:
    """A project moves one step on (idea, planned, building, operating, closed) or is closed from
    any status (abandoned); a closed project stays closed."""
    if target not in STATUSES:
        raise JointProjectError("status", f"unknown status {target!r}; use one of {', '.join(STATUSES)}.")
    if current == "closed":
        raise JointProjectError("status", "the project is closed; it is kept as it was.")
    following = STATUSES[STATUSES.index(current) + 1]
    if target not in (following, "closed"):
        raise JointProjectError("status", f"a {current} project moves on to {following} or is closed.")
    return target


def _exact(value: float | int) -> Fraction:
    """The decimal a person typed, exactly (0.1 is 1/10, not the float nearest to it)."""
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(repr(value))


def weights(rule: str, inputs: Mapping[int, float | int | None]) -> dict[int, Fraction]:
    """Each partner's share of the whole (summing to exactly 1), from its input under `rule`.

    population, use, benefit: the input over the sum of the inputs (at least one above 0);
    agreed: the input is a percentage, and the percentages sum to exactly 100."""
    if rule not in RULES:
        raise JointProjectError(
            "rule", f"unknown rule {rule!r}; use one of {', '.join(RULES)}.", "unknown_rule"
        )
    if not inputs:
        raise JointProjectError("partners", "a project has at least one partner.", "no_partners")
    exact: dict[int, Fraction] = {}
    for key, value in inputs.items():
        if value is None:
            raise JointProjectError(
                rule, f"partner {key} has no {rule} figure; give one for every partner.", "missing_input"
            )
        if not math.isfinite(value) or value < 0:
            raise JointProjectError(
                rule, f"partner {key}: {value} is not a number of 0 or more.", "negative_input"
            )
        exact[key] = _exact(value)
    total = sum(exact.values(), Fraction(0))
    if rule == "agreed":
        if total != 100:
            raise JointProjectError(
                "agreed",
                f"the agreed shares sum to {float(total):g} %; they must sum to exactly 100 %.",
                "agreed_not_100",
            )
    elif total == 0:
        raise JointProjectError(
            rule, f"every partner's {rule} figure is 0; give at least one above 0.", "zero_inputs"
        )
    return {key: value / total for key, value in exact.items()}


def largest_remainder(whole: int, shares: Mapping[int, Fraction]) -> dict[int, int]:
    """`whole` (an integer count: cents, kilograms) split in proportion to `shares` (summing to 1)
    so the parts are integers that sum exactly to `whole`: each takes the floor of its exact part,
    the units left go one each to the largest remainders, ties to the smaller key. The result does
    not depend on the order of `shares`."""
    if whole < 0:
        raise JointProjectError("amount", f"{whole} is negative; amounts are 0 or more.")
    exact = {key: share * whole for key, share in shares.items()}
    parts = {key: math.floor(value) for key, value in exact.items()}
    left = whole - sum(parts.values())
    order = sorted(exact, key=lambda key: (-(exact[key] - parts[key]), key))
    for key in order[:left]:
        parts[key] += 1
    return parts


@dataclass(frozen=True)
class CostLine:
    """A cost of the project: capex (`amount_minor` spread evenly over its years, one year when
    `year_to` is None) or opex (`amount_minor` every year of its period, up to the project's end
    when `year_to` is None)."""

    kind: str
    year_from: int
    year_to: int | None
    amount_minor: int


def cost_years(line: CostLine, project_end: int) -> range:
    """The years a cost line falls in."""
    if line.kind not in COST_KINDS:
        raise JointProjectError("kind", f"unknown cost kind {line.kind!r}; use capex or opex.")
    last = (
        line.year_to
        if line.year_to is not None
        else (line.year_from if line.kind == "capex" else project_end)
    )
    if last < line.year_from:
        raise JointProjectError(
            "year_to", f"{last} is before {line.year_from}; give the last year after the first."
        )
    if last - line.year_from + 1 > MAX_PERIOD_YEARS:
        raise JointProjectError("year_to", f"a cost line covers at most {MAX_PERIOD_YEARS} years.")
    return range(line.year_from, last + 1)


def yearly_costs(lines: Iterable[CostLine], project_end: int) -> dict[int, tuple[int, int]]:
    """The project's (capex, opex) in minor units per year, in year order. A capex line over several
    years is spread evenly by the largest-remainder method (earlier years take the extra cents)."""
    capex: dict[int, int] = {}
    opex: dict[int, int] = {}
    for line in lines:
        years = cost_years(line, project_end)
        if line.kind == "capex":
            even = {year: Fraction(1, len(years)) for year in years}
            for year, part in largest_remainder(line.amount_minor, even).items():
                capex[year] = capex.get(year, 0) + part
        else:
            for year in years:
                opex[year] = opex.get(year, 0) + line.amount_minor
    return {year: (capex.get(year, 0), opex.get(year, 0)) for year in sorted(capex.keys() | opex.keys())}


@dataclass(frozen=True)
class YearShare:
    """One partner's part of one year's costs, in minor units."""

    year: int
    capex_minor: int
    opex_minor: int

    @property
    def total_minor(self) -> int:
        return self.capex_minor + self.opex_minor


@dataclass(frozen=True)
class PartnerShare:
    """A partner's weight, its parts of the costs year by year and its attributed reduction."""

    key: int
    weight: Fraction
    years: tuple[YearShare, ...]
    reduction_kg: int | None

    @property
    def capex_minor(self) -> int:
        return sum(y.capex_minor for y in self.years)

    @property
    def opex_minor(self) -> int:
        return sum(y.opex_minor for y in self.years)

    @property
    def total_minor(self) -> int:
        return self.capex_minor + self.opex_minor


@dataclass(frozen=True)
class ShareTable:
    """The whole project's costs per year and every partner's part of them."""

    years: tuple[YearShare, ...]
    partners: tuple[PartnerShare, ...]
    reduction_kg: int | None

    @property
    def total_minor(self) -> int:
        return sum(y.total_minor for y in self.years)


def attribute_reduction(reduction_t: float, shares: Mapping[int, Fraction]) -> dict[int, int]:
    """The expected reduction (t CO2e per year) attributed to the partners in whole kilograms; the
    parts sum to the whole rounded down to the kilogram, never above it."""
    if not math.isfinite(reduction_t) or reduction_t < 0:
        raise JointProjectError("reduction_t", f"{reduction_t} is not a number of 0 or more.")
    whole_kg = math.floor(_exact(reduction_t) * 1000)
    return largest_remainder(whole_kg, shares)


def share_table(
    rule: str,
    inputs: Mapping[int, float | int | None],
    lines: Sequence[CostLine],
    project_end: int,
    reduction_t: float | None = None,
) -> ShareTable:
    """Every partner's part of each year's capex and opex, and of the expected reduction."""
    shares = weights(rule, inputs)
    whole = yearly_costs(lines, project_end)
    per_partner: dict[int, list[YearShare]] = {key: [] for key in shares}
    for year, (capex, opex) in whole.items():
        capex_parts = largest_remainder(capex, shares)
        opex_parts = largest_remainder(opex, shares)
        for key in shares:
            per_partner[key].append(YearShare(year, capex_parts[key], opex_parts[key]))
    reductions = attribute_reduction(reduction_t, shares) if reduction_t is not None else None
    return ShareTable(
        years=tuple(YearShare(year, capex, opex) for year, (capex, opex) in whole.items()),
        partners=tuple(
            PartnerShare(
                key=key,
                weight=shares[key],
                years=tuple(per_partner[key]),
                reduction_kg=reductions[key] if reductions is not None else None,
            )
            for key in sorted(shares)
        ),
        reduction_kg=math.floor(_exact(reduction_t) * 1000) if reduction_t is not None else None,
    )
