"""Exact solution of large bounded components by column generation and reduced-cost enumeration.

The programme is the cycle formulation (one integer per participant cycle of at most k <= 4 arcs)
together with the position-indexed chain columns of PICEF (``pief``) and one binary per leg on
arcs that carry several legs: exactly the model of ``milp.build_cycle`` and ``pief``, except
that the cycles are not listed up front. They are *priced*:

1. The linear relaxation is solved over a few cycles (the greedy packing's candidates, 2- and
   3-cycles first). With the row duals pi, every participant arc a gets a reduced profit
   r_a = c_a - A_a' pi (the arc stands for its leg when it has one, else for its link row), and
   a cycle's reduced cost is the sum over its arcs minus its shape penalty. Cycles of positive
   reduced cost are found exactly: 2- and 3-cycles are listed once; 4-cycles are met in the
   middle, as two 2-paths u -> v -> w and w -> x -> u joined on (u, w), u the first-ranked of
   the four (a pair of groups is skipped when their best 2-paths cannot reach the threshold).
   They are added and the relaxation is solved again, until none is left: z_LP is then the
   relaxation's optimum over *all* cycles.
2. The integer programme over the cycles generated so far gives a solution of primary value P.
3. For the optimal duals, any solution x of the full programme satisfies
   c'x <= z_LP + sum_j r_j x_j over the cycles never generated (r_j <= 0), so a solution of
   primary value >= P + 1 (objective >= P + 1 - tie-break slack) can only use cycles with
   r_j >= P + 1 - slack - z_LP. Those are listed (usually a handful: the relaxation of this
   formulation is tight) and the integer programme is solved once more over all of them: its
   optimum is the optimum, proven.

This is what kidney-exchange programmes do with pools whose cycles are too many to list
(branch-and-price without branching: the relaxation's gap is almost always below one unit).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import highspy
import numpy as np
import scipy.sparse as sp

from .milp import (
    Model,
    RowBuilder,
    SubProblem,
    SubResult,
    new_highs,
    objective_weights,
    participant_arcs,
    solve_model,
)
from .pief import _chain_columns, chain_rows, decode_chains, legs_of_paths, participant_rank

MAX_TWO_PATHS = 30_000_000
MAX_NEW_COLUMNS = 30_000
MAX_ENUMERATED = 250_000
ROUND_LIMIT = 400


class TooMany(Exception):
    """The cycles above a threshold are too many to list."""


class CycleSpace:
    """The participant cycles of at most k arcs (k <= 4), priced without being listed."""

    def __init__(self, n: int, arc_src: np.ndarray, arc_dst: np.ndarray, k: int, rank):
        self.k = k
        n64 = np.int64(n)
        key = arc_src * n64 + arc_dst
        order = np.argsort(key)
        skey = key[order]

        def arc_of(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
            q = src * n64 + dst
            i = np.minimum(np.searchsorted(skey, q), skey.size - 1)
            return np.where(skey[i] == q, order[i], -1)

        rev = arc_of(arc_dst, arc_src)
        two = np.flatnonzero((rev >= 0) & (rank[arc_src] < rank[arc_dst]))
        self.c2 = np.stack([two, rev[two]], axis=1)
        self.c3 = np.zeros((0, 3), dtype=np.int64)
        self.P = self.Q = None
        if k < 3:
            return
        out_order = np.argsort(arc_src, kind="stable")
        out_start = np.searchsorted(arc_src[out_order], np.arange(n + 1))
        cnt = out_start[arc_dst + 1] - out_start[arc_dst]
        total = int(cnt.sum())
        if total > MAX_TWO_PATHS:
            raise TooMany
        first = np.repeat(np.arange(arc_src.size), cnt)
        off = np.arange(total) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        second = out_order[np.repeat(out_start[arc_dst], cnt) + off]
        u, v, w = arc_src[first], arc_dst[first], arc_dst[second]
        keep = u != w
        first, second, u, v, w = first[keep], second[keep], u[keep], v[keep], w[keep]
        ru, rv, rw = rank[u], rank[v], rank[w]
        # 3-cycles u -> v -> w -> u with u first-ranked.
        lead = (ru < rv) & (ru < rw)
        close = arc_of(w[lead], u[lead])
        ok = close >= 0
        self.c3 = np.stack([first[lead][ok], second[lead][ok], close[ok]], axis=1)
        if k < 4:
            return
        # 4-cycles: P = u -> v -> w (u first-ranked), Q = w -> x -> u (u ranked before x, w).
        p_sel = lead
        q_sel = (rw < ru) & (rw < rv)
        self.P = self._group(first[p_sel], second[p_sel], u[p_sel] * n64 + w[p_sel], v[p_sel])
        self.Q = self._group(first[q_sel], second[q_sel], w[q_sel] * n64 + u[q_sel], v[q_sel])

    @staticmethod
    def _group(a1, a2, key, mid):
        order = np.argsort(key, kind="stable")
        key = key[order]
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if key.size else key[:0]
        return {
            "a1": a1[order],
            "a2": a2[order],
            "mid": mid[order],
            "key": key,
            "starts": starts,
            "ukey": key[starts],
        }

    def above(self, r: np.ndarray, tie: float, theta: float, limit: int) -> list[np.ndarray]:
        """Cycles (arrays of arcs, in order) whose reduced cost is at least ``theta``.

        Raises ``TooMany`` past ``limit`` cycles.
        """
        out = []
        for cyc in (self.c2, self.c3):
            if cyc.size:
                rc = r[cyc].sum(axis=1) - tie * cyc.shape[1] ** 2
                sel = cyc[rc >= theta]
                if len(sel) > limit:
                    raise TooMany
                out.extend(sel)
        if self.P is not None and self.Q is not None and self.P["key"].size and self.Q["key"].size:
            out.extend(self._fours(r, theta + 16 * tie, limit - len(out)))
        return out

    def _fours(self, r: np.ndarray, theta: float, limit: int) -> list[np.ndarray]:
        P, Q = self.P, self.Q
        gp = r[P["a1"]] + r[P["a2"]]
        gq = r[Q["a1"]] + r[Q["a2"]]
        mp = np.maximum.reduceat(gp, P["starts"])
        mq = np.maximum.reduceat(gq, Q["starts"])
        common, ip, iq = np.intersect1d(P["ukey"], Q["ukey"], return_indices=True)
        good = mp[ip] + mq[iq] >= theta
        if not good.any():
            return []
        common, ip, iq = common[good], ip[good], iq[good]
        # P and Q rows of the good groups, with the best partner each could meet.
        p_ends = np.r_[P["starts"][1:], P["key"].size]
        q_ends = np.r_[Q["starts"][1:], Q["key"].size]
        p_rows = _ranges(P["starts"][ip], p_ends[ip])
        q_rows = _ranges(Q["starts"][iq], q_ends[iq])
        p_grp = np.repeat(np.arange(common.size), p_ends[ip] - P["starts"][ip])
        q_grp = np.repeat(np.arange(common.size), q_ends[iq] - Q["starts"][iq])
        pk = gp[p_rows] + mq[iq][p_grp] >= theta
        qk = gq[q_rows] + mp[ip][q_grp] >= theta
        p_rows, p_grp = p_rows[pk], p_grp[pk]
        q_rows, q_grp = q_rows[qk], q_grp[qk]
        # Cross products within each group.
        q_start = np.searchsorted(q_grp, np.arange(common.size + 1))
        cnt = q_start[p_grp + 1] - q_start[p_grp]
        if int(cnt.sum()) > 20 * max(limit, 1) + 1_000_000:
            raise TooMany
        pi = np.repeat(p_rows, cnt)
        qi = q_rows[_ranges(q_start[p_grp], q_start[p_grp + 1])]
        ok = (gp[pi] + gq[qi] >= theta) & (P["mid"][pi] != Q["mid"][qi])
        pi, qi = pi[ok], qi[ok]
        if pi.size > limit:
            raise TooMany
        return list(np.stack([P["a1"][pi], P["a2"][pi], Q["a1"][qi], Q["a2"][qi]], axis=1))


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    cnt = np.maximum(ends - starts, 0)
    total = int(cnt.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    off = np.arange(total) - np.repeat(np.cumsum(cnt) - cnt, cnt)
    return np.repeat(starts, cnt) + off


@dataclass
class _Master:
    matrix: sp.csc_matrix  # rows x (base columns + arc pseudo-columns)
    cost: np.ndarray
    upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    n_base: int  # x legs of multi-leg arcs, then chain columns
    nx: int
    legs_on_arc: np.ndarray


def colgen_applicable(sub: SubProblem) -> bool:
    k = sub.binding_k
    return k is not None and k <= 4


def solve_colgen(
    sub: SubProblem,
    *,
    deadline: float,
    warm: list[list[int]] | None = None,
    warm_chains: list[list[int]] | None = None,
    seed_cycles: list[np.ndarray] | None = None,
    stats: dict | None = None,
    give_up_at: float | None = None,
    handoff_gap: float | None = None,
) -> SubResult | None:
    """Solve a bounded component (k <= 4, chains allowed) exactly; None if it does not fit.

    Returns a result with ``proven`` when the optimum is proven before ``deadline``; otherwise
    the best solution found and, when the relaxation converged, its bound. None as well when
    the relaxation has not converged by ``give_up_at`` (the caller then searches instead).
    With ``handoff_gap``, it returns as soon as the first solution is more than that fraction
    below the relaxation's bound (marked ``info["handoff"]``), for the caller to search from.
    """
    t0 = time.perf_counter()
    k = sub.binding_k
    if k is None or k > 4:
        return None
    stats = stats if stats is not None else {}
    arc_src, arc_dst, arc_of_leg = participant_arcs(sub)
    n_arcs = arc_src.size
    rank = participant_rank(sub, arc_src, arc_dst)
    try:
        space = CycleSpace(sub.n, arc_src, arc_dst, k, rank)
    except TooMany:
        return None
    w = objective_weights(sub, cycle_penalty=True)
    tie = w.tie_cycle
    master = _build_master(sub, arc_src, arc_dst, arc_of_leg, w)
    base_cost = master.cost[: master.nx]
    arc_cost = master.cost[master.n_base :]
    arc_matrix = master.matrix[:, master.n_base :].tocsc()

    # Columns: a dict from the cycle's arcs (canonical rotation) to its index.
    known: dict[tuple[int, ...], int] = {}
    cycles: list[tuple[int, ...]] = []

    def canonical(arcs) -> tuple[int, ...]:
        arcs = [int(a) for a in arcs]
        i = int(np.argmin(rank[arc_src[arcs]]))
        return tuple(arcs[i:] + arcs[:i])

    def columns_of(new: list[tuple[int, ...]]):
        lens = np.array([len(c) for c in new])
        flat = np.fromiter((a for c in new for a in c), dtype=np.int64, count=int(lens.sum()))
        inc = sp.csc_matrix(
            (np.ones(flat.size), (flat, np.repeat(np.arange(len(new)), lens))),
            shape=(n_arcs, len(new)),
        )
        mat = (arc_matrix @ inc).tocsc()
        cost = inc.T @ arc_cost - tie * lens.astype(float) ** 2
        upper = np.array([master.legs_on_arc[list(c)].min() for c in new], dtype=float)
        return mat, cost, upper

    h = new_highs()
    h.setOptionValue("random_seed", 0)
    lp = highspy.HighsLp()
    nx = master.nx
    nb = nx  # the chain columns are priced like the cycles
    chain_matrix = master.matrix[:, nx : master.n_base].tocsc()
    chain_cost = master.cost[nx : master.n_base]
    chain_upper = master.upper[nx : master.n_base]
    chain_on = np.zeros(chain_cost.size, dtype=bool)
    kinds: list[int] = []  # per added column: a cycle's index, or -1 - chain column index
    lp.num_col_ = nb
    lp.num_row_ = master.row_lower.size
    lp.col_cost_ = base_cost
    lp.col_lower_ = np.zeros(nb)
    lp.col_upper_ = master.upper[:nb]
    lp.row_lower_ = master.row_lower
    lp.row_upper_ = master.row_upper
    lp.sense_ = highspy.ObjSense.kMaximize
    base = master.matrix[:, :nb].tocsc()
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = base.indptr
    lp.a_matrix_.index_ = base.indices
    lp.a_matrix_.value_ = base.data
    lp.a_matrix_.num_col_ = nb
    lp.a_matrix_.num_row_ = master.row_lower.size
    h.passModel(lp)

    def add_chain_columns(idx: np.ndarray) -> int:
        idx = idx[~chain_on[idx]]
        if idx.size:
            chain_on[idx] = True
            kinds.extend((-1 - idx).tolist())
            mat = chain_matrix[:, idx].tocsc()
            h.addCols(
                idx.size,
                chain_cost[idx],
                np.zeros(idx.size),
                chain_upper[idx],
                mat.nnz,
                mat.indptr[:-1].astype(np.int32),
                mat.indices.astype(np.int32),
                mat.data,
            )
        return int(idx.size)

    def add(new_cycles) -> int:
        fresh = []
        for c in new_cycles:
            key = canonical(c)
            if key not in known:
                known[key] = len(cycles)
                kinds.append(len(cycles))
                cycles.append(key)
                fresh.append(key)
        if fresh:
            mat, cost, upper = columns_of(fresh)
            h.addCols(
                len(fresh),
                cost,
                np.zeros(len(fresh)),
                upper,
                mat.nnz,
                mat.indptr[:-1].astype(np.int32),
                mat.indices.astype(np.int32),
                mat.data,
            )
        return len(fresh)

    seeds = list(seed_cycles or [])
    for c in warm or []:
        seeds.append(arc_of_leg[c])
    seeds.extend(space.c2)
    add(seeds)

    def duals() -> np.ndarray:
        sol = h.getSolution()
        return np.asarray(sol.row_dual)

    def reduced(pi: np.ndarray) -> np.ndarray:
        return arc_cost - arc_matrix.T @ pi

    def chain_reduced(pi: np.ndarray) -> np.ndarray:
        return chain_cost - chain_matrix.T @ pi

    # Chain columns of the starting solution, and those leaving a source.
    add_chain_columns(np.flatnonzero(master.h_pos == 1))

    # 1. Column generation.
    rounds = 0
    converged = False
    z_lp = math.inf
    give_up_at = deadline if give_up_at is None else give_up_at
    while time.perf_counter() < deadline and rounds < ROUND_LIMIT:
        if time.perf_counter() > give_up_at:
            return None
        rounds += 1
        h.setOptionValue("time_limit", max(give_up_at - time.perf_counter(), 0.01))
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None  # out of time for the relaxation: the caller searches instead
        pi = duals()
        r = reduced(pi)
        try:
            found = space.above(r, tie, 1e-7, 50 * MAX_NEW_COLUMNS)
        except TooMany:
            found = None
        if found is None:
            return None
        rc_h = chain_reduced(pi)
        new_h = np.flatnonzero((rc_h > 1e-7) & ~chain_on)
        if new_h.size > MAX_NEW_COLUMNS:
            new_h = new_h[np.argsort(-rc_h[new_h])[:MAX_NEW_COLUMNS]]
        if not found and new_h.size == 0:
            converged = True
            z_lp = h.getInfo().objective_function_value
            break
        if len(found) > MAX_NEW_COLUMNS:
            rc = np.array([r[c].sum() - tie * len(c) ** 2 for c in found])
            found = [found[i] for i in np.argsort(-rc)[:MAX_NEW_COLUMNS]]
        if add(found) + add_chain_columns(new_h) == 0:
            converged = True  # numerical tolerance: nothing new priced out
            z_lp = h.getInfo().objective_function_value
            break
    stats["colgen_rounds"] = stats.get("colgen_rounds", 0) + rounds
    lp_seconds = time.perf_counter() - t0

    def integer_solve(chosen, chains_sel, limit: float, warm_, warm_chains_):
        model = _as_model(sub, master, chosen, chains_sel, arc_src, arc_of_leg, w, columns_of)
        return solve_model(model, sub, time_limit=limit, warm=warm_, warm_chains=warm_chains_)

    left = deadline - time.perf_counter()
    if left <= 0.05:
        return None
    if not converged:
        result = integer_solve(cycles, np.flatnonzero(chain_on), left, warm, warm_chains)
        result.info.update({"colgen_rounds": rounds, "cycles": len(cycles), "converged": False})
        return result
    # Columns left out had reduced costs up to the pricing tolerance (1e-7); at most n_wants
    # of them fit in one solution, so the full relaxation is at most z_lp + lp_eps.
    lp_eps = 1e-7 * (sub.n_wants + 1) + 1e-6 + 1e-9 * abs(z_lp)
    z_lp += lp_eps
    lp_bound = w.scale * math.floor(z_lp + w.slack)
    # 2. A strong first solution from the cycles the relaxation uses.
    values = np.asarray(h.getSolution().col_value)[nb:]
    kinds_arr = np.array(kinds, dtype=np.int64)
    used = kinds_arr[values > 1e-6]
    support = [cycles[i] for i in used[used >= 0]]
    first = integer_solve(support, -1 - used[used < 0], max(0.2 * left, 0.05), warm, warm_chains)
    stats["colgen_support_primary"] = first.primary
    result = first
    bound = lp_bound
    if handoff_gap is not None and first.primary < (1 - handoff_gap) * lp_bound:
        # Far from the bound (tight nets): the caller's search improves solutions faster than
        # the target steps below, which only pay when the relaxation is nearly tight.
        result.bound = max(lp_bound, first.primary)
        result.proven = False
        result.info["handoff"] = True
        return result
    # 3. Lower the target T from the relaxation's bound: a solution of primary value >= T can
    # only use columns whose reduced cost is at least T - slack - z_LP. If the programme over
    # those columns has no such solution, the bound drops to T - 1 (one gcd step).
    target = lp_bound
    rounds_down = 0
    r_arc, rc_h = reduced(pi), chain_reduced(pi)
    while result.primary < target and time.perf_counter() < deadline - 0.05:
        theta = target / w.scale - w.slack - z_lp - 1e-7
        try:
            keep = space.above(r_arc, tie, theta, MAX_ENUMERATED)
        except TooMany:
            # Too many columns to prove anything at this target: spend the time left improving
            # the solution over the cycles generated so far.
            again = integer_solve(
                cycles,
                np.flatnonzero(chain_on),
                deadline - time.perf_counter(),
                result.cycles,
                result.chains,
            )
            if again.primary > result.primary:
                result = again
            break
        chosen = sorted({canonical(c) for c in keep})
        chains_sel = np.flatnonzero(chain_on | (rc_h >= theta))
        stats["colgen_enumerated"] = max(stats.get("colgen_enumerated", 0), len(chosen))
        again = integer_solve(
            chosen, chains_sel, deadline - time.perf_counter(), result.cycles, result.chains
        )
        if again.primary > result.primary:
            result = again
        if not again.proven:
            break  # out of time
        if again.primary >= target:
            bound = again.primary
            break
        target -= w.scale
        bound = target
        rounds_down += 1
    stats["colgen_target_steps"] = stats.get("colgen_target_steps", 0) + rounds_down
    result.bound = max(min(bound, lp_bound), result.primary)
    result.proven = result.bound == result.primary
    result.info.update(
        {
            "colgen_rounds": rounds,
            "cycles": len(cycles),
            "lp_seconds": round(lp_seconds, 3),
            "lp_bound": lp_bound,
            "converged": converged,
        }
    )
    return result


def _build_master(sub, arc_src, arc_dst, arc_of_leg, w) -> _Master:
    n_arcs = arc_src.size
    legs_on_arc = np.bincount(arc_of_leg, minlength=n_arcs)
    single = legs_on_arc == 1
    leg_of_arc = np.full(n_arcs, -1)
    one = single[arc_of_leg]
    leg_of_arc[arc_of_leg[one]] = np.flatnonzero(one)
    x_legs = np.flatnonzero(~one)
    if sub.has_chains:
        h_arc, h_pos = _chain_columns(sub, arc_src, arc_dst)
    else:
        h_arc = h_pos = np.zeros(0, dtype=np.int64)
    nx, nh = x_legs.size, h_arc.size
    nb = nx + nh
    n_cols = nb + n_arcs
    h_cols = np.arange(nx, nb)
    a_cols = np.arange(nb, n_cols)
    cost = np.zeros(n_cols)
    cost[h_cols] = -w.tie_cycle * (2 * h_pos - 1)
    upper = np.ones(n_cols)
    upper[h_cols] = legs_on_arc[h_arc]
    upper[a_cols] = legs_on_arc
    hs = single[h_arc]
    pair_leg = np.concatenate([x_legs, leg_of_arc[h_arc[hs]], leg_of_arc[single]])
    pair_col = np.concatenate([np.arange(nx), h_cols[hs], a_cols[single]])
    np.add.at(cost, pair_col, w.leg_cost[pair_leg])
    rb = RowBuilder()
    multi = np.flatnonzero(~single)
    ridx = np.full(n_arcs, -1)
    ridx[multi] = np.arange(multi.size)
    hm = ~hs
    rb.add(
        np.concatenate([ridx[arc_of_leg[x_legs]], ridx[h_arc[hm]], ridx[multi]]),
        np.concatenate([np.arange(nx), h_cols[hm], a_cols[multi]]),
        np.concatenate([np.ones(nx), -np.ones(int(hm.sum())), -np.ones(multi.size)]),
        np.zeros(multi.size),
        0.0,
    )
    chain_rows(rb, sub, arc_src, arc_dst, h_arc, h_pos, h_cols)
    rb.common(sub, pair_leg, pair_col, bound_every_want=True)
    matrix, lo, up = rb.finish(n_cols)
    master = _Master(matrix, cost, upper, lo, up, nb, nx, legs_on_arc)
    master.x_legs = x_legs  # type: ignore[attr-defined]
    master.h_arc, master.h_pos = h_arc, h_pos  # type: ignore[attr-defined]
    master.leg_of_arc, master.single = leg_of_arc, single  # type: ignore[attr-defined]
    return master


def _as_model(sub, master, cycles, chains_sel, arc_src, arc_of_leg, w, columns_of) -> Model:
    """The integer programme over the leg columns, the chain columns ``chains_sel`` and the
    given cycles."""
    nx = master.nx
    chains_sel = np.asarray(chains_sel, dtype=np.int64)
    base = sp.hstack([master.matrix[:, :nx], master.matrix[:, nx + chains_sel]]).tocsc()
    base_cost = np.concatenate([master.cost[:nx], master.cost[nx + chains_sel]])
    base_upper = np.concatenate([master.upper[:nx], master.upper[nx + chains_sel]])
    nb = nx + chains_sel.size
    if cycles:
        mat, cost, upper = columns_of(cycles)
        matrix = sp.hstack([base, mat]).tocsc()
        cost = np.concatenate([base_cost, cost])
        col_upper = np.concatenate([base_upper, upper])
    else:
        matrix, cost, col_upper = base, base_cost, base_upper
    n_cols = cost.size
    x_legs = master.x_legs
    h_arc, h_pos = master.h_arc[chains_sel], master.h_pos[chains_sel]
    single, leg_of_arc = master.single, master.leg_of_arc
    index = {c: i for i, c in enumerate(cycles)}
    arc_dst = np.empty_like(arc_src)
    arc_dst[arc_of_leg] = sub.leg_to
    k = sub.binding_k

    def decode(values: np.ndarray):
        y = values[nb:]
        paths = [cycles[i] for i in np.flatnonzero(y > 0) for _ in range(int(y[i]))]
        decoded = decode_chains(h_arc, h_pos, values[nx:nb], arc_src, arc_dst, k, sub.chain_len)
        if decoded is None:
            return None
        chain_paths, loops = decoded
        paths.extend(tuple(c) for c in loops)
        chosen = x_legs[np.flatnonzero(values[:nx] > 0)]
        out = legs_of_paths([*paths, *chain_paths], chosen, arc_of_leg, single, leg_of_arc)
        if out is None:
            return None
        return out[: len(paths)], out[len(paths) :]

    h_key = {(int(a), int(p)): i for i, (a, p) in enumerate(zip(h_arc, h_pos, strict=True))}
    pos_leg = np.full(sub.n_legs, -1)
    pos_leg[x_legs] = np.arange(nx)

    def encode(cyc, chn):
        col = np.zeros(n_cols)
        for c in cyc:
            arcs = [int(arc_of_leg[leg]) for leg in c]
            key = None
            for i in range(len(arcs)):
                rot = tuple(arcs[i:] + arcs[:i])
                if rot in index:
                    key = rot
                    break
            if key is None:
                return None
            col[nb + index[key]] += 1
        for c in chn:
            for ell, leg in enumerate(c, start=1):
                i = h_key.get((int(arc_of_leg[leg]), ell))
                if i is None:
                    return None
                col[nx + i] += 1
        for c in (*cyc, *chn):
            for leg in c:
                if pos_leg[leg] >= 0:
                    col[pos_leg[leg]] = 1
        return col

    return Model(
        cost=cost,
        col_upper=col_upper,
        integer=np.ones(n_cols, dtype=bool),
        matrix=matrix,
        row_lower=master.row_lower,
        row_upper=master.row_upper,
        weights=w,
        decode=decode,
        encode=encode,
        kind="colgen",
    )
