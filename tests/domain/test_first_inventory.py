"""The first inventory's guide, estimate and checklist, with hand-computed figures."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain import first_inventory as fi
from citypact.domain.plausibility import required_refs


def test_guide_covers_every_basic_reference_number_once() -> None:
    steps = fi.guide_steps()
    refs = [ref for step in steps for ref in step.refs]
    assert sorted(refs) == sorted(required_refs("BASIC"))
    assert len(refs) == 32 and len(steps) == 17
    assert steps[0].subsector == "I.1" and steps[0].refs == ("I.1.1", "I.1.2")
    assert steps[0].sources[0] == "utility_bills"
    assert {step.sector for step in steps} == set(fi.BASIC_SECTORS)


def test_median_by_hand() -> None:
    assert fi.median_per_capita([10.0, 2.0, 4.0]) == 4.0
    assert fi.median_per_capita([1.0, 2.0, 3.0, 5.0]) == 2.5
    assert fi.median_per_capita([3.0, math.nan, -1.0, 0.0, 5.0]) == 4.0  # only finite, positive values
    with pytest.raises(ValueError):
        fi.median_per_capita([math.nan, 0.0])


def test_estimate_by_hand() -> None:
    estimate = fi.first_estimate([("country", [2.0, 4.0, 10.0])], 1000)
    assert (estimate.level, estimate.cities, estimate.per_capita_t) == ("country", 3, 4.0)
    assert estimate.total_t == 4000.0
    assert estimate.by_sector == pytest.approx({"I": 2400.0, "II": 1200.0, "III": 400.0})


def test_estimate_falls_back_to_the_wider_level() -> None:
    levels = [("country", [5.0, 7.0]), ("region", [1.0, 2.0, 3.0, math.nan]), ("world", [9.0] * 5)]
    estimate = fi.first_estimate(levels, 200)
    assert (estimate.level, estimate.cities, estimate.per_capita_t, estimate.total_t) == (
        "region",
        3,
        2.0,
        400.0,
    )
    with pytest.raises(ValueError, match="fewer than 3"):
        fi.first_estimate([("country", [1.0]), ("world", [2.0, 3.0])], 10)
    with pytest.raises(ValueError, match="population"):
        fi.first_estimate([("world", [1.0, 2.0, 3.0])], 0)


def test_rows_anchor_and_ie() -> None:
    estimate = fi.first_estimate([("country", [2.0, 4.0, 10.0])], 1000)
    rows = fi.estimate_rows(estimate, "DE", "AR5")
    assert len(rows) == 32
    anchors = {r["gpc_ref"]: r for r in rows if "reported_co2e_t" in r}
    assert set(anchors) == {"I.6.1", "II.1.1", "III.1.1"}
    assert anchors["I.6.1"]["reported_co2e_t"] == pytest.approx(2400.0)
    assert all(r["data_quality"] == "L" and r["source"] == fi.ESTIMATE_SOURCE for r in rows)
    text = anchors["II.1.1"]["explanation"]
    assert "median reported per-capita emissions of 3 cities" in text and "4.000 t per person" in text
    assert "1,000" in text and "30%" in text and "data quality low" in text
    keyed = [r for r in rows if r.get("notation_key") == "IE"]
    assert len(keyed) == 29
    assert next(r for r in keyed if r["gpc_ref"] == "I.1.1")["explanation"].startswith(
        "Included in the first estimate at I.6.1"
    )


def test_checklist_states() -> None:
    est = fi.ESTIMATE_SOURCE
    items = {
        i.subsector: i
        for i in fi.checklist(
            [("I.1.1", est), ("I.1.2", "utility"), ("II.1.1", est), ("IV.1", None), ("X", None)]
        )
    }
    assert len(items) == 17
    assert (items["I.1"].state, items["I.1"].estimate_rows, items["I.1"].local_rows) == ("local", 1, 1)
    assert items["II.1"].state == "estimate"
    assert items["III.4"].state == "missing"
    assert fi.local_share(tuple(items.values())) == pytest.approx(1 / 17)
    assert fi.local_share(()) == 0.0


@given(
    st.lists(st.floats(min_value=0.1, max_value=100.0), min_size=3, max_size=40),
    st.integers(min_value=1, max_value=fi.MAX_POPULATION),
)
def test_sectors_add_up_to_the_total(values: list[float], population: int) -> None:
    estimate = fi.first_estimate([("world", values)], population)
    assert sum(estimate.by_sector.values()) == pytest.approx(estimate.total_t, rel=1e-12)
    assert min(values) * population <= estimate.total_t * (1 + 1e-12)
    assert estimate.total_t <= max(values) * population * (1 + 1e-12)
