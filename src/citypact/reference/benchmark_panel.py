"""The real-data panel behind the structure-adjusted benchmark, and the robust fit on it.

Sources (../shared/data, see each NOTES.md): Nangini et al. 2019 (343 cities, Scope-1 CO2 or CO2e
from CDP, PKU or carbonn) and the CDP/ICLEI city-wide files 2016-2019. CDP rows use Scope 1 (TOTAL
Scope 1, else the 2018+ direct-emission components: excluding grid generation + grid generation),
the measure Nangini reports. The CDP files are read here by a small reader of their own, since
``reference`` may not import ``citypact.formats`` (same layer).

Rules, all counted in :class:`PanelReport` (each input row has exactly one fate, in this order):

* ``no_emissions``: emission figure missing or <= 0; ``no_population``: population missing or
  unreadable (CDP "1435.3"-style values); ``no_country``: country label not resolvable to ISO2.
* ``duplicate``: the same city seen again. Identity: a Nangini row; a CDP row whose normalized name
  equals a Nangini name (any of its three spellings) in the same country is that Nangini city; other
  CDP rows are keyed by CDP account number. Kept per city: the Nangini row, else the latest CDP
  reporting year (then the latest inventory year).
* ``implausible``: per capita outside [0.1, 100] t/person is flagged, kept and counted; the robust
  fit decides how much such a row weighs and lists it among its outliers.
* ``gas_basis``: "CO2" where Nangini's unit is tCO2 or the CDP gases field lists only CO2, else
  "CO2e"; kept, with the ``co2_only`` dummy. Years are kept as they are; the report gives the span.
* ``grid_kg_per_kwh``: national grid intensity (OWID/Ember, shipped table) of the emission year or
  the latest earlier year; emission years before the table starts (2000) take its first year,
  counted as ``grid_from_later_year``.
* Climate (HDD 15.5 C, CDD 23 C) and GDP-PPP come from Nangini only: CDP rows get them when they
  match a Nangini city, else null. Degree days: Nangini's GEA+ pair where known, else its "clim"
  pair unless cities more than 500 km apart share it (then unknown): domain.degree_days.
  GDP-PPP per capita = GDP-PPP / population (both
  Nangini "others"). Density = population / area (Nangini area; CDP land area, else Nangini's).
* ``region``: Nangini's region; CDP rows: the Nangini region of their country, else CDP's region
  mapped onto Nangini's nine.

``citypact data derive`` ships the panel's figures (PANEL_SCHEMA) as reference/data/benchmark_panel.csv.gz;
``read_panel`` builds the panel from ../shared when it is there and reads that table otherwise.

Run ``python -m citypact.reference.benchmark_panel [SHARED_DIR]`` to print the figures.
"""

from __future__ import annotations

import gzip
import io
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import polars as pl
from babel import Locale

from citypact.domain.names import country_lookup, normalize_name, resolve_country
from citypact.domain.structure_cv import Candidate, ExpectedLevel, choose
from citypact.domain.structure_fit import StructureModel, fit
from citypact.reference.factors import FACTOR_DIR
from citypact.reference.paths import BUNDLE_DIR
from citypact.reference.sources import CDP, CDP_YEARS, NANGINI, read_nangini, shared_data_dir

PLAUSIBLE_T_PER_CAPITA: Final = (0.1, 100.0)
REFERENCE_REGION: Final = "Europe"
MIN_REGION_ROWS: Final = 5  # rows of regions with fewer complete rows are left out of the fit
REASONS: Final = ("no_emissions", "no_population", "no_country", "duplicate")
_CDP_REGIONS: Final = {
    "Europe": "Europe", "North America": "North America", "Latin America": "Latin America & Caribbean",
    "Africa": "Africa", "East Asia": "East Asia", "South and West Asia": "South Asia",
    "Middle East": "North Africa, Middle East, West Asia", "Southeast Asia and Oceania": "Southeast Asia",
    "South Asia and Oceania": "South Asia",
}  # fmt: skip
PANEL_COLUMNS: Final = (
    "source", "city", "country", "year", "emissions_t", "gas_basis", "population", "per_capita_t",
    "area_km2", "density", "gdp_ppp_per_capita", "hdd", "cdd", "grid_kg_per_kwh", "co2_only", "region",
)  # fmt: skip
_U, _F = pl.String(), pl.Float64()
# The shipped table (PANEL_FILE): PANEL_COLUMNS and city_key with these dtypes.
PANEL_SCHEMA: Final[dict[str, pl.DataType]] = {
    "source": _U, "city": _U, "country": _U, "year": pl.Int32(), "emissions_t": _F, "gas_basis": _U,
    "population": _F, "per_capita_t": _F, "area_km2": _F, "density": _F, "gdp_ppp_per_capita": _F,
    "hdd": _F, "cdd": _F, "grid_kg_per_kwh": _F, "co2_only": pl.Int8(), "region": _U, "city_key": _U,
}  # fmt: skip
PANEL_FILE: Final = "benchmark_panel.csv.gz"
_EMISSIONS = "Scope-1 GHG emissions [tCO2 or tCO2-eq]"


