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
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import reduce

import highspy
import numpy as np
import scipy.sparse as sp

from .cycles import decompose

SCORE_RESOLUTION = 1e-3


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

    def primary_of(self, cycles) -> int:
        """The primary objective of a set of cycles of local legs."""
        return int(sum(int(self.leg_primary[leg]) for c in cycles for leg in c))

    def violations(self, legs: np.ndarray) -> list[str]:
        """Constraints that a set of local legs breaks (cycle shape aside)."""
        errors = []
        if np.unique(legs).size != legs.size:
            errors.append("leg used twice")
        if (np.bincount(self.leg_want[legs], minlength=self.n_wants) > 1).any():
            errors.append("want met twice")
        used = np.bincount(self.leg_offer[legs], minlength=self.offer_cap.size)
        if (used > self.offer_cap).any():
            errors.append("offer over quantity")
        out = np.bincount(self.leg_from[legs], minlength=self.n)
        inn = np.bincount(self.leg_to[legs], minlength=self.n)
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
        k = sp_.k or 2
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


def _redundant_value_rows(sp_: SubProblem) -> np.ndarray:
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
    return (give <= sp_.upper) & (receive <= -sp_.lower)


@dataclass
class Model:
    cost: np.ndarray
    col_upper: np.ndarray
    integer: np.ndarray
    matrix: sp.csc_matrix
    row_lower: np.ndarray
    row_upper: np.ndarray
    n_x: int  # leg columns come first
    x_legs: np.ndarray  # local leg of each x column
    cycles: list[tuple[int, ...]] = field(default_factory=list)  # participant cycles (arcs)
    arc_of_leg: np.ndarray | None = None
    weights: Weights | None = None


def _common_rows(
    sp_: SubProblem, x_legs: np.ndarray, n_cols: int, row0: int
) -> tuple[list, list, list, list, list]:
    """Offer, want, value and forbidden rows over the x columns (x column i is leg x_legs[i])."""
    rows, cols, vals, rlo, rup = [], [], [], [], []
    r = row0
    nx = x_legs.size
    xi = np.arange(nx)
    lo_, lw_ = sp_.leg_offer[x_legs], sp_.leg_want[x_legs]

    per_offer = np.bincount(lo_, minlength=sp_.offer_cap.size)
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

    per_want = np.bincount(lw_, minlength=sp_.n_wants)
    need = np.flatnonzero(per_want > 1)
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

    binding = np.flatnonzero(~_redundant_value_rows(sp_))
    if binding.size:
        ridx = np.full(sp_.n, -1)
        ridx[binding] = np.arange(binding.size) + r
        # Value rows are scaled to keep coefficients near 1 (HiGHS tolerances are absolute).
        vscale = float(max(np.abs(sp_.leg_value).max(), 1))
        v = sp_.leg_value[x_legs] / vscale
        f, t = sp_.leg_from[x_legs], sp_.leg_to[x_legs]
        for part, sign in ((f, 1.0), (t, -1.0)):
            sel = ridx[part] >= 0
            rows.append(ridx[part][sel])
            cols.append(xi[sel])
            vals.append(sign * v[sel])
        rlo.append(sp_.lower[binding] / vscale)
        rup.append(sp_.upper[binding] / vscale)
        r += binding.size

    if sp_.forbidden:
        col_of_leg = np.full(sp_.n_legs, -1)
        col_of_leg[x_legs] = xi
        for f_legs, rhs in sp_.forbidden:
            c = col_of_leg[f_legs]
            if (c < 0).any() or c.size <= rhs:
                continue  # a leg is not a column: the set can never be completed
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


