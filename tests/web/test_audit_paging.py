"""The audit log and a city's change history are paged on the server, newest first, with a count."""

from __future__ import annotations

from fastapi.testclient import TestClient

from citypact.services import audit
from tests.conftest import World
from tests.factories import new_inventory
from tests.web.test_pages import log_in


def test_a_city_history_is_paged_newest_first(client: TestClient, world: World) -> None:
    for year in (2019, 2020, 2021):  # each inventory made is one audit entry of Heidelberg
        new_inventory(world, year=year)
    editor = world.actor("heidelberg_editor")
    heidelberg = world.city["Heidelberg"]
    with world.db.read() as session:
        every = list(audit.list_entries(session, editor, city_id=heidelberg, limit=500))
        second = audit.page_entries(session, editor, city_id=heidelberg, page=2, size=2)
    assert len(every) >= 3
    assert [e.id for e in second.items] == [e.id for e in every[2:4]]
    assert (second.first, second.total) == (3, len(every))
    assert every[0].id > every[1].id  # newest first

    log_in(client, "heidelberg_editor")
    html = client.get(f"/cities/{heidelberg}/audit").text
    assert f"Changes 1–{len(every)} of {len(every)}" in html
    assert html.count("<tr><td>") == len(every)
    log_in(client, "admin")
    whole = client.get("/audit?page=2").text  # past the end of one page: the last page
    assert "Changes 1–" in whole
