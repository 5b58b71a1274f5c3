"""The bid endpoints end to end: a supplier's token submits, the seal holds on every path for every
role (admins too) before the deadline, the public reads notices and the OCDS package only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from citypact.config import Settings
from citypact.domain.access import Role
from citypact.services.auth import accounts
from tests.api.procurement_bids_ops import PAPER_CSV, awarded, bids_due, contracted, open_tender
from tests.conftest import World, bearer, shared_app
from tests.factories import user
from tests.formats.test_ocds import _validator

P = "/api/v1"


def token(world: World, who: str) -> dict[str, str]:
    with world.db.write() as session:
        actor = accounts.actor_for(session, world.users[who])
        assert actor is not None
        return {"Authorization": f"Bearer {accounts.issue_token(session, actor, 'tests').token}"}


@pytest.fixture
def published_client(world: World, database_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=database_url, secret_key="test-secret-key", ocid_prefix="ocds-213czf")
    with TestClient(shared_app(settings, world.db)) as client:
        yield client


def test_the_seal_holds_on_every_path_before_the_deadline(client: TestClient, world: World) -> None:
    ctx = open_tender(client, world)
    pid, lot = ctx["procurement"], ctx["lot"]
    seller = token(world, "busbau_seller")
    sent = client.post(
        f"{P}/procurements/{pid}/lots/{lot}/bids",
        json={"organisation_id": ctx["org"], "price": 9_000_000.5, "lifetime_years": 12, "ladder_level": 2},
        headers=seller,
    )
    assert sent.status_code == 201, sent.text
    receipt = sent.json()
    assert len(receipt["content_hash"]) == 64 and receipt["revision"] == 1
    mine = client.get(f"{P}/procurements/{pid}/bids/receipts", headers=seller).json()
    assert mine == [receipt] and "price" not in str(mine)
    for who in ("admin", "heidelberg_editor"):
        opened = client.post(f"{P}/procurements/{pid}/bids/open", headers=bearer(world, who))
        assert opened.status_code == 409 and "sealed" in opened.text
        evaluated = client.post(
            f"{P}/procurements/{pid}/lots/{lot}/evaluations",
            json={"method": "price"},
            headers=bearer(world, who),
        )
        assert evaluated.status_code == 409
    assert client.get(f"{P}/procurements/{pid}/evaluations", headers=bearer(world, "admin")).json() == []
    assert client.get(f"{P}/procurements/{pid}/notices").json() == []
    assert client.get(f"{P}/procurements/{pid}/bids/receipts", headers=bearer(world, "admin")).json() == []


def test_a_bid_body_is_bounded_and_checked(client: TestClient, world: World) -> None:
    ctx = open_tender(client, world)
    url = f"{P}/procurements/{ctx['procurement']}/lots/{ctx['lot']}/bids"
    seller = token(world, "busbau_seller")
    for body in (
        {"organisation_id": ctx["org"], "price": -1, "lifetime_years": 12},
        {"organisation_id": ctx["org"], "price": 1, "lifetime_years": 0},
        {"organisation_id": ctx["org"], "price": 1, "lifetime_years": 12, "bribe": 1},
        {"organisation_id": ctx["org"], "lifetime_years": 12},
        {"organisation_id": ctx["org"], "price": 1, "lifetime_years": 12, "energy": [{}] * 11},
    ):
        assert client.post(url, json=body, headers=seller).status_code == 422, body


def test_the_public_reads_the_notice_and_a_valid_ocds_package(
    published_client: TestClient, world: World
) -> None:
    ctx = contracted(published_client, world)
    notices = published_client.get(f"{P}/procurements/{ctx['procurement']}/notices")
    assert notices.status_code == 200
    [notice] = notices.json()
    assert notice["supplier"] == "Elektro AG" and notice["evaluated_cost"] == 20_400_000.0
    assert "Busbau" not in notices.text
    package = published_client.get(f"{P}/procurements/{ctx['procurement']}/ocds")
    assert package.status_code == 200
    _validator().validate(package.json())
    assert "Busbau" not in package.text


def test_ocds_without_a_prefix_says_how_to_set_one(client: TestClient, world: World) -> None:
    ctx = awarded(client, world)
    response = client.get(f"{P}/procurements/{ctx['procurement']}/ocds")
    assert response.status_code == 409 and "CITYPACT_OCID_PREFIX" in response.text


def test_a_participant_records_its_own_call_off_and_sees_its_share(client: TestClient, world: World) -> None:
    ctx = contracted(client, world)
    with world.db.write() as session:
        world.users["munich_editor"] = user(
            session, name="munich_editor", role=Role.CITY_EDITOR, scope_id=world.city["Munich"]
        )
    munich = token(world, "munich_editor")
    made = client.post(
        f"{P}/procurement-contracts/{ctx['contract']}/call-offs",
        json={"participant_id": ctx["participants"]["Munich"], "quantity": 2.5, "ordered_on": "2025-06-01"},
        headers=munich,
    )
    assert made.status_code == 201 and made.json()["quantity"] == 2.5
    other = client.post(
        f"{P}/procurement-contracts/{ctx['contract']}/call-offs",
        json={"participant_id": ctx["participants"]["Heidelberg"], "quantity": 1, "ordered_on": "2025-06-01"},
        headers=munich,
    )
    assert other.status_code == 403
    shares = client.get(f"{P}/procurement-awards/{ctx['award']}/shares", headers=munich)
    assert shares.status_code == 200
    assert [(s["city"], s["cost_minor"]) for s in shares.json()] == [
        ("Heidelberg", 1_000_000_000),
        ("Munich", 500_000_000),
    ]
    assert (
        client.get(
            f"{P}/procurement-awards/{ctx['award']}/shares", headers=bearer(world, "kyoto_editor")
        ).status_code
        == 403
    )
    assert client.get(f"{P}/procurement-awards/{ctx['award']}/shares").status_code == 401


def test_recompute_over_the_api_gives_the_same_figures(client: TestClient, world: World) -> None:
    ctx = awarded(client, world)
    response = client.post(
        f"{P}/procurement-evaluations/{ctx['evaluation']}/recompute",
        headers=bearer(world, "heidelberg_editor"),
    )
    assert response.status_code == 200 and response.json()["same"] is True


def test_a_past_deadline_takes_no_bid(client: TestClient, world: World) -> None:
    ctx = awarded(client, world)
    with world.db.read() as session:
        from sqlalchemy import select

        from citypact.storage.models import Organisation

        org = session.scalar(select(Organisation.id).where(Organisation.name == "Busbau GmbH"))
    response = client.post(
        f"{P}/procurements/{ctx['procurement']}/lots/{ctx['lot']}/bids",
        json={"organisation_id": org, "price": 1, "lifetime_years": 12},
        headers=token(world, "busbau_seller"),
    )
    assert response.status_code == 409 and "deadline" in response.text


def test_paper_bids_upload_after_the_deadline_and_a_bad_file_names_row_and_column(
    client: TestClient, world: World
) -> None:
    ctx = bids_due(client, world)
    url = f"{P}/procurements/{ctx['procurement']}/bids/import"
    lead = bearer(world, "heidelberg_editor")
    bad = PAPER_CSV.replace(b",12,", b",twelve,")
    refused = client.post(url, files={"file": ("paper.csv", bad, "text/csv")}, headers=lead)
    assert refused.status_code == 422 and "paper.csv" in refused.text and "lifetime_years" in refused.text
    made = client.post(url, files={"file": ("paper.csv", PAPER_CSV, "text/csv")}, headers=lead)
    assert made.status_code == 201, made.text
    assert [r["supplier"] for r in made.json()] == ["Papier KG"]
    again = client.post(url, files={"file": ("paper.csv", PAPER_CSV, "text/csv")}, headers=lead)
    assert again.status_code == 409  # the same supplier twice for one lot


def test_paper_bids_are_refused_before_the_deadline_unread(client: TestClient, world: World) -> None:
    ctx = open_tender(client, world)
    response = client.post(
        f"{P}/procurements/{ctx['procurement']}/bids/import",
        files={"file": ("paper.csv", b"not a bid file at all", "text/csv")},
        headers=bearer(world, "admin"),
    )
    assert response.status_code == 409 and "sealed" in response.text  # refused before the file is read
