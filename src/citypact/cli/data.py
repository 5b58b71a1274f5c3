"""`citypact data`: load the city registry and reference series; derive the bundled tables."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from citypact.cli.context import OPERATOR, writing
from citypact.reference.paths import BUNDLE_DIR, SHARED_DATA_DIR

if TYPE_CHECKING:
    from citypact.reference.registry import Unmatched

app = typer.Typer(help="Reference and registry data.", no_args_is_help=True)
console = Console(stderr=True)
SAMPLE = 5  # unmatched records of each source printed without --show-unmatched


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def _sample(rows: list[Unmatched], per_source: int) -> list[Unmatched]:
    """The first few unmatched records of each source."""
    seen: Counter[str] = Counter()
    sample = []
    for row in rows:
        seen[row.source] += 1
        if seen[row.source] <= per_source:
            sample.append(row)
    return sample


@app.command("load")
def load(
    source: str = typer.Option(
        "auto",
        help="shared: the raw files in ../shared/data; bundled: the tables shipped with "
        "citypact; auto: shared when present, else bundled",
    ),
    shared: Path = typer.Option(SHARED_DATA_DIR, help="folder of the raw public data"),
    show_unmatched: bool = typer.Option(False, help="list every record that could not be matched"),
) -> None:
    """Load the city registry, grid intensity, degree days, twin towns, networks and the emissions
    cities reported (Nangini 2019, CDP 2016-2019) as inventories (idempotent)."""
    if source not in ("auto", "shared", "bundled"):
        raise typer.BadParameter("use auto, shared or bundled", param_hint="--source")
    use_shared = source == "shared" or (source == "auto" and shared.is_dir())
    if source == "shared" and not shared.is_dir():
        raise typer.BadParameter(f"{shared} is not a folder", param_hint="--shared")
    # Imported here, not at the top: polars and rapidfuzz would slow every other command's start.
    from citypact.reference.public_targets import public_targets_table, read_public_targets
    from citypact.reference.registry import build_registry, read_bundle
    from citypact.reference.reported_emissions import read_reported, reported_emissions
    from citypact.services.funding.seed import load_programmes
    from citypact.services.inventory.reported_load import load_reported
    from citypact.services.plans.cases import load_library
    from citypact.services.registry.load import load_registry
    from citypact.services.registry.public_targets import load_public_targets
    from citypact.services.scopes.admin import seed_scopes

    started = time.perf_counter()
    report = None
    with _progress() as progress:
        task = progress.add_task("reading", total=None)

        def step(message: str) -> None:
            progress.update(task, description=message)
            progress.console.log(message)

        if use_shared:
            registry, report = build_registry(shared, progress=step)
            reported = reported_emissions(shared, report.outcomes())[0]
            targets = public_targets_table(shared, registry.cities, registry.countries, report.outcomes())[0]
        else:
            step(f"bundled tables in {BUNDLE_DIR}")
            registry, reported, targets = read_bundle(), read_reported(), read_public_targets()
        with writing() as session:
            counts = load_registry(session, registry, progress=step)
            step(f"{reported.height:,} reported emission figures")
            reported_started = time.perf_counter()
            inventories = load_reported(session, reported)
            reported_seconds = time.perf_counter() - reported_started
            step(f"{targets.height:,} published targets (CDP 2021)")
            published = load_public_targets(session, targets)
            step("measures catalogue and best-practice cases")
            library = load_library(session)
            programmes = load_programmes(session, OPERATOR)
            step("national scopes of action")
            scopes = seed_scopes(session)
        progress.update(task, description="done")
    console.print(
        f"loaded {counts.cities:,} cities, {counts.statistics:,} yearly figures, "
        f"{counts.grid_intensity:,} grid-intensity and {counts.degree_days:,} degree-day values, "
        f"{counts.twin_links:,} twin-town links, {counts.network_members:,} network memberships "
        f"from {'../shared/data' if use_shared else 'the bundled tables'} "
        f"in {time.perf_counter() - started:.1f} s"
    )
    console.print(
        f"loaded {inventories.loaded:,} inventories with reported emissions in {reported_seconds:.1f} s "
        f"(of {inventories.in_registry:,} city-years; {inventories.kept_existing:,} already had an "
        "inventory, left as they are)"
    )
    console.print(
        f"loaded {published.loaded:,} published targets (CDP 2021) of registry cities"
        f" ({published.without_city:,} of cities not in this database)"
    )
    console.print(
        f"loaded {library.measure_types} measure types and {library.cases} best-practice cases"
        + (
            f"; cases whose city is not in the registry: {', '.join(library.cases_without_city)}"
            if library.cases_without_city
            else ""
        )
    )
    console.print(f"funding programmes: {programmes.added} added, {programmes.updated} updated")
    console.print(
        f"national scopes of action: added {', '.join(scopes.profiles_added) or 'no profile'} "
        f"({scopes.statements_added} statements, {scopes.sources_added} sources); "
        f"kept as they are in the database: {', '.join(scopes.profiles_kept) or 'none'}"
    )
    if report is not None:
        console.print(report.summary())
        shown = report.unmatched if show_unmatched else _sample(report.unmatched, SAMPLE)
        if shown:
            console.print("not matched (source | row | name | country | reason):")
        for row in shown:
            console.print("  " + " | ".join(str(v) for v in row), markup=False)
        if len(shown) < len(report.unmatched):
            console.print(f"  ... {len(report.unmatched) - len(shown):,} more: --show-unmatched lists all")


@app.command("derive")
def derive(
    shared: Path = typer.Option(SHARED_DATA_DIR, help="folder of the raw public data"),
    out: Path = typer.Option(BUNDLE_DIR, help="where to write the compact tables"),
) -> None:
    """Rebuild the compact tables shipped with citypact from the raw public data."""
    if not shared.is_dir():
        raise typer.BadParameter(f"{shared} is not a folder", param_hint="--shared")
    from citypact.reference.registry import derive_bundle

    report, reported, targets = derive_bundle(shared, out)
    console.print(report.summary())
    console.print(
        f"reported emissions: {sum(reported.kept.values()):,} city-years of {reported.cities:,} cities kept "
        f"from {sum(reported.input_rows.values()):,} records; dropped: "
        + ", ".join(f"{reason} {n:,}" for reason, n in reported.dropped.items())
    )
    console.print(
        f"published targets (CDP 2021): {targets.by_account + targets.by_match:,} targets of "
        f"{targets.cities:,} registry cities kept from {targets.rows:,} rows; without a target "
        f"{targets.no_target:,}, city not in the registry {targets.unmatched:,}; matched by name alone "
        f"or by coordinates (name and point disagree) {targets.conflicts:,}"
    )
    console.print(f"wrote {out}")
