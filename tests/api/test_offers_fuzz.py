"""Property-based requests to the business matchmaking API (schemathesis, as test_openapi_fuzz.py
does for the whole API, here with offers, references and a conversation in the database and the
provider's own token): whatever a client sends, the server answers without a 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from citypact.config import Settings
from citypact.services.matchmaking import messages
from tests.conftest import World, bearer, shared_app
from tests.offers_fixture import offer_world


@pytest.mark.parametrize("who", ["provider_person", "heidelberg_editor"])
def test_offer_api_never_fails_with_a_server_error(world: World, settings: Settings, who: str) -> None:
    ow = offer_world(world)
    with world.db.write() as session:
        messages.start_conversation(
            session,
            world.actor("heidelberg_editor"),
            ow.led_offer,
            world.city["Heidelberg"],
            subject="s",
            body="b",
        )
    app = shared_app(settings, world.db)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [
        result.ok()
        for result in schema.get_all_operations()
        if any(part in result.ok().path for part in ("provider-offers", "conversations", "offer-matches"))
    ]
    assert len(operations) == 11
    headers = bearer(world, who)
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def check(case: schemathesis.Case) -> None:
            case.headers = {**(case.headers or {}), **headers}
            response = case.call()
            assert response.status_code < 500, (
                f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:300]}"
            )

        check()
