"""Integer programmes for a (sub)problem, solved with HiGHS.

Two exact formulations:

- *edge* (unbounded cycle length): one binary per leg; legs in = legs out at every participant.
  A balanced leg set always splits into simple cycles, so nothing else is needed.
- *cycle* (cycle length at most k): one integer per simple participant cycle of at most k arcs
  (how many times it is used) and one binary per leg, linked arc by arc: the legs chosen on the
  arc p -> q are as many as the cycles using that arc. The legs of an arc can then be handed to
  those cycles in any order, so the formulation is exact.

Both carry the offer, want, net-value and forbidden-set constraints on the leg binaries. The
objective is the primary criterion plus lexicographically smaller weights for the tie-breaks (see
``objective_weights``); the proven bound is derived for the primary criterion alone.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import reduce

import highspy
import numpy as np
import scipy.sparse as sp

from .cycles import decompose

SCORE_RESOLUTION = 1e-3
PRESOLVE_MAX_COLUMNS = 20_000


@dataclass
class SubProblem:
    """A problem on local indices: participants 0..n-1, offers, wants and legs between them."""

    n: int
    lower: np.ndarray
    upper: np.ndarray
    leg_from: np.ndarray
    leg_to: np.ndarray
    leg_offer: np.ndarray
    offer_cap: np.ndarray
    leg_want: np.ndarray
    n_wants: int
    leg_value: np.ndarray
    leg_primary: np.ndarray
    leg_score: np.ndarray
    forbidden: list[tuple[np.ndarray, int]] = field(default_factory=list)
    k: int | None = None
    chain_len: int = 0  # most legs in a chain; 0: no chains
    source: np.ndarray | None = None  # participants that may start a chain (bool per participant)

    @property
    def n_legs(self) -> int:
        return int(self.leg_from.size)

    @property
    def binding_k(self) -> int | None:
        """The cycle-length limit when it binds (below the number of participants), else None."""
        return self.k if self.k is not None and self.k < self.n else None

    @property
    def primary_scale(self) -> int:
        """The gcd of the positive primary coefficients (1 when there are none)."""
        nz = self.leg_primary[self.leg_primary > 0]
        return max(int(reduce(math.gcd, nz.tolist(), 0)) if nz.size else 1, 1)

    @property
    def sources(self) -> np.ndarray:
        """Participants that may start a chain (none when chains are off)."""
        if self.chain_len <= 0 or self.source is None:
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(self.source)

    @property
    def has_chains(self) -> bool:
        return self.sources.size > 0

    def primary_of(self, cycles, chains=()) -> int:
        """The primary objective of sets of cycles and chains of local legs."""
        return int(sum(int(self.leg_primary[leg]) for c in (*cycles, *chains) for leg in c))

    def shape_errors(self, cycles, chains=()) -> list[str]:
        """Cycles and chains that are not well formed (closed, simple, short enough, sourced)."""
        errors = []
        for c in cycles:
            frm, to = self.leg_from[c], self.leg_to[c]
            if len(c) < 2 or (to != np.roll(frm, -1)).any() or np.unique(frm).size != len(c):
                errors.append("not a simple cycle")
            elif self.k is not None and len(c) > self.k:
                errors.append("cycle too long")
        src = self.source if self.source is not None else np.zeros(self.n, dtype=bool)
        for c in chains:
            frm, to = self.leg_from[c], self.leg_to[c]
            if (
                len(c) < 1
                or (to[:-1] != frm[1:]).any()
                or np.unique([*frm, to[-1]]).size != len(c) + 1
            ):
                errors.append("not a simple chain")
            elif len(c) > self.chain_len or not src[frm[0]]:
                errors.append("chain too long or without a source")
        return errors

    def violations(self, legs: np.ndarray, chain_legs: np.ndarray | None = None) -> list[str]:
        """Constraints that cycle legs and chain legs break together (shapes aside).

        The cycle legs must be balanced (as many leave as enter every participant); chain legs
        need not be.
        """
        errors = []
        cycle_legs = legs
        if chain_legs is not None and chain_legs.size:
            legs = np.concatenate([legs, chain_legs])
        if np.unique(legs).size != legs.size:
            errors.append("leg used twice")
        if (np.bincount(self.leg_want[legs], minlength=self.n_wants) > 1).any():
            errors.append("want met twice")
        used = np.bincount(self.leg_offer[legs], minlength=self.offer_cap.size)
        if (used > self.offer_cap).any():
            errors.append("offer over quantity")
        out = np.bincount(self.leg_from[cycle_legs], minlength=self.n)
        inn = np.bincount(self.leg_to[cycle_legs], minlength=self.n)
        if (out != inn).any():
            errors.append("unbalanced")
        net = np.zeros(self.n, dtype=np.int64)
        np.add.at(net, self.leg_from[legs], self.leg_value[legs])
        np.subtract.at(net, self.leg_to[legs], self.leg_value[legs])
        if ((net < self.lower) | (net > self.upper)).any():
            errors.append("net value out of bounds")
        chosen = np.zeros(self.n_legs, dtype=bool)
        chosen[legs] = True
        for f_legs, rhs in self.forbidden:
            if chosen[f_legs].sum() > rhs:
                errors.append("forbidden set used")
        return errors


@dataclass
class SubResult:
    cycles: list[list[int]]
    primary: int
    bound: int
    proven: bool
    stopped: str  # "optimal", "time", "limit"
    info: dict = field(default_factory=dict)
    chains: list[list[int]] = field(default_factory=list)


@dataclass
class Weights:
    scale: int  # the primary coefficients are divided by this gcd
    eps: float  # weight of one unit of score
    leg_cost: np.ndarray  # per-leg objective coefficient (primary / scale + tie-breaks)
    tie_cycle: float  # per unit of len(cycle)**2 (cycle formulation)
    slack: float  # objective units the tie-breaks can subtract, for the bound


def objective_weights(sp_: SubProblem, cycle_penalty: bool) -> Weights:
    """Lexicographic weights: primary, then total score, then sum over cycles of len**2.

    Primary coefficients are integers divided by their gcd; all score weights together stay
    below 1/2 and all cycle-shape penalties together below half a score resolution step, so no
    amount of tie-break can pay for one unit of primary objective.
    """
    prim = sp_.leg_primary.astype(np.int64)
    scale = sp_.primary_scale
    lmax = min(sp_.n_legs, sp_.n_wants) + 1
    eps = 0.5 / lmax
    score = np.round(sp_.leg_score / SCORE_RESOLUTION) * SCORE_RESOLUTION
    tie_budget = eps * SCORE_RESOLUTION * 0.5
    leg_cost = prim / scale + eps * score
    if cycle_penalty:
        k = max(sp_.k or sp_.n, sp_.chain_len, 2)
        tie_cycle = tie_budget / (k * lmax)
    else:
        tie_cycle = 0.0
        leg_cost = leg_cost - tie_budget / lmax  # unbounded: fewer legs for the same value
    return Weights(scale, eps, leg_cost, tie_cycle, tie_budget)


@contextmanager
def _quiet_stdout():
    """HiGHS prints a banner on stdout when an instance is created; keep stdout clean for JSON."""
    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError):
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


def new_highs() -> highspy.Highs:
    with _quiet_stdout():
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    return h


def redundant_value_rows(sp_: SubProblem) -> np.ndarray:
    """Participants whose net value bounds can never bind."""
    n = sp_.n
    legs_per_offer = np.bincount(sp_.leg_offer, minlength=sp_.offer_cap.size)
    first_val = np.zeros(sp_.offer_cap.size)
    first_val[sp_.leg_offer] = sp_.leg_value
    offer_owner = np.full(sp_.offer_cap.size, 0)
    offer_owner[sp_.leg_offer] = sp_.leg_from
    give = np.bincount(
        offer_owner, weights=first_val * np.minimum(legs_per_offer, sp_.offer_cap), minlength=n
    )
    best_in = np.zeros(sp_.n_wants)
    np.maximum.at(best_in, sp_.leg_want, sp_.leg_value.astype(float))
    want_owner = np.zeros(sp_.n_wants, dtype=np.int64)
    want_owner[sp_.leg_want] = sp_.leg_to
    receive = np.bincount(want_owner, weights=best_in, minlength=n)
    redundant = (give <= sp_.upper) & (receive <= -sp_.lower)
    if not sp_.has_chains:
        # In cycles a participant gives as many legs as it receives: when all its legs have
        # the same value, its net is 0.
        v = sp_.leg_value.astype(float)
        ends = np.concatenate([sp_.leg_from, sp_.leg_to])
        vmin = np.full(n, np.inf)
        vmax = np.full(n, -np.inf)
        np.minimum.at(vmin, ends, np.concatenate([v, v]))
        np.maximum.at(vmax, ends, np.concatenate([v, v]))
        redundant |= vmin >= vmax
    return redundant


Decoded = tuple[list[list[int]], list[list[int]]]


@dataclass
class Model:
    """An integer programme over the legs of a sub-problem, and how to read its solutions.

    ``decode`` turns integer column values into (cycles, chains) of legs, or None when they do
    not split into valid ones; ``encode`` turns a solution into column values (a warm start),
    or None when the model cannot express it.
    """

    cost: np.ndarray
    col_upper: np.ndarray
    integer: np.ndarray
    matrix: sp.csc_matrix
    row_lower: np.ndarray
    row_upper: np.ndarray
    weights: Weights
    decode: Callable[[np.ndarray], Decoded | None]
    encode: Callable[[list[list[int]], list[list[int]]], np.ndarray | None]
    kind: str = ""


def _common_rows(
    sp_: SubProblem,
    pair_leg: np.ndarray,
    pair_col: np.ndarray,
    row0: int,
    bound_every_want: bool = False,
) -> tuple[list, list, list, list, list]:
    """Offer, want, value and forbidden rows.

    Leg ``l`` is the sum of the columns ``pair_col[i]`` with ``pair_leg[i] == l`` (one binary
    column per leg, or the columns of its arc when the arc has a single leg: then
    ``bound_every_want`` keeps every want, hence every leg, at most once).
    """
    rows, cols, vals, rlo, rup = [], [], [], [], []
    r = row0
    xi = pair_col
    legs = np.unique(pair_leg)
    lo_, lw_ = sp_.leg_offer[pair_leg], sp_.leg_want[pair_leg]

    per_offer = np.bincount(sp_.leg_offer[legs], minlength=sp_.offer_cap.size)
    need = np.flatnonzero(per_offer > sp_.offer_cap)
    if need.size:
        ridx = np.full(sp_.offer_cap.size, -1)
        ridx[need] = np.arange(need.size) + r
        sel = ridx[lo_] >= 0
        rows.append(ridx[lo_][sel])
        cols.append(xi[sel])
        vals.append(np.ones(sel.sum()))
        rlo.append(np.full(need.size, -np.inf))
        rup.append(sp_.offer_cap[need].astype(float))
        r += need.size

    per_want = np.bincount(sp_.leg_want[legs], minlength=sp_.n_wants)
    need = np.flatnonzero(per_want > (0 if bound_every_want else 1))
    if need.size:
        ridx = np.full(sp_.n_wants, -1)
        ridx[need] = np.arange(need.size) + r
        sel = ridx[lw_] >= 0
        rows.append(ridx[lw_][sel])
        cols.append(xi[sel])
        vals.append(np.ones(sel.sum()))
        rlo.append(np.full(need.size, -np.inf))
        rup.append(np.ones(need.size))
        r += need.size

    binding = np.flatnonzero(~redundant_value_rows(sp_))
    if binding.size:
        ridx = np.full(sp_.n, -1)
        ridx[binding] = np.arange(binding.size) + r
        # Value rows are scaled to keep coefficients near 1 (HiGHS tolerances are absolute).
        vscale = float(max(np.abs(sp_.leg_value).max(), 1))
        v = sp_.leg_value[pair_leg] / vscale
        f, t = sp_.leg_from[pair_leg], sp_.leg_to[pair_leg]
        for part, sign in ((f, 1.0), (t, -1.0)):
            sel = ridx[part] >= 0
            rows.append(ridx[part][sel])
            cols.append(xi[sel])
            vals.append(sign * v[sel])
        rlo.append(sp_.lower[binding] / vscale)
        rup.append(sp_.upper[binding] / vscale)
        r += binding.size

    if sp_.forbidden:
        order = np.argsort(pair_leg, kind="stable")
        start = np.searchsorted(pair_leg[order], np.arange(sp_.n_legs + 1))
        for f_legs, rhs in sp_.forbidden:
            if (start[f_legs + 1] == start[f_legs]).any() or f_legs.size <= rhs:
                continue  # a leg is not in the model: the set can never be completed
            c = np.concatenate([xi[order[start[x] : start[x + 1]]] for x in f_legs])
            rows.append(np.full(c.size, r))
            cols.append(c)
            vals.append(np.ones(c.size))
            rlo.append(np.array([-np.inf]))
            rup.append(np.array([float(rhs)]))
            r += 1
    return rows, cols, vals, rlo, rup


def _finish(
    rows: list, cols: list, vals: list, rlo: list, rup: list, n_rows: int, n_cols: int
) -> tuple[sp.csc_matrix, np.ndarray, np.ndarray]:
    if rows:
        matrix = sp.csc_matrix(
            (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
            shape=(n_rows, n_cols),
        )
        return matrix, np.concatenate(rlo).astype(float), np.concatenate(rup).astype(float)
    return sp.csc_matrix((0, n_cols)), np.zeros(0), np.zeros(0)


class RowBuilder:
    """Accumulates sparse rows (COO triplets) and their bounds."""

    def __init__(self) -> None:
        self.rows: list[np.ndarray] = []
        self.cols: list[np.ndarray] = []
        self.vals: list[np.ndarray] = []
        self.lower: list[np.ndarray] = []
        self.upper: list[np.ndarray] = []
        self.n = 0

    def add(self, row, col, val, lower, upper) -> None:
        """Rows ``self.n + row`` (``row`` counts from 0); bounds are per new row."""
        lower = np.atleast_1d(np.asarray(lower, dtype=float))
        self.rows.append(np.asarray(row, dtype=np.int64) + self.n)
        self.cols.append(np.asarray(col, dtype=np.int64))
        self.vals.append(np.broadcast_to(np.asarray(val, dtype=float), np.shape(row)).copy())
        self.lower.append(lower)
        self.upper.append(np.broadcast_to(np.asarray(upper, dtype=float), lower.shape).copy())
        self.n += lower.size

    def common(
        self,
        sp_: SubProblem,
        pair_leg: np.ndarray,
        pair_col: np.ndarray,
        bound_every_want: bool = False,
    ) -> None:
        r, c, v, lo, up = _common_rows(sp_, pair_leg, pair_col, self.n, bound_every_want)
        self.rows += r
        self.cols += c
        self.vals += v
        self.lower += lo
        self.upper += up
        self.n += sum(x.size for x in lo)

    def finish(self, n_cols: int) -> tuple[sp.csc_matrix, np.ndarray, np.ndarray]:
        return _finish(self.rows, self.cols, self.vals, self.lower, self.upper, self.n, n_cols)


def build_edge(sp_: SubProblem) -> Model:
    """Edge formulation (unbounded cycle length, no chains): legs in = legs out everywhere."""
    w = objective_weights(sp_, cycle_penalty=False)
    L = sp_.n_legs
    x_legs = np.arange(L)
    part = np.unique(np.concatenate([sp_.leg_from, sp_.leg_to]))
    ridx = np.full(sp_.n, -1)
    ridx[part] = np.arange(part.size)
    rb = RowBuilder()
    rb.add(
        np.concatenate([ridx[sp_.leg_from], ridx[sp_.leg_to]]),
        np.concatenate([x_legs, x_legs]),
        np.concatenate([np.ones(L), -np.ones(L)]),
        np.zeros(part.size),
        0.0,
    )
    rb.common(sp_, x_legs, x_legs)
    matrix, row_lower, row_upper = rb.finish(L)

    def decode(values: np.ndarray) -> Decoded | None:
        legs = np.flatnonzero(values[:L] > 0)
        if sp_.violations(legs):
            return None
        return decompose(legs, sp_.leg_from, sp_.leg_to), []

    def encode(cycles: list[list[int]], chains: list[list[int]]) -> np.ndarray | None:
        if chains:
            return None
        col = np.zeros(L)
        col[[leg for c in cycles for leg in c]] = 1
        return col

    return Model(
        cost=w.leg_cost,
        col_upper=np.ones(L),
        integer=np.ones(L, dtype=bool),
        matrix=matrix,
        row_lower=row_lower,
        row_upper=row_upper,
        weights=w,
        decode=decode,
        encode=encode,
        kind="edge",
    )


def participant_arcs(sp_: SubProblem) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct participant arcs (src, dst) and the arc of every leg."""
    key = sp_.leg_from * sp_.n + sp_.leg_to
    uniq, arc_of_leg = np.unique(key, return_inverse=True)
    return uniq // sp_.n, uniq % sp_.n, arc_of_leg