@dataclass(frozen=True)
class PanelReport:
    input_rows: dict[str, int]  # per source
    dropped: dict[str, int]  # per reason (REASONS)
    dropped_by_source: dict[str, dict[str, int]]  # source -> reason -> rows
    kept: int
    kept_by_source: dict[str, int]
    implausible: int
    co2_only: int
    year_span: tuple[int, int]
    cdp_matched_nangini: int  # CDP input rows identified with a Nangini city (same country and name)
    cdp_with_nangini_climate: int  # kept CDP rows with climate from their Nangini city
    grid_from_later_year: int

    @property
    def balanced(self) -> bool:
        return sum(self.input_rows.values()) == self.kept + sum(self.dropped.values())


def _num(expr: pl.Expr) -> pl.Expr:
    return expr.str.replace_all(r"[,\s]", "").cast(pl.Float64, strict=False)


def _clean(header: str) -> str:
    return header.replace("\u200b", "").replace("\xa0", " ").strip().lower()


def nangini_emissions(shared: Path) -> pl.DataFrame:
    """Nangini rows (`read_nangini` columns) with their Scope-1 figure `emissions_t`, `unit`, `region`,
    `source` ("nangini:<dataset>"), `gas_basis`, `gdp_ppp_per_capita` and `year` (the emission year)."""
    raw = pl.read_csv(shared / NANGINI, infer_schema_length=0, null_values=[""])
    emissions = raw.select(
        row=pl.col("val").cast(pl.Int64) + 1,
        emissions_t=_num(pl.col(_EMISSIONS)),
        unit=pl.col("Scope-1 GHG emissions units").str.strip_chars(),
        region=pl.col("Region").str.strip_chars(),
    )
    base = read_nangini(shared).join(emissions, on="row", how="left")
    return base.with_columns(
        source=pl.lit("nangini:") + pl.col("scope1_source"),
        gas_basis=pl.when(pl.col("unit") == "tCO2").then(pl.lit("CO2")).otherwise(pl.lit("CO2e")),
        # Nangini gives GDP-PPP 0 for five Chinese cities: unknown, not zero
        gdp_ppp_per_capita=pl.when(pl.col("gdp_ppp_usd") > 0).then(
            pl.col("gdp_ppp_usd") / pl.col("population")
        ),
        year=pl.col("emission_year"),
    )


def _cdp_population(expr: pl.Expr) -> pl.Expr:
    """Head counts; "2627.482" (dots before groups of three: thousands) -> 2627482; "1435.3" -> null."""
    text = expr.str.replace_all(r"[,\s]", "")
    return (
        pl.when(text.str.contains(r"^\d+(\.\d{3})+$"))
        .then(text.str.replace_all(".", "", literal=True).cast(pl.Float64))
        .when(text.str.contains(r"^\d+(\.0*)?$"))
        .then(text.cast(pl.Float64, strict=False))
    )


