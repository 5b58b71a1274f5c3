"""No stale overwrites (issue 12, item 8): two editors read a record, both save; the second is
refused (412 on the API, 409 on a form that shows both versions) and nothing is lost."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy.orm.exc import StaleDataError

from citypact.app import create_app
from citypact.config import Settings
from citypact.http.deps import if_match
from citypact.services.errors import StaleVersion, VersionRequired
from citypact.services.plans import action_plans
from citypact.services.registry import city_edits
from citypact.services.versions import IF_UNCHANGED
from citypact.storage.models import City
from citypact.storage.plans import PlanKpi
from tests.conftest import PG_URL, World, bearer, shared_app
from tests.factories import GAS_ROW, activity, new_inventory
from tests.web.test_pages import log_in


def _city(client: TestClient, world: World, who: str = "admin") -> tuple[str, dict[str, object]]:
    response = client.get(f"/api/v1/cities/{world.city['Heidelberg']}", headers=bearer(world, who))
    assert response.status_code == 200
    return response.headers["etag"], response.json()


def test_second_of_two_api_editors_gets_412_and_the_first_change_stays(
    client: TestClient, world: World
) -> None:
    url = f"/api/v1/cities/{world.city['Heidelberg']}"
    tag_a, city = _city(client, world, "heidelberg_editor")
    tag_b, _ = _city(client, world, "admin")
    assert tag_a == tag_b == f'W/"{city["version"]}"'
    first = client.patch(
        url,
        json={"admin_area": "Kurpfalz"},
        headers={**bearer(world, "heidelberg_editor"), "If-Match": tag_a},
    )
    assert first.status_code == 200, first.text
    assert first.headers["etag"] == f'W/"{int(city["version"]) + 1}"' == f'W/"{first.json()["version"]}"'
    second = client.patch(
        url, json={"description": "mine"}, headers={**bearer(world, "admin"), "If-Match": tag_b}
    )
    assert second.status_code == 412
    assert "city" in second.json()["detail"] and "reload" in second.json()["detail"]
    stored = _city(client, world)[1]
    assert stored["admin_area"] == "Kurpfalz" and stored["description"] != "mine"


def test_if_match_rule_missing_star_and_garbage(client: TestClient, world: World) -> None:
    """No If-Match: allowed while the record is unchanged since its creation (version 1), so a
    client that creates and then edits once still works; afterwards 428. `*` overwrites."""
    url = f"/api/v1/cities/{world.city['Heidelberg']}"
    headers = bearer(world, "heidelberg_editor")
    assert _city(client, world)[1]["version"] == 1
    assert client.patch(url, json={"admin_area": "A"}, headers=headers).status_code == 200
    refused = client.patch(url, json={"admin_area": "B"}, headers=headers)
    assert refused.status_code == 428 and "If-Match" in refused.json()["detail"]
    assert (
        client.patch(url, json={"admin_area": "B"}, headers={**headers, "If-Match": '"nonsense"'}).status_code
        == 412
    )
    forced = client.patch(url, json={"admin_area": "C"}, headers={**headers, "If-Match": "*"})
    assert forced.status_code == 200 and forced.json()["admin_area"] == "C"
    assert (
        client.patch(
            url, json={"admin_area": "D"}, headers={**headers, "If-Match": forced.headers["etag"]}
        ).status_code
        == 200
    )


def test_stale_delete_of_a_figure_is_refused(client: TestClient, world: World) -> None:
    city_id = world.city["Heidelberg"]
    headers = bearer(world, "heidelberg_editor")
    body = {
        "year": 2020,
        "variable": "population",
        "value": 160000,
        "source": "own count",
        "data_quality": "high",
    }
    saved = client.post(f"/api/v1/cities/{city_id}/statistics", json=body, headers=headers).json()
    assert saved["version"] == 1
    again = client.post(
        f"/api/v1/cities/{city_id}/statistics", json={**body, "value": 161000}, headers=headers
    )
    assert again.json()["version"] == 2  # the same figure, replaced
    url = f"/api/v1/cities/{city_id}/statistics/{saved['id']}"
    assert client.delete(url, headers={**headers, "If-Match": 'W/"1"'}).status_code == 412
    assert client.delete(url, headers=headers).status_code == 428
    assert client.delete(url, headers={**headers, "If-Match": 'W/"2"'}).status_code == 204


def test_the_update_itself_checks_the_version(world: World) -> None:
    """A write that read version 1 just before another transaction committed version 2 (a race on
    PostgreSQL): the UPDATE's `WHERE version = 1` matches no row, so it is a conflict, not a win."""
    city_id = world.city["Heidelberg"]
    with world.db.read() as session:
        stale = session.get(City, city_id)  # read at version 1
        assert stale is not None and stale.version == 1
    with world.db.write() as other:
        city_edits.update_city(other, world.actor("admin"), city_id, {"admin_area": "Theirs"})
    with world.db.read() as check:
        assert check.get(City, city_id).version == 2  # type: ignore[union-attr]
    with pytest.raises(StaleVersion), world.db.write() as session:
        session.add(stale)  # the stale row back in a session: as if read just before the commit
        city_edits.update_city(
            session, world.actor("heidelberg_editor"), city_id, {"admin_area": "Mine"}, expected_version=1
        )
    with world.db.read() as check:
        assert check.get(City, city_id).admin_area == "Theirs"  # type: ignore[union-attr]
    with pytest.raises(VersionRequired), world.db.write() as session:
        city_edits.update_city(
            session, world.actor("admin"), city_id, {"admin_area": "x"}, expected_version=IF_UNCHANGED
        )


