"""A city's activity profile from its measures: what it does, where it is strong or weak, and what next.

Three views of the same list of measures (the city's action plan):

1. Field x instrument profile, every cell scored 0-4 (`field_instrument_profile`).
   - A cell's score is the best stage among its measures, by `STAGE_SCORE`: idea or planned 1,
     adopted 2, in implementation 3, implemented or evaluated 4; 0 when the cell holds nothing.
   - Breadth bonus: a cell holding `BREADTH_COUNT` (3) or more measures that are at least adopted
     gets one step more, never past 4. Three decided measures with one instrument in one field are a
     programme, not a one-off; the bonus cannot lift an empty or merely planned cell.
   - Cancelled measures count 0 (as if absent).
   - A field's score is the mean of its two best cells, rounded half up (0-4): a field is served by
     more than one instrument, so one flagship measure alone gives half marks (4 and 0 make 2).
   - Weaknesses are the cells scored <= `WEAK_MAX` (1: empty or only ideas and plans), strengths the
     cells scored >= `STRONG_MIN` (3); weak fields are the fields scored <= `WEAK_MAX`.
   Adding a measure never lowers a cell or a field.
   - Out of scope (`no_say`, from the city's national scope of action, domain.scopes): a cell the
     municipality may not decide is never a weakness. A field with one cell or none it may decide is
     scored by its best cell alone (not by two, where the second could only be a cell it may not
     fill), and a field with none is never a weak field. What the city may not decide is not counted
     as missing; its measures there still count. So a scope never lowers a field's score and adding a
     measure still never lowers one.

2. Catalogue score in the manner of the European Energy Award (`catalogue_score`): points achieved
   over points possible, per field and overall, in percent. The tables below are this project's own
   simplified reading, not the official eea catalogue or its points.
   - Every catalogue measure type has `FIELD_POINTS[field]` points possible.
   - The city achieves `ACHIEVED_SHARE[stage]` of them for its best non-cancelled measure of that
     type (matched by code): idea 0 %, planned 25 %, adopted 50 %, in implementation 75 %,
     implemented or evaluated 100 %. Measures without a catalogue code count in the profile only.
   - Points possible are reduced for what the city cannot decide in its country
     (`decision_share`): a type decided by the municipality keeps `LOCAL_SHARE[country][field]`
     (below 1 where the country regulates the field nationally), one decided by the region keeps
     `REGION_FACTOR` x that, one decided by the nation or internationally keeps
     `NATIONAL_SHARE[country][field]`. Countries not in the tables use `DEFAULT_COUNTRY`.
   - A type whose reduced possible points are 0 (the city cannot decide it at all) does not count,
     not even what the city achieved on it; it is listed in `CatalogueScore.excluded`.
   - Score = achieved / reduced possible x 100, per field and overall; always within [0, 100], and
     implementing one more measure, or moving one forward, never lowers it.

3. Suggestions (`suggestions`): for the city's weak fields, the catalogue types it has not taken up
   (no measure of that code at least adopted) that at least one peer implemented, ranked by how many
   peer cities implemented them, then by points possible, each with its reason. A type no peer
   implemented is no suggestion ("implemented by 0 of your 10 peers" says nothing), so a city whose
   peers have no action plans gets none.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

import numpy as np
import numpy.typing as npt

from citypact.domain.measures import FIELDS, IMPLEMENTATION, INSTRUMENTS, check_axis

MAX_SCORE: Final = 4
WEAK_MAX: Final = 1
STRONG_MIN: Final = 3
BREADTH_COUNT: Final = 3
BREADTH_FROM_STAGE: Final = "adopted"

# Profile: the score of a cell holding one measure at this stage.
STAGE_SCORE: Final[Mapping[str, int]] = MappingProxyType(
    {
        "idea": 1,
        "planned": 1,
        "adopted": 2,
        "in_implementation": 3,
        "implemented": 4,
        "evaluated": 4,
    }
)

# Catalogue score: share of a type's points possible achieved by the city's best measure of it.
ACHIEVED_SHARE: Final[Mapping[str, float]] = MappingProxyType(
    {
        "idea": 0.0,
        "planned": 0.25,
        "adopted": 0.5,
        "in_implementation": 0.75,
        "implemented": 1.0,
        "evaluated": 1.0,
    }
)

# Points possible per catalogue measure type, by field: larger where a field holds a large share of a
# typical city's emissions and one measure type moves much of it (supply, buildings, transport) or
# enables the rest (governance); smaller for waste, industry and land use, where a city's share of
# emissions or its leverage is usually small; adaptation reduces no emissions and counts least.
FIELD_POINTS: Final[Mapping[str, int]] = MappingProxyType(
    {
        "governance": 8,
        "energy_supply": 8,
        "buildings_municipal": 6,
        "buildings_residential": 8,
        "buildings_commercial": 6,
        "transport": 8,
        "urban_planning": 6,
        "waste": 4,
        "industry": 4,
        "land_use": 4,
        "communication": 4,
        "adaptation": 2,
    }
)

DEFAULT_COUNTRY: Final = "*"

# Share of points possible a type decided by the municipality keeps, by country and field; 1 where the
# field is not regulated nationally (a field left out of a country's row is 1).
#   DE: the Buildings Energy Act (GEG) sets energy standards for private buildings federally, a city
#       can add them only through land sales and contracts; the federal road traffic law (StVO) limits
#       speed limits and parking rules.
#   JP: the national Building Energy Efficiency Act sets the building standards; the national City
#       Planning Act and Building Standards Act frame zoning; electricity is regulated nationally.
#   US: states and cities adopt and amend building codes, zone and run their streets (home rule;
#       state pre-emption is not modelled): nothing reduced.
#   Other countries: building standards and energy supply are usually national law.
LOCAL_SHARE: Final[Mapping[str, Mapping[str, float]]] = MappingProxyType(
    {
        "DE": MappingProxyType(
            {"buildings_residential": 0.75, "buildings_commercial": 0.75, "transport": 0.75}
        ),
        "JP": MappingProxyType(
            {
                "buildings_residential": 0.75,
                "buildings_commercial": 0.75,
                "energy_supply": 0.75,
                "urban_planning": 0.75,
            }
        ),
        "US": MappingProxyType({}),
        DEFAULT_COUNTRY: MappingProxyType(
            {"buildings_residential": 0.75, "buildings_commercial": 0.75, "energy_supply": 0.75}
        ),
    }
)

# A type decided by the region (a Land, a prefecture, a state) keeps this much of LOCAL_SHARE: the city
# shapes it through its region but does not decide it.
REGION_FACTOR: Final = 0.75

# Share of points possible a type decided by the nation or internationally keeps, by country and field
# (a field left out of a country's row keeps NATIONAL_DEFAULT): what the city can still add to a
# national rule (top-ups, enforcement, early adoption). 0 where it cannot decide anything of it.
#   DE: building energy standards are federal (GEG): a city cannot set its own, 0; industry is under
#       the EU ETS and the federal emissions law (BImSchG), 0; renewable support (EEG) and vehicle
#       standards are federal or EU, a city can only add, 0.25.
#   JP: the national building energy law sets the standards, 0 for homes; prefectures and cities may
#       add reporting duties for large commercial buildings, 0.25; the feed-in tariff and vehicle
#       rules are national, 0.25.
#   US: no national building code: states and cities adopt and tighten model codes, 1; utilities are
#       regulated by the states (renewable portfolio standards), 0.5; vehicle standards are federal
#       (with California's waiver), 0.25; industry under the federal Clean Air Act, 0.25.
#   Other countries: half of everything.
NATIONAL_DEFAULT: Final = 0.5
NATIONAL_SHARE: Final[Mapping[str, Mapping[str, float]]] = MappingProxyType(
    {
        "DE": MappingProxyType(
            {
                "buildings_residential": 0.0,
                "buildings_commercial": 0.0,
                "industry": 0.0,
                "energy_supply": 0.25,
                "transport": 0.25,
            }
        ),
        "JP": MappingProxyType(
            {
                "buildings_residential": 0.0,
                "buildings_commercial": 0.25,
                "energy_supply": 0.25,
                "transport": 0.25,
            }
        ),
        "US": MappingProxyType(
            {
                "buildings_residential": 1.0,
                "buildings_commercial": 1.0,
                "energy_supply": 0.5,
                "transport": 0.25,
                "industry": 0.25,
            }
        ),
        DEFAULT_COUNTRY: MappingProxyType({}),
    }
)

_COUNTRY = re.compile(r"^[A-Z]{2}$")
_FIELD_INDEX: Final = {f: i for i, f in enumerate(FIELDS)}
_INSTRUMENT_INDEX: Final = {x: i for i, x in enumerate(INSTRUMENTS)}
_STAGE_RANK: Final = {s: i for i, s in enumerate(IMPLEMENTATION)}


@dataclass(frozen=True)
class CityMeasure:
    """One measure of a city: `code` is the catalogue type it implements, None for the city's own."""

    code: str | None
    field: str
    instrument: str
    implementation: str
    cancelled: bool = False
    expected_reduction_t: float | None = None  # t CO2e a year, when the city estimated it

    def __post_init__(self) -> None:
        check_axis("field", self.field)
        check_axis("instrument", self.instrument)
        check_axis("implementation", self.implementation)
        r = self.expected_reduction_t
        if r is not None and not (math.isfinite(r) and r >= 0):
            raise ValueError(f"expected_reduction_t: {r!r} is not a finite number of tonnes >= 0")


