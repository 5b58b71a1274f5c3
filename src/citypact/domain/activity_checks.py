"""The rules a row of activity data must pass, and the message for each row that breaks one.

Most rules depend on the row's kind alone (activity.encode_kinds): they are evaluated once per kind,
and a failing kind names its rows. The rules on the row's own numbers (the amount, the factors, the
reported tonnes) and the one that compares rows of a reference number run over the rows. Messages
are made only for failing rows, at most MAX_PROBLEMS per rule.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from citypact.domain.activity import (
    ACTIVITY_SCHEMA,
    DATA_QUALITY,
    EF_BASES,
    MAX_AMOUNT,
    MAX_FACTOR,
    MAX_PROBLEMS,
    NOTATION_KEYS,
    REPORTED_COLUMNS,
    USER_FACTOR_COLUMNS,
    ActivityProblem,
    suggest_fuel,
    unit_problem,
)
from citypact.domain.factor_library import DISTRICT_HEAT, ELECTRICITY, GRID_CARRIERS, FactorLibrary
from citypact.domain.text import refused_pattern

REFUSED_MESSAGE = (
    "remove the invisible control or direction characters (control characters,"
    " direction overrides and non-characters are not allowed)"
)


@dataclass(frozen=True)
class Rule:
    """One check: the column it names, the mask of breaking rows (or kinds), the message.

    `on_rows` rules read the row's numbers (amount, ef_*, reported_*, to_base, max_base); the
    others read the kind's columns only."""

    column: str
    broken: pl.Expr
    message: str
    on_rows: bool = False


