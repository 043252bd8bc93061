"""Large-neighbourhood search for components too large for one integer programme.

The current solution is a set of cycles. One step picks a neighbourhood S of participants that
trade with each other, frees the cycles lying entirely inside S, and re-solves S exactly (the same
integer programmes as for small components) with what the fixed cycles use subtracted: residual
offer quantities, wants already met, and net-value bounds shifted by the fixed cycles' nets. The
old cycles are given as the starting solution, so a step never makes the solution worse. The
first solution is the best of the greedy packing of ``heuristic`` and the repaired circulations of
``flow`` (the relaxation's optimum and the Lagrangian candidates). Passes over the participants
(one neighbourhood seeded at each, in a fresh random order every pass) continue until the time
limit, until the solution reaches the bound, or until a whole pass finds no neighbourhood with
anything to re-solve (nothing more can be done: the status is then ``feasible``). The bound
reported with the solution is the lowest of ``bound.lagrangian_bound``, the circulation
relaxation and its Lagrangian (``flow.lagrangian``, started from the prices of the first).
"""

from __future__ import annotations

import heapq
import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from . import flow
from .bound import lagrangian_bound
from .cycles import TooManyCycles, enumerate_cycles
from .heuristic import candidate_cycles, greedy
from .milp import SubProblem, SubResult, build_cycle, build_edge, participant_arcs, solve_model

NEIGHBOURHOOD_LEGS = 2_500
NEIGHBOURHOOD_PARTICIPANTS = 120
# Neighbourhoods start at this size and adapt: 10% larger after a sub-problem solved to
# optimality, 20% smaller after one stopped by its limits. With tight nets HiGHS does not get past
# the root of a 120-participant, 1,500-leg sub-problem in 3 s (so no step ever improved on the
# greedy start); 40 participants and 500 legs are solved in about 0.1 s and most steps improve.
START_PARTICIPANTS = 40
START_LEGS = 500
MIN_PARTICIPANTS = 8
SUB_CYCLE_CAP = 8_000
SUB_NODE_LIMIT = 200
SUB_TIME_LIMIT = 3.0
BOUND_SHARE = 0.25
FLOW_SHARE = 0.15
GREEDY_SHARE = 0.2
# ``candidate_cycles``' effort per second of the greedy share: an effort of 6 took about 1 s on the
# 5,000-participant benchmark network (2 cores); 3 keeps a margin for slower or busier machines.
GREEDY_EFFORT_PER_SECOND = 3.0
SEED = 20240611


class _State:
    def __init__(self, sub: SubProblem) -> None:
        self.sub = sub
        self.cycles: dict[int, list[int]] = {}
        self.next_id = 0
        self.of_participant: list[set[int]] = [set() for _ in range(sub.n)]
        self.leg_used = np.zeros(sub.n_legs, dtype=bool)
        self.offer_used = np.zeros(sub.offer_cap.size, dtype=np.int64)
        self.want_met = np.zeros(sub.n_wants, dtype=bool)
        self.net = np.zeros(sub.n, dtype=np.int64)

    def add(self, cycle: list[int]) -> None:
        s = self.sub
        cid = self.next_id
        self.next_id += 1
        self.cycles[cid] = cycle
        for leg in cycle:
            self.of_participant[int(s.leg_from[leg])].add(cid)
            self.leg_used[leg] = True
            self.offer_used[s.leg_offer[leg]] += 1
            self.want_met[s.leg_want[leg]] = True
            self.net[s.leg_from[leg]] += s.leg_value[leg]
            self.net[s.leg_to[leg]] -= s.leg_value[leg]

    def remove(self, cid: int) -> list[int]:
        s = self.sub
        cycle = self.cycles.pop(cid)
        for leg in cycle:
            self.of_participant[int(s.leg_from[leg])].discard(cid)
            self.leg_used[leg] = False
            self.offer_used[s.leg_offer[leg]] -= 1
            self.want_met[s.leg_want[leg]] = False
            self.net[s.leg_from[leg]] -= s.leg_value[leg]
            self.net[s.leg_to[leg]] += s.leg_value[leg]
        return cycle

    def inside(self, members: np.ndarray) -> list[int]:
        in_s = np.zeros(self.sub.n, dtype=bool)
        in_s[members] = True
        found = set()
        for p in members.tolist():
            for cid in self.of_participant[p]:
                if cid not in found and in_s[self.sub.leg_from[self.cycles[cid]]].all():
                    found.add(cid)
        return sorted(found)


