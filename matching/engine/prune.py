"""Removal of legs that cannot belong to any solution, and split into independent components.

Every rule here is exact: a removed leg is in no feasible solution. The rules are applied until
none of them removes anything:

- strongly connected components of the participant graph: a leg between two components lies on
  no cycle;
- with a bound k on cycle length, a leg p -> q survives only if q reaches p in at most k - 1 steps;
- value reach: a participant q that receives a leg of value v gives at most ``gmax(q)`` (its most
  valuable usable offer units), so v - gmax(q) must stay within q's allowed debit; symmetrically,
  a participant p giving v receives at most ``rmax(p)``, so v - rmax(p) must stay within its
  tolerance.

With chains, a leg that lies on no short cycle is still kept when its giver is within
``max_chain_length - 1`` legs of a chain source (it may be a chain leg), and a participant may
give more legs than it receives (a source) or the reverse (a chain's end), which the value rule
then allows. Components are then the weakly connected components of the kept legs.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from .model import Instance


def _scc_labels(n: int, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    graph = sp.csr_matrix((np.ones(src.size, dtype=np.int8), (src, dst)), shape=(n, n))
    _, labels = connected_components(graph, directed=True, connection="strong")
    return labels


def _top_sums(owner: np.ndarray, values: np.ndarray, n: int, counts: np.ndarray) -> np.ndarray:
    """For each participant p, the sum of its ``counts[p]`` largest ``values``."""
    order = np.lexsort((-values, owner))
    owner_s, values_s = owner[order], values[order]
    start = np.searchsorted(owner_s, np.arange(n))
    rank = np.arange(owner_s.size) - start[owner_s]
    take = rank < counts[owner_s]
    return np.bincount(owner_s[take], weights=values_s[take], minlength=n)


def _chain_reach(inst: Instance, legs: np.ndarray) -> np.ndarray:
    """Mask of ``legs`` whose giver is within ``chain_len - 1`` legs of a chain source."""
    n = inst.n_participants
    src, dst = inst.leg_from[legs], inst.leg_to[legs]
    graph = sp.csr_matrix((np.ones(legs.size, dtype=np.int8), (src, dst)), shape=(n, n))
    reached = inst.source.copy()
    frontier = reached.copy()
    for _ in range(inst.chain_len - 1):
        nxt = (graph.T @ frontier.astype(np.int8)) > 0
        frontier = nxt & ~reached
        if not frontier.any():
            break
        reached |= frontier
    return reached[src]


def _value_prune(inst: Instance, alive: np.ndarray) -> np.ndarray:
    legs = np.flatnonzero(alive)
    if legs.size == 0:
        return alive
    n = inst.n_participants
    lo, lw = inst.leg_offer[legs], inst.leg_want[legs]
    val = inst.offer_value[lo].astype(np.float64)
    src, dst = inst.offer_owner[lo], inst.want_owner[lw]
    legs_per_offer = np.bincount(lo, minlength=inst.offer_value.size)
    offers = np.flatnonzero(legs_per_offer)
    units = np.minimum(inst.offer_qty[offers], legs_per_offer[offers])
    wants = np.unique(lw)
    n_units = np.bincount(inst.offer_owner[offers], weights=units, minlength=n)
    n_wants = np.bincount(inst.want_owner[wants], minlength=n)
    k_max = np.minimum(n_units, n_wants).astype(np.int64)
    if inst.chains_on:
        # A source gives more than it receives, a chain's end the reverse.
        k_max = np.maximum(n_units, n_wants).astype(np.int64)
    unit_offer = np.repeat(offers, units)
    gmax = _top_sums(
        inst.offer_owner[unit_offer], inst.offer_value[unit_offer].astype(float), n, k_max
    )
    best_in = np.zeros(inst.want_owner.size)
    np.maximum.at(best_in, lw, val)
    rmax = _top_sums(inst.want_owner[wants], best_in[wants], n, k_max)
    ok = (val - gmax[dst] <= -inst.lower[dst]) & (val - rmax[src] <= inst.upper[src])
    ok &= (n_units[src] > 0) & (n_wants[dst] > 0)
    if not inst.chains_on:
        ok &= (k_max[src] > 0) & (k_max[dst] > 0)
    out = alive.copy()
    out[legs[~ok]] = False
    return out


def _bits(m: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """A packed boolean m x m matrix with ones at (rows, cols)."""
    width = (m + 7) // 8
    out = np.zeros((m, width), dtype=np.uint8)
    np.bitwise_or.at(out, (rows, cols // 8), (1 << (cols % 8)).astype(np.uint8))
    return out


def _reach_prune(
    n: int, src: np.ndarray, dst: np.ndarray, k: int, labels: np.ndarray
) -> np.ndarray:
    """Mask of arcs (src -> dst) such that dst reaches src in at most k - 1 steps.

    With R[u] the participants u reaches in at most k - 2 steps (bit sets) and P[s] the
    predecessors of s, the arc s -> d is kept when R[d] and P[s] intersect.
    """
    keep = np.zeros(src.size, dtype=bool)
    if k == 2:
        return np.isin(dst * n + src, src * n + dst)
    for comp in np.unique(labels[src]):
        arcs = np.flatnonzero(labels[src] == comp)
        nodes = np.unique(np.concatenate([src[arcs], dst[arcs]]))
        m = nodes.size
        if m <= k:
            keep[arcs] = True
            continue
        s = np.searchsorted(nodes, src[arcs])
        d = np.searchsorted(nodes, dst[arcs])
        width = (m + 7) // 8
        order = np.argsort(s, kind="stable")
        s_sorted, d_sorted = s[order], d[order]
        starts = np.searchsorted(s_sorted, np.arange(m + 1))
        rows = np.flatnonzero(np.diff(starts) > 0)
        chunk = max(1, 50_000_000 // width)
        eye = np.arange(m)
        reach = _bits(m, np.concatenate([eye, s]), np.concatenate([eye, d]))  # <= 1 step
        for _ in range(k - 3):
            nxt = reach.copy()
            a = 0
            while a < rows.size:
                b = a + 1
                while b < rows.size and starts[rows[b] + 1] - starts[rows[a]] <= chunk:
                    b += 1
                r = rows[a:b]
                first = starts[r[0]]
                block = reach[d_sorted[first : starts[r[-1] + 1]]]
                nxt[r] |= np.bitwise_or.reduceat(block, starts[r] - first, axis=0)
                a = b
            reach = nxt
        preds = _bits(m, d, s)
        ok = np.zeros(arcs.size, dtype=bool)
        for a in range(0, arcs.size, chunk):
            sl = slice(a, a + chunk)
            ok[sl] = (reach[d[sl]] & preds[s[sl]]).any(axis=1)
        keep[arcs] = ok
    return keep


def prune(inst: Instance) -> tuple[np.ndarray, np.ndarray, int]:
    """Return (alive leg mask, component label per participant (-1 if none), rounds)."""
    n = inst.n_participants
    alive = np.ones(inst.n_legs, dtype=bool)
    labels = np.full(n, -1, dtype=np.int64)
    rounds = 0
    reach_due = inst.k is not None
    while True:
        rounds += 1
        before = int(alive.sum())
        alive = _value_prune(inst, alive)
        legs = np.flatnonzero(alive)
        src, dst = inst.leg_from[legs], inst.leg_to[legs]
        labels = _scc_labels(n, src, dst)
        chain = _chain_reach(inst, legs) if inst.chains_on else np.zeros(legs.size, dtype=bool)
        same = labels[src] == labels[dst]
        alive[legs[~(same | chain)]] = False
        if reach_due and same.any():
            assert inst.k is not None
            ls, s_, d_ = legs[same], src[same], dst[same]
            key, first = np.unique(s_ * n + d_, return_index=True)
            keep_arc = _reach_prune(n, s_[first], d_[first], inst.k, labels)
            keep_leg = keep_arc[np.searchsorted(key, s_ * n + d_)]
            alive[ls[~(keep_leg | chain[same])]] = False
        removed = before - int(alive.sum())
        if removed == 0:
            break
        # The reach rule is the costly one: it is applied again only while it still pays
        # (skipping it only keeps more legs, which is always safe).
        reach_due = inst.k is not None and removed > 0.05 * before
    legs = np.flatnonzero(alive)
    active = np.zeros(n, dtype=bool)
    active[inst.leg_from[legs]] = True
    if inst.chains_on:
        # Chain legs join strongly connected components: weak components are independent.
        active[inst.leg_to[legs]] = True
        graph = sp.csr_matrix(
            (np.ones(legs.size, dtype=np.int8), (inst.leg_from[legs], inst.leg_to[legs])),
            shape=(n, n),
        )
        labels = connected_components(graph, directed=True, connection="weak")[1]
    labels = np.where(active, labels, -1)
    return alive, labels, rounds


def components(inst: Instance, alive: np.ndarray, labels: np.ndarray) -> list[np.ndarray]:
    """Participant sets that can be solved independently, in a deterministic order.

    Strongly connected components are independent, except when a forbidden set has live legs in
    several of them: those are merged.
    """
    uniq = np.unique(labels[labels >= 0])
    parent = {int(c): int(c) for c in uniq}

    def find(c: int) -> int:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for legs in inst.forbidden:
        if not alive[legs].all():
            continue
        comps = {int(labels[p]) for p in inst.leg_from[legs]}
        first, *rest = sorted(comps)
        for c in rest:
            parent[find(c)] = find(first)
    groups: dict[int, list[int]] = {}
    for p in np.flatnonzero(labels >= 0):
        groups.setdefault(find(int(labels[p])), []).append(int(p))
    result = [np.array(members, dtype=np.int64) for members in groups.values()]
    result.sort(key=lambda m: (m.size, int(m[0])))
    return result
