"""A secretariat's pages: the groups page with a clean title and its weight forms in the page, and
a benchmark round's page."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import update

from citypact.services.registry import networks
from citypact.storage.models import BenchmarkRound
from tests.conftest import World, bearer
from tests.web.test_pages import log_in


def test_the_groups_page_title_is_text_and_the_weight_forms_are_in_the_body(
    client: TestClient, world: World
) -> None:
    log_in(client, "c40_secretariat")
    html = client.get("/networks/c40/groups").text
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title is not None
    assert "<" not in title.group(1) and title.group(1).startswith("Groups of similar members · C40")
    body = html.split("<body>", 1)[1]
    assert body.count('<section id="weights">') == 1
    assert 'id="weights-' in body and 'id="weights-' not in html.split("<body>", 1)[0]


def test_the_network_page_pages_its_members_and_lists_the_latest_rounds(
    client: TestClient, world: World
) -> None:
    # C40 in the test registry: Kyoto (JP) and Portland (US), in the page's order (country, name).
    with world.db.read() as session:
        second = networks.get_network(session, world.actor("public"), "c40", offset=1, limit=1).members
    assert [m.name for m in second.items] == ["Portland"]
    assert (second.first, second.last, second.total, second.number, second.pages) == (2, 2, 2, 2, 2)
    public = client.get("/networks/c40").text
    assert "Kyoto" in public and "Portland" in public and 'class="pager"' not in public  # one page
    api = client.get("/api/v1/networks/c40?limit=1&offset=1").json()
    assert [m["name"] for m in api["members"]] == ["Portland"] and api["member_count"] == 2
    assert client.get("/api/v1/networks/c40?limit=501").status_code == 422
    assert 'id="network-rounds"' not in public  # rounds are not public
    made = client.post(
        "/api/v1/networks/c40/benchmark-rounds",
        json={"title": "Spring 2027"},
        headers=bearer(world, "c40_secretariat"),
    )
    assert made.status_code == 201, made.text
    log_in(client, "c40_secretariat")
    html = client.get("/networks/c40").text
    assert f'href="/networks/c40/benchmark-rounds/{made.json()["id"]}">Spring 2027</a>' in html
    assert 'id="network-groups"' in html


def test_a_secretariat_opens_a_benchmark_round_from_the_rounds_page(client: TestClient, world: World) -> None:
    token = log_in(client, "c40_secretariat")
    made = client.post(
        "/networks/c40/benchmark-rounds",
        data={"csrf_token": token, "title": "Autumn <2027>"},
        follow_redirects=False,
    )
    assert made.status_code == 303
    page = client.get(made.headers["location"])
    assert page.status_code == 200
    assert "<title>Autumn &lt;2027&gt; · C40" in page.text
    assert page.text.count("<tr>") >= 2 and 'id="round-results"' in page.text


def test_a_round_stored_without_an_interval_still_opens(client: TestClient, world: World) -> None:
    """A member's result with a performance figure and no interval (a round stored before the
    interval was kept) made "%+.0f" | format(None) raise: a 500."""
    made = client.post(
        "/api/v1/networks/c40/benchmark-rounds",
        json={"title": "2026"},
        headers=bearer(world, "c40_secretariat"),
    )
    assert made.status_code == 201, made.text
    old = {"city_id": world.city["Kyoto"], "name": "Kyoto", "country": "JP", "latest_year": 2020}
    with world.db.write() as session:
        session.execute(update(BenchmarkRound).values(results=[old | {"performance_pct": 12.4}]))
    log_in(client, "c40_secretariat")
    page = client.get(f"/networks/c40/benchmark-rounds/{made.json()['id']}")
    assert page.status_code == 200
    assert "+12%" in page.text and "…" not in page.text