@dataclass(frozen=True)
class CatalogueType:
    """A catalogue measure type with the level that decides it."""

    code: str
    field: str
    instrument: str
    decision_level: str

    def __post_init__(self) -> None:
        if not self.code:
            raise ValueError("code: a catalogue type needs a code")
        check_axis("field", self.field)
        check_axis("instrument", self.instrument)
        check_axis("decision_level", self.decision_level)


@dataclass(frozen=True)
class Cell:
    field: str
    instrument: str
    score: int  # 0-4
    measures: int  # measures counted (cancelled ones left out)
    expected_reduction_t: float  # sum of the counted measures' estimates (0 where none)


@dataclass(frozen=True)
class Profile:
    """The field x instrument profile. `cells` in taxonomy order (fields, then instruments)."""

    cells: tuple[Cell, ...]
    fields: Mapping[str, int]  # field -> 0-4
    weaknesses: tuple[tuple[str, str], ...]  # (field, instrument) scored <= WEAK_MAX
    strengths: tuple[tuple[str, str], ...]  # (field, instrument) scored >= STRONG_MIN
    weak_fields: tuple[str, ...]  # fields scored <= WEAK_MAX
    stages: Mapping[str, str]  # catalogue code -> best non-cancelled stage
    cancelled_codes: frozenset[str]  # codes the city only has as cancelled measures
    out_of_scope: frozenset[tuple[str, str]] = frozenset()  # cells the city may not decide

    def cell(self, field_code: str, instrument: str) -> Cell:
        check_axis("field", field_code)
        check_axis("instrument", instrument)
        return self.cells[_FIELD_INDEX[field_code] * len(INSTRUMENTS) + _INSTRUMENT_INDEX[instrument]]

    def matrix(self) -> npt.NDArray[np.int64]:
        """Scores as a fields x instruments array, in taxonomy order (for charts)."""
        scores = np.array([c.score for c in self.cells], dtype=np.int64)
        return scores.reshape(len(FIELDS), len(INSTRUMENTS))