def hand_out_legs(
    legs: np.ndarray, arc_of_leg: np.ndarray, arc_lists: list[list[int]], use_all: bool = True
) -> list[list[int]] | None:
    """Give each arc of each list one of the chosen ``legs`` on that arc, lowest first.

    None when the legs of an arc are fewer than the lists using it, or (``use_all``) when
    some legs are left over.
    """
    pool: dict[int, list[int]] = {}
    for leg in sorted(legs.tolist(), reverse=True):
        pool.setdefault(int(arc_of_leg[leg]), []).append(leg)
    out = []
    for arcs in arc_lists:
        if any(not pool.get(a) for a in arcs):
            return None
        out.append([pool[a].pop() for a in arcs])
    if use_all and any(pool.values()):
        return None
    return out


def build_cycle(
    sp_: SubProblem,
    cycles: list[tuple[int, ...]],
    arc_src: np.ndarray,
    arc_of_leg: np.ndarray,
    chains: list[tuple[int, ...]] | None = None,
) -> Model:
    """Cycle (and chain) formulation: one integer per listed participant cycle or chain."""
    chains = chains or []
    w = objective_weights(sp_, cycle_penalty=True)
    n_arcs = arc_src.size
    paths = [*cycles, *chains]
    covered = np.zeros(n_arcs, dtype=bool)
    for c in paths:
        covered[list(c)] = True
    x_legs = np.flatnonzero(covered[arc_of_leg])
    nx, ny = x_legs.size, len(paths)
    legs_on_arc = np.bincount(arc_of_leg[x_legs], minlength=n_arcs)
    arcs_used = np.flatnonzero(covered)
    ridx = np.full(n_arcs, -1)
    ridx[arcs_used] = np.arange(arcs_used.size)
    lens = np.fromiter((len(c) for c in paths), dtype=np.int64, count=ny)
    cyc_arcs = np.fromiter((a for c in paths for a in c), dtype=np.int64, count=int(lens.sum()))
    cyc_idx = np.repeat(np.arange(ny), lens)
    y_upper = np.full(ny, np.inf)
    np.minimum.at(y_upper, cyc_idx, legs_on_arc[cyc_arcs].astype(float))
    rb = RowBuilder()
    rb.add(
        np.concatenate([ridx[arc_of_leg[x_legs]], ridx[cyc_arcs]]),
        np.concatenate([np.arange(nx), nx + cyc_idx]),
        np.concatenate([np.ones(nx), -np.ones(cyc_arcs.size)]),
        np.zeros(arcs_used.size),
        0.0,
    )
    n_cols = nx + ny
    rb.common(sp_, x_legs, np.arange(nx))
    matrix, row_lower, row_upper = rb.finish(n_cols)
    cost = np.concatenate([w.leg_cost[x_legs], -w.tie_cycle * lens.astype(float) ** 2])
    index = {c: i for i, c in enumerate(paths)}
    n_cycles = len(cycles)

    def decode(values: np.ndarray) -> Decoded | None:
        legs = x_legs[np.flatnonzero(values[:nx] > 0)]
        y = values[nx:]
        chosen = [paths[i] for i in np.flatnonzero(y) for _ in range(int(y[i]))]
        n_cyc = sum(int(y[i]) for i in np.flatnonzero(y[:n_cycles]))
        out = hand_out_legs(legs, arc_of_leg, chosen)
        if out is None:
            return None
        return out[:n_cyc], out[n_cyc:]

    def encode(cyc: list[list[int]], chn: list[list[int]]) -> np.ndarray | None:
        col = np.zeros(n_cols)
        pos = np.full(sp_.n_legs, -1)
        pos[x_legs] = np.arange(nx)
        for c in cyc:
            arcs = [int(arc_of_leg[leg]) for leg in c]
            start = int(np.argmin([sp_.leg_from[leg] for leg in c]))
            key = tuple(arcs[start:] + arcs[:start])
            if key not in index:
                return None
            col[nx + index[key]] += 1
        for c in chn:
            key = tuple(int(arc_of_leg[leg]) for leg in c)
            if key not in index:
                return None
            col[nx + index[key]] += 1
        for c in (*cyc, *chn):
            if (pos[c] < 0).any():
                return None
            col[pos[c]] = 1
        return col

    return Model(
        cost=cost,
        col_upper=np.concatenate([np.ones(nx), y_upper]),
        integer=np.ones(n_cols, dtype=bool),
        matrix=matrix,
        row_lower=row_lower,
        row_upper=row_upper,
        weights=w,
        decode=decode,
        encode=encode,
        kind="cycle",
    )