def _key(sub: SubProblem, cycles: list[list[int]]) -> tuple[int, float, int]:
    legs = [leg for c in cycles for leg in c]
    prim = int(sub.leg_primary[legs].sum()) if legs else 0
    score = float(np.round(sub.leg_score[legs], 3).sum()) if legs else 0.0
    return prim, round(score, 6), -sum(len(c) ** 2 for c in cycles)


class _Graph:
    """Leg adjacency by participant, for growing neighbourhoods."""

    def __init__(self, sub: SubProblem) -> None:
        self.out_order = np.argsort(sub.leg_from, kind="stable")
        self.out_start = np.searchsorted(sub.leg_from[self.out_order], np.arange(sub.n + 1))
        self.in_order = np.argsort(sub.leg_to, kind="stable")
        self.in_start = np.searchsorted(sub.leg_to[self.in_order], np.arange(sub.n + 1))
        self.sub = sub

    def out_legs(self, p: int) -> np.ndarray:
        return self.out_order[self.out_start[p] : self.out_start[p + 1]]

    def in_legs(self, p: int) -> np.ndarray:
        return self.in_order[self.in_start[p] : self.in_start[p + 1]]


def _neighbourhood(
    g: _Graph,
    seed: int,
    rng: np.random.Generator,
    usable: np.ndarray,
    max_participants: int = NEIGHBOURHOOD_PARTICIPANTS,
    max_legs: int = NEIGHBOURHOOD_LEGS,
) -> np.ndarray:
    """Grow a set of participants around ``seed`` that trade with each other in both directions.

    Returned in the order they joined, so that a prefix is itself a good neighbourhood.
    """
    sub = g.sub
    members = {seed}
    joined = [seed]
    to_s: dict[int, int] = {}  # candidate -> usable legs from candidate into S
    from_s: dict[int, int] = {}  # candidate -> usable legs from S to candidate
    heap: list[tuple[float, int]] = []
    n_legs = 0
    noise = rng.random(sub.n)

    def push(u: int) -> None:
        a, b = to_s.get(u, 0), from_s.get(u, 0)
        heapq.heappush(heap, (-(min(a, b) + 0.01 * (a + b) + 0.001 * noise[u]), u))

    def absorb(p: int) -> None:
        for leg in g.out_legs(p):
            if usable[leg]:
                u = int(sub.leg_to[leg])
                if u not in members:
                    from_s[u] = from_s.get(u, 0) + 1
                    push(u)
        for leg in g.in_legs(p):
            if usable[leg]:
                u = int(sub.leg_from[leg])
                if u not in members:
                    to_s[u] = to_s.get(u, 0) + 1
                    push(u)

    absorb(seed)
    while heap and len(members) < max_participants:
        _, u = heapq.heappop(heap)
        if u in members:
            continue
        added = to_s.get(u, 0) + from_s.get(u, 0)
        if n_legs + added > max_legs and len(members) > 2:
            break
        members.add(u)
        joined.append(u)
        n_legs += added
        absorb(u)
    return np.array(joined, dtype=np.int64)


