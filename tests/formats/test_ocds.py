"""The OCDS export is valid against the OCDS 1.1 release package schema with the lots and bids
extensions (schema files in tests/fixtures/ocds, see SOURCE.md there), and maps the roles and figures
as docs/procurement_integrity.md says."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from citypact.formats import ocds

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ocds"
UTC = dt.UTC


def _merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON merge patch: how OCDS applies an extension's release-schema.json to the core."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = _merge_patch(out.get(key), value)
    return out


def _validator() -> jsonschema.Draft4Validator:
    release = json.loads((FIXTURES / "release-schema.json").read_text())
    for extension in ("lots-extension-release-schema.json", "bids-extension-release-schema.json"):
        release = _merge_patch(release, json.loads((FIXTURES / extension).read_text()))
    package = json.loads((FIXTURES / "release-package-schema.json").read_text())
    # The package names the release schema by its URL: point that $ref at the extended copy, offline.
    package["properties"]["releases"]["items"] = release
    return jsonschema.Draft4Validator(package, format_checker=jsonschema.FormatChecker())


def _procurement(**changes: Any) -> ocds.Procurement:
    base = ocds.Procurement(
        id=7,
        title="Electric buses",
        description="Joint purchase of 12-m electric buses",
        cpv_code="34144910-1",
        lead_party_id="city-1",
        lead_is_buyer=True,
        parties=(
            ocds.Party("city-1", "Freiburg im Breisgau", ("buyer", "procuringEntity"), "DE"),
            ocds.Party("city-2", "Heidelberg", ("buyer",), "DE"),
            ocds.Party("org-5", "Busbau GmbH", ("tenderer", "supplier")),
        ),
        lots=(
            ocds.Lot("1", "Buses", quantity=30, unit="bus", value_minor=1_650_000_000, currency="EUR"),
            ocds.Lot("2", "Chargers", quantity=30, unit="charger"),
        ),
        bids_per_lot={"1": 3, "2": 2},
        tenderer_count=4,
        tender_start=dt.datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
        bids_due=dt.datetime(2026, 4, 15, 12, 0, tzinfo=UTC),
        awards=(
            ocds.Award(
                "award-11", "1", "org-5", dt.datetime(2026, 5, 2, 10, 0, tzinfo=UTC), 1_512_345_678, "EUR"
            ),
        ),
        contracts=(
            ocds.Contract(
                "contract-3",
                "award-11",
                1_512_345_678,
                "EUR",
                date_signed=dt.datetime(2026, 6, 1, 8, 0, tzinfo=UTC),
                start=dt.date(2026, 7, 1),
                end=dt.date(2030, 6, 30),
            ),
        ),
        updated=dt.datetime(2026, 6, 1, 8, 0, tzinfo=UTC),
    )
    return ocds.Procurement(**{**base.__dict__, **changes})


PUBLISHED = dt.datetime(2026, 6, 2, 0, 0, tzinfo=UTC)


def test_package_with_award_and_contract_is_valid_ocds_1_1() -> None:
    package = ocds.release_package(_procurement(), "ocds-213czf", PUBLISHED)
    _validator().validate(package)
    release = package["releases"][0]
    assert package["version"] == "1.1"
    assert release["ocid"] == "ocds-213czf-citypact-procurement-7"
    assert release["tag"] == ["contract"]
    assert release["buyer"] == {"id": "city-1", "name": "Freiburg im Breisgau"}
    assert release["tender"]["procuringEntity"]["id"] == "city-1"
    # EUR 15,123,456.78 from 1,512,345,678 cents
    assert release["awards"][0]["value"] == {"amount": 15_123_456.78, "currency": "EUR"}
    assert release["awards"][0]["relatedLots"] == ["1"]
    assert release["contracts"][0]["period"] == {
        "startDate": "2026-07-01T00:00:00Z",
        "endDate": "2030-06-30T00:00:00Z",
    }
    assert release["bids"]["statistics"] == [
        {"id": "bids-1", "measure": "bids", "value": 3, "relatedLot": "1"},
        {"id": "bids-2", "measure": "bids", "value": 2, "relatedLot": "2"},
    ]
    assert release["tender"]["numberOfTenderers"] == 4
    assert release["tender"]["lots"][0]["value"] == {"amount": 16_500_000.0, "currency": "EUR"}
    assert release["tender"]["tenderPeriod"]["endDate"] == "2026-04-15T12:00:00Z"


def test_central_purchasing_body_is_procuring_entity_only_and_no_buyer_field() -> None:
    parties = (
        ocds.Party("org-9", "Regional purchasing body", ("procuringEntity",)),
        ocds.Party("city-2", "Heidelberg", ("buyer",), "DE"),
    )
    p = _procurement(
        lead_party_id="org-9",
        lead_is_buyer=False,
        parties=parties,
        awards=(),
        contracts=(),
        bids_per_lot={},
        tenderer_count=None,
    )
    package = ocds.release_package(p, "ocds-213czf", PUBLISHED)
    _validator().validate(package)
    release = package["releases"][0]
    assert "buyer" not in release
    assert "bids" not in release
    assert release["tag"] == ["tender"]
    assert release["tender"]["procuringEntity"] == {"id": "org-9", "name": "Regional purchasing body"}


def test_japanese_yen_has_no_minor_unit() -> None:
    award = ocds.Award("award-1", "1", "org-5", dt.datetime(2026, 5, 2, tzinfo=UTC), 98_000_000, "JPY")
    package = ocds.release_package(_procurement(awards=(award,), contracts=()), "ocds-abc123", PUBLISHED)
    _validator().validate(package)
    assert package["releases"][0]["awards"][0]["value"] == {"amount": 98_000_000.0, "currency": "JPY"}
    assert package["releases"][0]["tag"] == ["award"]


def test_the_validator_catches_a_broken_package() -> None:
    """The schema check is real: a tag outside the closed codelist fails."""
    package = ocds.release_package(_procurement(), "ocds-213czf", PUBLISHED)
    package["releases"][0]["tag"] = ["sealed"]
    with pytest.raises(jsonschema.ValidationError):
        _validator().validate(package)


@pytest.mark.parametrize("prefix", [None, "", "213czf", "ocds-", "ocds-ABC", "ocds-a b"])
def test_a_missing_or_malformed_prefix_is_refused(prefix: str | None) -> None:
    with pytest.raises(ocds.OcidPrefixError, match="CITYPACT_OCID_PREFIX"):
        ocds.check_prefix(prefix)
