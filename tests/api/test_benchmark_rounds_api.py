"""Benchmark rounds over the API and on the network pages."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import World, bearer
from tests.services.test_benchmark_rounds import reported  # noqa: F401 - the fixture
from tests.web.test_pages import log_in


def test_secretariat_runs_a_round_and_a_member_reads_it(client: TestClient, reported: World) -> None:  # noqa: F811
    made = client.post(
        "/api/v1/networks/c40/benchmark-rounds",
        json={"title": "2027"},
        headers=bearer(reported, "c40_secretariat"),
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert [r["name"] for r in body["results"]] == ["Kyoto", "Portland"]
    assert body["results"][1]["trend_pct_per_year"] == pytest.approx(-10.0)  # Portland, 8 -> 7.2
    listed = client.get("/api/v1/networks/c40/benchmark-rounds", headers=bearer(reported, "kyoto_editor"))
    assert [r["id"] for r in listed.json()] == [body["id"]]
    assert (
        client.get(
            f"/api/v1/benchmark-rounds/{body['id']}", headers=bearer(reported, "kyoto_editor")
        ).status_code
        == 200
    )


def test_round_refusals(client: TestClient, reported: World) -> None:  # noqa: F811
    url = "/api/v1/networks/c40/benchmark-rounds"
    assert client.post(url, json={"title": "x"}).status_code == 401
    assert client.post(url, json={"title": "x"}, headers=bearer(reported, "kyoto_editor")).status_code == 403
    bad = client.post(url, json={"title": ""}, headers=bearer(reported, "c40_secretariat"))
    assert bad.status_code == 422 and "title" in bad.text
    assert client.get(url, headers=bearer(reported, "heidelberg_editor")).status_code == 403
    assert (
        client.get("/api/v1/networks/nowhere/benchmark-rounds", headers=bearer(reported, "admin")).status_code
        == 404
    )


def test_round_pages(client: TestClient, reported: World) -> None:  # noqa: F811
    csrf = log_in(client, "c40_secretariat")
    page = client.get("/networks/c40/benchmark-rounds")
    assert page.status_code == 200 and 'id="run-round"' in page.text
    done = client.post(
        "/networks/c40/benchmark-rounds",
        data={"csrf_token": csrf, "title": "Spring 2027"},
        follow_redirects=True,
    )
    assert done.status_code == 200
    assert "Spring 2027" in done.text and "most improved" in done.text
    assert done.text.index("Kyoto") < done.text.index("Portland")  # by name
    assert "reduces faster than 1 of 1" in done.text
