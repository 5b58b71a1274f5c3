"""GPC totals: BASIC, BASIC+, territorial and scopes, by hand; conservation across scopes."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain import inventory
from citypact.domain.gpc import GPC_REFS
from citypact.domain.inventory import TOTAL_COLUMNS, totals, totals_by_inventory

ROWS = {
    "I.1.1": 100.0,  # residential fuel, scope 1, BASIC
    "I.1.2": 50.0,  # residential grid electricity, scope 2, BASIC
    "I.1.3": 5.0,  # its T&D losses, scope 3, BASIC+
    "I.4.4": 1000.0,  # power plant feeding the grid, scope 1, territorial only
    "III.1.2": 20.0,  # city waste landfilled outside, scope 3, BASIC
    "III.1.3": 30.0,  # others' waste landfilled in the city, scope 1, territorial only
    "II.1.3": 7.0,  # transboundary road trips, scope 3, BASIC+
    "VI.1": 3.0,  # other scope 3, in neither total
}


def _frame(rows: dict[str, float]) -> pl.DataFrame:
    return pl.DataFrame({"gpc_ref": list(rows), "co2e_t": list(rows.values())})


def test_totals_by_hand() -> None:
    result = totals(_frame(ROWS), "AR5")
    assert result.basic == pytest.approx(100 + 50 + 20)
    assert result.basic_plus == pytest.approx(170 + 5 + 7)
    assert result.territorial == pytest.approx(100 + 1000 + 30)
    assert (result.scope1, result.scope2, result.scope3) == pytest.approx((1130, 50, 35))
    assert result.by_ref["I.4.4"] == 1000.0
    assert result.per_capita(160_000)["basic"] == pytest.approx(170 / 160_000)


def test_biogenic_co2_is_a_memo_item_only() -> None:
    frame = pl.DataFrame({"gpc_ref": ["I.1.1"], "co2e_t": [10.0], "CO2_t": [10.0], "biogenic_co2_t": [4.0]})
    result = totals(frame, "AR5")
    assert result.biogenic_co2 == 4.0
    assert result.basic == 10.0 and result.by_gas == {"CO2": 10.0}


def test_unknown_reference_is_named() -> None:
    with pytest.raises(KeyError, match="I.9.1"):
        totals(_frame({"I.9.1": 1.0}), "AR5")


@given(st.dictionaries(st.sampled_from(list(GPC_REFS)), st.floats(0, 1e9, allow_nan=False), min_size=1))
def test_scopes_conserve_the_whole_inventory(rows: dict[str, float]) -> None:
    result = totals(_frame(rows), "AR6")
    assert result.scope1 + result.scope2 + result.scope3 == pytest.approx(
        sum(rows.values()), rel=1e-9, abs=1e-6
    )
    assert result.basic <= result.basic_plus + 1e-6


def _many(inventories: dict[int, dict[str, float | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {"inventory": inventory, "gpc_ref": ref, "co2e_t": value, "biogenic_co2_t": 1.0}
            for inventory, rows in inventories.items()
            for ref, value in rows.items()
        ],
        schema={
            "inventory": pl.Int64,
            "gpc_ref": pl.String,
            "co2e_t": pl.Float64,
            "biogenic_co2_t": pl.Float64,
        },
    )


def test_totals_by_inventory_equals_totals_of_each_inventory() -> None:
    inventories: dict[int, dict[str, float | None]] = {
        7: dict(ROWS),
        3: {"I.1.1": 10.0, "i.2.2 ": 4.0, "II.1.3": 2.0, "I.4.4": None},  # spelling and a notation key
        11: {"VI.1": 9.0},  # in no total but scope 3
        5: {"I.3.1": None},  # notation keys only
    }
    many = _many(inventories).sample(fraction=1.0, shuffle=True, seed=1)
    result = totals_by_inventory(many)
    assert result["inventory"].to_list() == [3, 5, 7, 11]
    assert result.columns == ["inventory", *TOTAL_COLUMNS]
    for row in result.iter_rows(named=True):
        one = totals(many.filter(pl.col("inventory") == row["inventory"]), "AR5")
        expected = {name: getattr(one, name) for name in TOTAL_COLUMNS}
        assert {name: row[name] for name in TOTAL_COLUMNS} == pytest.approx(expected)
    assert result.filter(pl.col("inventory") == 5).row(0, named=True)["basic"] == 0.0


@pytest.mark.parametrize(
    ("ids", "dtype"),
    [
        ([-100, 100, 7], pl.Int8),
        ([-5, 10**12, 3], pl.Int64),
        ([2, None, 1], pl.Int64),
        (["b", "a", "c"], pl.String),
    ],
)
def test_totals_by_inventory_of_any_ids(ids: list[object], dtype: pl.DataType) -> None:
    # Ids far apart, negative, null or text are grouped too (not by a table of positions).
    frame = pl.DataFrame(
        {
            "inventory": pl.Series([ids[0], ids[1], ids[0], ids[2]], dtype=dtype),
            "gpc_ref": ["I.1.1", "I.1.2", " ii.1.1", "VI.1"],
            "co2e_t": [1.5, 2.0, 4.0, 8.0],
        }
    )
    result = totals_by_inventory(frame)
    order = sorted(range(3), key=lambda i: (ids[i] is not None, ids[i]))  # nulls first, as sort() puts them
    assert result["inventory"].to_list() == [ids[i] for i in order]
    by_id = {row["inventory"]: row for row in result.iter_rows(named=True)}
    # I.1.1 (scope 1, BASIC, territorial) + II.1.1 (the same) = 5.5; I.1.2 is scope 2 (BASIC, not
    # territorial); VI.1 is scope 3 in none of BASIC, BASIC+ and territorial.
    assert {k: by_id[ids[0]][k] for k in ("basic", "territorial", "scope1", "scope2")} == {
        "basic": 5.5,
        "territorial": 5.5,
        "scope1": 5.5,
        "scope2": 0.0,
    }
    assert (by_id[ids[1]]["basic"], by_id[ids[1]]["scope2"], by_id[ids[1]]["territorial"]) == (2.0, 2.0, 0.0)
    assert (by_id[ids[2]]["basic_plus"], by_id[ids[2]]["scope3"], by_id[ids[2]]["biogenic_co2"]) == (
        0.0,
        8.0,
        0.0,
    )


def test_totals_by_inventory_slice_by_slice(monkeypatch: pytest.MonkeyPatch) -> None:
    # The rows are summed a slice at a time; slices of 2 rows give the sums of the whole.
    frame = _many({4: {"I.1.1": 1.5, "I.2.1": 2.5, "VI.1": 3.0}, 1: {"I.1.1": 0.25, "II.1.2": 8.0}})
    whole = totals_by_inventory(frame)
    monkeypatch.setattr(inventory, "SLICE_ROWS", 2)
    sliced = totals_by_inventory(frame)
    assert sliced.equals(whole)
    assert sliced.row(1, named=True) == {
        "inventory": 4,
        "basic": 4.0,
        "basic_plus": 4.0,
        "territorial": 4.0,
        "scope1": 4.0,
        "scope2": 0.0,
        "scope3": 3.0,
        "biogenic_co2": 3.0,
    }


def test_totals_by_inventory_names_an_unknown_reference() -> None:
    with pytest.raises(KeyError, match="I.9.1"):
        totals_by_inventory(_many({1: {"I.1.1": 1.0}, 2: {"I.9.1": 1.0}}))


@given(
    st.dictionaries(
        st.integers(0, 1000),
        st.dictionaries(
            st.sampled_from(list(GPC_REFS)), st.none() | st.floats(0, 1e9, allow_nan=False), min_size=1
        ),
        min_size=1,
        max_size=8,
    )
)
def test_totals_by_inventory_conserve_the_sums(inventories: dict[int, dict[str, float | None]]) -> None:
    many = _many(inventories)
    result = totals_by_inventory(many)
    assert result.height == len(inventories)
    whole = totals(many, "AR5")  # every row taken as one inventory
    for name in TOTAL_COLUMNS:
        assert float(result[name].sum()) == pytest.approx(getattr(whole, name), rel=1e-9, abs=1e-6)


def test_sector_totals_by_hand() -> None:
    from citypact.domain.inventory import sector_totals

    by_ref = {"I.1.1": 100.0, "I.1.2": 50.0, "I.4.4": None, "II.1.1": 7.0, "III.1.2": 20.0}
    assert sector_totals(by_ref) == {"I": 150.0, "II": 7.0, "III": 20.0}
    # Waste reported by notation keys alone (NO, NE) has no figure: absent, not 0.
    keys_only = {"I.1.1": 100.0, "III.1.1": None, "III.1.2": None}
    assert sector_totals(keys_only) == {"I": 100.0}