def _restrict(state: _State, members: np.ndarray, freed: list[list[int]], g: _Graph):
    """The sub-problem on ``members`` given the fixed cycles, and its local leg numbering."""
    sub = state.sub
    in_s = np.zeros(sub.n, dtype=bool)
    in_s[members] = True
    cand = np.concatenate([g.out_legs(int(p)) for p in members])
    cand = np.sort(cand[in_s[sub.leg_to[cand]]])
    freed_legs = np.array(sorted(leg for c in freed for leg in c), dtype=np.int64)
    offer_fixed = state.offer_used.copy()
    want_fixed = state.want_met.copy()
    net_fixed = state.net.copy()
    if freed_legs.size:
        np.subtract.at(offer_fixed, sub.leg_offer[freed_legs], 1)
        want_fixed[sub.leg_want[freed_legs]] = False
        np.subtract.at(net_fixed, sub.leg_from[freed_legs], sub.leg_value[freed_legs])
        np.add.at(net_fixed, sub.leg_to[freed_legs], sub.leg_value[freed_legs])
    fixed_leg = state.leg_used.copy()
    fixed_leg[freed_legs] = False
    ok = (
        ~fixed_leg[cand]
        & ~want_fixed[sub.leg_want[cand]]
        & (offer_fixed[sub.leg_offer[cand]] < sub.offer_cap[sub.leg_offer[cand]])
    )
    legs = cand[ok]
    local_p = np.full(sub.n, -1)
    local_p[members] = np.arange(members.size)
    offers, leg_offer = np.unique(sub.leg_offer[legs], return_inverse=True)
    wants, leg_want = np.unique(sub.leg_want[legs], return_inverse=True)
    local_leg = np.full(sub.n_legs, -1)
    local_leg[legs] = np.arange(legs.size)
    forbidden = []
    for f_legs, rhs in sub.forbidden:
        here = local_leg[f_legs] >= 0
        if not here.any():
            continue
        rest = f_legs[~here]
        if not fixed_leg[rest].all():
            continue  # a leg outside S is unused: the set cannot be completed in this step
        forbidden.append((local_leg[f_legs[here]], rhs - int(rest.size)))
    restricted = SubProblem(
        n=int(members.size),
        lower=sub.lower[members] - net_fixed[members],
        upper=sub.upper[members] - net_fixed[members],
        leg_from=local_p[sub.leg_from[legs]],
        leg_to=local_p[sub.leg_to[legs]],
        leg_offer=leg_offer,
        offer_cap=sub.offer_cap[offers] - offer_fixed[offers],
        leg_want=leg_want,
        n_wants=int(wants.size),
        leg_value=sub.leg_value[legs],
        leg_primary=sub.leg_primary[legs],
        leg_score=sub.leg_score[legs],
        forbidden=forbidden,
        k=sub.k,
    )
    warm = [[int(local_leg[leg]) for leg in c] for c in freed]
    return restricted, legs, warm


def _solve_restricted(
    restricted: SubProblem, warm: list[list[int]], time_limit: float
) -> SubResult | None:
    if restricted.k is not None and restricted.k < restricted.n:
        arc_src, arc_dst, arc_of_leg = participant_arcs(restricted)
        try:
            cycles = enumerate_cycles(restricted.n, arc_src, arc_dst, restricted.k, SUB_CYCLE_CAP)
        except TooManyCycles:
            return None
        model = build_cycle(restricted, cycles, arc_src, arc_of_leg)
    else:
        model = build_edge(restricted)
    return solve_model(
        model, restricted, time_limit=time_limit, node_limit=SUB_NODE_LIMIT, warm=warm
    )


