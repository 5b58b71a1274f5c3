"""Technical cooperation: offers meet needs by field and type of support; editors keep their own."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from citypact.domain.cooperation import Item, fit
from citypact.domain.measures import ClassificationError
from citypact.domain.reasons import Reason
from citypact.services.cooperation import offers as cooperation
from citypact.services.errors import InvalidInput, NotFound, PermissionDenied
from citypact.storage.models import AuditEntry
from tests.conftest import World


def test_fit_by_hand() -> None:
    need = Item(1, 10, "need", "transport", "training")
    assert fit(need, Item(2, 20, "offer", "transport", "training")) == 1.0
    assert fit(need, Item(3, 20, "offer", "transport", "peer_review")) == 0.5
    assert fit(need, Item(4, 20, "offer", "buildings_residential", "training")) == 0.0
    assert fit(need, Item(5, 10, "offer", "transport", "training")) == 0.0  # its own offer
    with pytest.raises(ClassificationError, match="support"):
        Item(6, 10, "need", "transport", "money")


def test_needs_meet_offers_best_fit_first(world: World) -> None:
    def add(who: str, city: str, kind: str, field: str, support: str) -> int:
        with world.db.write() as session:
            values = {"kind": kind, "field": field, "support": support, "description": f"{city} {kind}"}
            return cooperation.add_item(session, world.actor(who), world.city[city], values).id

    add("heidelberg_editor", "Heidelberg", "need", "transport", "training")
    add("kyoto_editor", "Kyoto", "offer", "transport", "peer_review")  # the field only
    add("admin", "Munich", "offer", "transport", "training")  # field and support
    add("admin", "Cologne", "offer", "energy_supply", "training")  # another field: no match
    with world.db.read() as session:
        found = cooperation.matches(session, world.actor("public"), world.city["Heidelberg"])
        kyoto_side = cooperation.matches(session, world.actor("public"), world.city["Kyoto"])
    assert [(m.other.city_name, m.fit) for m in found] == [("Munich", 1.0), ("Kyoto", 0.5)]
    assert found[0].reasons[0] == Reason("cooperation_offer", None, "training", "transport")
    assert found[1].reasons[0] == Reason("cooperation_offer", "training", "peer_review", "transport")
    assert any(r.kind == "distance_km" for r in found[0].reasons)
    # The other way round: Kyoto's offer is needed by Heidelberg.
    assert [(m.other.city_name, m.other.kind) for m in kyoto_side] == [("Heidelberg", "need")]


def test_only_the_citys_editors_keep_its_items(world: World) -> None:
    values = {"kind": "offer", "field": "transport", "support": "site_visit"}
    with world.db.write() as session, pytest.raises(PermissionDenied):
        cooperation.add_item(session, world.actor("kyoto_editor"), world.city["Heidelberg"], values)
    with world.db.write() as session, pytest.raises(InvalidInput, match="support"):
        cooperation.add_item(
            session, world.actor("heidelberg_editor"), world.city["Heidelberg"], values | {"support": "cash"}
        )
    with world.db.write() as session:
        item = cooperation.add_item(
            session, world.actor("heidelberg_editor"), world.city["Heidelberg"], values
        ).id
    with world.db.write() as session, pytest.raises(PermissionDenied):
        cooperation.remove_item(session, world.actor("kyoto_editor"), world.city["Heidelberg"], item)
    with world.db.write() as session, pytest.raises(NotFound):
        cooperation.remove_item(session, world.actor("kyoto_editor"), world.city["Kyoto"], item)
    with world.db.write() as session:
        cooperation.remove_item(session, world.actor("heidelberg_editor"), world.city["Heidelberg"], item)
    with world.db.read() as session:
        assert cooperation.list_items(session, world.actor("public"), world.city["Heidelberg"]) == []
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.entity == "cooperation_item")
        ).all()
    assert sorted(actions) == ["create", "delete"]