@dataclass(frozen=True)
class TypeScore:
    code: str
    field: str
    stage: str | None  # the city's best non-cancelled stage, None when it has none
    possible: float  # before the national reduction
    share: float  # kept after the reduction, 0-1
    reduced_possible: float
    achieved: float


@dataclass(frozen=True)
class FieldScore:
    field: str
    achieved: float
    possible: float  # reduced
    percent: float | None  # None when the field has no points possible


@dataclass(frozen=True)
class CatalogueScore:
    country: str
    achieved: float
    possible: float  # reduced, summed over the types that count
    percent: float | None  # None only when no type counts at all
    fields: tuple[FieldScore, ...]  # fields with at least one type that counts, in taxonomy order
    types: tuple[TypeScore, ...]  # the types that count, in catalogue order
    excluded: tuple[str, ...]  # codes the city cannot decide at all in its country


@dataclass(frozen=True)
class Suggestion:
    code: str
    field: str
    instrument: str
    peers: int  # peers that implemented it
    points_possible: float  # reduced when a country was given
    reason: str


def _country(country: str) -> str:
    code = country.strip().upper()
    if not _COUNTRY.match(code):
        raise ValueError(f"country: {country!r} is not an ISO 3166 alpha-2 code")
    return code


def _best_stages(measures: Iterable[CityMeasure]) -> tuple[dict[str, str], frozenset[str]]:
    best: dict[str, str] = {}
    cancelled: set[str] = set()
    for m in measures:
        if m.code is None:
            continue
        if m.cancelled:
            cancelled.add(m.code)
        elif m.code not in best or _STAGE_RANK[m.implementation] > _STAGE_RANK[best[m.code]]:
            best[m.code] = m.implementation
    return best, frozenset(cancelled - set(best))