def search(
    sub: SubProblem,
    *,
    budget: float,
    deadline: float,
    stats: dict[str, Any],
    report: Callable[[str, float], None],
    relaxation: flow.Relaxation | None = None,
    started: float | None = None,
    known: SubResult | None = None,
) -> SubResult:
    """Search from the best first solution within ``budget`` seconds from ``started``.

    ``known`` is a solution and proven bound found before (column generation): the search
    starts from it when it is the best start and keeps its bound, without computing others.

    ``relaxation`` is the circulation relaxation's result when the caller has solved it (it then
    bounds the result and competes as a start); the shares of the budget are shares of the
    whole budget, the relaxation's time included.
    """
    t0 = time.perf_counter() if started is None else started
    stop_at = min(deadline, t0 + budget)

    def left() -> float:
        return max(stop_at - time.perf_counter(), 0.0)

    # The relaxation's time counts towards the bound's share: on the largest components with
    # short budgets, the flow bound is the bound (and the greedy start keeps its time).
    flow_time = relaxation.seconds if relaxation is not None else 0.0
    bound_time = min(budget * BOUND_SHARE - flow_time, 20.0, 0.5 * left())
    bounds: list[int] = []
    price = None
    if known is not None and known.bound >= 0:
        bounds.append(known.bound)
        relaxation = None
    elif bound_time > 0.05 or relaxation is None:
        bound_res = lagrangian_bound(sub, time_limit=max(bound_time, 0.05))
        bounds.append(bound_res.bound)
        price = bound_res.net_price
        stats["lns_bound_seconds"] = round(stats.get("lns_bound_seconds", 0) + bound_res.seconds, 3)
    t_start = time.perf_counter()
    effort = GREEDY_EFFORT_PER_SECOND * min(budget * GREEDY_SHARE, 0.6 * left())
    start = greedy(sub, candidate_cycles(sub, min(sub.k or 4, 4), effort))
    stats["greedy_seconds"] = round(time.perf_counter() - t_start, 3)
    stats["greedy_objective"] = sub.primary_of(start)
    starts: list[list[list[int]]] = [known.cycles] if known is not None else []
    if relaxation is not None:
        bounds.append(relaxation.bound)
        starts.append(relaxation.cycles)
        lag = flow.lagrangian(
            sub,
            time_limit=min(budget * FLOW_SHARE, 0.5 * left()),
            price=price,
            known=max(stats["greedy_objective"], relaxation.primary),
            step_seconds=relaxation.seconds,
        )
        if lag.iterations:
            bounds.append(lag.bound)
            starts.append(lag.cycles)
        stats["flow_start_objective"] = stats.get("flow_start_objective", 0) + max(
            relaxation.primary, lag.primary
        )
        stats["flow_lagrangian_iterations"] = stats.get("flow_lagrangian_iterations", 0) + (
            lag.iterations
        )
        stats["flow_lagrangian_seconds"] = round(
            stats.get("flow_lagrangian_seconds", 0) + lag.seconds, 3
        )
    for other in starts:
        if _key(sub, other) > _key(sub, start):
            start = other
    state = _State(sub)
    for c in start:
        state.add(c)
    g = _Graph(sub)
    rng = np.random.default_rng(SEED)
    per_pass = math.ceil(sub.n / max(min(START_PARTICIPANTS, sub.n), 1))
    best_bound = min(bounds)
    # A sub-problem may take a fortieth of the budget (at most SUB_TIME_LIMIT): with short
    # budgets the search used to make a single step, which is why it never beat the start.
    sub_cap = min(SUB_TIME_LIMIT, max(0.25, budget / 40))
    order = rng.permutation(sub.n)
    size = [float(START_PARTICIPANTS), float(START_LEGS)]
    timed_out = False
    improved = solved_in_pass = 0
    step = 0
    while True:
        if time.perf_counter() >= stop_at:
            timed_out = True
            break
        if sub.primary_of(state.cycles.values()) >= best_bound:
            break  # proven
        if step and step % per_pass == 0:
            if solved_in_pass == 0:
                break  # a whole pass found nothing to re-solve: nothing more can be done
            solved_in_pass = 0
            order = rng.permutation(sub.n)
        report("search", min((time.perf_counter() - t0) / max(budget, 1e-9), 1.0))
        seed = int(order[step % per_pass % sub.n])
        step += 1
        usable = ~state.want_met[sub.leg_want] | state.leg_used
        grown = _neighbourhood(g, seed, rng, usable, int(size[0]), int(size[1]))
        res = None
        while grown.size >= 2 and res is None:
            members = np.sort(grown)
            freed_ids = state.inside(members)
            freed = [state.cycles[c] for c in freed_ids]
            restricted, legs, warm = _restrict(state, members, freed, g)
            if restricted.n_legs == 0:
                break
            left = stop_at - time.perf_counter()
            res = _solve_restricted(restricted, warm, min(sub_cap, max(left, 0.01)))
            if res is None:
                grown = grown[: grown.size // 2]  # too many short cycles: a smaller neighbourhood
        if res is None:
            continue
        solved_in_pass += 1
        grow = 1.1 if res.stopped == "optimal" else 0.8
        size[0] = min(max(size[0] * grow, MIN_PARTICIPANTS), NEIGHBOURHOOD_PARTICIPANTS)
        size[1] = min(max(size[1] * grow, 10 * MIN_PARTICIPANTS), NEIGHBOURHOOD_LEGS)
        new = [[int(legs[x]) for x in c] for c in res.cycles]
        if _key(sub, new) > _key(sub, freed):
            for cid in freed_ids:
                state.remove(cid)
            for c in new:
                state.add(c)
            improved += 1
    cycles = [state.cycles[c] for c in sorted(state.cycles)]
    primary = sub.primary_of(cycles)
    bound = max(min(bounds), primary)
    stats["lns_steps"] = stats.get("lns_steps", 0) + step
    stats["lns_improving_steps"] = stats.get("lns_improving_steps", 0) + improved
    return SubResult(
        cycles,
        primary,
        bound,
        primary == bound,
        "time" if timed_out else "limit",
        {"steps": step},
    )
