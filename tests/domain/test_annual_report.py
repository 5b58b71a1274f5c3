"""The annual report's pure figures, computed by hand, and the laws they keep."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain.annual_report import (
    AwardRow,
    InventoryRow,
    ProcurementRow,
    canonical,
    change_pct,
    co2_price_in,
    count_by,
    figures_hash,
    inventory_figures,
    per_capita,
    procurement_figures,
    snapshot,
)
from citypact.domain.procurement.schedules import Discounting, Schedule


def _row(city: int, year: int, t: float, pop: int | None = 100) -> InventoryRow:
    return InventoryRow(city, f"City {city}", "DE", year, t, pop)


def test_hand_computed() -> None:
    rows = [_row(1, 2015, 500.0), _row(1, 2022, 400.0), _row(2, 2015, 300.0, None), _row(2, 2030, 1.0)]
    f = inventory_figures(rows, members=4, year=2022, base_year=2015)
    # city 1: 2022 is latest (400 t, 100 people); city 2: 2015 only (2030 is after the year), no population
    assert (f.members, f.reporting) == (4, 2)
    assert f.total_t == pytest.approx(700.0)
    assert f.population == 100 and f.per_capita_t == pytest.approx(4.0)  # 400 t / 100 people
    assert f.compared == 1 and f.change_pct == pytest.approx(-20.0)  # 500 -> 400
    assert [c.change_pct for c in f.cities] == [pytest.approx(-20.0), None]
    assert f.by_year == ((2015, 2, 800.0), (2022, 1, 400.0))


def test_helpers() -> None:
    assert per_capita(10.0, 4) == 2.5 and per_capita(10.0, None) is None and per_capita(1.0, 0) is None
    assert change_pct(200.0, 150.0) == -25.0 and change_pct(0.0, 5.0) is None
    assert count_by(["b", "a", "z", "a"], ["a", "b"]) == {"a": 2, "b": 1, "z": 1}


def test_empty() -> None:
    f = inventory_figures([], members=2, year=2025, base_year=2020)
    assert (f.reporting, f.total_t, f.per_capita_t, f.change_pct, f.cities) == (0, 0.0, None, None, ())


def test_hash_is_canonical() -> None:
    a = {"b": 1.0000001, "a": [1, 2]}
    b = {"a": (1, 2), "b": 1.0000001}
    assert canonical(a) == '{"a":[1,2],"b":1.0}'
    assert figures_hash(a) == figures_hash(b) and len(figures_hash(a)) == 64
    assert figures_hash(snapshot(a)) == figures_hash(a)


totals = st.floats(min_value=0.0, max_value=1e7, allow_nan=False)


@given(
    st.lists(st.tuples(st.integers(1, 5), st.integers(2010, 2030), totals), max_size=30),
    st.integers(2010, 2030),
)
def test_total_is_sum_of_latest(entries: list[tuple[int, int, float]], year: int) -> None:
    rows = [_row(c, y, t) for c, y, t in entries]
    f = inventory_figures(rows, members=5, year=year, base_year=2010)
    assert f.total_t == pytest.approx(sum(c.latest_t for c in f.cities))
    assert all(c.latest_year <= year for c in f.cities)
    assert f.reporting == len({c for c, y, _ in entries if y <= year})
    if f.compared:
        with_base = [c for c in f.cities if c.base_t is not None and c.latest_year > 2010]
        assert f.compared == len(with_base)
        assert f.base_total_t == pytest.approx(sum(c.base_t or 0.0 for c in with_base))


@given(st.dictionaries(st.text(max_size=5), st.floats(allow_nan=False, allow_infinity=False)))
def test_snapshot_keeps_hash(figures: dict[str, float]) -> None:
    assert figures_hash(snapshot(figures)) == figures_hash(figures)


def _award(
    lot: int, minor: int, t: float, contract: int | None = None, price: float | None = None
) -> AwardRow:
    return AwardRow(
        lot, f"Lot {lot}", "2026-05-02", f"Supplier {lot}", "lcc-co2" if price else "price", minor, contract,
        t, t * (price or 0.0), "de-behg" if price else None, price, 2026 if price else None,
    )  # fmt: skip


def test_procurement_figures_by_hand() -> None:
    rows = [
        ProcurementRow(1, "Buses", "EUR", "award", False, 2, ("Kyoto", "Heidelberg"),
                       (_award(2, 500, 30.0, 480, 55.0), _award(1, 1000, 10.0, None, 55.0))),
        ProcurementRow(2, "Lights", "JPY", "contract", False, 1, ("Kyoto",), (_award(1, 7000, 5.0, 7000),)),
        ProcurementRow(3, "Heat pumps", "EUR", "tender_published", True, 3, (), ()),
    ]  # fmt: skip
    f = procurement_figures(rows)
    assert f is not None
    assert (f["count"], f["cancelled"], f["lots"], f["awarded_lots"], f["contracts"]) == (3, 1, 6, 3, 2)
    assert f["member_cities"] == [
        {"city": "Heidelberg", "procurements": 1},
        {"city": "Kyoto", "procurements": 2},
    ]
    # money never crosses currencies: EUR 1000 + 500 awarded, one contract of 480; JPY 7000 and 7000
    assert f["by_currency"] == {
        "EUR": {"awarded_minor": 1500, "contracts": 1, "contract_minor": 480},
        "JPY": {"awarded_minor": 7000, "contracts": 1, "contract_minor": 7000},
    }
    assert f["awarded_t_co2e"] == pytest.approx(45.0)  # 30 + 10 + 5
    assert f["co2_prices"] == [
        {"schedule": "de-behg", "price": 55.0, "year": 2026, "currency": "EUR", "lots": 2}
    ]
    assert [p["title"] for p in f["list"]] == ["Buses", "Heat pumps", "Lights"]
    assert [a["lot"] for a in f["list"][0]["awards"]] == [1, 2]
    assert procurement_figures([]) is None  # no section without a procurement


def test_co2_price_in_follows_the_schedule_rule() -> None:
    prices = {"2024": 45.0, "2025": 55.0, "2027": 65.0}
    assert co2_price_in(prices, 2023) == 45.0  # before the first year: the first price
    assert co2_price_in(prices, 2025) == 55.0
    assert co2_price_in(prices, 2026) == 55.0  # an unlisted year: the latest listed before it
    assert co2_price_in(prices, 2030) == 65.0
    assert co2_price_in({}, 2026) is None


@given(st.dictionaries(st.integers(2000, 2050), st.floats(0, 1000), min_size=1), st.integers(1990, 2060))
def test_co2_price_in_agrees_with_the_procurement_schedule(prices: dict[int, float], year: int) -> None:
    schedule = Schedule("k", "1", "k", "EUR", None, Discounting.LIKE_COSTS, prices)
    assert co2_price_in({str(y): p for y, p in prices.items()}, year) == schedule.price(year)