def build_edge(sp_: SubProblem) -> Model:
    w = objective_weights(sp_, cycle_penalty=False)
    L = sp_.n_legs
    x_legs = np.arange(L)
    part = np.unique(np.concatenate([sp_.leg_from, sp_.leg_to]))
    ridx = np.full(sp_.n, -1)
    ridx[part] = np.arange(part.size)
    rows = [ridx[sp_.leg_from], ridx[sp_.leg_to]]
    cols = [x_legs, x_legs]
    vals = [np.ones(L), -np.ones(L)]
    rlo = [np.zeros(part.size)]
    rup = [np.zeros(part.size)]
    r2, c2, v2, l2, u2 = _common_rows(sp_, x_legs, L, part.size)
    rows += r2
    cols += c2
    vals += v2
    rlo += l2
    rup += u2
    n_rows = part.size + sum(x.size for x in l2)
    matrix, row_lower, row_upper = _finish(rows, cols, vals, rlo, rup, n_rows, L)
    return Model(
        cost=w.leg_cost,
        col_upper=np.ones(L),
        integer=np.ones(L, dtype=bool),
        matrix=matrix,
        row_lower=row_lower,
        row_upper=row_upper,
        n_x=L,
        x_legs=x_legs,
        weights=w,
    )


def participant_arcs(sp_: SubProblem) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct participant arcs (src, dst) and the arc of every leg."""
    key = sp_.leg_from * sp_.n + sp_.leg_to
    uniq, arc_of_leg = np.unique(key, return_inverse=True)
    return uniq // sp_.n, uniq % sp_.n, arc_of_leg


def build_cycle(
    sp_: SubProblem,
    cycles: list[tuple[int, ...]],
    arc_src: np.ndarray,
    arc_of_leg: np.ndarray,
) -> Model:
    w = objective_weights(sp_, cycle_penalty=True)
    n_arcs = arc_src.size
    covered = np.zeros(n_arcs, dtype=bool)
    for c in cycles:
        covered[list(c)] = True
    x_legs = np.flatnonzero(covered[arc_of_leg])
    nx, ny = x_legs.size, len(cycles)
    legs_on_arc = np.bincount(arc_of_leg[x_legs], minlength=n_arcs)
    arcs_used = np.flatnonzero(covered)
    ridx = np.full(n_arcs, -1)
    ridx[arcs_used] = np.arange(arcs_used.size)
    lens = np.fromiter((len(c) for c in cycles), dtype=np.int64, count=ny)
    cyc_arcs = np.fromiter((a for c in cycles for a in c), dtype=np.int64, count=int(lens.sum()))
    cyc_idx = np.repeat(np.arange(ny), lens)
    y_upper = np.full(ny, np.inf)
    np.minimum.at(y_upper, cyc_idx, legs_on_arc[cyc_arcs].astype(float))
    rows = [ridx[arc_of_leg[x_legs]], ridx[cyc_arcs]]
    cols = [np.arange(nx), nx + cyc_idx]
    vals = [np.ones(nx), -np.ones(cyc_arcs.size)]
    rlo = [np.zeros(arcs_used.size)]
    rup = [np.zeros(arcs_used.size)]
    n_cols = nx + ny
    r2, c2, v2, l2, u2 = _common_rows(sp_, x_legs, n_cols, arcs_used.size)
    rows += r2
    cols += c2
    vals += v2
    rlo += l2
    rup += u2
    n_rows = arcs_used.size + sum(x.size for x in l2)
    matrix, row_lower, row_upper = _finish(rows, cols, vals, rlo, rup, n_rows, n_cols)
    cost = np.concatenate([w.leg_cost[x_legs], -w.tie_cycle * lens.astype(float) ** 2])
    return Model(
        cost=cost,
        col_upper=np.concatenate([np.ones(nx), y_upper]),
        integer=np.ones(n_cols, dtype=bool),
        matrix=matrix,
        row_lower=row_lower,
        row_upper=row_upper,
        n_x=nx,
        x_legs=x_legs,
        cycles=cycles,
        arc_of_leg=arc_of_leg,
        weights=w,
    )


def _cycles_from_y(model: Model, x_cols: np.ndarray, y: np.ndarray) -> list[list[int]]:
    """Hand the chosen legs of every arc to the chosen participant cycles through it."""
    assert model.arc_of_leg is not None
    legs = model.x_legs[x_cols]
    pool: dict[int, list[int]] = {}
    for leg in sorted(legs.tolist(), reverse=True):
        pool.setdefault(int(model.arc_of_leg[leg]), []).append(leg)
    result = []
    for ci in np.flatnonzero(y):
        for _ in range(int(y[ci])):
            result.append([pool[a].pop() for a in model.cycles[ci]])
    return result


def warm_vector(model: Model, sp_: SubProblem, cycles: list[list[int]]) -> np.ndarray | None:
    col = np.zeros(model.cost.size)
    pos = np.full(sp_.n_legs, -1)
    pos[model.x_legs] = np.arange(model.n_x)
    if model.cycles:
        assert model.arc_of_leg is not None
        index = {}
        for i, c in enumerate(model.cycles):
            index[c] = i
        for cyc in cycles:
            arcs = [int(model.arc_of_leg[leg]) for leg in cyc]
            start = int(np.argmin([sp_.leg_from[leg] for leg in cyc]))
            key = tuple(arcs[start:] + arcs[:start])
            if key not in index:
                return None
            col[model.n_x + index[key]] += 1
    for cyc in cycles:
        for leg in cyc:
            if pos[leg] < 0:
                return None
            col[pos[leg]] = 1
    return col


def solve_model(
    model: Model,
    sp_: SubProblem,
    *,
    time_limit: float,
    node_limit: int | None = None,
    warm: list[list[int]] | None = None,
) -> SubResult:
    """Solve with HiGHS; return the decoded cycles, their primary value and a proven bound."""
    t0 = time.perf_counter()
    w = model.weights
    assert w is not None
    warm_primary = sp_.primary_of(warm or [])
    if model.cost.size == 0:
        return SubResult([], 0, 0, True, "optimal", {"columns": 0, "rows": 0})
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
    h = new_highs()
    h.setOptionValue("time_limit", max(float(time_limit), 0.01))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.25)
    h.setOptionValue("random_seed", 0)
    if node_limit is not None:
        h.setOptionValue("mip_max_nodes", int(node_limit))
    h.passModel(lp)
    if warm:
        vec = warm_vector(model, sp_, warm)
        if vec is not None:
            h.setSolution(_solution(vec))
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    sol = h.getSolution()
    values = np.asarray(sol.col_value) if sol.value_valid else np.zeros(model.cost.size)
    values = np.rint(values).astype(np.int64)
    x_cols = np.flatnonzero(values[: model.n_x] > 0)
    legs = model.x_legs[x_cols]
    cycles: list[list[int]] = []
    ok = sol.value_valid and not sp_.violations(legs)
    if ok:
        if model.cycles:
            y = values[model.n_x :]
            cycles = _cycles_from_y(model, x_cols, y)
            ok = sorted(leg for c in cycles for leg in c) == sorted(legs.tolist())
        else:
            cycles = decompose(legs, sp_.leg_from, sp_.leg_to)
    if not ok:
        cycles = [list(c) for c in (warm or [])]
    primary = sp_.primary_of(cycles)
    if primary < warm_primary:
        cycles = [list(c) for c in (warm or [])]
        primary = warm_primary
    dual = info.mip_dual_bound
    proven = status == highspy.HighsModelStatus.kOptimal and ok
    if proven:
        bound = primary
    elif dual is not None and math.isfinite(dual):
        slack = w.slack + 1e-6 + 1e-9 * abs(dual)
        bound = max(primary, w.scale * math.floor(dual + slack))
    else:
        bound = -1  # unknown: the caller supplies another bound
    stopped = {
        highspy.HighsModelStatus.kOptimal: "optimal",
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
    )


def _solution(vec: np.ndarray) -> highspy.HighsSolution:
    s = highspy.HighsSolution()
    s.col_value = vec.tolist()
    s.value_valid = True
    return s