def cdp_emissions(shared: Path, year: int) -> pl.DataFrame:
    """One CDP file's rows: source ("cdp<year>"), reporting_year, account, name, country_name, year
    (inventory year), emissions_t (Scope 1 as described above), gas_basis, population, area_km2,
    cdp_region."""
    raw = pl.read_csv(shared / CDP.format(year=year), infer_schema_length=0, null_values=[""])
    cols = {_clean(c): c for c in raw.columns}

    def pick(*names: str, prefix: str = "", contains: str = "", avoid: str = "#") -> pl.Expr:
        for name in names:
            if name in cols:
                return pl.col(cols[name])
        hits = [c for k, c in cols.items() if k.startswith(prefix) and contains in k and avoid not in k]
        return pl.col(hits[0]) if prefix and hits else pl.lit(None, pl.String)

    scope1 = _num(pick("total scope 1 emissions (metric tonnes co2e)"))
    excluding = _num(pick(prefix="direct emissions/ scope 1", contains="excluding"))
    grid = _num(pick(prefix="direct emissions/ scope 1", avoid="excluding"))
    period = pick("measurement year", "accounting year").str.strip_chars()
    us = period.str.extract_groups(r"^(\d{1,2})/(\d{1,2})/(\d{4})")
    end = pl.coalesce(
        period.str.extract(r"(\d{4}-\d{2}-\d{2})$").str.to_date("%Y-%m-%d", strict=False),
        pl.date(us.struct[2].cast(pl.Int32), us.struct[0].cast(pl.Int8), us.struct[1].cast(pl.Int8)),
    )
    start = period.str.extract(r"^(\d{4})-\d{2}-\d{2}").cast(pl.Int32)
    # a period: the year holding most of its last 12 months, the later on a near tie (July-June -> June's
    # year); a single date (2016's "Measurement Year" is the period's end): its year
    inventory_year = (
        pl.when(start.is_not_null()).then((end - pl.duration(days=151)).dt.year()).otherwise(end.dt.year())
    )
    gases = pick("gases included").str.strip_chars()
    return raw.select(
        source=pl.lit(f"cdp{year}"),
        reporting_year=pl.lit(year, pl.Int32),
        account=pick("account number"),
        name=pl.coalesce(
            pick("city short name", "city"), pick("organization", "city name")
        ).str.strip_chars(),
        country_name=pick("country").str.strip_chars(),
        year=pl.coalesce(inventory_year, start).cast(pl.Int32),
        emissions_t=pl.when(scope1.is_not_null())
        .then(scope1)
        .when(excluding.is_not_null())
        .then(excluding + grid.fill_null(0.0)),
        gas_basis=pl.when(gases == "CO2").then(pl.lit("CO2")).otherwise(pl.lit("CO2e")),
        population=_cdp_population(pick("current population", "population")),
        area_km2=_num(pick(prefix="land area")),
        cdp_region=pick("region", "cdp region").str.strip_chars(),
    )


def _grid() -> pl.DataFrame:
    raw = pl.read_csv(FACTOR_DIR / "grid_intensity.csv.gz", schema_overrides={"year": pl.Int32})
    return raw.select("country", grid_year="year", grid_kg_per_kwh=pl.col("g_co2_per_kwh") / 1000.0)


def _attach_grid(frame: pl.DataFrame) -> pl.DataFrame:
    grid = _grid().sort("grid_year")
    first = grid.group_by("country").agg(pl.col("grid_kg_per_kwh").first().alias("grid_first"))
    joined = (
        frame.with_columns(grid_year=pl.col("year"))
        .sort("grid_year")
        .join_asof(grid, on="grid_year", by="country", strategy="backward", check_sortedness=False)
        .join(first, on="country", how="left")
    )
    return joined.with_columns(
        grid_from_later_year=pl.col("grid_kg_per_kwh").is_null() & pl.col("grid_first").is_not_null(),
        grid_kg_per_kwh=pl.coalesce("grid_kg_per_kwh", "grid_first"),
    ).drop("grid_year", "grid_first")


