"""GPC 1.1 reference table: counts, reporting levels, look-ups, and a check against a public schema."""

from __future__ import annotations

import csv
import dataclasses
import os
from pathlib import Path

import pytest

from citypact.domain.gpc import (
    GPC_REFS,
    SECTORS,
    GpcRef,
    ReportingLevel,
    gpc_ref,
    in_basic,
    in_basic_plus,
    in_territorial,
    refs_of_sector,
    scope_of,
)

# --- counts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sector", "count"),
    [("I", 21), ("II", 14), ("III", 12), ("IV", 2), ("V", 3), ("VI", 1)],
)
def test_counts_per_sector(sector: str, count: int) -> None:
    assert len(refs_of_sector(sector)) == count


def test_total_and_order() -> None:
    assert len(GPC_REFS) == 53
    refs = list(GPC_REFS)
    assert refs[0] == "I.1.1" and refs[-1] == "VI.1"
    sectors = [entry.sector for entry in GPC_REFS.values()]
    assert sectors == sorted(sectors, key=SECTORS.index)  # grouped by sector, I .. VI
    assert all(key == entry.ref for key, entry in GPC_REFS.items())


def test_counts_per_level_and_scope() -> None:
    levels = [entry.level for entry in GPC_REFS.values()]
    assert levels.count(ReportingLevel.BASIC) == 32
    assert levels.count(ReportingLevel.BASIC_PLUS) == 15
    assert levels.count(ReportingLevel.TERRITORIAL) == 5
    assert levels.count(ReportingLevel.OTHER) == 1
    scopes = [entry.scope for entry in GPC_REFS.values()]
    assert (scopes.count(1), scopes.count(2), scopes.count(3)) == (27, 11, 15)
    assert sum(entry.in_basic for entry in GPC_REFS.values()) == 32
    assert sum(entry.in_basic_plus for entry in GPC_REFS.values()) == 47
    assert sum(entry.in_territorial for entry in GPC_REFS.values()) == 27


# --- hand-checked entries -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "scope", "level"),
    [
        ("I.1.1", 1, ReportingLevel.BASIC),
        ("I.1.2", 2, ReportingLevel.BASIC),
        ("I.1.3", 3, ReportingLevel.BASIC_PLUS),
        ("I.4.4", 1, ReportingLevel.TERRITORIAL),
        ("I.6.3", 3, ReportingLevel.BASIC_PLUS),
        ("I.7.1", 1, ReportingLevel.BASIC),
        ("I.8.1", 1, ReportingLevel.BASIC),
        ("II.1.1", 1, ReportingLevel.BASIC),
        ("II.1.2", 2, ReportingLevel.BASIC),
        ("II.1.3", 3, ReportingLevel.BASIC_PLUS),
        ("II.4.3", 3, ReportingLevel.BASIC_PLUS),
        ("III.1.1", 1, ReportingLevel.BASIC),
        ("III.1.2", 3, ReportingLevel.BASIC),
        ("III.1.3", 1, ReportingLevel.TERRITORIAL),
        ("III.4.3", 1, ReportingLevel.TERRITORIAL),
        ("IV.1", 1, ReportingLevel.BASIC_PLUS),
        ("IV.2", 1, ReportingLevel.BASIC_PLUS),
        ("V.1", 1, ReportingLevel.BASIC_PLUS),
        ("V.3", 1, ReportingLevel.BASIC_PLUS),
        ("VI.1", 3, ReportingLevel.OTHER),
    ],
)
def test_hand_checked(ref: str, scope: int, level: ReportingLevel) -> None:
    entry = gpc_ref(ref)
    assert (entry.scope, entry.level) == (scope, level)
    assert scope_of(ref) == scope


def test_i44_is_territorial_only() -> None:
    assert in_territorial("I.4.4")
    assert not in_basic("I.4.4") and not in_basic_plus("I.4.4")


def test_ii13_is_basic_plus_only() -> None:
    assert in_basic_plus("II.1.3") and not in_basic("II.1.3") and not in_territorial("II.1.3")


def test_iii12_is_scope3_basic() -> None:
    assert scope_of("III.1.2") == 3
    assert in_basic("III.1.2") and in_basic_plus("III.1.2") and not in_territorial("III.1.2")


def test_waste_from_outside_is_territorial_only() -> None:
    for sub in ("III.1", "III.2", "III.3", "III.4"):
        assert gpc_ref(f"{sub}.3").level is ReportingLevel.TERRITORIAL
        assert in_territorial(f"{sub}.3") and not in_basic_plus(f"{sub}.3")


def test_vi1_in_neither_basic_nor_basic_plus() -> None:
    assert not in_basic("VI.1") and not in_basic_plus("VI.1") and not in_territorial("VI.1")


def test_basic_is_within_basic_plus() -> None:
    for entry in GPC_REFS.values():
        if entry.in_basic:
            assert entry.in_basic_plus, entry.ref


