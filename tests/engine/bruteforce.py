"""A brute-force reference solver for tiny instances: every subset of legs is tried."""

from __future__ import annotations

from collections import Counter
from functools import cache
from itertools import combinations
from typing import Any


def legs_of(doc: dict[str, Any]) -> list[tuple[str, str, str, str, int]]:
    """All legal legs as (offer, want, from, to, value)."""
    offers = {o["id"]: o for o in doc["offers"]}
    legs = []
    for w in doc["wants"]:
        for a in w["accepts"]:
            o = offers[a["offer"]]
            if o["participant"] != w["participant"]:
                legs.append((o["id"], w["id"], o["participant"], w["participant"], o["value"]))
    return legs


def _decomposable(legs: tuple, k: int | None) -> bool:
    """Can these legs (distinct) be split into participant-simple cycles of at most k legs?"""

    @cache
    def rec(rest: frozenset) -> bool:
        if not rest:
            return True
        first = min(rest)
        start = legs[first][2]

        def extend(path: list[int], visited: set[str]) -> bool:
            here = legs[path[-1]][3]
            if here == start:
                return rec(rest - frozenset(path))
            if k is not None and len(path) >= k:
                return False
            for i in sorted(rest):
                if i in path or legs[i][2] != here:
                    continue
                nxt = legs[i][3]
                if (nxt == start or nxt not in visited) and extend([*path, i], visited | {nxt}):
                    return True
            return False

        return extend([first], {start, legs[first][3]})

    return rec(frozenset(range(len(legs))))


def brute_force(doc: dict[str, Any]) -> int:
    """The optimal primary objective of a tiny instance."""
    legs = legs_of(doc)
    offers = {o["id"]: o for o in doc["offers"]}
    parts = {p["id"]: p for p in doc["participants"]}
    k = doc["max_cycle_length"]
    forbidden = [{(x["offer"], x["want"]) for x in f} for f in doc.get("forbidden", [])]
    best = 0
    for size in range(2, len(legs) + 1):
        for subset in combinations(range(len(legs)), size):
            chosen = [legs[i] for i in subset]
            wants = Counter(leg[1] for leg in chosen)
            if any(n > 1 for n in wants.values()):
                continue
            uses = Counter(leg[0] for leg in chosen)
            if any(n > offers[o]["quantity"] for o, n in uses.items()):
                continue
            deg: Counter[str] = Counter()
            net: Counter[str] = Counter()
            for _o, _w, f, t, v in chosen:
                deg[f] += 1
                deg[t] -= 1
                net[f] += v
                net[t] -= v
            if any(deg.values()):
                continue
            if any(
                not -min(p["headroom"], p["tolerance"]) <= net[pid] <= p["tolerance"]
                for pid, p in parts.items()
            ):
                continue
            pairs = {(leg[0], leg[1]) for leg in chosen}
            if any(f <= pairs for f in forbidden):
                continue
            value = sum(leg[4] for leg in chosen) if doc["objective"] == "value" else size
            if value <= best:
                continue
            if _decomposable(tuple(chosen), k):
                best = value
    return best