def benchmark_panel(shared: Path) -> tuple[pl.DataFrame, PanelReport]:
    """One row per city (cross-section) with the columns listed in the module docstring, and the
    report of what was dropped or flagged."""
    cldr = [(name, code) for code, name in Locale("en").territories.items()]
    lookup = country_lookup(cldr, [("Turkey", "TR")])  # CLDR now says "Türkiye"
    nangini = nangini_emissions(shared)
    nangini = nangini.with_columns(
        country=pl.col("country_name").map_elements(lambda s: resolve_country(s, lookup), pl.String),
        city_key=pl.lit("nangini:") + pl.col("row").cast(pl.String),
    )
    regions = dict(nangini.drop_nulls("country").select("country", "region").unique("country").iter_rows())
    names: dict[tuple[str, str], dict[str, object]] = {}
    for rec in nangini.drop_nulls("country").iter_rows(named=True):
        for spelling in (rec["name"], rec["name_cdp"], rec["name_carbonn"]):
            if spelling:
                names.setdefault((rec["country"], normalize_name(spelling)), rec)

    cdp_rows: list[dict[str, object]] = []
    for rec in pl.concat([cdp_emissions(shared, y) for y in CDP_YEARS]).iter_rows(named=True):
        country = resolve_country(rec["country_name"], lookup)
        match = names.get((country or "", normalize_name(rec["name"] or ""))) if country else None
        m = match or {}
        cdp_rows.append(rec | {
            "country": country, "city_key": str(m["city_key"]) if match else f"cdp:{rec['account']}",
            "area_km2": rec["area_km2"] or m.get("area_km2"), "hdd": m.get("hdd"),
            "cdd": m.get("cdd"), "gdp_ppp_per_capita": m.get("gdp_ppp_per_capita"),
            "region": regions.get(country) or _CDP_REGIONS.get(rec["cdp_region"] or ""),
        })  # fmt: skip
    columns = ["source", "name", "country", "city_key", "year", "emissions_t", "gas_basis", "population",
               "area_km2", "gdp_ppp_per_capita", "hdd", "cdd", "region"]  # fmt: skip
    cdp = pl.DataFrame(cdp_rows, infer_schema_length=None).with_columns(pl.col("year").cast(pl.Int32))
    stacked = pl.concat(
        [
            nangini.select(*columns, reporting_year=pl.lit(None, pl.Int32), order=pl.lit(0)),
            cdp.select(*columns, reporting_year="reporting_year", order=pl.lit(1)),
        ],
        how="vertical_relaxed",
    )
    reason = (
        pl.when(pl.col("emissions_t").is_null() | (pl.col("emissions_t") <= 0))
        .then(pl.lit("no_emissions"))
        .when(pl.col("population").is_null() | (pl.col("population") <= 0))
        .then(pl.lit("no_population"))
        .when(pl.col("country").is_null())
        .then(pl.lit("no_country"))
    )
    stacked = stacked.with_columns(reason=reason)
    usable = stacked.filter(pl.col("reason").is_null()).sort(
        ["city_key", "order", "reporting_year", "year"],
        descending=[False, False, True, True],
        nulls_last=True,
    )
    first = pl.int_range(pl.len()).over("city_key") == 0
    usable = usable.with_columns(reason=pl.when(first).then(None).otherwise(pl.lit("duplicate")))
    renames = {"name": "city"}
    panel = (
        _attach_grid(usable.filter(pl.col("reason").is_null()))
        .rename(renames)
        .with_columns(
            per_capita_t=pl.col("emissions_t") / pl.col("population"),
            density=pl.when(pl.col("area_km2") > 0).then(pl.col("population") / pl.col("area_km2")),
            co2_only=(pl.col("gas_basis") == "CO2").cast(pl.Int8),
        )
        .select(*PANEL_COLUMNS, "city_key", "grid_from_later_year")
        .sort("source", "city", "city_key")
    )
    panel = _flag_implausible(panel)
    reasons = pl.concat([stacked, usable]).filter(pl.col("reason").is_not_null())
    counts = dict(reasons["reason"].value_counts().iter_rows())
    by_source: dict[str, dict[str, int]] = {}
    for source, why, n in reasons.group_by("source", "reason").len().sort("source", "reason").iter_rows():
        by_source.setdefault(source, {})[why] = n
    cdp_kept = panel.filter(pl.col("source").str.starts_with("cdp"))
    report = PanelReport(
        input_rows=dict(stacked["source"].value_counts().sort("source").iter_rows()),
        dropped={r: int(counts.get(r, 0)) for r in REASONS},
        dropped_by_source=by_source,
        kept=panel.height,
        kept_by_source=dict(panel["source"].value_counts().sort("source").iter_rows()),
        implausible=int(panel["implausible"].sum()),
        co2_only=int(panel["co2_only"].sum()),
        year_span=(int(panel["year"].min()), int(panel["year"].max())),  # type: ignore[arg-type]
        cdp_matched_nangini=int(cdp["city_key"].str.starts_with("nangini:").sum()),
        cdp_with_nangini_climate=int(cdp_kept["hdd"].is_not_null().sum()),
        grid_from_later_year=int(panel["grid_from_later_year"].sum()),
    )
    return panel.drop("grid_from_later_year"), report


