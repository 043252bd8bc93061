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


def _pieces(legs: tuple, k: int | None, chain_len: int, sources: set[str]) -> list[frozenset]:
    """Every simple cycle (at most k legs) and chain (1 to chain_len legs from a source)."""
    found: set[frozenset] = set()

    def grow(path: list[int], visited: set[str], start: str, chain: bool) -> None:
        here = legs[path[-1]][3]
        if chain:
            found.add(frozenset(path))
            if len(path) >= chain_len:
                return
        elif here == start:
            found.add(frozenset(path))
            return
        elif k is not None and len(path) >= k:
            return
        for i, leg in enumerate(legs):
            if i in path or leg[2] != here:
                continue
            nxt = leg[3]
            if nxt in visited and not (not chain and nxt == start):
                continue
            grow([*path, i], visited | {nxt}, start, chain)

    for i, leg in enumerate(legs):
        if leg[3] != leg[2]:
            grow([i], {leg[2], leg[3]}, leg[2], False)
            if chain_len and leg[2] in sources:
                grow([i], {leg[2], leg[3]}, leg[2], True)
    return [p for p in found if len(p) >= 1]


def _decomposable(legs: tuple, k: int | None, chain_len: int = 0, sources=frozenset()) -> bool:
    """Can these legs (distinct) be split into participant-simple cycles of at most k legs
    and chains of at most ``chain_len`` legs started by a source?"""
    pieces = _pieces(legs, k, chain_len, set(sources))

    @cache
    def rec(rest: frozenset) -> bool:
        if not rest:
            return True
        first = min(rest)
        return any(first in p and p <= rest and rec(rest - p) for p in pieces)

    return rec(frozenset(range(len(legs))))


def brute_force(doc: dict[str, Any]) -> int:
    """The optimal primary objective of a tiny instance."""
    legs = legs_of(doc)
    offers = {o["id"]: o for o in doc["offers"]}
    parts = {p["id"]: p for p in doc["participants"]}
    k = doc["max_cycle_length"]
    forbidden = [{(x["offer"], x["want"]) for x in f} for f in doc.get("forbidden", [])]
    chain_len = doc.get("max_chain_length") or 0
    sources = frozenset(p["id"] for p in doc["participants"] if p.get("chain_source"))
    chains = chain_len > 0 and bool(sources)
    best = 0
    for size in range(1 if chains else 2, len(legs) + 1):
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
            if not chains and any(deg.values()):
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
            if _decomposable(tuple(chosen), k, chain_len, sources):
                best = value
    return best