VERSION = re.compile(r'name="version" value="(\d+)"')


def test_second_of_two_form_editors_sees_both_versions_and_keeps_what_was_typed(
    world: World, settings: Settings
) -> None:
    app = shared_app(settings, world.db)
    url = f"/cities/{world.city['Heidelberg']}/edit"
    with TestClient(app) as editor, TestClient(app) as admin:
        csrf_e, csrf_a = log_in(editor, "heidelberg_editor"), log_in(admin, "admin")
        page_e, page_a = editor.get(url).text, admin.get(url).text
        version = VERSION.search(page_e).group(1)  # type: ignore[union-attr]
        assert VERSION.search(page_a).group(1) == version  # type: ignore[union-attr]
        common = {"name": "Heidelberg", "is_published": "1", "version": version}
        saved = admin.post(
            url, data={**common, "csrf_token": csrf_a, "admin_area": "Kurpfalz"}, follow_redirects=False
        )
        assert saved.status_code == 303
        typed = "Stadt am Neckar, by the editor"
        clash = editor.post(
            url, data={**common, "csrf_token": csrf_e, "admin_area": "Rhein-Neckar", "description": typed}
        )
        assert clash.status_code == 409
        assert 'id="conflict"' in clash.text
        assert "Kurpfalz" in clash.text and "Rhein-Neckar" in clash.text  # theirs and yours
        assert typed in clash.text  # what was typed is kept in the form
        assert VERSION.search(clash.text).group(1) == str(int(version) + 1)  # type: ignore[union-attr]
        city = editor.get(f"/api/v1/cities/{world.city['Heidelberg']}").json()
        assert city["admin_area"] == "Kurpfalz" and city["description"] != typed
        # Saving the kept entries again is a deliberate overwrite of the newer version.
        again = editor.post(
            url,
            data={
                **common,
                "csrf_token": csrf_e,
                "admin_area": "Rhein-Neckar",
                "version": VERSION.search(clash.text).group(1),
            },
            follow_redirects=False,
        )  # type: ignore[union-attr]
        assert again.status_code == 303


# --- every editable record over the API: two editors read it, both write; the second gets 412 ---------


@dataclass
class Pair:
    """A record, how to read its version, the two writes and how to see the first one stayed."""

    url: str
    method: str
    first: dict[str, Any] | None
    second: dict[str, Any] | None
    version: Callable[[], int]
    first_stays: Callable[[], bool]


def _json(client: TestClient, world: World, url: str) -> Any:
    response = client.get(url, headers=bearer(world, "admin"))
    assert response.status_code == 200, response.text
    return response.json()


def _city_pair(client: TestClient, world: World) -> Pair:
    url = f"/api/v1/cities/{world.city['Heidelberg']}"
    return Pair(
        url, "PATCH", {"admin_area": "First"}, {"admin_area": "Second"},
        lambda: _json(client, world, url)["version"],
        lambda: _json(client, world, url)["admin_area"] == "First",
    )  # fmt: skip