def solve_model(
    model: Model,
    sp_: SubProblem,
    *,
    time_limit: float,
    node_limit: int | None = None,
    warm: list[list[int]] | None = None,
    warm_chains: list[list[int]] | None = None,
) -> SubResult:
    """Solve with HiGHS; return the decoded cycles and chains, their primary value and a bound.

    The decoded solution is re-checked (shapes and every constraint, in integers); if it fails,
    or is worse than the warm start, the warm start is returned.
    """
    t0 = time.perf_counter()
    w = model.weights
    warm = warm or []
    warm_chains = warm_chains or []
    warm_primary = sp_.primary_of(warm, warm_chains)
    if model.cost.size == 0:
        return SubResult([], 0, 0, True, "optimal", {"columns": 0, "rows": 0})
    h = _configured(model, time_limit, node_limit)
    vec = model.encode(warm, warm_chains) if (warm or warm_chains) else None
    if vec is not None:
        h.setSolution(_solution(vec))
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    sol = h.getSolution()
    if (
        vec is not None
        and sol.value_valid
        and float(model.cost @ np.asarray(sol.col_value)) < info.objective_function_value - 1e-6
    ):
        # HiGHS 1.16 can report the optimum of the presolved model and hand back the start
        # solution unchanged; solve again without the start.
        h = _configured(model, time_limit - (time.perf_counter() - t0), node_limit)
        h.run()
        status = h.getModelStatus()
        info = h.getInfo()
        sol = h.getSolution()
    cycles: list[list[int]] = []
    chains: list[list[int]] = []
    ok = bool(sol.value_valid)
    if ok:
        values = np.rint(np.asarray(sol.col_value)).astype(np.int64)
        decoded = model.decode(values)
        ok = decoded is not None
        if decoded is not None:
            cycles, chains = decoded
            legs = np.array([leg for c in cycles for leg in c], dtype=np.int64)
            chain_legs = np.array([leg for c in chains for leg in c], dtype=np.int64)
            ok = not sp_.violations(legs, chain_legs) and not sp_.shape_errors(cycles, chains)
    if not ok:
        cycles, chains = [list(c) for c in warm], [list(c) for c in warm_chains]
    primary = sp_.primary_of(cycles, chains)
    if primary < warm_primary:
        cycles, chains = [list(c) for c in warm], [list(c) for c in warm_chains]
        primary = warm_primary
    dual = info.mip_dual_bound
    proven = status == highspy.HighsModelStatus.kOptimal and ok
    if status == highspy.HighsModelStatus.kOptimal and not ok:
        dual = info.objective_function_value  # the optimum HiGHS found but that did not decode
    if proven:
        bound = primary
    elif dual is not None and math.isfinite(dual):
        slack = w.slack + 1e-6 + 1e-9 * abs(dual)
        bound = max(primary, w.scale * math.floor(dual + slack))
    else:
        bound = -1  # unknown: the caller supplies another bound
    stopped = {
        highspy.HighsModelStatus.kOptimal: "optimal" if ok else "limit",
        highspy.HighsModelStatus.kTimeLimit: "time",
    }.get(status, "limit")
    return SubResult(
        cycles,
        primary,
        bound,
        proven,
        stopped,
        {
            "columns": int(model.cost.size),
            "rows": int(model.matrix.shape[0]),
            "nodes": int(info.mip_node_count),
            "seconds": round(time.perf_counter() - t0, 3),
            "solution_rejected": not ok,
        },
        chains,
    )


