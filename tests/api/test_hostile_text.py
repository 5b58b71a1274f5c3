"""Control characters, unpaired surrogates, non-characters and direction overrides are refused in
every text field with a 422 that names the field, and nothing is written; tab and line breaks pass
in multi-line fields. Also the ORM's net under the services' own checks."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from citypact.services import text_input
from citypact.services.errors import InvalidInput
from citypact.storage.models import AuditEntry, City, Network
from tests.conftest import World, bearer
from tests.factories import new_inventory

# One of each kind: C0, C1, DEL, NUL, direction override and isolate, non-characters, a lone surrogate.
HOSTILE = ["\x01", "\x85", "\x7f", "\x00", "\u202e", "\u2066", "\ufffe", "\U0001ffff", "\ufdd0", "\ud800"]


def _audit_count(world: World) -> int:
    with world.db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


# (name, who, method, url of the world, body with the placeholder "{x}", the field the 422 names)
Endpoint = tuple[str, str, str, Callable[[TestClient, World], str], dict[str, Any], str]
ENDPOINTS: list[Endpoint] = [
    (
        "city name",
        "heidelberg_editor",
        "PATCH",
        lambda c, w: f"/api/v1/cities/{w.city['Heidelberg']}",
        {"name": "Heidel{x}berg"},
        "name",
    ),
    (
        "city description",
        "heidelberg_editor",
        "PATCH",
        lambda c, w: f"/api/v1/cities/{w.city['Heidelberg']}",
        {"description": "Old{x}town"},
        "description",
    ),
    (
        "new city",
        "admin",
        "POST",
        lambda c, w: "/api/v1/cities",
        {"name": "Frei{x}burg", "country": "DE", "lat": 48.0, "lon": 7.85},
        "name",
    ),
    (
        "statistic source",
        "heidelberg_editor",
        "POST",
        lambda c, w: f"/api/v1/cities/{w.city['Heidelberg']}/statistics",
        {
            "year": 2023,
            "variable": "population",
            "value": 163000,
            "source": "St{x}adt",
            "data_quality": "high",
        },
        "source",
    ),
    ("token name", "plain_user", "POST", lambda c, w: "/api/v1/tokens", {"name": "scr{x}ipt"}, "name"),
    (
        "user name",
        "admin",
        "POST",
        lambda c, w: "/api/v1/users",
        {"email": "new@test.example", "name": "Ne{x}w", "password": "0123456789ab"},
        "name",
    ),
    (
        "inventory boundary",
        "heidelberg_editor",
        "POST",
        lambda c, w: f"/api/v1/cities/{w.city['Heidelberg']}/inventories",
        {"year": 2021, "boundary": "ci{x}ty"},
        "boundary",
    ),
    (
        "activity source",
        "heidelberg_editor",
        "POST",
        lambda c, w: f"/api/v1/inventories/{new_inventory(w)}/activities",
        {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1, "unit": "MWh", "source": "bi{x}ll"},
        "source",
    ),
    (
        "partnership title",
        "heidelberg_editor",
        "POST",
        lambda c, w: "/api/v1/partnerships",
        {
            "city_id": "{heidelberg}",
            "title": "He{x}at",
            "kind": "peer",
            "partners": [{"city_id": "{kyoto}", "role": "partner"}],
        },
        "title",
    ),
    (
        "cooperation description",
        "heidelberg_editor",
        "POST",
        lambda c, w: f"/api/v1/cities/{w.city['Heidelberg']}/cooperation",
        {"kind": "need", "field": "transport", "support": "training", "description": "b{x}us"},
        "description",
    ),
    (
        "case title",
        "kyoto_editor",
        "POST",
        lambda c, w: f"/api/v1/cities/{w.city['Kyoto']}/cases",
        {
            "title": "Gr{x}ants",
            "summary": "Insulation.",
            "field": "buildings_residential",
            "instrument": "fiscal",
            "implementation": "implemented",
        },
        "title",
    ),
    (
        "plan measure description",
        "heidelberg_editor",
        "POST",
        lambda c, w: f"/api/v1/cities/{w.city['Heidelberg']}/plan/measures",
        {
            "title": "LED",
            "description": "street{x}lights",
            "field": "buildings_municipal",
            "instrument": "own_operations",
            "implementation": "planned",
        },
        "description",
    ),
]


def _body(template: dict[str, Any], world: World, char: str) -> bytes:
    """The JSON body as bytes, the character escaped (a lone surrogate only exists as "\\ud800")."""
    text = json.dumps(template).replace("{x}", json.dumps(char)[1:-1])
    text = text.replace('"{heidelberg}"', str(world.city["Heidelberg"]))
    return text.replace('"{kyoto}"', str(world.city["Kyoto"])).encode()


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e[0])
def test_a_hostile_character_is_refused_naming_the_field(
    client: TestClient, world: World, endpoint: Endpoint
) -> None:
    _name, who, method, url_of, template, field = endpoint
    url = url_of(client, world)
    headers = {**bearer(world, who), "Content-Type": "application/json"}
    for char in HOSTILE:
        before = _audit_count(world)
        response = client.request(method, url, content=_body(template, world, char), headers=headers)
        assert response.status_code == 422, (repr(char), response.text)
        detail = response.json()["detail"]
        assert any(field in d["loc"] for d in detail), (repr(char), detail)
        assert _audit_count(world) == before
    clean = client.request(method, url, content=_body(template, world, " "), headers=headers)
    assert clean.status_code in (200, 201, 204), clean.text


def test_multi_line_fields_keep_tabs_and_line_breaks(client: TestClient, world: World) -> None:
    url = f"/api/v1/cities/{world.city['Heidelberg']}"
    headers = bearer(world, "heidelberg_editor")
    kept = client.patch(url, json={"description": "Old town\r\n\tand Bahnstadt"}, headers=headers)
    assert kept.status_code == 200, kept.text
    refused = client.patch(url, json={"name": "Heidel\nberg"}, headers={**headers, "If-Match": "*"})
    assert refused.status_code == 422 and "U+000A" in refused.text


def test_an_imported_cell_names_file_row_and_column(client: TestClient, world: World) -> None:
    inventory = new_inventory(world)
    content = "gpc_ref,fuel,amount,unit,source\nI.1.1,Natural Gas,100,MWh,utility\u202ebills\n".encode()
    response = client.post(
        f"/api/v1/inventories/{inventory}/import",
        files={"file": ("activity.csv", content, "text/csv")},
        headers=bearer(world, "heidelberg_editor"),
    )
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["activity.csv", 2, "source"]


@pytest.mark.parametrize("name", ["..", "x" * 300 + ".csv", "../../etc/passwd", "京" * 120 + ".csv"])
def test_an_upload_of_any_name_is_read(client: TestClient, world: World, name: str) -> None:
    inventory = new_inventory(world)
    response = client.post(
        f"/api/v1/inventories/{inventory}/import",
        files={"file": (name, b"gpc_ref,fuel,amount,unit\nI.1.1,Natural Gas,100,MWh\n", "text/csv")},
        headers=bearer(world, "heidelberg_editor"),
    )
    assert response.status_code == 200, response.text


def test_an_upload_name_with_a_control_character_is_refused(client: TestClient, world: World) -> None:
    inventory = new_inventory(world)
    response = client.post(
        f"/api/v1/inventories/{inventory}/import",
        files={"file": ("activity\x1b[31m.csv", b"gpc_ref,fuel,amount,unit\n", "text/csv")},
        headers=bearer(world, "heidelberg_editor"),
    )
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "file"]


def test_the_flush_check_covers_fields_no_service_checks(world: World) -> None:
    """Any text column written through the ORM is checked, here one written past every service."""
    with pytest.raises(InvalidInput) as refused, world.db.write() as session:
        network = session.scalar(select(Network).where(Network.slug == "c40"))
        assert network is not None
        network.description = "Cities\x07"
    assert refused.value.field == "description"
    with world.db.read() as session:
        assert "\x07" not in (session.scalar(select(Network.description).where(Network.slug == "c40")) or "")
        # Text stored before the check is not re-checked when another column of the row changes.
    with world.db.write() as session:
        session.execute(
            City.__table__.update().where(City.id == world.city["Kyoto"]).values(name="Ky\x01oto")
        )
    with world.db.write() as session:
        kyoto = session.get(City, world.city["Kyoto"])
        assert kyoto is not None
        kyoto.description = "Old capital"
    assert text_input.refused_message("Ky\x01oto") is not None