def _activity_pair(client: TestClient, world: World) -> Pair:
    inventory_id = new_inventory(world)
    record_id = activity(world, inventory_id, GAS_ROW)

    def row() -> dict[str, Any]:
        rows = _json(client, world, f"/api/v1/inventories/{inventory_id}")["rows"]
        return next(r for r in rows if r["record_id"] == record_id)

    return Pair(
        f"/api/v1/inventories/{inventory_id}/activities/{record_id}", "PATCH",
        {"amount": 2000}, {"amount": 3000}, lambda: row()["version"], lambda: row()["amount"] == 2000,
    )  # fmt: skip


def _activity_delete_pair(client: TestClient, world: World) -> Pair:
    """One editor changes the row, the other deletes it as it was: the change stays."""
    inventory_id = new_inventory(world)
    record_id = activity(world, inventory_id, GAS_ROW)
    url = f"/api/v1/inventories/{inventory_id}/activities/{record_id}"

    def amounts() -> list[float]:
        rows = _json(client, world, f"/api/v1/inventories/{inventory_id}")["rows"]
        return [r["amount"] for r in rows if r["record_id"] == record_id]

    def version() -> int:
        rows = _json(client, world, f"/api/v1/inventories/{inventory_id}")["rows"]
        return int(next(r["version"] for r in rows if r["record_id"] == record_id))

    return Pair(url, "PATCH", {"amount": 2000}, None, version, lambda: amounts() == [2000])


def _plan_pair(client: TestClient, world: World) -> Pair:
    city = world.city["Heidelberg"]
    made = client.post(
        f"/api/v1/cities/{city}/plan/measures",
        json={
            "title": "Heat pumps in schools",
            "field": "buildings_municipal",
            "instrument": "own_operations",
        },
        headers=bearer(world, "heidelberg_editor"),
    )
    assert made.status_code == 201, made.text
    plan_id = made.json()["id"]

    def measure() -> dict[str, Any]:
        return next(
            m for m in _json(client, world, f"/api/v1/cities/{city}/plan")["measures"] if m["id"] == plan_id
        )

    return Pair(
        f"/api/v1/cities/{city}/plan/measures/{plan_id}", "PATCH",
        {"responsible": "First"}, {"responsible": "Second"},
        lambda: measure()["version"], lambda: measure()["responsible"] == "First",
    )  # fmt: skip


def _target_pair(client: TestClient, world: World) -> Pair:
    city = world.city["Heidelberg"]
    url = f"/api/v1/cities/{city}/target"
    body = {
        "base_year": 2020,
        "base_emissions_t": 1000000,
        "target_year": 2030,
        "reduction_pct": 55,
        "source": "council",
    }
    assert client.put(url, json=body, headers=bearer(world, "heidelberg_editor")).status_code == 204

    def target() -> dict[str, Any]:
        return dict(_json(client, world, f"/api/v1/cities/{city}/plan")["target"])

    return Pair(
        url, "PUT", {**body, "reduction_pct": 60}, {**body, "reduction_pct": 40},
        lambda: target()["version"], lambda: target()["reduction_pct"] == 60,
    )  # fmt: skip


def _partnership(client: TestClient, world: World) -> int:
    body = {
        "city_id": world.city["Heidelberg"], "title": "Heat planning", "kind": "peer",
        "partners": [{"city_id": world.city["Kyoto"], "role": "partner"}],
    }  # fmt: skip
    made = client.post("/api/v1/partnerships", json=body, headers=bearer(world, "heidelberg_editor"))
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


def _partnership_pair(client: TestClient, world: World) -> Pair:
    url = f"/api/v1/partnerships/{_partnership(client, world)}"
    return Pair(
        url, "PATCH", {"description": "First"}, {"description": "Second"},
        lambda: _json(client, world, url)["version"],
        lambda: _json(client, world, url)["description"] == "First",
    )  # fmt: skip


def _goal_pair(client: TestClient, world: World) -> Pair:
    pid = _partnership(client, world)
    url = f"/api/v1/partnerships/{pid}"
    goal = client.post(
        f"{url}/goals", json={"text": "Share heat maps"}, headers=bearer(world, "heidelberg_editor")
    )
    assert goal.status_code == 201, goal.text
    goal_id = goal.json()["id"]

    def read() -> dict[str, Any]:
        return next(g for g in _json(client, world, url)["goals"] if g["id"] == goal_id)

    return Pair(
        f"{url}/goals/{goal_id}", "PATCH", {"status": "achieved"}, {"status": "dropped"},
        lambda: read()["version"], lambda: read()["status"] == "achieved",
    )  # fmt: skip


