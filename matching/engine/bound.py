"""A proven upper bound from Lagrangian relaxation, for problems too large for one MILP.

Every constraint except "a want is met at most once" is moved into the objective with a
multiplier (offers: alpha >= 0; leg balance: beta; net value: gamma+ >= 0 and gamma- >= 0). For
any multipliers, the relaxed problem is solved exactly by letting each want take its best leg if
that leg's reduced profit is positive, and its optimum is an upper bound of the true optimum
(weak duality; cycle-length and forbidden-set constraints are simply dropped, which only
loosens it). The multipliers are tuned by L-BFGS on a smoothed version (log-sum-exp, itself an
upper bound of the max), and the bound kept is the exact, non-smoothed value at the best point.
Its best possible value is the linear-programming bound of the edge formulation.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from .milp import SubProblem


@dataclass
class BoundResult:
    bound: int
    seconds: float
    evaluations: int
    # Net-value multiplier of each participant at the best point (gamma+ - gamma-), in units of
    # primary objective per cent of net value; None when there are no legs.
    net_price: np.ndarray | None = None


def lagrangian_bound(sub: SubProblem, *, time_limit: float) -> BoundResult:
    t0 = time.perf_counter()
    L = sub.n_legs
    if L == 0:
        return BoundResult(0, 0.0, 0)
    n, n_off = sub.n, sub.offer_cap.size
    order = np.argsort(sub.leg_want, kind="stable")
    want_sorted = sub.leg_want[order]
    seg = np.flatnonzero(np.r_[True, want_sorted[1:] != want_sorted[:-1]])
    c_scale = float(max(sub.leg_primary.max(), 1))
    v_scale = float(max(sub.leg_value.max(), 1))
    c = sub.leg_primary[order] / c_scale
    v = sub.leg_value[order] / v_scale
    f, t = sub.leg_from[order], sub.leg_to[order]
    o = sub.leg_offer[order]
    cap = sub.offer_cap.astype(float)
    up, lo = sub.upper / v_scale, sub.lower / v_scale
    sizes = np.array([n_off, n, n, n])
    cuts = np.cumsum(sizes)[:-1]
    best = [math.inf]
    best_z = [np.zeros(0)]
    evals = [0]

    def split(z: np.ndarray):
        return np.split(z, cuts)

    def reduced(z: np.ndarray) -> np.ndarray:
        alpha, beta, gp, gm = split(z)
        g = gp - gm
        return c - alpha[o] - beta[f] + beta[t] - g[f] * v + g[t] * v

    def constant(z: np.ndarray) -> float:
        alpha, _beta, gp, gm = split(z)
        return float(alpha @ cap + gp @ up - gm @ lo)

    def keep(value: float, z: np.ndarray) -> None:
        if value < best[0]:
            best[0] = value
            best_z[0] = z.copy()

    def exact(z: np.ndarray) -> float:
        rc = reduced(z)
        top = np.maximum.reduceat(rc, seg)
        value = constant(z) + float(np.maximum(top, 0.0).sum())
        keep(value, z)
        return value

    def smooth(z: np.ndarray, tau: float) -> tuple[float, np.ndarray]:
        evals[0] += 1
        rc = reduced(z)
        top = np.maximum(np.maximum.reduceat(rc, seg), 0.0)
        keep(constant(z) + float(top.sum()), z)
        e = np.exp((rc - np.repeat(top, np.diff(np.r_[seg, L]))) / tau)
        denom = np.exp(-top / tau) + np.add.reduceat(e, seg)
        value = constant(z) + float((top + tau * np.log(denom)).sum())
        pi = e / np.repeat(denom, np.diff(np.r_[seg, L]))
        pv = pi * v
        g_alpha = cap - np.bincount(o, weights=pi, minlength=n_off)
        g_beta = -np.bincount(f, weights=pi, minlength=n) + np.bincount(t, weights=pi, minlength=n)
        flow_v = np.bincount(f, weights=pv, minlength=n) - np.bincount(t, weights=pv, minlength=n)
        return value, np.concatenate([g_alpha, g_beta, up - flow_v, flow_v - lo])

    z = np.zeros(sizes.sum())
    exact(z)
    bounds = [(0.0, None)] * n_off + [(None, None)] * n + [(0.0, None)] * (2 * n)

    # Each smoothing level gets its share of the time, so that the sharpest ones are reached.
    schedule = ((0.05, 0.3), (0.01, 0.55), (0.002, 0.8), (0.0005, 1.0))
    stage_end = [0.0]

    def stop_check(_xk: np.ndarray) -> None:
        if time.perf_counter() > stage_end[0]:
            raise StopIteration

    for tau, share in schedule:
        stage_end[0] = t0 + time_limit * share
        if time.perf_counter() > stage_end[0]:
            continue
        res = minimize(
            smooth,
            z,
            args=(tau,),
            jac=True,
            method="L-BFGS-B",
            bounds=bounds,
            callback=stop_check,
            options={"maxiter": 1000, "gtol": 1e-9, "ftol": 1e-12},
        )
        z = res.x
        exact(z)
    scale = sub.primary_scale
    raw = best[0] * c_scale
    bound = scale * math.floor(raw / scale + 1e-9 * abs(raw / scale) + 1e-6)
    _alpha, _beta, gp, gm = split(best_z[0])
    price = (gp - gm) * c_scale / v_scale
    return BoundResult(int(bound), time.perf_counter() - t0, evals[0], price)
