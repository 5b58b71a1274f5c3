"""Inventory totals to the GPC: by reference number, gas and scope; BASIC, BASIC+, territorial.

Input is one row per computed emission (a GPC reference number, tonnes CO2e, tonnes per gas);
the totals are group-bys over whole columns. Biogenic CO2 is carried as a memo item and enters
no total.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import polars as pl

from citypact.domain.emissions import GASES
from citypact.domain.gpc import GPC_REFS

# One row per GPC reference number with the totals it counts in.
_REF_FLAGS = pl.DataFrame(
    {
        "gpc_ref": list(GPC_REFS),
        "scope": [r.scope for r in GPC_REFS.values()],
        "basic": [r.in_basic for r in GPC_REFS.values()],
        "basic_plus": [r.in_basic_plus for r in GPC_REFS.values()],
        "territorial": [r.in_territorial for r in GPC_REFS.values()],
    }
)


@dataclass(frozen=True)
class InventoryTotals:
    """Tonnes CO2e (gases in tonnes of gas) of one inventory."""

    gwp: str
    basic: float
    basic_plus: float
    territorial: float
    scope1: float
    scope2: float
    scope3: float
    by_ref: dict[str, float | None]
    by_gas: dict[str, float]
    biogenic_co2: float
    # t CO2e of rows that give no figure per gas (national grid factors are CO2e per kWh, reported
    # CO2e totals): in the totals, in none of by_gas.
    co2e_not_by_gas: float = 0.0
    # t CO2e inside the totals that stay under another GWP set than `gwp` (CO2e reported without
    # its gas split, which cannot be reweighed), by set: the totals mix sets when it is not empty.
    other_gwp: dict[str, float] = field(default_factory=dict)
    # The market-based scope-2 memo (GPC 1.1 section 6.6), t CO2e beside the totals, in none of
    # them; None where no row gives a market-based factor (absent, not zero).
    scope2_market: float | None = None

    def per_capita(self, population: int) -> dict[str, float]:
        """BASIC, BASIC+ and territorial totals per inhabitant."""
        if population <= 0:
            raise ValueError("population must be positive for per-capita figures")
        return {
            "basic": self.basic / population,
            "basic_plus": self.basic_plus / population,
            "territorial": self.territorial / population,
        }


def totals(emissions: pl.DataFrame, gwp: str) -> InventoryTotals:
    """Sum `emissions` (columns gpc_ref, co2e_t, optional <gas>_t, biogenic_co2_t and
    market_co2e_t) to the GPC totals. An unknown reference number is an error naming it."""
    # The column form of gpc.normalize_ref.
    frame = emissions.with_columns(
        pl.col("gpc_ref").cast(pl.String).str.strip_chars().str.to_uppercase()
    ).join(_REF_FLAGS, on="gpc_ref", how="left")
    unknown = frame.filter(pl.col("scope").is_null())["gpc_ref"].unique().to_list()
    if unknown:
        raise KeyError(f"unknown GPC reference {unknown[0]!r}; use e.g. I.1.1 … VI.1")
    co2e = pl.col("co2e_t").fill_null(0.0)
    sums = frame.select(
        co2e.filter(pl.col("basic")).sum().alias("basic"),
        co2e.filter(pl.col("basic_plus")).sum().alias("basic_plus"),
        co2e.filter(pl.col("territorial")).sum().alias("territorial"),
        *(co2e.filter(pl.col("scope") == s).sum().alias(f"scope{s}") for s in (1, 2, 3)),
    ).row(0, named=True)
    # A reference number with only notation keys has no figure (None), which is not a zero.
    by_ref = (
        frame.group_by("gpc_ref")
        .agg(pl.when(pl.col("co2e_t").is_not_null().any()).then(co2e.sum()).alias("co2e_t"))
        .sort("gpc_ref")
    )
    gas_columns = [f"{gas}_t" for gas in GASES if f"{gas}_t" in frame.columns]
    by_gas = frame.select(pl.col(gas_columns).fill_null(0.0).sum()).row(0, named=True) if gas_columns else {}
    biogenic = (
        float(frame["biogenic_co2_t"].fill_null(0.0).sum()) if "biogenic_co2_t" in frame.columns else 0.0
    )
    no_gas = ~pl.any_horizontal(pl.col(c).is_not_null() for c in gas_columns) if gas_columns else pl.lit(True)
    not_by_gas = float(frame.select(co2e.filter(no_gas).sum()).item())
    other_gwp: dict[str, float] = {}
    if "other_gwp" in frame.columns:
        mixed = frame.filter(pl.col("other_gwp").is_not_null()).group_by("other_gwp").agg(co2e.sum())
        other_gwp = {str(k): float(v) for k, v in mixed.sort("other_gwp").iter_rows()}
    market = frame["market_co2e_t"].drop_nulls() if "market_co2e_t" in frame.columns else None
    return InventoryTotals(
        gwp=gwp,
        basic=float(sums["basic"]),
        basic_plus=float(sums["basic_plus"]),
        territorial=float(sums["territorial"]),
        scope1=float(sums["scope1"]),
        scope2=float(sums["scope2"]),
        scope3=float(sums["scope3"]),
        by_ref=dict(zip(by_ref["gpc_ref"], by_ref["co2e_t"], strict=True)),
        by_gas={column.removesuffix("_t"): float(value) for column, value in by_gas.items()},
        biogenic_co2=biogenic,
        co2e_not_by_gas=not_by_gas,
        other_gwp=other_gwp,
        scope2_market=float(market.sum()) if market is not None and market.len() else None,
    )


SLICE_ROWS = 1 << 20
# Which reference numbers (in the order of GPC_REFS) each total counts.
_COUNTED_IN = {
    "basic": np.array([r.in_basic for r in GPC_REFS.values()]),
    "basic_plus": np.array([r.in_basic_plus for r in GPC_REFS.values()]),
    "territorial": np.array([r.in_territorial for r in GPC_REFS.values()]),
    **{f"scope{s}": np.array([r.scope == s for r in GPC_REFS.values()]) for s in (1, 2, 3)},
}
TOTAL_COLUMNS = ("basic", "basic_plus", "territorial", "scope1", "scope2", "scope3", "biogenic_co2")


def totals_by_inventory(emissions: pl.DataFrame) -> pl.DataFrame:
    """The GPC totals of many inventories at once: one row per `inventory` (sorted), with columns
    TOTAL_COLUMNS in tonnes CO2e (biogenic_co2 in tonnes CO2, a memo item in no total).

    Same rules as `totals`: a null co2e_t (notation key) counts as 0 in the sums, and an unknown
    reference number is an error naming it. A frame without `inventory` is one inventory, 0.
    """
    inventory = (
        emissions.get_column("inventory")
        if "inventory" in emissions.columns
        else pl.repeat(0, emissions.height, dtype=pl.Int64, eager=True).alias("inventory")
    )
    # Each distinct spelling is normalized (as gpc.normalize_ref does) and looked up once; the rows
    # reach their reference number through the spelling's code (an Enum cast: no string is copied,
    # and categorical spellings from the readers are mapped code to code).
    column = emissions.get_column("gpc_ref")
    spellings = column.unique().cast(pl.String)
    refs = list(GPC_REFS)
    found = (
        spellings.to_frame()
        .select(pl.col("gpc_ref").str.strip_chars().str.to_uppercase().alias("ref"))
        .with_columns(
            pl.col("ref")
            .replace_strict(refs, range(len(refs)), default=None, return_dtype=pl.Int64)
            .alias("index")
        )
    )
    unknown = found.filter(pl.col("index").is_null())["ref"].to_list()
    if unknown:
        raise KeyError(f"unknown GPC reference {unknown[0]!r}; use e.g. I.1.1 … VI.1")
    ref_of_spelling = found.get_column("index").to_numpy()
    categories = pl.Enum(spellings)
    ids, group_of = _grouping(inventory)
    width = len(refs)
    # One sum per inventory and reference number (a bincount, in row order), then the totals as
    # sums of those: each reference number counts in the totals its flags say. A slice of rows at
    # a time, so that the row-long arrays stay small beside the table.
    by_ref = np.zeros(len(ids) * width)
    biogenic = np.zeros(len(ids))
    for start in range(0, emissions.height, SLICE_ROWS):
        part = emissions.slice(start, SLICE_ROWS)
        group = group_of(inventory.slice(start, SLICE_ROWS))
        ref = ref_of_spelling[part.get_column("gpc_ref").cast(categories).to_physical().to_numpy()]
        co2e = part.get_column("co2e_t").cast(pl.Float64).fill_null(0.0).to_numpy()
        by_ref += np.bincount(group * width + ref, weights=co2e, minlength=by_ref.size)
        if "biogenic_co2_t" in part.columns:
            memo = part.get_column("biogenic_co2_t").cast(pl.Float64).fill_null(0.0).to_numpy()
            biogenic += np.bincount(group, weights=memo, minlength=biogenic.size)
    table = by_ref.reshape(len(ids), width)
    sums = {name: table[:, counted].sum(axis=1) for name, counted in _COUNTED_IN.items()}
    sums["biogenic_co2"] = biogenic
    return pl.DataFrame([ids, *(pl.Series(name, sums[name], pl.Float64) for name in TOTAL_COLUMNS)])


def _grouping(inventory: pl.Series) -> tuple[pl.Series, Callable[[pl.Series], npt.NDArray[np.intp]]]:
    """The distinct inventories, sorted, and how to find the index into them of each of some rows."""
    ids = inventory.unique().sort()
    if inventory.dtype.is_integer() and not inventory.null_count() and ids.len():
        low, high = int(ids[0]), int(ids[-1])
        if -(2**62) < low <= high < 2**62 and high - low < 4 * inventory.len() + 1024:
            # Whole numbers close together (the usual ids): a table of positions, no search per row.
            position = np.zeros(high - low + 1, dtype=np.intp)
            position[ids.to_numpy().astype(np.int64) - low] = np.arange(ids.len())
            return ids, lambda rows: position[np.subtract(rows.to_numpy(), low, dtype=np.int64)]
    numbered = ids.to_frame("inventory").with_row_index("group")

    def group_of(rows: pl.Series) -> npt.NDArray[np.intp]:
        found = rows.to_frame("inventory").join(
            numbered, on="inventory", how="left", nulls_equal=True, maintain_order="left"
        )
        return found.get_column("group").to_numpy().astype(np.intp)

    return ids, group_of


def sector_totals(by_ref: Mapping[str, float | None]) -> dict[str, float]:
    """t CO2e per GPC sector ("I" .. "VI") from the totals by reference number; a reference number
    with only notation keys (None) adds nothing, and a sector with nothing but notation keys has no
    figure (absent, not 0: "not estimated" must not read as zero emissions)."""
    sums: dict[str, float] = {}
    for ref, value in by_ref.items():
        if value is not None:
            sector = ref.split(".")[0]
            sums[sector] = sums.get(sector, 0.0) + value
    return sums
