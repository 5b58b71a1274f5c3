"""Plausibility warnings and completeness, by hand (domain.plausibility)."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain.activity import ACTIVITY_SCHEMA
from citypact.domain.gpc import GPC_REFS
from citypact.domain.plausibility import (
    InventoryWarning,
    PerCapitaRange,
    duplicate_rows,
    missing_refs,
    per_capita_warnings,
    required_refs,
)

SEEN = (PerCapitaRange("basic", 0.15, 90.0, 100), PerCapitaRange("scope1", 0.15, 90.0, 100))


def _rows(*rows: dict[str, object]) -> pl.DataFrame:
    return pl.DataFrame([{"row": i + 2, **r} for i, r in enumerate(rows)], schema=ACTIVITY_SCHEMA)


def test_per_capita_outside_ten_times_the_range_is_warned() -> None:
    # Cities seen: 0.15 to 90 t per person. Warned above 90 x 10 = 900 and below 0.15 / 10 = 0.015.
    # 1,000,000 t BASIC for 1,000 people is 1,000 t each (> 900): high. Scope 1 10 t for 1,000
    # people is 0.01 t each (< 0.015): low.
    found = per_capita_warnings({"basic": 1_000_000.0, "scope1": 10.0}, 1_000, SEEN)
    assert [(w.code, w.figures["metric"]) for w in found] == [
        ("per_capita_high", "basic"),
        ("per_capita_low", "scope1"),
    ]
    assert found[0].figures["per_capita_t"] == pytest.approx(1_000.0)
    assert found[0].figures["bound_t"] == pytest.approx(900.0)
    assert found[1].figures["per_capita_t"] == pytest.approx(0.01)
    assert found[1].figures["bound_t"] == pytest.approx(0.015)


def test_per_capita_inside_the_tolerance_or_without_population_is_not_warned() -> None:
    # 899,000 t for 1,000 people: 899 t each, just under 900; 15 t: 0.015 t each, on the bound.
    assert per_capita_warnings({"basic": 899_000.0, "scope1": 15.0}, 1_000, SEEN) == []
    assert per_capita_warnings({"basic": 1e12, "scope1": 1e12}, None, SEEN) == []
    assert per_capita_warnings({"basic": 0.0, "scope1": 0.0}, 1_000, SEEN) == []  # empty: completeness


@given(
    total=st.floats(min_value=1.0, max_value=1e12, allow_nan=False),
    population=st.integers(min_value=1, max_value=40_000_000),
)
def test_a_warning_exactly_when_ten_times_outside(total: float, population: int) -> None:
    value = total / population
    found = per_capita_warnings({"basic": total}, population, SEEN[:1])
    assert bool(found) == (value > 900.0 or value < 0.015)


def test_duplicate_rows_name_their_rows() -> None:
    gas = {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000.0, "unit": "MWh"}
    rows = _rows(gas, {**gas, "amount": 999.0}, gas, {"gpc_ref": "I.4.4", "notation_key": "NO"})
    (found,) = duplicate_rows(rows)
    assert found.code == "duplicate_rows"
    assert found.rows == (2, 4)
    assert dict(found.figures) == {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000.0, "unit": "MWh"}


def test_the_key_changes_with_the_data_and_only_then() -> None:
    one = InventoryWarning("duplicate_rows", {"amount": 1000.0}, (2, 4))
    assert one.key == InventoryWarning("duplicate_rows", {"amount": 1000.0}, (2, 4)).key
    assert one.key == InventoryWarning("duplicate_rows", {"amount": 1000.0 + 1e-9}, (2, 4)).key  # rounding
    assert one.key != InventoryWarning("duplicate_rows", {"amount": 1001.0}, (2, 4)).key
    assert one.key != InventoryWarning("duplicate_rows", {"amount": 1000.0}, (2, 5)).key
    assert one.key != InventoryWarning("per_capita_high", {"amount": 1000.0}, (2, 4)).key


def test_basic_requires_32_references_and_basic_plus_47() -> None:
    # GPC 1.1 Table 4.x: stationary I.1-I.6 scope 1 and 2 (12) + fugitive I.7.1, I.8.1 (2); transport
    # II.1-II.5 scope 1 and 2 (10); waste III.1-III.4 scope 1 and 3 (8): 32. BASIC+ adds the T&D losses
    # I.1.3-I.6.3 (6), transboundary II.1.3-II.4.3 (4), IPPU IV.1-2 (2), AFOLU V.1-3 (3): 47.
    assert len(required_refs("BASIC")) == 32
    assert len(required_refs("BASIC+")) == 47
    assert "I.4.4" not in required_refs("BASIC+") and "VI.1" not in required_refs("BASIC+")
    assert set(required_refs("BASIC")) == {r.ref for r in GPC_REFS.values() if r.in_basic}


def test_a_one_row_basic_inventory_misses_31_references() -> None:
    rows = _rows({"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 10.0, "unit": "MWh"})
    missing = missing_refs(rows, "BASIC")
    assert len(missing) == 31 and missing[:3] == ["I.1.2", "I.2.1", "I.2.2"] and "I.1.1" not in missing


def test_notation_keys_and_reported_figures_cover_a_reference() -> None:
    rows = _rows(
        {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 0.0, "unit": "MWh"},  # a true zero
        {"gpc_ref": "i.1.2 ", "notation_key": "IE", "explanation": "in I.1.1"},  # spelling normalized
        {"gpc_ref": "III.1.1", "reported_co2e_t": 5.0},  # another tool's figure
    )
    missing = missing_refs(rows, "BASIC")
    assert {"I.1.1", "I.1.2", "III.1.1"}.isdisjoint(missing) and len(missing) == 29
    # BASIC+ needs 15 more.
    assert len(missing_refs(rows, "BASIC+")) == 29 + 15