def test_scope2_never_territorial() -> None:
    scope2 = [entry for entry in GPC_REFS.values() if entry.scope == 2]
    assert scope2 and not any(entry.in_territorial for entry in scope2)
    assert all(entry.level is ReportingLevel.BASIC for entry in scope2)


def test_territorial_is_exactly_scope1() -> None:
    territorial = {ref for ref in GPC_REFS if in_territorial(ref)}
    assert territorial == {ref for ref, entry in GPC_REFS.items() if entry.scope == 1}
    assert {"I.4.4", "III.1.3", "III.2.3", "III.3.3", "III.4.3", "IV.1", "V.2"} <= territorial
    # the territorial-only level is used for scope 1 entries alone
    for entry in GPC_REFS.values():
        if entry.level is ReportingLevel.TERRITORIAL:
            assert entry.scope == 1


def test_sector_structure() -> None:
    for entry in GPC_REFS.values():
        assert entry.ref.startswith(entry.subsector + ".") or entry.ref == entry.subsector
        assert entry.subsector.split(".")[0] == entry.sector
    ipp_afolu_other = [e.ref for e in GPC_REFS.values() if e.sector in ("IV", "V", "VI")]
    assert ipp_afolu_other == ["IV.1", "IV.2", "V.1", "V.2", "V.3", "VI.1"]
    assert gpc_ref("I.3.1").subsector_name == "Manufacturing industries and construction"
    assert gpc_ref("II.2.2").sector_name == "Transportation"


FIELD = "scope"


def test_gpcref_is_frozen() -> None:
    entry = gpc_ref("I.1.1")
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(entry, FIELD, 2)
    assert isinstance(entry, GpcRef)


# --- look-ups -------------------------------------------------------------------------------------


def test_lookup_is_case_insensitive_and_trimmed() -> None:
    assert gpc_ref("  i.4.4 ") is GPC_REFS["I.4.4"]
    assert gpc_ref("vi.1") is GPC_REFS["VI.1"]
    assert scope_of("\tiii.2.2\n") == 3
    assert [e.ref for e in refs_of_sector(" iv ")] == ["IV.1", "IV.2"]


@pytest.mark.parametrize("bad", ["I.9.1", "I.7.2", "I.4.5", "VI.2", "IV.1.1", "", "1.1.1", "I.63"])
def test_unknown_ref(bad: str) -> None:
    with pytest.raises(KeyError, match="unknown GPC reference .*use e.g. I.1.1 … VI.1"):
        gpc_ref(bad)
    with pytest.raises(KeyError):
        in_basic(bad)


def test_unknown_sector() -> None:
    with pytest.raises(KeyError, match="unknown GPC sector"):
        refs_of_sector("VII")


# --- the public schema in ../shared/data ------------------------------------------------------------
#
# Open-Earth-Foundation/CityCatalyst's GPC_1.1_schema.csv (AGPL): only read here, nothing from it is
# copied into the source. Deliberate differences from it:
# - it writes I.6.3 as "I.63" (a typo): we read it as I.6.3;
# - IPPU, AFOLU and other scope 3 carry their reference in the subsector column (subcategory empty).
FIXTURE_TYPOS = {"I.63": "I.6.3"}
ONLY_HERE: set[str] = set()


def _shared_data() -> Path:
    env = os.environ.get("CITYPACT_SHARED_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[3] / "shared" / "data"


def test_against_public_schema() -> None:
    path = _shared_data() / "gpc_schema" / "GPC_1.1_schema.csv"
    if not path.is_file():
        pytest.skip(f"shared data absent: {path} not found (set CITYPACT_SHARED_DATA to the raw public data)")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    theirs: dict[str, tuple[int, str]] = {}
    for row in rows:
        ref = (row["subcategory_refno"] or row["subsector_refno"]).strip()
        ref = FIXTURE_TYPOS.get(ref, ref)
        assert ref not in theirs, f"duplicate {ref} in fixture"
        assert row["gpc_version"].strip() == "1.1"
        theirs[ref] = (int(row["scope"]), row["reporting_level"].strip())
    ours = {ref: (entry.scope, entry.level.value) for ref, entry in GPC_REFS.items()}
    assert set(ours) - set(theirs) == ONLY_HERE
    assert set(theirs) - set(ours) == set()
    mismatches = {ref: (ours[ref], theirs[ref]) for ref in theirs if ours[ref] != theirs[ref]}
    assert mismatches == {}
    # subsector numbering agrees too
    for row in rows:
        ref = FIXTURE_TYPOS.get(row["subcategory_refno"], row["subcategory_refno"]) or row["subsector_refno"]
        assert GPC_REFS[ref].subsector == row["subsector_refno"]
        assert GPC_REFS[ref].sector == row["sector_refno"]
