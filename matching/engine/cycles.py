"""Simple cycles of the participant graph, and decomposition of balanced leg sets into cycles."""

from __future__ import annotations

from collections import deque

import numpy as np


class TooManyCycles(Exception):
    """Raised when enumeration would exceed the requested cap."""


def enumerate_cycles(
    m: int,
    arc_src: np.ndarray,
    arc_dst: np.ndarray,
    k: int,
    cap: int,
    max_steps: int | None = None,
) -> list[tuple[int, ...]]:
    """All simple cycles of at most ``k`` arcs, each as a tuple of arc indices in cycle order.

    Each cycle is listed once, starting from its lowest-numbered participant. Raises
    ``TooManyCycles`` as soon as more than ``cap`` cycles are found or the search has taken
    more than ``max_steps`` steps (default ``50 * cap``).
    """
    steps_left = 50 * cap if max_steps is None else max_steps
    out_adj: list[list[tuple[int, int]]] = [[] for _ in range(m)]
    in_adj: list[list[int]] = [[] for _ in range(m)]
    for a in np.argsort(arc_dst, kind="stable"):
        out_adj[int(arc_src[a])].append((int(arc_dst[a]), int(a)))
        in_adj[int(arc_dst[a])].append(int(arc_src[a]))
    cycles: list[tuple[int, ...]] = []
    for s in range(m):
        # Distance back to s through participants > s, up to k - 1 arcs.
        back = {s: 0}
        frontier = [s]
        for depth in range(1, k):
            nxt = []
            for v in frontier:
                for u in in_adj[v]:
                    if u > s and u not in back:
                        back[u] = depth
                        nxt.append(u)
            frontier = nxt
        if len(back) == 1:
            continue
        on_path = {s}
        arcs: list[int] = []
        stack = [(s, iter(out_adj[s]))]
        while stack:
            cur, it = stack[-1]
            advanced = False
            for v, a in it:
                if v == s:
                    if arcs:
                        cycles.append((*arcs, a))
                        if len(cycles) > cap:
                            raise TooManyCycles
                    continue
                if v < s or v in on_path:
                    continue
                if back.get(v, k) > k - len(arcs) - 1:
                    continue
                steps_left -= 1
                if steps_left < 0:
                    raise TooManyCycles
                arcs.append(a)
                on_path.add(v)
                stack.append((v, iter(out_adj[v])))
                advanced = True
                break
            if not advanced:
                stack.pop()
                if arcs:
                    on_path.discard(cur)
                    arcs.pop()
    return cycles


def enumerate_chains(
    m: int,
    arc_src: np.ndarray,
    arc_dst: np.ndarray,
    sources: np.ndarray,
    length: int,
    cap: int,
) -> list[tuple[int, ...]]:
    """All simple participant paths of 1 to ``length`` arcs from a source, as arc tuples.

    Raises ``TooManyCycles`` past ``cap`` paths.
    """
    out_adj: list[list[tuple[int, int]]] = [[] for _ in range(m)]
    for a in np.argsort(arc_dst, kind="stable"):
        out_adj[int(arc_src[a])].append((int(arc_dst[a]), int(a)))
    chains: list[tuple[int, ...]] = []
    for s in sorted(int(x) for x in sources):
        on_path = {s}
        arcs: list[int] = []
        stack = [iter(out_adj[s])]
        while stack:
            for v, a in stack[-1]:
                if v in on_path:
                    continue
                arcs.append(a)
                chains.append(tuple(arcs))
                if len(chains) > cap:
                    raise TooManyCycles
                if len(arcs) < length:
                    on_path.add(v)
                    stack.append(iter(out_adj[v]))
                else:
                    arcs.pop()
                    continue
                break
            else:
                stack.pop()
                if arcs:
                    on_path.discard(int(arc_dst[arcs[-1]]))
                    arcs.pop()
    return chains


def decompose(legs: np.ndarray, leg_from: np.ndarray, leg_to: np.ndarray) -> list[list[int]]:
    """Split a balanced set of legs into simple cycles (lists of leg indices in cycle order).

    Legs are processed in increasing index order; each is closed by a shortest path back, so the
    result is deterministic and favours short cycles. The leg set must be balanced (as many legs
    leave as enter each participant), which guarantees every leg lies on a cycle.
    """
    out: dict[int, list[int]] = {}
    for leg in sorted(int(x) for x in legs):
        out.setdefault(int(leg_from[leg]), []).append(leg)
    used: set[int] = set()
    cycles: list[list[int]] = []
    for first in sorted(int(x) for x in legs):
        if first in used:
            continue
        p, q = int(leg_from[first]), int(leg_to[first])
        parent: dict[int, int] = {q: -1}
        queue = deque([q])
        while queue and p not in parent:
            u = queue.popleft()
            for leg in out.get(u, ()):
                if leg in used or leg == first:
                    continue
                v = int(leg_to[leg])
                if v not in parent:
                    parent[v] = leg
                    if v == p:
                        break
                    queue.append(v)
        if p not in parent:
            raise ValueError("leg set is not balanced")
        path: list[int] = []
        v = p
        while v != q:
            leg = parent[v]
            path.append(leg)
            v = int(leg_from[leg])
        cycle = [first, *reversed(path)]
        for leg in cycle:
            used.add(leg)
        for leg in cycle:
            lst = out[int(leg_from[leg])]
            lst.remove(leg)
        cycles.append(cycle)
    return cycles