def _event_pair(client: TestClient, world: World) -> Pair:
    made = client.post(
        "/api/v1/networks/c40/events", json={"kind": "webinar", "title": "Heat", "starts_on": "2027-03-01"},
        headers=bearer(world, "c40_secretariat"),
    )  # fmt: skip
    assert made.status_code == 201, made.text
    url = f"/api/v1/events/{made.json()['id']}"
    return Pair(
        url, "PATCH", {"outcomes": "First"}, {"outcomes": "Second"},
        lambda: _json(client, world, url)["version"],
        lambda: _json(client, world, url)["outcomes"] == "First",
    )  # fmt: skip


def _weights_pair(client: TestClient, world: World) -> Pair:
    url = "/api/v1/networks/c40/match-weights/peer"
    first = {"weights": {"conditions": 0.7, "ambition": 0.3}}
    assert client.put(url, json=first, headers=bearer(world, "c40_secretariat")).status_code == 204
    mine = {"conditions": 0.2, "ambition": 0.8}
    return Pair(
        url, "PUT", {"weights": mine}, {"weights": {"conditions": 0.9, "ambition": 0.1}},
        lambda: int(_json(client, world, url)["version"]),
        lambda: _json(client, world, url)["weights"] == mine,
    )  # fmt: skip


PAIRS: dict[str, Callable[[TestClient, World], Pair]] = {
    "city": _city_pair,
    "activity row": _activity_pair,
    "activity row deleted after a change": _activity_delete_pair,
    "plan measure": _plan_pair,
    "climate target": _target_pair,
    "partnership": _partnership_pair,
    "partnership goal": _goal_pair,
    "event": _event_pair,
    "network matching weights": _weights_pair,
}
WRITERS = {
    "city": "heidelberg_editor", "activity row": "heidelberg_editor",
    "activity row deleted after a change": "heidelberg_editor", "plan measure": "heidelberg_editor",
    "climate target": "heidelberg_editor", "partnership": "heidelberg_editor",
    "partnership goal": "heidelberg_editor", "event": "c40_secretariat",
    "network matching weights": "c40_secretariat",
}  # fmt: skip


@pytest.mark.parametrize("record", PAIRS)
def test_two_editors_read_both_write_the_second_gets_412(
    client: TestClient, world: World, record: str
) -> None:
    pair = PAIRS[record](client, world)
    read = pair.version()  # both editors read the same version
    tag = {"If-Match": f'W/"{read}"'}
    second_editor = {**bearer(world, "admin"), **tag}
    first = client.request(
        pair.method, pair.url, json=pair.first, headers={**bearer(world, WRITERS[record]), **tag}
    )
    assert first.status_code in (200, 204), first.text
    assert pair.version() == read + 1
    if pair.second is None:
        second = client.delete(pair.url, headers=second_editor)
    else:
        second = client.request(pair.method, pair.url, json=pair.second, headers=second_editor)
    assert second.status_code == 412, second.text
    assert "changed by someone else" in second.json()["detail"]
    assert pair.first_stays()
    assert pair.version() == read + 1  # the refused write changed nothing


def test_event_form_conflict_shows_theirs_and_keeps_yours(world: World, settings: Settings) -> None:
    """The network secretariat and an administrator edit the same event page; the later save
    answers 409 with both versions, the form keeps what was typed, nothing saved is lost."""
    app = shared_app(settings, world.db)
    with TestClient(app) as first, TestClient(app) as second:
        csrf_1, csrf_2 = log_in(first, "c40_secretariat"), log_in(second, "admin")
        made = first.post(
            "/api/v1/networks/c40/events",
            json={"kind": "webinar", "title": "Heat", "starts_on": "2027-03-01"},
            headers={"X-CSRF-Token": csrf_1},
        )
        assert made.status_code == 201, made.text
        url = f"/events/{made.json()['id']}"
        version = VERSION.search(first.get(url).text).group(1)  # type: ignore[union-attr]
        assert VERSION.search(second.get(url).text).group(1) == version  # type: ignore[union-attr]
        form = {"kind": "webinar", "title": "Heat", "starts_on": "2027-03-01", "version": version}
        saved = first.post(url, data={**form, "csrf_token": csrf_1, "outcomes": "Theirs: a heat map"})
        assert saved.status_code == 200 and "Theirs: a heat map" in saved.text  # followed the redirect
        clash = second.post(url, data={**form, "csrf_token": csrf_2, "outcomes": "Mine: a cooling plan"})
        assert clash.status_code == 409
        assert 'id="conflict"' in clash.text
        assert "Theirs: a heat map" in clash.text and "Mine: a cooling plan" in clash.text
        assert "Someone else saved this while you were editing it." in clash.text
        assert (
            '<textarea id="event-outcomes" name="outcomes" rows="5" maxlength="20000">Mine: a cooling plan'
            "</textarea>" in clash.text
        )
        stored = first.get(f"/api/v1{url}").json()
        assert stored["outcomes"] == "Theirs: a heat map" and stored["version"] == int(version) + 1


