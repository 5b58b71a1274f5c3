"""A city far outside its peers (Kyoto at 33.5 t per person here, as Venice's figure) is marked with
the reasons it may have, kept out of its peers' medians until its editor confirms it (audited), and
only its own editors or an administrator may confirm."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from citypact.domain.outliers import HIGH_REASONS
from citypact.services.benchmarking.benchmark import city_benchmark
from citypact.services.benchmarking.outliers import confirm_outlier
from citypact.services.errors import InvalidInput, PermissionDenied
from citypact.storage.models import AuditEntry, City
from tests.conftest import World
from tests.factories import reported_inventory
from tests.web.test_benchmark_pages import benchmarked
from tests.web.test_pages import log_in


def _with_venice_like_kyoto(world: World, tmp_path: Path) -> float:
    benchmarked(world, tmp_path, with_plans=False)
    with world.db.read() as session:
        population = session.get(City, world.city["Kyoto"]).population  # type: ignore[union-attr]
    assert population
    reported_inventory(world, "Kyoto", 2023, 33.5 * population, population=population)
    return 33.5


def _headline(view):  # type: ignore[no-untyped-def]
    return next(i for i in view.indicators if i.code == "scope1_per_capita")


def test_outlier_marked_kept_out_of_medians_until_confirmed(world: World, tmp_path: Path) -> None:
    _with_venice_like_kyoto(world, tmp_path)
    kyoto, heidelberg = world.city["Kyoto"], world.city["Heidelberg"]
    with world.db.read() as session:
        own = city_benchmark(session, world.actor("public"), kyoto)
        other = city_benchmark(session, world.actor("public"), heidelberg)
    assert own.outlier is not None
    assert (own.outlier.side, own.outlier.year, own.outlier.confirmed) == ("high", 2023, False)
    assert own.outlier.value == pytest.approx(33.5)
    assert own.outlier.reasons == HIGH_REASONS and own.outlier.z > 3.5
    assert other.outlier is None
    assert kyoto in [p.id for p in other.peers] and other.excluded_peers == (kyoto,)
    # Heidelberg's peer median: over its peers but Kyoto, each at the year the page shows.
    counted = [p.headline for p in other.peers if p.id != kyoto and p.headline is not None]
    assert _headline(other).peers_with_value == len(counted) == 4
    assert _headline(other).peer_median == pytest.approx(statistics.median(counted))

    with world.db.write() as session, pytest.raises(PermissionDenied):
        confirm_outlier(session, world.actor("heidelberg_editor"), kyoto)  # another city's editor
    with world.db.write() as session, pytest.raises(InvalidInput):
        confirm_outlier(session, world.actor("heidelberg_editor"), heidelberg)  # nothing marked
    with world.db.write() as session:
        confirmed = confirm_outlier(session, world.actor("kyoto_editor"), kyoto)
    assert confirmed.confirmed
    with world.db.read() as session:
        again = city_benchmark(session, world.actor("public"), heidelberg)
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "confirm_outlier")).one()
        mine = city_benchmark(session, world.actor("public"), kyoto)
    assert again.excluded_peers == ()
    assert _headline(again).peers_with_value == 5
    assert mine.outlier is not None and mine.outlier.confirmed
    assert (entry.city_id, entry.after["year"]) == (kyoto, 2023)  # type: ignore[index]


def test_a_changed_figure_needs_confirming_anew(world: World, tmp_path: Path) -> None:
    _with_venice_like_kyoto(world, tmp_path)
    kyoto = world.city["Kyoto"]
    with world.db.write() as session:
        confirm_outlier(session, world.actor("admin"), kyoto)  # an administrator may too
    with world.db.read() as session:
        population = session.get(City, kyoto).population  # type: ignore[union-attr]
    assert population
    reported_inventory(world, "Kyoto", 2024, 40.0 * population, population=population)
    with world.db.read() as session:
        view = city_benchmark(session, world.actor("public"), kyoto)
    assert view.outlier is not None and view.outlier.year == 2024 and not view.outlier.confirmed


def test_the_pages_show_it_and_confirm_by_form(client: TestClient, world: World, tmp_path: Path) -> None:
    _with_venice_like_kyoto(world, tmp_path)
    kyoto, heidelberg = world.city["Kyoto"], world.city["Heidelberg"]
    page = client.get(f"/cities/{kyoto}/benchmark").text
    assert 'id="outlier"' in page and "33.5 t CO₂e per person (2023) is far above" in page
    assert "a port" in page and 'id="confirm-outlier"' not in page  # the public cannot confirm
    assert "outlier: not in the median" in client.get(f"/cities/{heidelberg}/benchmark").text
    german = client.get(f"/cities/{kyoto}/benchmark", params={"lang": "de"}).text
    assert "ein Hafen" in german
    token = log_in(client, "kyoto_editor")
    page = client.get(f"/cities/{kyoto}/benchmark").text
    assert 'id="confirm-outlier"' in page
    refused = client.post(f"/cities/{kyoto}/benchmark/outlier-confirmation", data={})
    assert refused.status_code == 403  # no CSRF token
    done = client.post(
        f"/cities/{kyoto}/benchmark/outlier-confirmation", data={"csrf_token": token}, follow_redirects=False
    )
    assert done.status_code == 303
    page = client.get(f"/cities/{kyoto}/benchmark", params={"lang": "en"}).text
    assert "The city has confirmed the figure" in page and 'id="confirm-outlier"' not in page
