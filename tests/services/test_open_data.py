"""The open data: every dataset valid for the frictionless validator, CSV and Parquet holding the
same rows, and what is not public never leaking into any of it."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from frictionless import Package, validate

from citypact.services import annual_reports
from citypact.services.funding import programme_writes
from citypact.services.open_data import catalogue
from citypact.storage.credits import CreditAccount
from tests.annual_report_fixture import report_world
from tests.conftest import World
from tests.credits_fixture import credit_world
from tests.deals_fixture import draft_deal, signed_deal, stakeholders
from tests.funding_programmes_fixture import PROGRAMME, TODAY, catalogue_world


def _full_world(world: World) -> None:
    report_world(world)
    orgs = stakeholders(world)
    signed_deal(world, orgs)
    draft_deal(world, orgs, title="Secret draft deal")
    catalogue_world(world)
    with world.db.write() as session:
        programme_writes.suggest_programme(
            session, world.actor("heidelberg_editor"), world.city["Heidelberg"],
            {**PROGRAMME, "name": "Secret suggested programme"}, today=TODAY,
        )  # fmt: skip
    credit_world(world, draft_project=True)
    with world.db.write() as session:
        annual_reports.publish(session, world.actor("c40_secretariat"), "c40", 2025)


def _export(world: World, folder: Path) -> list[Path]:
    with world.db.read() as session:
        return catalogue.export(session, folder)


def test_package_is_valid_and_complete(world: World, tmp_path: Path) -> None:
    _full_world(world)
    written = _export(world, tmp_path)
    assert {p.name for p in written} == {"datapackage.json"} | {
        f"{d.name}.{ext}" for d in catalogue.DATASETS for ext in ("csv", "parquet")
    }
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(str(tmp_path / "datapackage.json"))
    assert len(package.resources) == len(catalogue.DATASETS) >= 10
    for ds in catalogue.DATASETS:
        csv_frame = pl.read_csv(tmp_path / f"{ds.name}.csv", infer_schema_length=0)
        parquet = pl.read_parquet(tmp_path / f"{ds.name}.parquet")
        assert csv_frame.columns == parquet.columns == [f.name for f in ds.fields]
        assert csv_frame.height == parquet.height, ds.name
    meta = json.loads((tmp_path / "datapackage.json").read_text())
    for resource in meta["resources"]:
        assert resource["licenses"] and resource["sources"]
        assert all(f["description"] for f in resource["schema"]["fields"])


def test_figures_in_the_tables(world: World) -> None:
    _full_world(world)
    with world.db.read() as session:
        totals = catalogue.table(session, catalogue.DATASETS[1])
        reports = catalogue.table(session, catalogue.dataset("annual_reports"))  # type: ignore[arg-type]
        deals = catalogue.table(session, catalogue.dataset("deals"))  # type: ignore[arg-type]
        programmes = catalogue.table(session, catalogue.dataset("funding_programmes"))  # type: ignore[arg-type]
    kyoto = totals.filter(pl.col("city") == "Kyoto").sort("year")
    assert kyoto["basic_t"].to_list() == [1000.0, 800.0]
    assert kyoto["status"].to_list() == ["submitted", "verified"]
    row = reports.row(0, named=True)
    assert (row["network"], row["year"], row["base_year"], row["members"]) == ("c40", 2025, 2020, 3)
    assert row["total_t"] == pytest.approx(3900.0) and row["change_pct"] == pytest.approx(10.0)
    assert row["per_capita_t"] == pytest.approx(4.875) and row["partnerships"] == 1
    assert deals.height == 1 and programmes.height == 2


def test_nothing_private_leaks(world: World, tmp_path: Path) -> None:
    _full_world(world)
    _export(world, tmp_path)
    everything = "\n".join(
        (tmp_path / f"{d.name}.csv").read_text(encoding="utf-8") for d in catalogue.DATASETS
    )
    for secret in (
        "Hidden Town",  # an unpublished city (and its inventories)
        "9999",  # its totals
        "Secret goal",
        "Secret draft deal",
        "Secret suggested programme",
        "Secret draft Neckar heat",  # a draft credit project
    ):
        assert secret not in everything, secret
    with world.db.read() as session:
        totals = catalogue.table(session, catalogue.dataset("inventory_totals"))  # type: ignore[arg-type]
        partnerships = catalogue.table(session, catalogue.dataset("partnerships"))  # type: ignore[arg-type]
        accounts = [a.id for a in session.query(CreditAccount).all()]
    assert totals.filter(pl.col("status") == "draft").height == 0
    assert 100.0 not in totals.filter(pl.col("city") == "Portland")["basic_t"].to_list()  # the 2025 draft
    assert partnerships.height == 1  # the private one is not there
    # no dataset has a holding account or what an account holds
    columns = {f.name for d in catalogue.DATASETS for f in d.fields}
    assert accounts and not columns & {"account_id", "holding", "balance", "account"}


def test_datapackage_paths(world: World) -> None:
    package = catalogue.datapackage("/open-data/")
    assert package["resources"][0]["path"] == "/open-data/cities.csv"
    assert {r["name"] for r in package["resources"]} >= {
        "cities", "inventory_totals", "targets", "cases", "partnerships", "deals", "funding_programmes",
        "credit_projects", "credit_issuances", "credit_retirements", "annual_reports",
    }  # fmt: skip


def test_csv_guards_formulas() -> None:
    frame = pl.DataFrame({"a": ["=SUM(A1)", "plain", "-3", None]})
    assert catalogue.csv_bytes(frame).decode().splitlines() == ["a", "'=SUM(A1)", "plain", "'-3", ""]
