"""Position-indexed formulations: PIEF for cycles, PICEF for chains (Dickerson, Manlove, Plaut,
Sandholm, Trimble, "Position-indexed formulations for kidney exchange", EC 2016).

They grow with the number of participant arcs times the cycle (chain) length instead of with the
number of cycles, so they fit where cycle enumeration explodes, and their linear relaxations are
as tight as the cycle formulation's.

*Cycles* (length at most k). Participants are ranked (most connected first). Copy ``s`` holds
the cycles whose first-ranked participant is ``s``: an integer x(s, a, l) counts how many of them
use the participant arc a at position l (1..k). The arc leaves ``s`` at position 1; an arc into a
participant i != s at position l is followed by an arc out of i at position l + 1 (flow
conservation), and the walk ends when it comes back to ``s``. An arc (i, j) exists at position l in
copy ``s`` only if i is within l - 1 arcs of ``s`` and ``s`` within k - l arcs of j among the
participants ranked after ``s`` (the reduced graphs of the paper). A unit of flow is a closed walk
of at most k arcs; it splits into simple cycles of at most k arcs, and legs on the same arc are
interchangeable, so the formulation is exact for our problem too, where a participant may be in
several cycles (several offers, quantities, wants).

*Chains* (at most L legs, from a chain source). y(a, l) counts the chains using arc a at position
l; position 1 leaves a source; at every participant, the flow arriving at position l is at least
the flow leaving at position l + 1 (the rest ends there). When every participant gives at most one
leg and receives at most one (kidney pools, math trades), each unit is a simple path. Otherwise a
chain's walk may come back to a participant: the closed part is cut out as cycles, which is fine
when they are short enough (always with unbounded cycles); when not, the solution is rejected
(``decode`` returns None) and the caller keeps its other solution.

*Unbounded cycles with chains*: one binary per leg; the legs minus the chain legs are balanced at
every participant (they split into cycles of any length).

Legs: an arc with a single leg has no leg column (the leg is the sum of the arc's position
columns); an arc with several legs has one binary per leg, linked to its position columns. The
offer, want, net-value and forbidden-set rows are written on these leg expressions, so
quantities and net windows stay exact.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np

from .cycles import decompose
from .milp import (
    Decoded,
    Model,
    RowBuilder,
    SubProblem,
    hand_out_legs,
    objective_weights,
    participant_arcs,
)


def _expand(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """All positions of the ranges [starts[i], ends[i])."""
    cnt = np.maximum(ends - starts, 0)
    total = int(cnt.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    off = np.arange(total) - np.repeat(np.cumsum(cnt) - cnt, cnt)
    return np.repeat(starts, cnt) + off


class _Csr:
    def __init__(self, key: np.ndarray, n: int) -> None:
        self.order = np.argsort(key, kind="stable")
        self.start = np.searchsorted(key[self.order], np.arange(n + 1))

    def arcs(self, nodes: np.ndarray) -> np.ndarray:
        return self.order[_expand(self.start[nodes], self.start[nodes + 1])]


def participant_rank(sp_: SubProblem, arc_src: np.ndarray, arc_dst: np.ndarray) -> np.ndarray:
    """Rank of every participant: the most connected (in-degree x out-degree) first."""
    indeg = np.bincount(arc_dst, minlength=sp_.n)
    outdeg = np.bincount(arc_src, minlength=sp_.n)
    order = np.lexsort((np.arange(sp_.n), -(indeg * outdeg)))
    rank = np.empty(sp_.n, dtype=np.int64)
    rank[order] = np.arange(sp_.n)
    return rank


def _cycle_columns(
    sp_: SubProblem,
    k: int,
    arc_src: np.ndarray,
    arc_dst: np.ndarray,
    rank: np.ndarray,
    max_columns: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(copy, arc, position) of every cycle column, or None past ``max_columns``."""
    n = sp_.n
    out_csr, in_csr = _Csr(arc_src, n), _Csr(arc_dst, n)
    far = np.int64(k + 1)
    dist_f = np.full(n, far)
    dist_b = np.full(n, far)
    copies, arcs_out, pos_out = [], [], []
    total = 0
    for s in np.argsort(rank).tolist():
        rs = rank[s]
        touched = []
        for dist, csr, end in ((dist_f, out_csr, arc_dst), (dist_b, in_csr, arc_src)):
            dist[s] = 0
            frontier = np.array([s])
            for d in range(1, k):
                nxt = end[csr.arcs(frontier)]
                nxt = np.unique(nxt[(rank[nxt] > rs) & (dist[nxt] == far)])
                if nxt.size == 0:
                    break
                dist[nxt] = d
                touched.append(nxt)
                frontier = nxt
        if touched:
            reach = np.unique(np.concatenate(touched))
            for ell in range(1, k + 1):
                tails = np.array([s]) if ell == 1 else reach[dist_f[reach] <= ell - 1]
                a = out_csr.arcs(tails)
                j = arc_dst[a]
                ok = (j == s) if ell > 1 else np.zeros(a.size, dtype=bool)
                ok |= (j != s) & (rank[j] > rs) & (dist_b[j] <= k - ell)
                a = a[ok]
                if a.size:
                    copies.append(np.full(a.size, s))
                    arcs_out.append(a)
                    pos_out.append(np.full(a.size, ell))
                    total += a.size
            if total > 4 * max_columns:
                return None
            dist_f[reach] = far
            dist_b[reach] = far
        dist_f[s] = far
        dist_b[s] = far
    if not copies:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    copy = np.concatenate(copies)
    arc = np.concatenate(arcs_out)
    pos = np.concatenate(pos_out)
    # Drop columns that cannot carry flow: the head (not the copy's participant) must have a
    # column leaving at the next position, the tail (idem) one arriving at the previous one.
    kk = np.int64(k + 2)
    while True:
        head, tail = arc_dst[arc], arc_src[arc]
        key_in = (copy * n + head) * kk + pos
        key_out = (copy * n + tail) * kk + pos - 1
        ok = (head == copy) | np.isin(key_in, key_out[tail != copy])
        ok &= (tail == copy) | np.isin(key_out, key_in[head != copy])
        if ok.all():
            break
        copy, arc, pos = copy[ok], arc[ok], pos[ok]
    if copy.size > max_columns:
        return None
    return copy, arc, pos