def _rules(kinds: pl.DataFrame) -> list[Rule]:
    """Every rule, in the order their problems are listed within a row."""
    has_amount = pl.col("has_amount")
    key = pl.col("notation_key")
    combustion_fuel = pl.col("fuel_key").is_not_null() & ~pl.col("fuel_key").is_in(list(GRID_CARRIERS))
    computed = has_amount & key.is_null() & ~pl.col("reported") & pl.col("scope").is_not_null()
    needs_default = computed & ~pl.col("user_factor")
    basis = pl.col("ef_basis")
    market = pl.col("user_factor") & (basis == "market")
    grid_energy = pl.col("grid_ref") & pl.col("fuel_key").is_in(list(GRID_CARRIERS))
    dim = pl.col("dimension")
    per_tj = pl.col("has_default") & (pl.col("basis") == "TJ")
    amount = pl.col("amount")
    # A rule on the rows' factors (or reported tonnes) where no kind has any is left out: those
    # columns are null in every row, and each such rule would cost passes over every row.
    any_user_factor = bool(kinds.get_column("user_factor").any())
    any_reported = bool(kinds.get_column("reported").any())

    rules = [
        Rule(
            "gpc_ref", pl.col("scope").is_null(), "unknown GPC reference number; use one such as I.1.1 … VI.1"
        ),
        Rule(
            "notation_key",
            key.is_not_null() & ~key.is_in(list(NOTATION_KEYS)),
            "unknown notation key; use NO, IE, NE or C",
        ),
        Rule(
            "explanation",
            key.is_not_null() & pl.col("explanation").str.strip_chars().replace("", None).is_null(),
            "a notation key needs an explanation; say why the source is not reported",
        ),
        Rule("amount", key.is_not_null() & has_amount, "give either an amount or a notation key, not both"),
        Rule(
            "notation_key",
            pl.col("key_in_conflict"),
            "{ref} has an amount in another row, and a notation key says it has none: remove one of them",
            on_rows=True,
        ),
        Rule(
            "amount",
            pl.col("amount_in_conflict"),
            "{ref} has a notation key in another row, which says it has no amount: remove one of them",
            on_rows=True,
        ),
        Rule(
            "amount",
            key.is_null() & ~has_amount & ~pl.col("reported"),
            "no amount; give the amount (0 for a true zero) or a notation key (NO, IE, NE, C)",
        ),
        Rule("amount", amount < 0, "the amount is negative; activity amounts are 0 or more", on_rows=True),
        Rule(
            "amount",
            amount.is_infinite() | amount.is_nan(),
            "the amount is not a finite number",
            on_rows=True,
        ),
        Rule(
            "amount",
            amount.is_finite() & (amount > MAX_AMOUNT),
            f"the amount is larger than {MAX_AMOUNT:.0e}; check the number and its unit",
            on_rows=True,
        ),
        *(
            Rule(
                column,
                ~pl.col(column).is_finite() | (pl.col(column).abs() > MAX_FACTOR),
                f"the emission factor is not a number up to {MAX_FACTOR:.0e}; check it and its unit",
                on_rows=True,
            )
            for column in USER_FACTOR_COLUMNS
            if any_user_factor
        ),
        *(
            Rule(
                column,
                ~pl.col(column).is_finite() | (pl.col(column).abs() > MAX_AMOUNT),
                f"the reported tonnes are not a number up to {MAX_AMOUNT:.0e}; check the figure",
                on_rows=True,
            )
            for column in REPORTED_COLUMNS
            if any_reported
        ),
        *(
            Rule(column, _refused_values(kinds, column), REFUSED_MESSAGE)
            for column, dtype in ACTIVITY_SCHEMA.items()
            if dtype == pl.String
        ),
        Rule(
            "amount",
            amount * pl.col("to_base") > pl.col("max_base"),
            "the amount is beyond what any city could use or emit (check the number and the unit)",
            on_rows=True,
        ),
        Rule(
            "data_quality",
            pl.col("data_quality").is_not_null() & ~pl.col("data_quality").is_in(list(DATA_QUALITY)),
            "unknown data quality; use H, M or L (high, medium, low)",
        ),
        Rule(
            "ef_data_quality",
            pl.col("ef_data_quality").is_not_null() & ~pl.col("ef_data_quality").is_in(list(DATA_QUALITY)),
            "unknown data quality; use H, M or L (high, medium, low)",
        ),
        Rule(
            "unit",
            computed & pl.col("unit").is_null(),
            "no unit; give the unit of the amount, e.g. MWh, GJ, t, L",
        ),
        Rule("unit", computed & pl.col("unit").is_not_null() & dim.is_null(), "{unit}"),
        Rule(
            "ef_unit",
            pl.col("user_factor") & pl.col("ef_unit").is_null(),
            "a user factor needs its unit, e.g. kg/MWh or kg/t",
        ),
        Rule(
            "ef_source",
            pl.col("user_factor") & pl.col("ef_source").str.strip_chars().replace("", None).is_null(),
            "a user factor needs its source (publisher, document, year)",
        ),
        *(
            [
                Rule(
                    "ef_co2",
                    pl.any_horizontal(pl.col(c) < 0 for c in USER_FACTOR_COLUMNS),
                    "an emission factor is negative",
                    on_rows=True,
                )
            ]
            if any_user_factor
            else []
        ),
        Rule(
            "fuel",
            computed & pl.col("grid_ref") & ~pl.col("fuel_key").is_in(list(GRID_CARRIERS)),
            f"this reference number is for grid-supplied energy; use {ELECTRICITY} or {DISTRICT_HEAT}",
        ),
        Rule(
            "fuel",
            computed & ~pl.col("grid_ref") & pl.col("fuel_key").is_in(list(GRID_CARRIERS)),
            "grid-supplied energy belongs to a scope 2 reference number (e.g. I.1.2, II.1.2)",
        ),
        Rule(
            "fuel",
            needs_default & pl.col("category").is_null() & ~pl.col("grid_ref"),
            "no default factor for this sector; give a user factor (ef_co2 ... ef_n2o, ef_unit, ef_source)",
        ),
        Rule(
            "fuel",
            needs_default & pl.col("category").is_not_null() & combustion_fuel & ~pl.col("has_default"),
            "no IPCC default factor for {fuel} in this sector; {suggestion}",
        ),
        Rule(
            "fuel",
            needs_default & pl.col("category").is_not_null() & pl.col("fuel_key").is_null(),
            "no fuel; name the fuel as in the IPCC 2006 guidelines, e.g. Natural Gas",
        ),
        Rule(
            "fuel",
            needs_default & (pl.col("fuel_key") == DISTRICT_HEAT),
            "district heat has no national default factor; give the supplier's factor as a user factor",
        ),
        Rule(
            "fuel",
            needs_default & (pl.col("fuel_key") == ELECTRICITY) & pl.col("grid_kg_co2e_per_tj").is_null(),
            "no national grid factor for this country and year; give a user factor",
        ),
        Rule(
            "unit",
            needs_default & per_tj & (dim == "MASS") & pl.col("ncv").is_null(),
            "no default calorific value for this fuel; give the amount in energy units (TJ, GJ, MWh)",
        ),
        Rule(
            "unit",
            needs_default & per_tj & (dim == "VOLUME") & pl.col("density").is_null(),
            "no default density for this fuel; give the amount in energy or mass units",
        ),
        Rule(
            "unit",
            needs_default & (pl.col("basis") == "t") & (dim != "MASS"),
            "this default factor is per tonne of waste treated; give the amount in t or kg",
        ),
        Rule(
            "unit",
            computed & pl.col("fuel_key").is_in(list(GRID_CARRIERS)) & (dim != "ENERGY"),
            "grid-supplied energy is measured in energy units, e.g. kWh or MWh",
        ),
        Rule(
            "unit",
            needs_default & dim.is_in(["DISTANCE", "PASSENGER_DISTANCE"]),
            "distances need a user factor per distance (e.g. ef_co2 in kg/km); defaults are per unit of fuel",
        ),
        Rule(
            "ef_unit",
            pl.col("user_factor")
            & computed
            & pl.col("ef_to_kg").is_null()
            & pl.col("ef_unit").is_not_null()
            & dim.is_not_null(),
            "the factor unit does not fit the activity unit; give it per activity unit",
        ),
    ]
    # Most tables have no ef_basis at all.
    if kinds.select(basis.is_not_null().any()).item():
        rules += [
            Rule(
                "ef_basis",
                basis.is_not_null() & ~basis.is_in(list(EF_BASES)),
                "unknown basis; write location or market (empty means location)",
            ),
            Rule(
                "ef_basis",
                basis.is_not_null() & ~pl.col("user_factor"),
                "ef_basis says which scope-2 figure a user factor is; give the factor (ef_co2, ef_ch4,"
                " ef_n2o, ef_unit, ef_source) or leave ef_basis empty",
            ),
            Rule(
                "ef_basis",
                basis.is_not_null() & pl.col("user_factor") & ~grid_energy,
                "ef_basis applies to grid-supplied electricity and district heat only; leave it empty"
                " here (a user factor on this row is the row's factor)",
            ),
            Rule(
                "ef_basis",
                market & computed & (pl.col("fuel_key") == DISTRICT_HEAT),
                "district heat has no national location-based factor for the totals; give the"
                " supplier's factor as location-based (ef_basis empty or location)",
            ),
            Rule(
                "ef_basis",
                market
                & computed
                & (pl.col("fuel_key") == ELECTRICITY)
                & pl.col("grid_kg_co2e_per_tj").is_null(),
                "no national grid factor for this country and year, so the totals would lack a"
                " location-based figure; give a location-based factor (ef_basis empty or location)",
            ),
        ]
    return rules


