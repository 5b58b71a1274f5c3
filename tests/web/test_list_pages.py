"""The city and case lists share the pager: the count of what is shown, links that keep the filters."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from citypact.web.routes import cities as city_routes
from tests.conftest import World


def test_the_city_list_pages_with_a_count_and_keeps_the_filters(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(city_routes, "PAGE", 2)
    total = client.get("/api/v1/cities?country=DE&limit=200").json()["total"]
    assert total >= 3  # the test registry's German cities: Heidelberg, Munich, Cologne, ...
    pages = -(-total // 2)
    html = client.get("/cities?country=DE&page=2").text
    assert f"Cities 3–{min(4, total)} of {total}" in html
    assert f"page 2 of {pages}" in html
    assert 'href="/cities?country=DE&amp;page=1"' in html  # previous, with the filter
    assert 'href="/cities?country=DE"' in html  # first