def _configured(model: Model, time_limit: float, node_limit: int | None) -> highspy.Highs:
    """A HiGHS instance holding ``model``, with the engine's options."""
    h = new_highs()
    h.setOptionValue("time_limit", max(float(time_limit), 0.01))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.25)
    h.setOptionValue("random_seed", 0)
    if model.cost.size > PRESOLVE_MAX_COLUMNS:
        # HiGHS's MIP presolve (probing) ignores the time limit and can take minutes on
        # programmes of this size.
        h.setOptionValue("presolve", "off")
    if node_limit is not None:
        h.setOptionValue("mip_max_nodes", int(node_limit))
    pass_model(h, model)
    return h


def pass_model(h: highspy.Highs, model: Model) -> None:
    lp = highspy.HighsLp()
    lp.num_col_ = model.cost.size
    lp.num_row_ = model.matrix.shape[0]
    lp.col_cost_ = model.cost
    lp.col_lower_ = np.zeros(model.cost.size)
    lp.col_upper_ = model.col_upper
    lp.row_lower_ = model.row_lower
    lp.row_upper_ = model.row_upper
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = model.matrix.indptr
    lp.a_matrix_.index_ = model.matrix.indices
    lp.a_matrix_.value_ = model.matrix.data
    lp.a_matrix_.num_col_ = model.cost.size
    lp.a_matrix_.num_row_ = model.matrix.shape[0]
    lp.integrality_ = [
        highspy.HighsVarType.kInteger if b else highspy.HighsVarType.kContinuous
        for b in model.integer
    ]
    h.passModel(lp)


def _solution(vec: np.ndarray) -> highspy.HighsSolution:
    s = highspy.HighsSolution()
    s.col_value = vec.tolist()
    s.value_valid = True
    return s