def _conflicts(rows: pl.DataFrame, kinds: pl.DataFrame, kind: pl.Series) -> pl.DataFrame:
    """Per row: whether its notation key (key_in_conflict) or its amount (amount_in_conflict) meets
    the other in another row of the same inventory and reference number.

    A reference number is reported (amounts) or explained by a notation key, not both. Only a
    reference number with kinds of both sorts can conflict; most tables have none, and then no row
    is looked at."""
    sides = kinds.select(
        "ref_code",
        (pl.col("notation_key").is_not_null() & ~pl.col("has_amount")).alias("keyed"),
        (pl.col("has_amount") & pl.col("notation_key").is_null()).alias("counted"),
    )
    both = sides.group_by("ref_code").agg(pl.col("keyed").any(), pl.col("counted").any())
    if both.filter(pl.col("keyed") & pl.col("counted")).is_empty():
        false = pl.repeat(False, rows.height, eager=True)
        return pl.DataFrame([false.alias("key_in_conflict"), false.alias("amount_in_conflict")])
    width = int(kinds.select(pl.col("ref_code").max()).item() or 0) + 1
    frame = pl.DataFrame(
        [
            (rows.get_column("inventory") * width + sides.get_column("ref_code").gather(kind)).alias("pair"),
            sides.get_column("keyed").gather(kind),
            sides.get_column("counted").gather(kind),
        ]
    )
    keyed_pairs = frame.filter(pl.col("keyed")).get_column("pair").unique()
    counted_pairs = frame.filter(pl.col("counted") & pl.col("pair").is_in(keyed_pairs.implode()))
    amount_pairs = counted_pairs.get_column("pair").unique()
    return frame.select(
        (pl.col("keyed") & pl.col("pair").is_in(amount_pairs.implode()))
        .fill_null(False)
        .alias("key_in_conflict"),
        (pl.col("counted") & pl.col("pair").is_in(keyed_pairs.implode()))
        .fill_null(False)
        .alias("amount_in_conflict"),
    )