def _chain_columns(
    sp_: SubProblem, arc_src: np.ndarray, arc_dst: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(arc, position) of every chain column."""
    n, L = sp_.n, sp_.chain_len
    out_csr = _Csr(arc_src, n)
    far = np.int64(L + 1)
    dist = np.full(n, far)
    frontier = sp_.sources
    dist[frontier] = 0
    for d in range(1, L):
        nxt = arc_dst[out_csr.arcs(frontier)]
        nxt = np.unique(nxt[dist[nxt] == far])
        if nxt.size == 0:
            break
        dist[nxt] = d
        frontier = nxt
    arcs, poss = [], []
    for ell in range(1, L + 1):
        tails = sp_.sources if ell == 1 else np.flatnonzero(dist <= ell - 1)
        a = out_csr.arcs(tails)
        arcs.append(a)
        poss.append(np.full(a.size, ell))
    arc, pos = np.concatenate(arcs), np.concatenate(poss)
    kk = np.int64(L + 2)
    while True:
        key_in = arc_dst[arc] * kk + pos
        key_out = arc_src[arc] * kk + pos - 1
        ok = (pos == 1) | np.isin(key_out, key_in)
        if ok.all():
            break
        arc, pos = arc[ok], pos[ok]
    return arc, pos


def _split_closed_walk(walk: list[int], arc_src: np.ndarray) -> list[list[int]]:
    """Split a closed walk (arcs) into simple cycles, cutting at every repeated participant."""
    cycles: list[list[int]] = []
    stack: list[int] = []
    where: dict[int, int] = {}
    for a in walk:
        u = int(arc_src[a])
        if u in where:
            cut = where[u]
            cycles.append(stack[cut:])
            for b in stack[cut:]:
                where.pop(int(arc_src[b]), None)
            del stack[cut:]
        where[u] = len(stack)
        stack.append(a)
    if stack:
        cycles.append(stack)
    return cycles


def _simple_chain(walk: list[int], arc_src: np.ndarray, arc_dst: np.ndarray):
    """Cut the closed parts out of a chain's walk: (simple chain, closed walks cut out)."""
    path: list[int] = []
    where = {int(arc_src[walk[0]]): 0}
    loops: list[list[int]] = []
    for a in walk:
        path.append(a)
        v = int(arc_dst[a])
        if v in where:
            cut = where[v]
            loops.append(path[cut:])
            for b in path[cut:]:
                where.pop(int(arc_dst[b]), None)
            del path[cut:]
            where[v] = cut
        else:
            where[v] = len(path)
    return path, loops


def chain_rows(
    rb: RowBuilder,
    sp_: SubProblem,
    arc_src: np.ndarray,
    arc_dst: np.ndarray,
    h_arc: np.ndarray,
    h_pos: np.ndarray,
    cols: np.ndarray,
) -> None:
    """PICEF's flow rows: the chain flow into i at l is at least the flow out of i at l + 1."""
    if h_arc.size == 0:
        return
    kk = np.int64(sp_.chain_len + 2)
    key_in = arc_dst[h_arc] * kk + h_pos
    key_out = arc_src[h_arc] * kk + h_pos - 1
    m_out = h_pos > 1
    keys = np.unique(key_out[m_out])
    m_in = np.isin(key_in, keys)
    rb.add(
        np.concatenate(
            [np.searchsorted(keys, key_in[m_in]), np.searchsorted(keys, key_out[m_out])]
        ),
        np.concatenate([cols[m_in], cols[m_out]]),
        np.concatenate([np.ones(int(m_in.sum())), -np.ones(int(m_out.sum()))]),
        np.zeros(keys.size),
        np.inf,
    )


def legs_of_paths(
    paths: list,
    chosen_legs: np.ndarray,
    arc_of_leg: np.ndarray,
    single: np.ndarray,
    leg_of_arc: np.ndarray,
) -> list[list[int]] | None:
    """Legs for arc paths: an arc's only leg, or one of the ``chosen_legs`` on it (lowest first).

    None when an arc with several legs has fewer chosen legs than paths through it.
    """
    pool: dict[int, list[int]] = {}
    for leg in sorted(chosen_legs.tolist(), reverse=True):
        pool.setdefault(int(arc_of_leg[leg]), []).append(leg)
    out = []
    for p in paths:
        legs_p = []
        for a in p:
            if single[a]:
                legs_p.append(int(leg_of_arc[a]))
            elif pool.get(a):
                legs_p.append(pool[a].pop())
            else:
                return None
        out.append(legs_p)
    return out


def decode_chains(
    h_arc: np.ndarray,
    h_pos: np.ndarray,
    hv: np.ndarray,
    arc_src: np.ndarray,
    arc_dst: np.ndarray,
    k: int | None,
    chain_len: int,
) -> tuple[list[list[int]], list[list[int]]] | None:
    """Chains (arc lists) from chain column values ``hv``, and the cycles cut out of them.

    Position by position, the units leaving a participant at l + 1 continue walks that reached
    it at l, preferring walks that have not visited the next participant; closed parts of a
    walk are cut out as cycles. None when a unit has no walk to continue or a cut-out cycle is
    longer than ``k``.
    """
    by_pos: dict[int, list[int]] = defaultdict(list)
    for i in np.flatnonzero(hv > 0).tolist():
        by_pos[int(h_pos[i])].extend([int(h_arc[i])] * int(hv[i]))
    walks: list[list[int]] = [[a] for a in by_pos.get(1, [])]
    open_at: dict[int, list[int]] = defaultdict(list)
    for wi, wk in enumerate(walks):
        open_at[int(arc_dst[wk[0]])].append(wi)
    for ell in range(2, chain_len + 1):
        nxt_open: dict[int, list[int]] = defaultdict(list)
        for a in sorted(by_pos.get(ell, [])):
            u, v = int(arc_src[a]), int(arc_dst[a])
            cands = open_at.get(u)
            if not cands:
                return None
            fresh = [wi for wi in cands if v not in {int(arc_src[b]) for b in walks[wi]}]
            wi = fresh[0] if fresh else cands[0]
            cands.remove(wi)
            walks[wi].append(a)
            nxt_open[v].append(wi)
        open_at = nxt_open
    chains: list[list[int]] = []
    cycles: list[list[int]] = []
    for wk in walks:
        path, loops = _simple_chain(wk, arc_src, arc_dst)
        if path:
            chains.append(path)
        for loop in loops:
            for c in _split_closed_walk(loop, arc_src):
                if k is not None and len(c) > k:
                    return None
                cycles.append(c)
    return chains, cycles


def build_position_indexed(sp_: SubProblem, *, max_columns: int) -> Model | None:
    """The position-indexed programme of ``sp_`` (cycles bounded by k and/or chains).

    None when it would have more than ``max_columns`` columns.
    """
    n = sp_.n
    k = sp_.binding_k
    chains_on = sp_.has_chains
    arc_src, arc_dst, arc_of_leg = participant_arcs(sp_)
    n_arcs = arc_src.size
    legs_on_arc = np.bincount(arc_of_leg, minlength=n_arcs)
    rank = participant_rank(sp_, arc_src, arc_dst)

    if k is not None:
        cyc = _cycle_columns(sp_, k, arc_src, arc_dst, rank, max_columns)
        if cyc is None:
            return None
        c_copy, c_arc, c_pos = cyc
    else:
        c_copy = c_arc = c_pos = np.zeros(0, dtype=np.int64)
    if chains_on:
        h_arc, h_pos = _chain_columns(sp_, arc_src, arc_dst)
    else:
        h_arc = h_pos = np.zeros(0, dtype=np.int64)
    unbounded = k is None
    # Leg columns: every leg when cycles are unbounded, else the legs of arcs with several.
    x_legs = np.arange(sp_.n_legs) if unbounded else np.flatnonzero(legs_on_arc[arc_of_leg] > 1)
    nx, nc, nh = x_legs.size, c_arc.size, h_arc.size
    n_cols = nx + nc + nh
    if n_cols > max_columns:
        return None
    c0, h0 = nx, nx + nc
    w = objective_weights(sp_, cycle_penalty=True)
    cost = np.zeros(n_cols)
    upper = np.ones(n_cols)
    upper[c0:h0] = legs_on_arc[c_arc]
    upper[h0:] = legs_on_arc[h_arc]
    cost[c0:h0] = -w.tie_cycle * (2 * c_pos - 1)
    cost[h0:] = -w.tie_cycle * (2 * h_pos - 1)
    rb = RowBuilder()

    # Leg expressions: (leg, column) pairs.
    single = legs_on_arc == 1
    leg_of_arc = np.full(n_arcs, -1)
    leg_of_arc[arc_of_leg[legs_on_arc[arc_of_leg] == 1]] = np.flatnonzero(
        legs_on_arc[arc_of_leg] == 1
    )
    pos_arc = np.concatenate([c_arc, h_arc])
    pos_col = np.arange(c0, n_cols)
    if unbounded:
        pair_leg, pair_col = x_legs, np.arange(nx)
    else:
        sub_sel = single[pos_arc]
        pair_leg = np.concatenate([x_legs, leg_of_arc[pos_arc[sub_sel]]])
        pair_col = np.concatenate([np.arange(nx), pos_col[sub_sel]])
    np.add.at(cost, pair_col, w.leg_cost[pair_leg])

    # Link the legs of multi-leg arcs (all arcs when unbounded) to their position columns.
    if unbounded:
        # cycle legs of an arc = its legs - its chain legs >= 0
        rb.add(
            np.concatenate([arc_of_leg, h_arc]),
            np.concatenate([np.arange(nx), np.arange(h0, n_cols)]),
            np.concatenate([np.ones(nx), -np.ones(nh)]),
            np.zeros(n_arcs),
            np.inf,
        )
        # balance of the cycle legs at every participant
        hcols = np.arange(h0, n_cols)
        rb.add(
            np.concatenate([sp_.leg_from, sp_.leg_to, arc_src[h_arc], arc_dst[h_arc]]),
            np.concatenate([np.arange(nx), np.arange(nx), hcols, hcols]),
            np.concatenate([np.ones(nx), -np.ones(nx), -np.ones(nh), np.ones(nh)]),
            np.zeros(n),
            0.0,
        )
    else:
        multi = np.flatnonzero(~single)
        ridx = np.full(n_arcs, -1)
        ridx[multi] = np.arange(multi.size)
        sel = ~single[pos_arc]
        rb.add(
            np.concatenate([ridx[arc_of_leg[x_legs]], ridx[pos_arc[sel]]]),
            np.concatenate([np.arange(nx), pos_col[sel]]),
            np.concatenate([np.ones(nx), -np.ones(int(sel.sum()))]),
            np.zeros(multi.size),
            0.0,
        )

    # Cycle flow conservation: into i at l = out of i at l + 1 (i is not the copy's participant).
    if nc:
        kk = np.int64(k + 2)
        head, tail = arc_dst[c_arc], arc_src[c_arc]
        key_in = (c_copy * n + head) * kk + c_pos
        key_out = (c_copy * n + tail) * kk + c_pos - 1
        m_in, m_out = head != c_copy, tail != c_copy
        keys = np.unique(key_in[m_in])
        cols = np.arange(c0, h0)
        rb.add(
            np.concatenate(
                [np.searchsorted(keys, key_in[m_in]), np.searchsorted(keys, key_out[m_out])]
            ),
            np.concatenate([cols[m_in], cols[m_out]]),
            np.concatenate([np.ones(int(m_in.sum())), -np.ones(int(m_out.sum()))]),
            np.zeros(keys.size),
            0.0,
        )
    # Chain flow: into i at l >= out of i at l + 1.
    chain_rows(rb, sp_, arc_src, arc_dst, h_arc, h_pos, np.arange(h0, n_cols))
    rb.common(sp_, pair_leg, pair_col, bound_every_want=True)
    matrix, row_lower, row_upper = rb.finish(n_cols)

    c_key = (c_copy * n_arcs + c_arc) * np.int64((k or 0) + 2) + c_pos
    c_sort = np.argsort(c_key, kind="stable")
    h_key = h_arc * np.int64(sp_.chain_len + 2) + h_pos
    h_sort = np.argsort(h_key, kind="stable")

    def decode(values: np.ndarray) -> Decoded | None:
        cyc_arcs: list[list[int]] = []
        # Cycles, copy by copy.
        cv = values[c0:h0]
        sel = np.flatnonzero(cv > 0)
        by_copy: dict[int, Counter] = defaultdict(Counter)
        for i in sel.tolist():
            by_copy[int(c_copy[i])][(int(c_arc[i]), int(c_pos[i]))] += int(cv[i])
        for s, units in by_copy.items():
            avail: dict[tuple[int, int], list[int]] = defaultdict(list)
            for (a, ell), cnt in units.items():
                if cnt > 0:
                    avail[(int(arc_src[a]), ell)].extend([a] * cnt)
            for first in list(avail.get((s, 1), [])):
                walk = [first]
                cur, ell = int(arc_dst[first]), 1
                while cur != s:
                    nxt = avail.get((cur, ell + 1))
                    if not nxt:
                        return None
                    a = nxt.pop()
                    walk.append(a)
                    cur, ell = int(arc_dst[a]), ell + 1
                cyc_arcs.extend(_split_closed_walk(walk, arc_src))
            avail.pop((s, 1), None)
            if any(avail.values()):
                return None
        decoded = decode_chains(h_arc, h_pos, values[h0:], arc_src, arc_dst, k, sp_.chain_len)
        if decoded is None:
            return None
        chain_arcs, loops = decoded
        cyc_arcs.extend(loops)
        if unbounded:
            legs = np.flatnonzero(values[:nx] > 0)
            chain_legs = hand_out_legs(legs, arc_of_leg, chain_arcs, use_all=False)
            if chain_legs is None:
                return None
            used = {leg for c in chain_legs for leg in c}
            rest = np.array([leg for leg in legs.tolist() if leg not in used], dtype=np.int64)
            try:
                cycles = decompose(rest, sp_.leg_from, sp_.leg_to)
            except ValueError:
                return None
            # The closed parts cut from chains are among these legs, hence these cycles.
            return cycles, chain_legs
        paths = [*cyc_arcs, *chain_arcs]
        chosen = x_legs[np.flatnonzero(values[:nx] > 0)]
        out = legs_of_paths(paths, chosen, arc_of_leg, single, leg_of_arc)
        if out is None:
            return None
        return out[: len(cyc_arcs)], out[len(cyc_arcs) :]

    def encode(cycles: list[list[int]], chains: list[list[int]]) -> np.ndarray | None:
        col = np.zeros(n_cols)
        for c in cycles:
            if k is None:
                return None
            parts = [int(sp_.leg_from[leg]) for leg in c]
            start = int(np.argmin(rank[parts]))
            c = c[start:] + c[:start]
            s = parts[start]
            for ell, leg in enumerate(c, start=1):
                key = (s * n_arcs + int(arc_of_leg[leg])) * (k + 2) + ell
                i = np.searchsorted(c_key, key, sorter=c_sort)
                if i >= nc or c_key[c_sort[i]] != key:
                    return None
                col[c0 + c_sort[i]] += 1
        for c in chains:
            for ell, leg in enumerate(c, start=1):
                key = int(arc_of_leg[leg]) * (sp_.chain_len + 2) + ell
                i = np.searchsorted(h_key, key, sorter=h_sort)
                if i >= nh or h_key[h_sort[i]] != key:
                    return None
                col[h0 + h_sort[i]] += 1
        pos_leg = np.full(sp_.n_legs, -1)
        pos_leg[x_legs] = np.arange(nx)
        for c in (*cycles, *chains):
            for leg in c:
                if pos_leg[leg] >= 0:
                    col[pos_leg[leg]] = 1
        return col

    return Model(
        cost=cost,
        col_upper=upper,
        integer=np.ones(n_cols, dtype=bool),
        matrix=matrix,
        row_lower=row_lower,
        row_upper=row_upper,
        weights=w,
        decode=decode,
        encode=encode,
        kind="position",
    )
