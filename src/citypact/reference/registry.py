"""The city registry: build it from ../shared/data, ship it as a compact bundle, read it back.

Regenerate the bundled copy (src/citypact/reference/data) with `make data` (that is
`citypact data derive`), or without the CLI:

    .venv/bin/python -m citypact.reference.registry [SHARED_DATA_DIR]

The bundle is deterministic: rows sorted, gzip without timestamp, and manifest.json's
`generated_at` taken from $SOURCE_DATE_EPOCH, else kept from the previous manifest when the
content is unchanged.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import polars as pl

from citypact.reference.assemble import OUTCOME_SCHEMA, UNMATCHED_SCHEMA, SourceMatch
from citypact.reference.build import assemble_registry
from citypact.reference.paths import BUNDLE_DIR

if TYPE_CHECKING:
    from citypact.reference.public_targets import TargetsReport
    from citypact.reference.reported_emissions import ReportedReport

MANIFEST = "manifest.json"

U, I32, I64, F64 = pl.Utf8(), pl.Int32(), pl.Int64(), pl.Float64()
SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "cities": {
        "key": U, "name": U, "name_ascii": U, "country": U, "admin_area": U, "lat": F64,
        "lon": F64, "population": I64, "population_year": I32, "population_source": U,
        "area_km2": F64, "geonames_id": I64, "unlocode": U, "capital": U, "alt_names": U,
        "sources": U,
    },
    "countries": {"iso2": U, "iso3": U, "name": U},
    "city_statistics": {
        "key": U, "year": I32, "variable": U, "value": F64, "unit": U, "source": U, "note": U,
    },
    "grid_intensity": {"country": U, "year": I32, "g_co2_per_kwh": F64, "source": U},
    "degree_days": {"country": U, "year": I32, "hdd": F64, "cdd": F64, "source": U},
    "twin_links": {"key_a": U, "key_b": U, "source": U},
    "networks": {"slug": U, "name": U, "description": U, "url": U},
    "network_members": {"network": U, "key": U, "since_year": I32, "source": U},
    "sources": {"id": U, "title": U, "publisher": U, "license": U, "url": U, "citation": U},
}  # fmt: skip
# Text columns that are never null: an empty string is written as an empty CSV field.
_NON_NULL_TEXT = {"cities": ("alt_names", "sources")}
# Rows are sorted by these columns (then by all others) so that output is reproducible.
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "cities": ("key",), "countries": ("iso2",),
    "city_statistics": ("key", "variable", "year", "source"),
    "grid_intensity": ("country", "year"), "degree_days": ("country", "year"),
    "twin_links": ("key_a", "key_b"), "networks": ("slug",),
    "network_members": ("network", "key"), "sources": ("id",),
}  # fmt: skip


@dataclass(frozen=True)
class Registry:
    """Reference data of the platform, one polars DataFrame per table (columns: SCHEMAS)."""

    cities: pl.DataFrame
    countries: pl.DataFrame
    city_statistics: pl.DataFrame
    grid_intensity: pl.DataFrame
    degree_days: pl.DataFrame
    twin_links: pl.DataFrame
    networks: pl.DataFrame
    network_members: pl.DataFrame
    sources: pl.DataFrame

    def __post_init__(self) -> None:
        for name, frame in self.frames().items():
            if dict(frame.schema) != SCHEMAS[name]:
                raise ValueError(f"{name}: schema {dict(frame.schema)} != {SCHEMAS[name]}")

    def frames(self) -> dict[str, pl.DataFrame]:
        """Table name -> DataFrame, in the order of SCHEMAS."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


class Unmatched(NamedTuple):
    """A source record that found no registry city."""

    source: str
    row: int | None
    name: str | None
    country: str | None
    reason: str | None


@dataclass(frozen=True)
class MatchReport:
    """How each source reconciled with the registry, and how long the steps took."""

    sources: tuple[SourceMatch, ...]
    timings: tuple[tuple[str, float], ...] = ()

    def summary(self) -> str:
        """One line per source: read / matched / added / unmatched, then the step timings."""
        lines = [f"{'source':<16}{'read':>8}{'matched':>9}{'added':>7}{'unmatched':>11}"]
        for s in self.sources:
            lines.append(f"{s.source:<16}{s.read:>8}{s.matched:>9}{s.added:>7}{s.unmatched.height:>11}")
        if self.timings:
            steps = ", ".join(f"{name} {secs:.2f}s" for name, secs in self.timings)
            lines.append(f"timings: {steps}")
        return "\n".join(lines)

    @property
    def unmatched(self) -> list[Unmatched]:
        """Every unmatched record as (source, row, name, country, reason), in source order."""
        return [Unmatched(*row) for row in self.unmatched_frame().iter_rows()]

    def unmatched_frame(self, source: str | None = None) -> pl.DataFrame:
        """Unmatched records (source, row, name, country, reason), optionally of one source."""
        frames = [s.unmatched for s in self.sources if source in (None, s.source)]
        return pl.concat(frames) if frames else pl.DataFrame(schema=UNMATCHED_SCHEMA)

    def outcomes(self, source: str | None = None) -> pl.DataFrame:
        """Every record with its match (key, name_score, distance_km) or reason: the audit trail."""
        frames = [s.outcomes for s in self.sources if source in (None, s.source)]
        return pl.concat(frames) if frames else pl.DataFrame(schema=OUTCOME_SCHEMA)


