"""The kind-based engine equals the row-by-row reference (tests/domain/row_engine.py, the engine as it
was before) on random tables: the same figures to the last bit, the same problems, the same count."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from citypact.domain import activity
from citypact.domain.activity import ActivityErrors, encode_kinds, prepare
from citypact.domain.calculation import compute_emissions
from citypact.domain.inventory import totals_by_inventory
from citypact.reference.factor_library import default_library, gwp_set
from tests.domain import row_engine

LIBRARY = default_library()
# The template's columns; rows are numbered by the engine (from 2).
SCHEMA = {c: t for c, t in row_engine.ACTIVITY_SCHEMA.items() if c != "row"}

# Values that break one rule or another (spellings, units, keys), mixed into the tables' rows.
BAD: dict[str, list[Any]] = {
    "gpc_ref": ["I.9.9", "", None],
    "fuel": ["Natural Gaz", None, "cement"],
    "amount": [None, -1.0, float("inf"), float("nan"), 1e16, 1e12],
    "unit": ["bananas", None, "km", "", "MWh\u202e"],
    "notation_key": ["XX", "", "NO"],
    "explanation": ["", "  ", "bad\u0007text"],
    "data_quality": ["X"],
    "ef_co2": [-3.0, float("inf"), 2e9, 1.0],
    "ef_unit": ["kg/t", "kg/km"],
    "ef_basis": ["bogus", "market"],
    "reported_co2e_t": [float("nan")],
}
COMBUSTION_REFS = ["I.1.1", " i.2.1 ", "II.1.1", "I.3.1", "III.1.1"]
FUELS = ["Natural Gas", " natural  gas", "Gas/Diesel Oil", "Motor Gasoline", "Wood/Wood Waste", "Anthracite"]
ENERGY = ["MWh", " GJ", "kWh ", "therm", "TJ"]
amounts = st.floats(min_value=0.0, max_value=1e7, allow_subnormal=False)
factors = st.floats(min_value=0.0, max_value=1e3, allow_subnormal=False)


@st.composite
def plausible_row(draw: st.DrawFn) -> dict[str, Any]:
    """A row of one of the sorts a template has; most compute, a few break a rule (e.g. a volume of
    a fuel without a default density), which the reference must find too."""
    sort = draw(st.sampled_from(["combustion", "grid", "heat", "own factor", "reported", "key"]))
    row: dict[str, Any] = {"data_quality": draw(st.sampled_from([None, "H", "medium", "l"]))}
    if sort == "combustion":
        row |= {
            "gpc_ref": draw(st.sampled_from(COMBUSTION_REFS)),
            "fuel": draw(st.sampled_from(FUELS)),
            "unit": draw(st.sampled_from([*ENERGY, "t", "kg", "L", "m3"])),
        }
    elif sort == "grid":
        row |= {
            "gpc_ref": draw(st.sampled_from(["I.1.2", "I.2.2", "II.1.2", "I.1.3"])),
            "fuel": "electricity",
        }
        row["unit"] = draw(st.sampled_from(ENERGY))
        if draw(st.booleans()):
            row |= {
                "ef_co2": draw(factors),
                "ef_unit": "kg/MWh",
                "ef_source": "green tariff",
                "ef_basis": draw(st.sampled_from(["market", "Location ", None])),
            }
    elif sort == "heat":
        row |= {
            "gpc_ref": draw(st.sampled_from(["I.1.2", "I.2.2"])),
            "fuel": "district_heat",
            "unit": draw(st.sampled_from(ENERGY)),
            "ef_co2": draw(factors),
            "ef_ch4": draw(st.sampled_from([None, 0.01])),
            "ef_unit": draw(st.sampled_from(["kg/MWh", "t/GJ"])),
            "ef_source": "utility 2021",
            "ef_data_quality": draw(st.sampled_from([None, "M", "high"])),
        }
    elif sort == "own factor":
        row |= {
            "gpc_ref": draw(st.sampled_from(COMBUSTION_REFS)),
            "fuel": draw(st.sampled_from(FUELS)),
            "unit": "t",
            "ef_co2": draw(factors),
            "ef_n2o": draw(st.sampled_from([None, 0.002])),
            "ef_unit": "kg/t",
            "ef_source": "plant measurement",
        }
    elif sort == "reported":
        gases = draw(st.booleans())
        row |= {
            "gpc_ref": draw(st.sampled_from(["III.1.1", "III.2.1", "I.1.1"])),
            "reported_co2_t": draw(amounts) if gases else None,
            "reported_ch4_t": draw(st.sampled_from([None, 0.3])) if gases else None,
            "reported_co2e_t": None if gases else draw(amounts),
            "reported_biogenic_co2_t": draw(st.sampled_from([None, 2.0])),
            "reported_gwp": None if gases else draw(st.sampled_from(["AR4", "AR5"])),
            "source": "waste model",
        }
    else:
        row |= {
            "gpc_ref": draw(st.sampled_from(["I.4.4", "V.1"])),
            "notation_key": draw(st.sampled_from(["NO", " ne", "ie"])),
            "explanation": "no such source in the city",
        }
    if sort not in ("reported", "key"):
        row["amount"] = draw(amounts)
    return row


@st.composite
def tables(draw: st.DrawFn, bad_share: float) -> pl.DataFrame:
    rows = []
    for _ in range(draw(st.integers(min_value=1, max_value=25))):
        row = draw(plausible_row())
        for column, values in BAD.items():
            if draw(st.floats(0.0, 1.0)) < bad_share:
                row[column] = draw(st.sampled_from(values))
        row["inventory"] = draw(st.integers(min_value=1, max_value=3))
        rows.append(row)
    frame = pl.DataFrame(rows, schema={**SCHEMA, "inventory": pl.Int64}, strict=False)
    countries = {1: "DE", 2: "JP", 3: "US"}
    years = {1: 2020, 2: 2022, 3: 2035}
    return frame.with_columns(
        pl.col("inventory").replace_strict(countries, return_dtype=pl.String).alias("country"),
        pl.col("inventory").replace_strict(years, return_dtype=pl.Int32).alias("inventory_year"),
    )


def _outcome(engine: Any, frame: pl.DataFrame, gwp: str) -> tuple[str, Any]:
    try:
        return "rows", engine(frame, LIBRARY, gwp_set(gwp))
    except ActivityErrors as errors:
        return "problems", (errors.problems, errors.total)


def _as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """The engine's words (factor_kind an Enum, factor_source and ef_data_quality categorical) as
    the text the row reference gives."""
    coded = [c for c, dtype in frame.schema.items() if isinstance(dtype, pl.Categorical | pl.Enum)]
    return frame.with_columns(pl.col(coded).cast(pl.String))


def _same(frame: pl.DataFrame, gwp: str) -> str:
    kind, got = _outcome(compute_emissions, frame, gwp)
    reference_kind, expected = _outcome(row_engine.compute_emissions, frame, gwp)
    assert kind == reference_kind, (got, expected)
    if kind == "rows":
        assert_frame_equal(_as_text(got), expected, check_exact=True)
    else:
        assert got == expected
    return kind


@settings(max_examples=60, deadline=None)
@given(tables(bad_share=0.0), st.sampled_from(["AR5", "AR6-split"]))
def test_the_engine_equals_the_row_reference_on_plausible_tables(frame: pl.DataFrame, gwp: str) -> None:
    _same(frame, gwp)


@settings(max_examples=60, deadline=None)
@given(tables(bad_share=0.03), st.sampled_from(["AR5", "AR4"]))
def test_the_engine_names_the_same_problems_as_the_row_reference(frame: pl.DataFrame, gwp: str) -> None:
    _same(frame, gwp)


def test_a_table_of_many_rows_computes_as_the_reference_both_ways() -> None:
    # Fixed tables that compute (so the figures, not only the problems, are compared).
    gas = {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000.0, "unit": "MWh"}
    grid = {"gpc_ref": "I.1.2", "fuel": "electricity", "amount": 10.0, "unit": "kWh"}
    heat = {
        "gpc_ref": "I.2.2",
        "fuel": "district_heat",
        "amount": 5.0,
        "unit": "MWh",
        "ef_co2": 180.0,
        "ef_unit": "kg/MWh",
        "ef_source": "utility",
    }
    market = {**grid, "ef_co2": 0.3, "ef_unit": "kg/kWh", "ef_source": "green tariff", "ef_basis": "market"}
    wood = {"gpc_ref": "I.2.1", "fuel": "wood/wood waste", "amount": 3.0, "unit": "t", "data_quality": "high"}
    told = {"gpc_ref": "III.2.1", "reported_co2e_t": 40.0, "reported_gwp": "AR4", "source": "model"}
    key = {"gpc_ref": "I.4.4", "notation_key": "no", "explanation": "no industry"}
    frame = pl.DataFrame(
        [gas, grid, heat, market, wood, told, key] * 3, schema=SCHEMA, strict=False
    ).with_columns(country=pl.lit("DE"), inventory_year=pl.lit(2020, pl.Int32))
    for gwp in ("AR5", "AR6-split"):
        assert _same(frame, gwp) == "rows"
        assert _same(frame.with_columns(country=pl.lit("JP"), inventory_year=pl.lit(2035, pl.Int32)), gwp)


def test_rows_of_one_kind_share_one_index() -> None:
    frame = pl.DataFrame(
        {
            "gpc_ref": ["I.1.1", "I.1.1", "I.1.1", None, None],
            "fuel": ["gas", "gas", "gas", "gas", "gas"],
            "unit": ["MWh", "MWh", "", None, ""],
            "amount": [1.0, 2.0, 1.0, 1.0, 1.0],
            "country": ["DE"] * 5,
            "inventory_year": [2020] * 5,
        }
    )
    kinds, kind = encode_kinds(prepare(frame))
    # "" and null are different kinds (a missing unit and an empty one get different messages).
    assert kind.to_list()[:2] == [kind[0], kind[0]]
    assert len(set(kind.to_list())) == 4
    assert kinds.height == 4
    assert kinds.get_column("unit").gather(kind).to_list() == ["MWh", "MWh", "", None, ""]


def test_kinds_are_exact_when_two_combinations_share_a_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every row given one hash: the rows are compared with their kind, and the kinds found again on
    # the columns themselves, so that no row takes another combination's kind.
    frame = pl.DataFrame(
        {
            "gpc_ref": ["I.1.1", "I.1.2", "I.1.1", "I.1.1", "I.1.1"],
            "fuel": ["gas", "electricity", "gas", "gas", None],
            "unit": ["MWh", "kWh", "MWh", "GJ", "MWh"],
            "amount": [1.0, 2.0, 3.0, None, 5.0],
            "country": ["DE"] * 5,
            "inventory_year": [2020] * 5,
        }
    )
    monkeypatch.setattr(
        activity, "_row_hashes", lambda keys: pl.repeat(0, keys.height, dtype=pl.UInt64, eager=True)
    )
    kinds, kind = encode_kinds(prepare(frame))
    assert kinds.height == 4
    assert kind.to_list() == [0, 1, 0, 2, 3]
    assert kinds.get_column("fuel").gather(kind).to_list() == ["gas", "electricity", "gas", "gas", None]
    assert kinds.get_column("has_amount").gather(kind).to_list() == [True, True, True, False, True]
    # The engine's figures are those it gives when the hashes do not meet.
    valid = frame.with_columns(
        fuel=pl.Series(["Natural Gas", "electricity", "Natural Gas", "Natural Gas", "Gas/Diesel Oil"]),
        amount=pl.lit(7.0),
    )
    met = compute_emissions(valid, LIBRARY, gwp_set("AR5"))
    monkeypatch.undo()
    assert_frame_equal(met, compute_emissions(valid, LIBRARY, gwp_set("AR5")), check_exact=True)
    assert met["co2e_t"].n_unique() == 4


def _categorical(frame: pl.DataFrame) -> pl.DataFrame:
    """The table as the readers may give it: its text as categorical codes."""
    return frame.with_columns(pl.col(pl.String).cast(pl.Categorical))


@settings(max_examples=40, deadline=None)
@given(tables(bad_share=0.03), st.sampled_from(["AR5", "AR6-split"]))
def test_text_as_categorical_codes_computes_as_text(frame: pl.DataFrame, gwp: str) -> None:
    kind, got = _outcome(compute_emissions, _categorical(frame), gwp)
    text_kind, expected = _outcome(compute_emissions, frame, gwp)
    assert kind == text_kind
    if kind == "problems":
        assert got == expected
        return
    assert_frame_equal(_as_text(got), _as_text(expected), check_exact=True)
    assert_frame_equal(totals_by_inventory(got), totals_by_inventory(expected), check_exact=True)


def test_categorical_kinds_are_exact_when_two_combinations_share_a_hash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    frame = _categorical(
        pl.DataFrame(
            {
                "gpc_ref": ["I.1.1", "I.1.2", "I.1.1", "I.1.1"],
                "fuel": ["Natural Gas", "electricity", "Natural Gas", "Gas/Diesel Oil"],
                "unit": ["MWh", "kWh", "MWh", "GJ"],
                "amount": [1.0, 2.0, 3.0, 4.0],
                "country": ["DE"] * 4,
                "inventory_year": [2020] * 4,
            }
        )
    )
    monkeypatch.setattr(
        activity, "_row_hashes", lambda keys: pl.repeat(0, keys.height, dtype=pl.UInt64, eager=True)
    )
    kinds, kind = encode_kinds(prepare(frame))
    assert kind.to_list() == [0, 1, 0, 2]
    assert kinds.schema["fuel"] == pl.String  # the few kinds are cleaned as text
    assert kinds.get_column("fuel").to_list() == ["Natural Gas", "electricity", "Gas/Diesel Oil"]


@pytest.mark.parametrize("problem_rows", [1, 250])
def test_problem_counts_beyond_the_shown_ones_match(problem_rows: int) -> None:
    good = {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1.0, "unit": "MWh"}
    bad = {"gpc_ref": "I.1.1", "fuel": "Natural Gaz", "amount": -1.0, "unit": "MWh"}
    frame = pl.DataFrame([good] * 10 + [bad] * problem_rows)
    assert _same(frame, "AR5") == "problems"
    with pytest.raises(ActivityErrors) as caught:
        compute_emissions(frame, LIBRARY, gwp_set("AR5"))
    # Two problems a bad row (fuel and negative amount); 200 shown at most.
    assert caught.value.total == 2 * problem_rows
    assert len(caught.value.problems) == min(200, 2 * problem_rows)


def test_an_empty_table_has_the_reference_columns() -> None:
    frame = pl.DataFrame(schema=SCHEMA)
    assert (
        _same(frame.with_columns(country=pl.lit("DE"), inventory_year=pl.lit(2020, pl.Int32)), "AR5")
        == "rows"
    )
