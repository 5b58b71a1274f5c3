"""How well a ranking finds partners that are known to fit: hide a share of the real twin-town
links, rank the cities that lost one, and count the hidden partners in each top k (recall@k).
The evaluation behind the matcher's weights (`bench matching`, docs/matching.md)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from citypact.domain.matching import BLOCK, BoolArray, IntArray, MatchTable, score_block, top_k


def split_links(links: int, hidden_share: float, seed: int) -> BoolArray:
    """Which of `links` twin links a split hides: each with probability `hidden_share`."""
    if not 0 < hidden_share < 1:
        raise ValueError(f"hidden_share: {hidden_share} is not between 0 and 1")
    hide: BoolArray = np.random.default_rng(seed).random(links) < hidden_share
    return hide


@dataclass(frozen=True)
class Recovery:
    """How many hidden twin-town links a ranking finds among each city's top k."""

    links: int  # links in the test
    hidden: int  # links hidden (each counted from both ends)
    k: int
    found: dict[str, int]  # ranking -> hidden link ends found in the top k
    random_expected: float  # what picking k cities at random finds on average

    def recall(self, name: str) -> float:
        return self.found[name] / self.hidden if self.hidden else math.nan


def twin_recovery(
    table: MatchTable,
    pairs: IntArray,
    rankings: Mapping[str, tuple[str, Mapping[str, float] | None]],
    *,
    hidden_share: float = 0.2,
    k: int = 10,
    seed: int = 0,
    hide: BoolArray | None = None,
) -> Recovery:
    """Hide a share of the twin-town links (`pairs`: rows x 2 of table rows), rank every city with a
    hidden link by each of `rankings` (name -> (goal, weights)), and count the hidden partners found
    in the top k. The visible links stay known as twins and are not suggested again (they are
    partners already), so a ranking earns nothing for finding them; what learns from twin links
    (country ties, popularity) learns from the visible ones only. `hide` (one per pair) chooses the
    hidden links instead of `hidden_share` and `seed`."""
    if hide is None:
        hide = split_links(pairs.shape[0], hidden_share, seed)
    visible: dict[int, set[int]] = {}
    for a, b in pairs[~hide].tolist():
        visible.setdefault(a, set()).add(b)
        visible.setdefault(b, set()).add(a)
    hidden: dict[int, set[int]] = {}
    for a, b in pairs[hide].tolist():
        hidden.setdefault(a, set()).add(b)
        hidden.setdefault(b, set()).add(a)
    links = dict(table.links)
    links["twin"] = {r: frozenset(v) for r, v in visible.items()}
    known = dataclasses.replace(table, links=links)
    rows = np.array(sorted(hidden), dtype=np.int64)
    found = dict.fromkeys(rankings, 0)
    for start in range(0, rows.size, BLOCK):
        block = rows[start : start + BLOCK]
        for name, (goal, weights) in rankings.items():
            score = score_block(known, block, goal, weights)
            for i, r in enumerate(block.tolist()):
                if r in visible:
                    score[i, list(visible[r])] = -np.inf
            best, _ = top_k(score, k)
            found[name] += sum(len(hidden[r] & set(best[i].tolist())) for i, r in enumerate(block.tolist()))
    ends = sum(len(v) for v in hidden.values())
    candidates = np.array([table.size - 1 - len(visible.get(r, ())) for r in rows.tolist()], dtype=np.float64)
    per_city = np.array([len(hidden[r]) for r in rows.tolist()], dtype=np.float64)
    random_expected = float((per_city * np.minimum(k / candidates, 1.0)).sum())
    return Recovery(int(pairs.shape[0]), ends, k, found, random_expected)
