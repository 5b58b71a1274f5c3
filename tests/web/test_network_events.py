"""A network's own events: its secretariat plans them on the network page; members and the public see them."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.web.test_pages import log_in


def test_secretariat_plans_a_network_workshop(client: TestClient) -> None:
    assert 'id="add-network-event"' not in client.get("/networks/c40").text
    csrf = log_in(client, "c40_secretariat")
    assert 'id="add-network-event"' in client.get("/networks/c40").text
    event = {
        "kind": "kickoff",
        "title": "Heat planning kick-off",
        "starts_on": "2027-03-02",
        "place": "Kyoto",
    }
    made = client.post(
        "/networks/c40/events", data={"csrf_token": csrf, "is_public": "1", **event}, follow_redirects=False
    )
    assert made.status_code == 303 and re.fullmatch(
        r"/events/\d+\?done=event_added", made.headers["location"]
    )
    assert "Heat planning kick-off" in client.get(made.headers["location"]).text
    client.post("/logout", data={"csrf_token": csrf})
    listed = client.get("/networks/c40").text
    assert "Heat planning kick-off" in listed and "Kyoto" in listed


def test_only_the_secretariat_plans_network_events(client: TestClient) -> None:
    csrf = log_in(client, "kyoto_editor")
    refused = client.post(
        "/networks/c40/events",
        data={"csrf_token": csrf, "kind": "kickoff", "title": "Mine", "starts_on": "2027-03-02"},
    )
    assert refused.status_code == 403
