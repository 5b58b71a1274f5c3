"""Serial labels, the allocation rule, splitting, vintages, and the canonical body and hash:
hand-computed cases and the laws they keep (hypothesis)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citypact.domain.credit_ledger import (
    BUFFER,
    MalformedSerial,
    allocate,
    canonical_body,
    chain_hash,
    parse_serial_label,
    serial_label,
    split_range,
    vintages,
)


def test_serial_label_and_back() -> None:
    label = serial_label("CPX", "JP", 12, 2025, 1, 950)
    assert label == "CPX-JP-000012-2025-000000001-000000950"
    parsed = parse_serial_label(label)
    assert (parsed.project_id, parsed.vintage, parsed.start, parsed.end, parsed.size) == (
        12,
        2025,
        1,
        950,
        950,
    )
    assert parsed.label == label


@pytest.mark.parametrize(
    ("label", "part"),
    [
        ("CPX-JP-000012-2025-000000001", "label"),
        ("cpx-JP-000012-2025-000000001-000000950", "prefix"),
        ("CPX-JPN-000012-2025-000000001-000000950", "country"),
        ("CPX-JP-12-2025-000000001-000000950", "project"),
        ("CPX-JP-000012-25-000000001-000000950", "vintage"),
        ("CPX-JP-000012-2025-1-000000950", "first serial"),
        ("CPX-JP-000012-2025-000000001-95x", "last serial"),
        ("CPX-JP-000012-2025-000000000-000000950", "first serial"),
        ("CPX-JP-000012-2025-000000951-000000950", "last serial"),
        ("CPX-JP-000012-2025-000000001-" + "9" * 80, "label"),
    ],
)
def test_malformed_labels_name_the_part(label: str, part: str) -> None:
    with pytest.raises(MalformedSerial) as refused:
        parse_serial_label(label)
    assert refused.value.part == part


def test_allocation_by_hand() -> None:
    # 1 000 credits, buffer 5 %: buffer floor(1000 x 500 / 10000) = 50; rest 950.
    # 60 %: floor(950 x 0.60) = 570; 25 %: floor(237.5) = 237; 15 %: floor(142.5) = 142.
    # 570 + 237 + 142 = 949: the remainder 1 goes to the host -> 571.
    assert allocate(1000, 500, {"kyoto": 6000, "heidelberg": 2500, "coop": 1500}, "kyoto") == {
        BUFFER: 50,
        "kyoto": 571,
        "heidelberg": 237,
        "coop": 142,
    }
    # 7 credits, no buffer, three equal thirds (3333 bp each, 1 bp unagreed): floor(7 x 0.3333) = 2 each,
    # 6 given, remainder 1 to the host -> 3, 2, 2.
    assert allocate(7, 0, {"a": 3333, "b": 3333, "c": 3334}, "a") == {BUFFER: 0, "a": 3, "b": 2, "c": 2}
    # 19 credits, buffer 10 %: floor(1.9) = 1; rest 18; 50/50 -> 9 + 9.
    assert allocate(19, 1000, {"h": 5000, "p": 5000}, "h") == {BUFFER: 1, "h": 9, "p": 9}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1, 0, {"h": 10000}, "h"), "quantity"),
        ((10, 5001, {"h": 10000}, "h"), "buffer_bp"),
        ((10, 0, {"h": 9000, "p": 2000}, "h"), "shares"),
        ((10, 0, {"h": -1}, "h"), "shares"),
        ((10, 0, {"p": 10000}, "h"), "host_key"),
    ],
)
def test_allocation_refuses(args: tuple[int, int, dict[str, int], str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        allocate(*args)


@st.composite
def _shares(draw: st.DrawFn) -> dict[int, int]:
    count = draw(st.integers(1, 8))
    cuts = sorted(draw(st.lists(st.integers(0, 10_000), min_size=count - 1, max_size=count - 1)))
    bounds = [0, *cuts, draw(st.integers(cuts[-1] if cuts else 0, 10_000))]
    return {i: bounds[i + 1] - bounds[i] for i in range(count)}


@given(st.integers(0, 10**12), st.integers(0, 5000), _shares())
def test_allocation_adds_up_and_gives_no_party_more_than_its_exact_share(
    quantity: int, buffer_bp: int, shares: dict[int, int]
) -> None:
    result = allocate(quantity, buffer_bp, shares, 0)
    assert sum(result.values()) == quantity
    assert all(v >= 0 for v in result.values())
    buffer = quantity * buffer_bp // 10_000
    assert result[BUFFER] == buffer
    rest = quantity - buffer
    remainder = rest - sum(rest * s // 10_000 for s in shares.values())
    # Each party floors its exact share; only the host gets the remainder (< parties + unagreed share).
    for key, share in shares.items():
        exact = rest * share / 10_000
        assert result[key] <= exact + (remainder if key == 0 else 0)
        assert result[key] > exact - 1 or key == 0
    assert remainder < len(shares) + rest * (10_000 - sum(shares.values())) / 10_000 + 1


def test_split_range_by_hand() -> None:
    assert split_range(1, 950, 100) == ((1, 100), (101, 950))
    assert split_range(5, 6, 1) == ((5, 5), (6, 6))
    for size in (0, 2, -1):
        with pytest.raises(ValueError, match="first_size"):
            split_range(5, 6, size)


@given(st.integers(1, 10**9), st.integers(2, 10**6), st.data())
def test_split_range_covers_exactly(start: int, size: int, data: st.DataObject) -> None:
    first = data.draw(st.integers(1, size - 1))
    (a0, a1), (b0, b1) = split_range(start, start + size - 1, first)
    assert (a0, b1, a1 + 1, a1 - a0 + 1) == (start, start + size - 1, b0, first)


def test_vintages_by_days() -> None:
    assert vintages(dt.date(2025, 1, 1), dt.date(2025, 12, 31), 950) == {2025: 950}
    # 2024-10-01..2025-03-31: 92 days in 2024 of 182; 1 000 x 92 / 182 = 505.49 -> 505; 2025: 495.
    assert vintages(dt.date(2024, 10, 1), dt.date(2025, 3, 31), 1000) == {2024: 505, 2025: 495}
    # One credit over two years: the floor gives 2024 nothing, the end year takes it.
    assert vintages(dt.date(2024, 12, 1), dt.date(2025, 1, 31), 1) == {2025: 1}


@given(st.dates(dt.date(2000, 1, 1), dt.date(2040, 1, 1)), st.integers(0, 2000), st.integers(0, 10**9))
def test_vintages_add_up(start: dt.date, days: int, quantity: int) -> None:
    result = vintages(start, start + dt.timedelta(days=days), quantity)
    assert sum(result.values()) == quantity


def test_canonical_body_and_hash_by_hand() -> None:
    body = canonical_body({"seq": 1, "kind": "issue", "blocks": [{"id": 3, "end": 9}], "note": "京都"})
    assert body == '{"blocks":[{"end":9,"id":3}],"kind":"issue","note":"京都","seq":1}'
    assert chain_hash("0" * 64, body) == hashlib.sha256(("0" * 64 + body).encode()).hexdigest()
    for bad in ({"x": 1.5}, {"x": [object()]}, {"x": {1: 2}}):
        with pytest.raises(ValueError, match="body"):
            canonical_body(bad)  # type: ignore[arg-type]