def _flag_implausible(panel: pl.DataFrame) -> pl.DataFrame:
    low, high = PLAUSIBLE_T_PER_CAPITA
    return panel.with_columns(implausible=~pl.col("per_capita_t").is_between(low, high))


def has_sources(shared: Path) -> bool:
    """Whether `shared` holds the raw files the panel is built from."""
    return all((shared / name).is_file() for name in (NANGINI, *(CDP.format(year=y) for y in CDP_YEARS)))


def panel_table(panel: pl.DataFrame) -> pl.DataFrame:
    """The shipped form of the panel: its figures only (PANEL_SCHEMA); `implausible` is recomputed."""
    return panel.select(list(PANEL_SCHEMA)).cast(PANEL_SCHEMA)  # type: ignore[arg-type]


def read_panel(shared: Path | None = None) -> pl.DataFrame:
    """The panel of `benchmark_panel`: built from `shared` (default: the shared data folder) when it
    holds the raw files, else read from the table shipped in reference/data (`citypact data derive`
    writes it), so the fit runs on a machine without ../shared. Same columns and dtypes either way."""
    folder = shared if shared is not None else shared_data_dir()
    if has_sources(folder):
        return benchmark_panel(folder)[0]
    raw = gzip.decompress((BUNDLE_DIR / PANEL_FILE).read_bytes())
    return _flag_implausible(pl.read_csv(io.BytesIO(raw), schema=PANEL_SCHEMA, null_values=[""]))


def covariates(panel: pl.DataFrame, *, with_gdp: bool = True, sources: bool = False) -> dict[str, np.ndarray]:
    """The fit's covariates per panel row (NaN where unknown); with `sources` also the source dummies."""

    def col(expr: pl.Expr) -> np.ndarray:
        return (
            panel.select(expr.cast(pl.Float64).fill_nan(None)).to_series().fill_null(float("nan")).to_numpy()
        )

    X = {
        "log_hdd": col((1 + pl.col("hdd")).log()),
        "log_cdd": col((1 + pl.col("cdd")).log()),
        "log_population": col(pl.col("population").log()),
        "log_density": col(pl.col("density").log()),
    }
    if with_gdp:
        X["log_gdp_per_capita"] = col(pl.col("gdp_ppp_per_capita").log())
    X["grid"] = col(pl.col("grid_kg_per_kwh"))
    X["co2_only"] = col(pl.col("co2_only"))
    # The PKU estimates are a source of their own (modelled from energy statistics, CO2 only): as
    # `co2_only` alone, the PKU offset also halved the expected level of CDP cities reporting CO2 only.
    if sources:
        X.update(source_dummies(panel["source"].fill_null("").to_numpy(), X["co2_only"]))
    complete = np.isfinite(np.column_stack(list(X.values()))).all(axis=1)
    region = panel["region"].fill_null("").to_numpy()
    counts = {name: int((region[complete] == name).sum()) for name in set(region[complete])}
    small = [name for name, n in counts.items() if n < MIN_REGION_ROWS or name == ""]
    unknown = np.isin(region, small) if small else np.zeros(region.size, dtype=bool)
    for name in sorted(set(counts) - {REFERENCE_REGION, *small}):
        key = "region_" + name.split(",")[0].split(" &")[0].lower().replace(" ", "_")
        X[key] = np.where(unknown, np.nan, (region == name).astype(float))
    return X