def _round_half_up(x: float) -> int:
    return math.floor(x + 0.5)


def field_instrument_profile(
    measures: Iterable[CityMeasure], no_say: frozenset[tuple[str, str]] = frozenset()
) -> Profile:
    """Score every field x instrument cell 0-4 and every field 0-4 (rules in the module docstring);
    `no_say`: the (field, instrument) cells the city may not decide in its country."""
    measures = list(measures)
    for field_code, instrument in no_say:
        check_axis("field", field_code)
        check_axis("instrument", instrument)
    n_f, n_i = len(FIELDS), len(INSTRUMENTS)
    best = np.zeros((n_f, n_i), dtype=np.int64)
    broad = np.zeros((n_f, n_i), dtype=np.int64)  # measures at least adopted
    count = np.zeros((n_f, n_i), dtype=np.int64)
    reduction = np.zeros((n_f, n_i), dtype=np.float64)
    from_rank = _STAGE_RANK[BREADTH_FROM_STAGE]
    for m in measures:
        if m.cancelled:
            continue
        f, i = _FIELD_INDEX[m.field], _INSTRUMENT_INDEX[m.instrument]
        best[f, i] = max(best[f, i], STAGE_SCORE[m.implementation])
        broad[f, i] += _STAGE_RANK[m.implementation] >= from_rank
        count[f, i] += 1
        reduction[f, i] += m.expected_reduction_t or 0.0
    scores = np.minimum(best + (broad >= BREADTH_COUNT), MAX_SCORE)
    in_scope = np.ones((n_f, n_i), dtype=bool)
    for field_code, instrument in no_say:
        in_scope[_FIELD_INDEX[field_code], _INSTRUMENT_INDEX[instrument]] = False
    # A field is served by as many of its best cells as it has cells the city may decide, at most 2
    # (at least 1); any cell, in scope or not, may be among the best.
    ranked = np.sort(scores, axis=1)[:, ::-1]
    served = np.clip(in_scope.sum(axis=1), 1, 2)
    field_scores = {f: _round_half_up(float(ranked[k, : served[k]].mean())) for k, f in enumerate(FIELDS)}
    no_field = {f for k, f in enumerate(FIELDS) if not in_scope[k].any()}
    cells = tuple(
        Cell(f, x, int(scores[a, b]), int(count[a, b]), float(reduction[a, b]))
        for a, f in enumerate(FIELDS)
        for b, x in enumerate(INSTRUMENTS)
    )
    stages, cancelled = _best_stages(measures)
    return Profile(
        cells=cells,
        fields=MappingProxyType(field_scores),
        weaknesses=tuple(
            (c.field, c.instrument)
            for c in cells
            if c.score <= WEAK_MAX and (c.field, c.instrument) not in no_say
        ),
        strengths=tuple((c.field, c.instrument) for c in cells if c.score >= STRONG_MIN),
        weak_fields=tuple(f for f, s in field_scores.items() if s <= WEAK_MAX and f not in no_field),
        out_of_scope=no_say,
        stages=MappingProxyType(stages),
        cancelled_codes=cancelled,
    )


def decision_share(decision_level: str, field_code: str, country: str) -> float:
    """The share of a type's points possible the city keeps in `country` (tables in the docstring)."""
    check_axis("decision_level", decision_level)
    check_axis("field", field_code)
    code = _country(country)
    key = code if code in LOCAL_SHARE else DEFAULT_COUNTRY
    if decision_level in ("nation", "international"):
        return NATIONAL_SHARE[key].get(field_code, NATIONAL_DEFAULT)
    local = LOCAL_SHARE[key].get(field_code, 1.0)
    return local * REGION_FACTOR if decision_level == "region" else local


def _check_catalogue(catalogue: Sequence[CatalogueType]) -> None:
    seen: set[str] = set()
    for t in catalogue:
        if t.code in seen:
            raise ValueError(f"code: {t.code!r} appears twice in the catalogue")
        seen.add(t.code)


