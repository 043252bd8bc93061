"""The max-weight circulation relaxation of a sub-problem, solved as a min-cost flow (OR-Tools).

Dropping the net-value rows, the cycle-length bound and the forbidden sets leaves: choose legs so
that each want is met at most once, each offer is used at most its quantity, and as many legs
leave as enter every participant. That is a circulation on the network

    participant p -> offer o of p (capacity: quantity) -> want w (one arc per leg, capacity 1)
    -> participant q owning w (capacity 1),

whose matrix is totally unimodular, so ``SimpleMinCostFlow`` finds an integral optimum exactly and
quickly. Its leg set is balanced at every participant, so it splits into participant-level cycles.

Three uses:

- ``relax``: the optimum is a proven upper bound of the sub-problem. When its legs also keep every
  participant's net within bounds, complete no forbidden set and (bounded k) split into cycles of
  at most k legs, they are an optimal solution (``proven``).
- ``lagrangian``: net-value rows priced with multipliers (subgradient steps); every flow solve
  gives a bound by weak duality and a candidate leg set.
- ``repair``: a candidate leg set made feasible: split into short cycles, then cycles are dropped
  until every net is within bounds and no forbidden set is complete.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

from .milp import SCORE_RESOLUTION, SubProblem

# OR-Tools' cost scaling multiplies costs by the number of nodes; keep that product in int64.
COST_LIMIT = 2**60
SCORE_STEPS = round(1 / SCORE_RESOLUTION)
# First subgradient step factor (Polyak's rule) when the Lagrangian starts from given prices:
# they are near the optimum already.
THETA0 = 0.25


@dataclass
class Relaxation:
    bound: int  # proven upper bound of the primary objective
    legs: np.ndarray  # the relaxation's optimal legs
    cycles: list[list[int]]  # a feasible solution made from them (all of them when proven)
    primary: int  # primary objective of ``cycles``
    proven: bool  # ``cycles`` is optimal
    ties: tuple[str, ...]  # tie-breaks the flow optimised exactly, after the primary objective
    seconds: float


@dataclass
class LagrangeResult:
    bound: int  # best proven bound over the iterations (never above the relaxation's)
    cycles: list[list[int]]  # best repaired candidate
    primary: int
    iterations: int
    seconds: float
    history: list[int] = field(default_factory=list)


def _nodes(sub: SubProblem) -> int:
    return sub.n + int(sub.offer_cap.size) + sub.n_wants


def max_weight_circulation(sub: SubProblem, weight: np.ndarray) -> np.ndarray | None:
    """The legs of a circulation of maximum total ``weight`` (int64 per leg).

    Every leg is an arc, whatever its weight: a leg of negative weight may close a cycle that
    is worth it. Returns None when OR-Tools does not report an optimum (costs out of range).
    """
    n, n_off = sub.n, int(sub.offer_cap.size)
    keep = np.arange(sub.n_legs)
    if keep.size == 0 or weight.max() <= 0:
        return np.zeros(0, dtype=np.int64)
    offer_owner = np.zeros(n_off, dtype=np.int64)
    offer_owner[sub.leg_offer] = sub.leg_from
    want_owner = np.zeros(sub.n_wants, dtype=np.int64)
    want_owner[sub.leg_want] = sub.leg_to
    offers = np.unique(sub.leg_offer[keep])
    wants = np.unique(sub.leg_want[keep])
    per_offer = np.bincount(sub.leg_offer[keep], minlength=n_off)
    tails = np.concatenate([offer_owner[offers], n + sub.leg_offer[keep], n + n_off + wants])
    heads = np.concatenate([n + offers, n + n_off + sub.leg_want[keep], want_owner[wants]])
    caps = np.concatenate(
        [
            np.minimum(sub.offer_cap[offers], per_offer[offers]),
            np.ones(keep.size, dtype=np.int64),
            np.ones(wants.size, dtype=np.int64),
        ]
    )
    costs = np.concatenate(
        [np.zeros(offers.size, dtype=np.int64), -weight[keep], np.zeros(wants.size, np.int64)]
    )
    mcf = SimpleMinCostFlow()
    arcs = mcf.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps.astype(np.int64), costs
    )
    if mcf.solve() != mcf.OPTIMAL:
        return None
    flows = mcf.flows(arcs[offers.size : offers.size + keep.size])
    return keep[flows > 0]


def tie_weights(sub: SubProblem) -> tuple[np.ndarray, int, tuple[str, ...]] | None:
    """Integer leg weights: primary first, then total score, then fewer legs (as far as they fit).

    Returns (weights, units of weight per unit of primary / gcd, tie-breaks included), or None
    when even the primary objective alone is out of OR-Tools' cost range.
    """
    prim = sub.leg_primary // sub.primary_scale
    lmax = max(min(sub.n_legs, sub.n_wants), 1)
    score = np.rint(sub.leg_score * SCORE_STEPS).astype(np.int64)
    per_leg = lmax + 1  # all leg-count terms together stay below one score step
    per_score = (SCORE_STEPS * lmax + 1) * per_leg  # all score terms below one primary unit
    room = COST_LIMIT // (_nodes(sub) + 1)
    top = int(prim.max()) if prim.size else 0
    if top * per_score <= room:
        return prim * per_score + score * per_leg - 1, per_score, ("score", "legs")
    per_score = SCORE_STEPS * lmax + 1
    if top * per_score <= room:
        return prim * per_score + score, per_score, ("score",)
    if top <= room:
        return prim.astype(np.int64), 1, ()
    return None


def nets(sub: SubProblem, legs: np.ndarray) -> np.ndarray:
    net = np.bincount(sub.leg_from[legs], weights=sub.leg_value[legs], minlength=sub.n)
    net -= np.bincount(sub.leg_to[legs], weights=sub.leg_value[legs], minlength=sub.n)
    return np.rint(net).astype(np.int64)


def short_cycles(
    sub: SubProblem, legs: np.ndarray, k: int | None
) -> tuple[list[list[int]], np.ndarray]:
    """Split a balanced leg set into participant-simple cycles, shortest first.

    Cycles of 2 legs are taken first, then 3, up to 4 (or ``k``); with unbounded length the rest
    is split by ``cycles.decompose``. Returns the cycles and the legs left over (only when
    ``k`` is given and the rest did not split into cycles of at most ``k`` legs).
    """
    f, t = sub.leg_from, sub.leg_to
    alive = {int(x) for x in legs}
    by_arc: dict[tuple[int, int], list[int]] = {}
    out: dict[int, list[int]] = {}
    for leg in sorted(alive):
        by_arc.setdefault((int(f[leg]), int(t[leg])), []).append(leg)
        out.setdefault(int(f[leg]), []).append(leg)

    def arc_leg(p: int, q: int) -> int | None:
        for leg in by_arc.get((p, q), ()):
            if leg in alive:
                return leg
        return None

    def path(q: int, p: int, hops: int, seen: set[int]) -> list[int] | None:
        """Alive legs leading from q to p in at most ``hops`` legs through unseen participants."""
        direct = arc_leg(q, p)
        if direct is not None:
            return [direct]
        if hops == 1:
            return None
        for leg in out.get(q, ()):
            r = int(t[leg])
            if leg not in alive or r in seen:
                continue
            rest = path(r, p, hops - 1, seen | {r})
            if rest is not None:
                return [leg, *rest]
        return None

    cycles: list[list[int]] = []
    longest = min(k, 4) if k is not None else 4
    for length in range(2, longest + 1):
        for first in sorted(alive):
            if first not in alive:
                continue
            p, q = int(f[first]), int(t[first])
            alive.discard(first)
            rest = path(q, p, length - 1, {p, q})
            if rest is None:
                alive.add(first)
                continue
            alive.difference_update(rest)
            cycles.append([first, *rest])
    left = np.array(sorted(alive), dtype=np.int64)
    if left.size and (k is None or k > longest):
        more = walk_cycles(left, f, t)
        fits = [c for c in more if k is None or len(c) <= k]
        cycles.extend(fits)
        unused = [leg for c in more if k is not None and len(c) > k for leg in c]
        left = np.array(sorted(unused), dtype=np.int64)
    return cycles, left


def walk_cycles(legs: np.ndarray, leg_from: np.ndarray, leg_to: np.ndarray) -> list[list[int]]:
    """Split a balanced leg set into participant-simple cycles in linear time.

    Walks along unused legs and cuts a cycle off whenever the walk comes back to a participant it
    has already visited. Unlike ``cycles.decompose`` it does not look for short cycles.
    """
    out: dict[int, list[int]] = {}
    for leg in sorted((int(x) for x in legs), reverse=True):
        out.setdefault(int(leg_from[leg]), []).append(leg)
    cycles: list[list[int]] = []
    for start in sorted(out):
        while out[start]:
            path: list[int] = []
            where = {start: 0}
            u = start
            while True:
                leg = out[u].pop()
                path.append(leg)
                u = int(leg_to[leg])
                if u not in where:
                    where[u] = len(path)
                    continue
                cut = where[u]
                cycle = path[cut:]
                del path[cut:]
                for x in cycle:
                    if int(leg_from[x]) != u:
                        where.pop(int(leg_from[x]), None)
                cycles.append(cycle)
                if not path:
                    break
    return cycles


def repair(sub: SubProblem, cycles: list[list[int]]) -> list[list[int]]:
    """A feasible subset of ``cycles`` (which must respect offers, wants and cycle length).

    While some participant's net is out of bounds, for each such participant the cycle through
    it that removes the most violation per unit of value lost is dropped; then, while a
    forbidden set is complete, its least valuable cycle is dropped; finally dropped cycles are
    put back, most valuable first, wherever they fit.
    """
    if not cycles:
        return []
    lens = np.array([len(c) for c in cycles])
    flat = np.array([leg for c in cycles for leg in c], dtype=np.int64)
    n_cyc = len(cycles)
    cyc_of = np.repeat(np.arange(n_cyc), lens)
    value = np.bincount(cyc_of, weights=sub.leg_primary[flat].astype(float)) + 1e-9
    # Net effect of each cycle on each of its participants: (cycle, participant, delta).
    e_cyc = np.concatenate([cyc_of, cyc_of])
    e_part = np.concatenate([sub.leg_from[flat], sub.leg_to[flat]])
    e_delta = np.concatenate([sub.leg_value[flat], -sub.leg_value[flat]]).astype(np.int64)
    lo, up = sub.lower, sub.upper
    kept = np.ones(n_cyc, dtype=bool)
    net = nets(sub, flat)

    def excess(x: np.ndarray, p: np.ndarray) -> np.ndarray:
        return np.maximum(x - up[p], 0) + np.maximum(lo[p] - x, 0)

    def drop(cs: np.ndarray) -> None:
        kept[cs] = False
        sel = np.isin(e_cyc, cs)
        np.subtract.at(net, e_part[sel], e_delta[sel])

    in_sets = [(f_legs, rhs) for f_legs, rhs in sub.forbidden]
    leg_cycle = np.full(sub.n_legs, -1)
    leg_cycle[flat] = cyc_of

    def complete() -> tuple[np.ndarray, int] | None:
        used = np.zeros(sub.n_legs, dtype=bool)
        used[flat[kept[cyc_of]]] = True
        for f_legs, rhs in in_sets:
            if used[f_legs].sum() > rhs:
                return f_legs, rhs
        return None

    # Dropping a cycle for a forbidden set can push a net out of bounds again: both rules run
    # until neither drops anything.
    while True:
        bad = (net > up) | (net < lo)
        if bad.any():
            gain = excess(net[e_part], e_part) - excess(net[e_part] - e_delta, e_part)
            ratio = np.bincount(e_cyc, weights=gain, minlength=n_cyc) / value
            live = np.flatnonzero(kept[e_cyc] & bad[e_part])
            # The best cycle for each participant out of bounds (a lexsort picks the maximum).
            order = live[np.lexsort((-ratio[e_cyc[live]], e_part[live]))]
            first = np.r_[True, e_part[order][1:] != e_part[order][:-1]]
            drop(np.unique(e_cyc[order[first]]))
            continue
        hit = complete()
        if hit is None:
            break
        owners = np.unique(leg_cycle[hit[0]])
        owners = owners[(owners >= 0) & kept[np.maximum(owners, 0)]]
        drop(np.array([owners[np.argmin(value[owners])]]))
    for c in np.argsort(-value, kind="stable"):
        if kept[c]:
            continue
        sel = e_cyc == c
        parts = e_part[sel]
        trial = net.copy()
        np.add.at(trial, parts, e_delta[sel])
        if ((trial[parts] > up[parts]) | (trial[parts] < lo[parts])).any():
            continue
        kept[c] = True
        if in_sets and complete() is not None:
            kept[c] = False
            continue
        net = trial
    return [cycles[i] for i in np.flatnonzero(kept)]


def relax(sub: SubProblem) -> Relaxation | None:
    """Solve the circulation relaxation; prove optimality when its optimum is feasible.

    None when the weights are out of OR-Tools' range (amounts near the input's 10^15 limit).
    """
    t0 = time.perf_counter()
    tw = tie_weights(sub)
    if tw is None:
        return None
    weight, _unit, ties = tw
    legs = max_weight_circulation(sub, weight)
    if legs is None:
        return None
    bound = int(sub.leg_primary[legs].sum())
    cycles, left = short_cycles(sub, legs, sub.binding_k)
    # Offers, wants and balance hold by construction; the checker also tests nets and forbidden
    # sets, which the relaxation dropped.
    proven = left.size == 0 and not sub.violations(legs)
    if not proven:
        cycles = repair(sub, cycles)
    return Relaxation(
        bound=bound,
        legs=legs,
        cycles=cycles,
        primary=sub.primary_of(cycles),
        proven=proven,
        ties=ties,
        seconds=time.perf_counter() - t0,
    )


def lagrangian(
    sub: SubProblem,
    *,
    time_limit: float,
    price: np.ndarray | None = None,
    known: int = 0,
    step_seconds: float = 0.0,
) -> LagrangeResult:
    """Price the net-value rows and solve the circulation for each set of prices.

    For prices g (primary units per cent of net value), leg weights become
    primary - (g[from] - g[to]) * value, and
    L(g) = max over circulations of the weights + sum of max(g, 0) * upper + max(-g, 0) * -lower
    bounds the optimum (weak duality; integer arithmetic on prices rounded to 1/D). Prices start
    at ``price`` (e.g. those of ``bound.lagrangian_bound``) and move by subgradient steps
    (Polyak's rule towards ``known``, the best primary objective known). Every circulation is
    repaired into a feasible solution and the best one is returned. A new solve is started only
    while ``step_seconds`` (the expected time of one) fits in ``time_limit``.
    """
    t0 = time.perf_counter()
    stop = t0 + time_limit
    c = sub.leg_primary.astype(np.int64)
    v = sub.leg_value.astype(np.int64)
    f, t = sub.leg_from, sub.leg_to
    up, lo = sub.upper.astype(np.int64), sub.lower.astype(np.int64)
    scale = sub.primary_scale
    result = LagrangeResult(bound=-1, cycles=[], primary=0, iterations=0, seconds=0.0)
    if sub.n_legs == 0:
        result.bound = 0
        return result
    cmax, vmax = max(int(c.max()), 1), max(int(v.max()), 1)
    room = COST_LIMIT // (_nodes(sub) + 1) // 8
    denom = min(2**20 * max(1, vmax // cmax), max(room // cmax, 1))
    g = np.zeros(sub.n) if price is None else np.asarray(price, dtype=float).copy()
    g_cap = denom * cmax / vmax  # |G| * value stays within a few times D * primary
    theta, stall, best = (1.0 if price is None else THETA0), 0, math.inf
    k = sub.binding_k
    while time.perf_counter() + step_seconds < stop:
        big_g = np.clip(np.rint(g * denom), -g_cap, g_cap).astype(np.int64)
        weight = denom * c - (big_g[f] - big_g[t]) * v
        legs = max_weight_circulation(sub, weight)
        if legs is None:
            break
        result.iterations += 1
        total = int(weight[legs].sum())
        total += int((np.maximum(big_g, 0) * up).sum() + (np.maximum(-big_g, 0) * -lo).sum())
        bound = scale * (total // (denom * scale))
        result.history.append(bound)
        if result.bound < 0 or bound < result.bound:
            result.bound = bound
        cycles = repair(sub, short_cycles(sub, legs, k)[0])
        primary = sub.primary_of(cycles)
        if primary > result.primary or not result.cycles:
            result.cycles, result.primary = cycles, primary
        value = total / denom
        if value < best - 1e-9 * abs(best):
            best, stall = value, 0
        else:
            stall += 1
            if stall >= 2:
                theta, stall = theta / 2, 0
        net = nets(sub, legs)
        g_now = big_g / denom
        s = np.where(
            g_now > 0,
            up - net,
            np.where(g_now < 0, lo - net, np.clip(0, lo - net, up - net)),
        ).astype(float)
        norm = float(s @ s)
        if norm == 0:
            break  # the circulation meets every net bound: L(g) cannot go lower from here
        target = max(known, result.primary)
        g = g_now - theta * max(value - target, 0.0) / norm * s
    result.seconds = time.perf_counter() - t0
    return result