def build_registry(
    shared_data: Path, progress: Callable[[str], None] | None = None
) -> tuple[Registry, MatchReport]:
    """Read every source under `shared_data`, reconcile them and return the registry + report."""
    frames, reports, timings = assemble_registry(shared_data, progress)
    registry = Registry(**{name: _conform(name, frames[name]) for name in SCHEMAS})
    return registry, MatchReport(tuple(reports), tuple(timings))


def _conform(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """Exact columns and dtypes of SCHEMAS, rows in canonical order."""
    schema = SCHEMAS[name]
    out = frame.select(list(schema)).cast(schema)  # type: ignore[arg-type]
    for col in _NON_NULL_TEXT.get(name, ()):
        out = out.with_columns(pl.col(col).fill_null(""))
    order = list(SORT_KEYS[name]) + [c for c in schema if c not in SORT_KEYS[name]]
    return out.sort(order, nulls_last=True)


def _csv_gz(frame: pl.DataFrame) -> bytes:
    return gzip.compress(frame.write_csv().encode("utf-8"), compresslevel=9, mtime=0)


def write_bundle(
    registry: Registry, out_dir: Path, derived: Mapping[str, pl.DataFrame] | None = None
) -> None:
    """Write one `<table>.csv.gz` per table plus manifest.json (rows, sha256, source ids).

    `derived`: further tables derived from the same sources (the benchmark panel, reported
    emissions, the inventory's grid factors), written as given and listed in the manifest beside
    the registry's."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files: dict[str, dict[str, object]] = {}
    tables = {name: _conform(name, frame) for name, frame in registry.frames().items()}
    for name, frame in {**tables, **(derived or {})}.items():
        payload = _csv_gz(frame)
        (out_dir / f"{name}.csv.gz").write_bytes(payload)
        files[name] = {
            "file": f"{name}.csv.gz",
            "rows": frame.height,
            "sha256": hashlib.sha256(payload).hexdigest(),
        }
    manifest = {
        "format": 1,
        "generated_at": _generated_at(out_dir / MANIFEST, files),
        "tables": files,
        "source_ids": sorted(registry.sources["id"].to_list()),
        "regenerate": "make data  (citypact data derive; python -m citypact.reference.registry)",
    }
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    (out_dir / MANIFEST).write_text(text, encoding="utf-8")


def _generated_at(manifest_path: Path, files: dict[str, dict[str, object]]) -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if manifest_path.exists():
        previous = json.loads(manifest_path.read_text(encoding="utf-8"))
        if previous.get("tables") == files:
            return str(previous["generated_at"])
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def read_bundle(bundle_dir: Path = BUNDLE_DIR) -> Registry:
    """Load the bundled registry (no ../shared needed); dtypes are exactly SCHEMAS."""
    frames: dict[str, pl.DataFrame] = {}
    for name, schema in SCHEMAS.items():
        raw = gzip.decompress((bundle_dir / f"{name}.csv.gz").read_bytes())
        frame = pl.read_csv(io.BytesIO(raw), schema=schema, null_values=[""])
        for col in _NON_NULL_TEXT.get(name, ()):
            frame = frame.with_columns(pl.col(col).fill_null(""))
        frames[name] = frame
    return Registry(**frames)


def derive_bundle(
    shared_data: Path, out_dir: Path = BUNDLE_DIR
) -> tuple[MatchReport, ReportedReport, TargetsReport]:
    """Build the registry from `shared_data` and write it to `out_dir` (the bundled copy), with the
    benchmark panel, the reported emissions and the published (CDP 2021) targets of registry
    cities derived from the same files."""
    from citypact.reference.benchmark_panel import benchmark_panel, panel_table
    from citypact.reference.linkage import grid_factors
    from citypact.reference.public_targets import public_targets_table
    from citypact.reference.reported_emissions import reported_emissions
    from citypact.reference.sources import read_electricity_maps

    registry, report = build_registry(shared_data)
    reported, counts = reported_emissions(shared_data, report.outcomes())
    targets, target_counts = public_targets_table(
        shared_data, registry.cities, registry.countries, report.outcomes()
    )
    derived = {
        "benchmark_panel": panel_table(benchmark_panel(shared_data)[0]),
        "reported_emissions": reported,
        "grid_factors": grid_factors(
            registry.grid_intensity, read_electricity_maps(shared_data), registry.countries
        ),
        "public_targets": targets,
    }
    write_bundle(registry, out_dir, derived)
    return report, counts, target_counts


def main(argv: list[str] | None = None) -> int:
    """Command line: derive the bundle and print the match summary."""
    from citypact.reference.sources import shared_data_dir

    args = sys.argv[1:] if argv is None else argv
    shared = Path(args[0]).resolve() if args else shared_data_dir()
    started = time.perf_counter()
    report, reported, targets = derive_bundle(shared)
    print(report.summary())
    print(reported)
    print(targets)
    print(f"bundle written to {BUNDLE_DIR} in {time.perf_counter() - started:.1f}s")
    return 0


__all__ = [
    "BUNDLE_DIR", "SCHEMAS", "MatchReport", "Registry", "Unmatched", "build_registry",
    "derive_bundle", "read_bundle", "write_bundle",
]  # fmt: skip

if __name__ == "__main__":
    raise SystemExit(main())