def catalogue_score(
    measures: Iterable[CityMeasure], catalogue: Sequence[CatalogueType], country: str
) -> CatalogueScore:
    """Points achieved over points possible reduced for the country, per field and overall (percent)."""
    code = _country(country)
    _check_catalogue(catalogue)
    stages, _ = _best_stages(measures)
    types: list[TypeScore] = []
    excluded: list[str] = []
    for t in catalogue:
        possible = float(FIELD_POINTS[t.field])
        share = decision_share(t.decision_level, t.field, code)
        if share <= 0.0:
            excluded.append(t.code)
            continue
        stage = stages.get(t.code)
        reduced = possible * share
        achieved = reduced * ACHIEVED_SHARE[stage] if stage is not None else 0.0
        types.append(TypeScore(t.code, t.field, stage, possible, share, reduced, achieved))
    achieved_by = np.zeros(len(FIELDS))
    possible_by = np.zeros(len(FIELDS))
    counted = np.zeros(len(FIELDS), dtype=bool)
    for ts in types:
        k = _FIELD_INDEX[ts.field]
        achieved_by[k] += ts.achieved
        possible_by[k] += ts.reduced_possible
        counted[k] = True
    fields = tuple(
        FieldScore(f, float(achieved_by[k]), float(possible_by[k]), _percent(achieved_by[k], possible_by[k]))
        for k, f in enumerate(FIELDS)
        if counted[k]
    )
    total_achieved, total_possible = float(achieved_by.sum()), float(possible_by.sum())
    return CatalogueScore(
        country=code,
        achieved=total_achieved,
        possible=total_possible,
        percent=_percent(total_achieved, total_possible),
        fields=fields,
        types=tuple(types),
        excluded=tuple(excluded),
    )


def _percent(achieved: float, possible: float) -> float | None:
    if possible <= 0:
        return None
    return min(100.0, max(0.0, 100.0 * float(achieved) / float(possible)))


def suggestions(
    profile: Profile,
    catalogue_types: Sequence[CatalogueType],
    peer_implemented: Mapping[str, int],
    k: int,
    *,
    peers: int | None = None,
    country: str | None = None,
) -> list[Suggestion]:
    """Up to `k` catalogue types for the city's weak fields that it has not taken up (no measure of
    the code at least adopted) and at least one peer implemented, most implemented by peers first,
    then most points possible, then code.

    `peer_implemented`: code -> how many peer cities implemented it (a missing code is 0); `peers`:
    how many peers there are, for the reason ("7 of your 10 peers"). With `country`, points possible
    are the reduced ones and types the city cannot decide there are not suggested.
    """
    if k < 0:
        raise ValueError(f"k: {k} is negative")
    if peers is not None and peers < 0:
        raise ValueError(f"peers: {peers} is negative")
    for code, n in peer_implemented.items():
        if n < 0 or (peers is not None and n > peers):
            limit = f" or above {peers} peers" if peers is not None else ""
            raise ValueError(f"peer_implemented[{code!r}]: {n} is negative{limit}")
    _check_catalogue(catalogue_types)
    weak = set(profile.weak_fields)
    adopted = _STAGE_RANK["adopted"]
    found: list[Suggestion] = []
    for t in catalogue_types:
        if t.field not in weak:
            continue
        stage = profile.stages.get(t.code)
        if stage is not None and _STAGE_RANK[stage] >= adopted:
            continue
        points = float(FIELD_POINTS[t.field])
        if country is not None:
            points *= decision_share(t.decision_level, t.field, country)
            if points <= 0:
                continue
        n = int(peer_implemented.get(t.code, 0))
        if n < 1:
            continue  # no peer implemented it: nothing to learn from them
        who = f"{n} of your {peers} peers" if peers is not None else f"{n} peers"
        reason = (
            f"implemented by {who}; your profile in {t.field} is {profile.fields[t.field]} of {MAX_SCORE}"
        )
        if stage is not None:
            reason += f"; you have it as {IMPLEMENTATION[stage].lower()}"
        elif t.code in profile.cancelled_codes:
            reason += "; you cancelled it before"
        found.append(Suggestion(t.code, t.field, t.instrument, n, points, reason))
    found.sort(key=lambda s: (-s.peers, -s.points_possible, s.code))
    return found[:k]
