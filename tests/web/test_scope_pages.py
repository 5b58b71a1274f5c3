"""The scope pages (EN/DE/JA), the catalogue's "what my city can do" filter on the page and the API,
and the benchmark's peers option on the API."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import World
from tests.scopes_fixture import CAN_DO, SCOPED_CATALOGUE, seed_scoped_catalogue
from tests.web.test_pages import log_in


@pytest.fixture
def catalogue(world: World) -> World:
    seed_scoped_catalogue(world)
    return world


@pytest.mark.parametrize(
    ("lang", "word"), [("en", "no say"), ("de", "kein Mitspracherecht"), ("ja", "権限なし")]
)
def test_profiles_side_by_side_with_sources(client: TestClient, lang: str, word: str) -> None:
    page = client.get("/scopes", params={"lang": lang})
    assert page.status_code == 200
    text = page.text
    for country in ("DE", "JP", "US"):
        assert f'href="/scopes/{country}"' in text
    assert "https://www.gesetze-im-internet.de/bbaug/__2.html" in text
    assert "https://www.energycodes.gov/adoption" in text
    assert word in text


def test_one_country_with_notes_and_sources(client: TestClient) -> None:
    text = client.get("/scopes/de").text
    assert (
        "Germany" in text
        and "de_bimschg_4" in text
        and "https://www.gesetze-im-internet.de/bimschg/__4.html" in text
    )
    assert client.get("/scopes/XX").status_code == 404
    assert client.get("/scopes/DEU").status_code == 422


def test_officer_filters_the_catalogue_to_what_the_city_can_do(client: TestClient, catalogue: World) -> None:
    heidelberg = catalogue.city["Heidelberg"]
    log_in(client, "heidelberg_editor")
    everything = client.get("/measures").text
    assert 'name="scope"' in everything and "Heidelberg (DE)" in everything
    titles = dict(zip(SCOPED_CATALOGUE["code"], SCOPED_CATALOGUE["title_en"], strict=True))
    for title in titles.values():
        assert title in everything
    page = client.get("/measures", params={"city": heidelberg, "scope": "can_do"})
    assert page.status_code == 200
    for code, title in titles.items():
        assert (title in page.text) == (code in CAN_DO["DE"]), code
    assert 'id="scope-note"' in page.text and "Measure types left out: 2." in page.text


def test_the_filter_without_a_city_names_the_field(client: TestClient, catalogue: World) -> None:
    response = client.get("/measures", params={"scope": "can_do"})
    assert response.status_code in (400, 422)
    assert "city" in response.text


def test_api_scopes_and_the_catalogue_filter(client: TestClient, catalogue: World) -> None:
    listed = client.get("/api/v1/scopes").json()
    assert [p["country"] for p in listed["profiles"]] == ["DE", "JP", "US"]
    de = client.get("/api/v1/scopes/DE").json()
    cell = next(c for c in de["cells"] if (c["field"], c["instrument"]) == ("industry", "regulatory"))
    assert (cell["say"], cell["source"]) == ("no_say", "de_bimschg_4")
    assert len(de["cells"]) == 48 and {s["id"] for s in de["sources"]} >= {"de_bimschg_4"}
    assert client.get("/api/v1/scopes/XX").status_code == 404
    kyoto = catalogue.city["Kyoto"]
    found = client.get("/api/v1/measures", params={"city": kyoto, "scope": "can_do"}).json()
    assert {m["code"] for m in found} == CAN_DO["JP"]
    assert client.get("/api/v1/measures", params={"scope": "can_do"}).status_code in (400, 422)
    assert client.get("/api/v1/measures", params={"city": kyoto, "scope": "all"}).status_code == 422
    assert len(client.get("/api/v1/measures").json()) == 4


def test_api_benchmark_peers_of_the_same_scope(client: TestClient, world: World) -> None:
    response = client.get(f"/api/v1/cities/{world.city['Heidelberg']}/benchmark", params={"peers": "scope"})
    assert response.status_code == 200
    assert response.json()["peer_group"] == "scope"


def test_benchmark_page_and_api_name_what_the_city_may_not_decide(client: TestClient, world: World) -> None:
    heidelberg = world.city["Heidelberg"]
    log_in(client, "heidelberg_editor")
    page = client.get(f"/cities/{heidelberg}/benchmark", params={"peers": "scope"})
    assert page.status_code == 200 and "Same national scope of action" in page.text
    token = log_in(client, "heidelberg_editor")
    added = client.post(
        f"/cities/{heidelberg}/plan/measures",
        data={
            "csrf_token": token,
            "title": "Energy advice for firms",
            "field": "industry",
            "instrument": "soft",
            "implementation": "implemented",
        },
        follow_redirects=False,
    )
    assert added.status_code == 303, added.text[:500]
    profile = client.get(f"/api/v1/cities/{heidelberg}/benchmark").json()["profile"]
    assert profile["out_of_scope"] == [{"field": "industry", "instrument": "regulatory"}]
    assert {"field": "industry", "instrument": "regulatory"} not in profile["weaknesses"]