def check_counted(
    rows: pl.DataFrame, kinds: pl.DataFrame, kind: pl.Series, library: FactorLibrary
) -> tuple[list[ActivityProblem], int]:
    """The first MAX_PROBLEMS problems, in row order, and how many there are in all.

    `rows` are prepared activity rows (columns row, inventory and the numbers), `kind` each row's
    index into `kinds`: the distinct kinds, conformed and joined with the unit table (dimension,
    to_base, max_base), the factors (has_default, basis, ncv, density, ef_to_kg) and the grid
    (grid_kg_co2e_per_tj).
    """
    rules = _rules(kinds)
    kind_rules = [(i, rule) for i, rule in enumerate(rules) if not rule.on_rows]
    row_rules = [(i, rule) for i, rule in enumerate(rules) if rule.on_rows]
    broken_kinds = kinds.select(rule.broken.fill_null(False).alias(f"r{i}") for i, rule in kind_rules)
    numbers = (
        rows.select("row", "amount", *USER_FACTOR_COLUMNS, *REPORTED_COLUMNS)
        .with_columns(
            kinds.get_column("to_base").gather(kind),
            kinds.get_column("max_base").gather(kind),
        )
        .hstack(_conflicts(rows, kinds, kind))
    )
    broken_rows = numbers.select(rule.broken.fill_null(False).alias(f"r{i}") for i, rule in row_rules)

    counts = broken_rows.select(pl.all().sum()).row(0, named=True)
    failing_kinds = broken_kinds.select(pl.all().any()).row(0, named=True)
    rows_per_kind = (
        np.bincount(kind.to_numpy(), minlength=kinds.height) if any(failing_kinds.values()) else None
    )
    hits: dict[int, pl.Series] = {}  # rule index -> the row positions of its first MAX_PROBLEMS hits
    total = 0
    for i, _ in row_rules:
        if counts[f"r{i}"]:
            total += int(counts[f"r{i}"])
            hits[i] = broken_rows.get_column(f"r{i}").arg_true().head(MAX_PROBLEMS)
    for i, _ in kind_rules:
        if failing_kinds[f"r{i}"] and rows_per_kind is not None:
            failing = broken_kinds.get_column(f"r{i}")
            total += int(rows_per_kind[failing.to_numpy()].sum())
            hits[i] = failing.gather(kind).arg_true().head(MAX_PROBLEMS)

    fuels = sorted(library.known_fuels())
    problems: list[ActivityProblem] = []
    for i in sorted(hits):
        rule = rules[i]
        at = hits[i]
        found = pl.DataFrame([rows.get_column("row").gather(at), kind.gather(at)])
        words = kinds.select("fuel", "unit", "gpc_ref")
        for row, k in found.iter_rows():
            fuel, unit, ref = words.row(k)
            text = rule.message.replace("{ref}", str(ref))
            if rule.message == "{unit}":
                text = unit_problem(unit)
            elif "{fuel}" in rule.message:
                text = rule.message.format(fuel=repr(fuel), suggestion=suggest_fuel(fuel, fuels))
            problems.append(ActivityProblem(int(row), rule.column, text))
    problems.sort(key=lambda p: p.row)
    return problems[:MAX_PROBLEMS], total


def _refused_values(kinds: pl.DataFrame, column: str) -> pl.Expr:
    """Kinds whose `column` holds a refused character: the text is checked once per distinct value."""
    values = kinds.get_column(column).unique().drop_nulls()
    bad = values.filter(values.str.contains(refused_pattern(multiline=column == "explanation")))
    return pl.col(column).is_in(bad.implode()) if bad.len() else pl.lit(False)
