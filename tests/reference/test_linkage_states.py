"""CDP names that give a state win over a coordinate in another state (reference.linkage)."""

from __future__ import annotations

import polars as pl

from citypact.reference.linkage import names_over_coordinates

CITIES = pl.DataFrame(
    {
        "key": ["ma", "mn", "md", "spr-il", "spr-mo"],
        "name": ["Cambridge", "Cambridge", "Cambridge", "Springfield", "Springfield"],
        "country": ["US"] * 5,
        "admin_area": ["Massachusetts", "Minnesota", "Maryland", "Illinois", "Missouri"],
    }
)


def _matches(rows: list[tuple[str, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "ref": [r for r, _ in rows],
            "key": [k for _, k in rows],
            "name_score": [1.0] * len(rows),
            "distance_km": [3.0] * len(rows),
            "score": [0.9] * len(rows),
            "reason": ["matched"] * len(rows),
        }
    )


def test_the_state_in_the_name_wins_and_the_conflict_is_reported() -> None:
    records = pl.DataFrame(
        {
            "ref": ["55800", "1", "2", "3"],
            "country": ["US", "US", "US", "US"],
            "name": ["Cambridge, MA", "Cambridge, MN", "Springfield, OH", "Paris"],
        }
    )
    # 55800's point lies in Cambridge, Minnesota; 1 is right; 2 says Ohio, where the registry has no
    # Springfield (its point matched Missouri's); 3 gives no state.
    matches = _matches([("55800", "mn"), ("1", "mn"), ("2", "spr-mo"), ("3", None)])
    out = {r["ref"]: r for r in names_over_coordinates(records, matches, CITIES).iter_rows(named=True)}
    assert out["55800"]["key"] == "ma"
    assert out["55800"]["reason"] == (
        "name and state win over the coordinate: the file says Massachusetts, its point lies in "
        "Minnesota (mn)"
    )
    assert out["1"]["key"] == "mn" and out["1"]["reason"] == "matched"
    assert out["2"]["key"] is None and "the file says Ohio" in out["2"]["reason"]
    assert out["3"]["key"] is None and out["3"]["reason"] == "matched"
    assert len(out) == 4