def test_a_stale_button_form_is_a_409_that_names_the_record(world: World, settings: Settings) -> None:
    """Forms without typed text (delete, status, done) answer 409 with a message to reload."""
    app = shared_app(settings, world.db)
    with TestClient(app) as editor:
        csrf = log_in(editor, "heidelberg_editor")
        city_id = world.city["Heidelberg"]
        body = {
            "year": 2020,
            "variable": "population",
            "value": 160000,
            "source": "own count",
            "data_quality": "high",
        }
        saved = editor.post(f"/api/v1/cities/{city_id}/statistics", json=body, headers={"X-CSRF-Token": csrf})
        editor.post(
            f"/api/v1/cities/{city_id}/statistics", json={**body, "value": 1}, headers={"X-CSRF-Token": csrf}
        )
        stale = editor.post(
            f"/cities/{city_id}/statistics/{saved.json()['id']}/delete",
            data={"csrf_token": csrf, "version": "1"},
        )
        assert stale.status_code == 409
        assert "figure" in stale.text and "reload" in stale.text
        figures = editor.get(f"/api/v1/cities/{city_id}").json()["statistics"]
        assert any(f["id"] == saved.json()["id"] for f in figures)


@pytest.mark.skipif(not PG_URL, reason="SQLite takes the write lock at BEGIN: two writers cannot interleave")
def test_two_transactions_racing_on_postgresql_one_wins_one_conflicts(world: World) -> None:
    """Both transactions read version 1 before either writes; the second UPDATE waits for the
    first's row lock, then its `WHERE version = 1` finds version 2: a conflict, not an overwrite."""
    city_id = world.city["Heidelberg"]
    both_read = threading.Barrier(2, timeout=30)
    outcome: dict[str, str] = {}

    def edit(who: str, area: str) -> None:
        try:
            with world.db.write() as session:
                assert session.get(City, city_id) is not None  # read at version 1
                both_read.wait()
                city_edits.update_city(
                    session, world.actor(who), city_id, {"admin_area": area}, expected_version=1
                )
            outcome[area] = "saved"
        except StaleVersion:
            outcome[area] = "conflict"

    threads = [
        threading.Thread(target=edit, args=("heidelberg_editor", "First")),
        threading.Thread(target=edit, args=("admin", "Second")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcome.values()) == ["conflict", "saved"]
    winner = next(area for area, result in outcome.items() if result == "saved")
    with world.db.read() as session:
        city = session.get(City, city_id)
        assert city is not None and city.admin_area == winner and city.version == 2


def test_a_row_changed_under_a_write_that_named_no_record_is_a_409_not_a_500(
    world: World, settings: Settings
) -> None:
    app = create_app(settings, world.db)

    @app.get("/api/v1/test-stale")
    def stale() -> None:
        raise StaleDataError(
            "UPDATE statement on table 'plan_kpi' expected to update 1 row(s); 0 were matched."
        )

    @app.get("/api/v1/test-stale-version")
    def stale_version() -> None:
        raise StaleVersion("city", 1, 0, None)  # lost a race with no If-Match sent

    with TestClient(app) as client:
        response = client.get("/api/v1/test-stale")
        assert response.status_code == 409 and "reload and retry" in response.json()["detail"]
        assert client.get("/api/v1/test-stale-version").status_code == 409  # no precondition was sent
        assert client.get("/api/v1/test-stale-version", headers={"If-Match": 'W/"1"'}).status_code == 412


@pytest.mark.skipif(not PG_URL, reason="SQLite takes the write lock at BEGIN: two writers cannot interleave")
def test_two_kpi_values_racing_lose_none_silently(world: World) -> None:
    """Recording an indicator's value rewrites its list of values: of two racing writers of
    different years one is refused (and may retry), none drops the other's year unseen."""
    city_id = world.city["Heidelberg"]
    actor = world.actor("heidelberg_editor")
    with world.db.write() as session:
        plan = action_plans.save_plan_measure(
            session,
            actor,
            city_id,
            {"title": "Bike lanes", "field": "transport", "instrument": "own_operations"},
        )
        kpi_id = action_plans.add_kpi(
            session, actor, city_id, plan.id, name="km of lanes", unit="km", target=100, target_year=2030
        ).id
    both_read = threading.Barrier(2, timeout=30)
    outcome: dict[int, str] = {}

    def record(year: int) -> None:
        try:
            with world.db.write() as session:
                assert session.get(PlanKpi, kpi_id) is not None
                both_read.wait()
                action_plans.record_kpi_value(
                    session, actor, city_id, kpi_id, year=year, value=1.0, source="count"
                )
            outcome[year] = "saved"
        except StaleVersion:
            outcome[year] = "conflict"

    threads = [threading.Thread(target=record, args=(year,)) for year in (2023, 2024)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcome.values()) == ["conflict", "saved"]
    with world.db.read() as session:
        kpi = session.get(PlanKpi, kpi_id)
        assert kpi is not None
        assert [m["year"] for m in kpi.measured] == [y for y, r in outcome.items() if r == "saved"]


# --- by construction: every API route that changes or deletes a record reads If-Match ------------------

# Routes that remove a link or a credential rather than edit a record, with the reason.
NOT_VERSIONED = {
    ("DELETE", "/api/v1/tokens/{token_id}"): "revoking one's own token",
    ("DELETE", "/api/v1/networks/{slug}/members/{city_id}"): "a membership link, no editable record",
    ("DELETE", "/api/v1/events/{event_id}/participants/{city_id}"): "a participation link",
    ("DELETE", "/api/v1/session"): "logging out: one's own session, no editable record",
    ("DELETE", "/api/v1/users/{user_id}/sessions"): "ending sessions: no editable record",
    (
        "DELETE",
        "/api/v1/procurements/{procurement_id}/documents/{document_id}",
    ): "a stored file, never edited",
    (
        "DELETE",
        "/api/v1/cities/{city_id}/plan/measures/{plan_id}/costs/{cost_id}",
    ): "a cost line, never edited",
    (
        "DELETE",
        "/api/v1/cities/{city_id}/plan/measures/{plan_id}/funding/{funding_id}",
    ): "a funding line, never edited",
    # A deal's public parts and a party's signature take an optional If-Match (a set replaced whole;
    # a signature given by the party itself); co-benefits, milestones and reviews are lines with no
    # version of their own.
    ("PUT", "/api/v1/deals/{deal_id}/public-parts"): "the public parts, replaced whole",
    ("PUT", "/api/v1/deals/{deal_id}/parties/{party_id}/signature"): "a party's own signature",
    ("DELETE", "/api/v1/deals/{deal_id}/benefits/{benefit_id}"): "a co-benefit line, never edited",
    ("PUT", "/api/v1/deals/{deal_id}/milestones/{milestone_id}/done"): "a milestone's done date",
    ("PUT", "/api/v1/deals/{deal_id}/reviews/{review_id}"): "a review held: its date and findings",
}


def _api_edit_routes() -> list[tuple[str, str, set[Callable[..., Any]]]]:
    app = create_app(Settings(database_url="sqlite://", secret_key="walk-only"))
    found = []
    for route in iter_route_contexts(app.routes):
        path = str(route.path)
        for method in sorted((route.methods or set()) & {"PATCH", "PUT", "DELETE"}):
            if path.startswith("/api/"):
                found.append((method, path, set(_calls(route.dependant))))
    return found


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _calls(sub)


EDIT_ROUTES = _api_edit_routes()


def test_the_walk_finds_the_api_edit_routes() -> None:
    assert len(EDIT_ROUTES) >= 14  # 14 when this test was written
    assert set(NOT_VERSIONED) <= {(m, p) for m, p, _ in EDIT_ROUTES}


@pytest.mark.parametrize("method,path,calls", EDIT_ROUTES, ids=[f"{m} {p}" for m, p, _ in EDIT_ROUTES])
def test_every_api_edit_route_reads_if_match(method: str, path: str, calls: set[Callable[..., Any]]) -> None:
    if (method, path) in NOT_VERSIONED:
        assert if_match not in calls
        return
    assert if_match in calls, f"{method} {path}: take `version: IfMatch` and pass it as expected_version"