def source_dummies(source: np.ndarray, co2_only: np.ndarray) -> dict[str, np.ndarray]:
    """Source dummies of the panel (sources "nangini:PKU", "nangini:carbonn", CDP otherwise): PKU
    estimates, carbonn reports, and a CO2-only inventory that is not a PKU estimate."""
    pku = np.char.find(source.astype(str), "PKU") >= 0
    carbonn = np.char.find(source.astype(str), "carbonn") >= 0
    return {
        "source_pku": pku.astype(float),
        "source_carbonn": carbonn.astype(float),
        "co2_only_other": np.where(pku, 0.0, co2_only),
    }


CONDITION_COVARIATES: Final = ("log_hdd", "log_cdd", "log_population", "log_density", "grid")
SOURCE_COVARIATES: Final = ("source_pku", "source_carbonn", "co2_only_other")


def candidates(X: dict[str, np.ndarray]) -> tuple[Candidate, ...]:
    """The expected-level models tried out of sample (docs/benchmark_model.md); the region dummies are
    those `covariates` made for this panel."""
    regions = tuple(k for k in X if k.startswith("region_"))
    deployed = (*CONDITION_COVARIATES, "co2_only", *regions)
    sources = (*CONDITION_COVARIATES, *SOURCE_COVARIATES, *regions)
    return (
        Candidate("conditions_co2_only", deployed),
        Candidate("conditions_co2_only_pooled", deployed, pooled=True),
        Candidate("conditions_sources", sources),
        Candidate("conditions_sources_pooled", sources, pooled=True),
        Candidate("conditions_gdp_sources_pooled", (*sources, "log_gdp_per_capita"), pooled=True),
    )


def choose_panel(panel: pl.DataFrame, *, folds: int = 5, repeats: int = 10, seed: int = 0) -> ExpectedLevel:
    """Cross-validate the candidates and the country and region medians on the panel's plausible rows
    (the benchmark scores no figure outside PLAUSIBLE_T_PER_CAPITA), and fit the one chosen by
    out-of-sample median absolute log error (domain.structure_cv)."""
    panel = panel.filter(~pl.col("implausible"))
    X = covariates(panel, with_gdp=True, sources=True)
    return choose(
        panel["per_capita_t"].to_numpy(),
        X,
        panel["country"].fill_null("").to_numpy(),
        panel["region"].fill_null("").to_numpy(),
        candidates(X),
        folds=folds,
        repeats=repeats,
        seed=seed,
    )


def fit_panel(panel: pl.DataFrame, *, with_gdp: bool = True) -> StructureModel:
    """Huber fit of log per-capita emissions on the covariates; rows with a missing value are left out
    (``n_used``/``n_left_out`` in the model). Without GDP the model uses every row with climate."""
    return fit(panel["per_capita_t"].to_numpy(), covariates(panel, with_gdp=with_gdp))


def _print(panel: pl.DataFrame, report: PanelReport) -> None:
    print(report)
    print("balanced:", report.balanced, "| gas basis:", dict(panel["gas_basis"].value_counts().iter_rows()))
    for label, with_gdp in (("with GDP", True), ("without GDP", False)):
        model = fit_panel(panel, with_gdp=with_gdp)
        print(f"\n## {label}: n_used={model.n_used} left_out={model.n_left_out} "
              f"pseudo_R2={model.pseudo_r2:.3f} scale={model.scale:.3f} converged={model.converged} "
              f"iterations={model.iterations} outliers={len(model.outlier_rows)}")  # fmt: skip
        for name, b, se, lo, hi in zip(
            model.names, model.coef, model.se, model.ci_low, model.ci_high, strict=True
        ):
            print(f"| {name} | {b:+.3f} | {se:.3f} | [{lo:+.3f}, {hi:+.3f}] |")
        order = np.argsort(-np.nan_to_num(np.abs(model.residuals), nan=-1.0))[:10]
        for i in order:
            r = panel.row(int(i), named=True)
            print(f"| {r['city']} ({r['country']}, {r['source']}, {r['year']}) | {r['per_capita_t']:.2f} | "
                  f"{model.residuals[i]:+.2f} | {math.exp(model.residuals[i]):.2f} | "
                  f"{model.robust_weights[i]:.2f} | {r['implausible']} |")  # fmt: skip


if __name__ == "__main__":
    _print(*benchmark_panel(Path(sys.argv[1]) if len(sys.argv) > 1 else shared_data_dir()))
