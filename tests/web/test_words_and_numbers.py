"""Words in the reader's language: fuels of inventory rows and catalogue titles of plan measures
(a city's own words stay as typed)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from citypact.i18n.catalog import formatter, sensible_digits, translations
from citypact.i18n.labels import fuel_label
from tests.conftest import World
from tests.factories import new_inventory, plan_measure, seed_library
from tests.web.test_pages import log_in


def test_fuel_names_in_each_language() -> None:
    de, ja = translations("de").gettext, translations("ja").gettext
    assert fuel_label("Natural Gas", de) == "Erdgas"
    assert fuel_label("  natural   gas ", ja) == "天然ガス"
    assert fuel_label("diesel", de) == "Diesel und Heizöl"  # an everyday alias of Gas/Diesel Oil
    assert fuel_label("grid electricity", ja) == "電力"
    assert fuel_label("Natural Gas", translations("en").gettext) == "Natural Gas"  # English: as typed
    assert fuel_label("Pellets from Bavaria", de) == "Pellets from Bavaria"  # not ours: as typed
    assert fuel_label(None, de) == ""


def test_inventory_rows_show_fuels_translated(client: TestClient, world: World) -> None:
    row = {"gpc_ref": "I.1.1", "fuel": "Natural Gas", "amount": 1000, "unit": "MWh", "source": "bills"}
    inventory = new_inventory(world, rows=[row])
    log_in(client, "heidelberg_editor")  # a draft: its city's people see it
    german = client.get(f"/inventories/{inventory}", params={"lang": "de"}).text
    assert "<td>Erdgas</td>" in german
    japanese = client.get(f"/inventories/{inventory}", params={"lang": "ja"}).text
    assert "<td>天然ガス</td>" in japanese


def test_plan_shows_catalogue_titles_in_the_readers_language(client: TestClient, world: World) -> None:
    seed_library(world)
    plan_measure(world)  # from the catalogue, no own title: it keeps "LED street lighting"
    city = world.city["Heidelberg"]
    assert (
        "<strong>LED street lighting</strong>"
        in client.get(f"/cities/{city}/plan", params={"lang": "en"}).text
    )
    assert (
        "<strong>LED-Straßenbeleuchtung</strong>"
        in client.get(f"/cities/{city}/plan", params={"lang": "de"}).text
    )
    assert "<strong>街路灯のLED化</strong>" in client.get(f"/cities/{city}/plan", params={"lang": "ja"}).text


def test_numbers_for_the_locale_with_sensible_digits() -> None:
    en, de, ja = formatter("en"), formatter("de"), formatter("ja")
    assert [en.number(v, None) for v in (147_437, 1234.5678, 33.456, 5.5667, 0.1234, 0.000456)] == [
        "147,437", "1,235", "33.5", "5.57", "0.123", "0.000456",
    ]  # fmt: skip
    assert [de.number(v, None) for v in (147_437, 33.456, 0.1234)] == ["147.437", "33,5", "0,123"]
    assert ja.number(147_437.0, None) == "147,437"  # a whole number: no ",0"
    assert en.number(0.1 + 0.2, None) == "0.3"  # float noise never shows
    assert en.number(1234.5, 2) == "1,234.50" and de.number(1234.5, 2) == "1.234,50"  # digits as told
    assert en.number(float("inf"), None) == "–" and en.number(None) == "–"
    assert sensible_digits(0.00123) == 5 and sensible_digits(12.5) == 1 and sensible_digits(-3.25) == 2
