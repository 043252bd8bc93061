"""The engine's entry point: from an input document to an output document."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

from . import flow, lns
from .bound import lagrangian_bound
from .colgen import solve_colgen
from .cycles import TooManyCycles, enumerate_chains, enumerate_cycles
from .heuristic import candidate_cycles, greedy
from .milp import (
    SubProblem,
    SubResult,
    build_cycle,
    build_edge,
    new_highs,
    participant_arcs,
    redundant_value_rows,
    solve_model,
)
from .model import Instance, compile_instance
from .pief import build_position_indexed
from .prune import components, prune
from .validate import validate_input

Progress = Callable[[str, float], None]

# A component is solved as one exact integer programme when it is at most this large; larger ones
# go to the large-neighbourhood search, whose sub-problems are exact programmes of this kind.
EXACT_MAX_LEGS = 2_500
EXACT_MAX_CYCLES = 60_000
OUTPUT_RESERVE_S = 0.25
# Time of the circulation relaxation per leg (OR-Tools' min-cost flow on 2 cores: 1.5 to 2.6 s
# for 284,000 legs), to skip it when it would not fit in a component's budget.
FLOW_SECONDS_PER_LEG = 6e-6
# Largest position-indexed programme handed to HiGHS (cycles of 5+ arcs, or unbounded cycles
# with chains); larger components go to the search.
POSITION_MAX_COLUMNS = 300_000
# Large components with k or chains try column generation and the position-indexed programme
# before the search (tests switch it off to exercise the search alone).
LARGE_EXACT = True
# Column generation hands its solution and bound to the search when the first solution is more
# than this fraction below the relaxation's bound (tight nets, where the bound is weak).
HANDOFF_GAP = 0.05
# With binding net-value rows the relaxation is weak (subset-sum) and slow to converge on large
# components: above this many legs they go straight to the search (2,000 businesses, 270,000
# legs: column generation used 60% of the time before handing over, and the search's result
# fell to a quarter of what it finds with the whole time).
COLGEN_MAX_LEGS_WITH_NETS = 30_000


def _noop(_phase: str, _fraction: float) -> None:
    return None


def make_subproblem(
    inst: Instance, members: np.ndarray, legs: np.ndarray
) -> tuple[SubProblem, np.ndarray]:
    """The component on local indices, and the global index of each local leg.

    ``legs`` are the live legs of the component, in increasing order.
    """
    n = inst.n_participants
    local_p = np.full(n, -1)
    local_p[members] = np.arange(members.size)
    offers, leg_offer = np.unique(inst.leg_offer[legs], return_inverse=True)
    wants, leg_want = np.unique(inst.leg_want[legs], return_inverse=True)
    value = inst.offer_value[inst.leg_offer[legs]]
    primary = value if inst.objective == "value" else np.ones(legs.size, dtype=np.int64)
    local_leg = np.full(inst.n_legs, -1)
    local_leg[legs] = np.arange(legs.size)
    forbidden = []
    for f in inst.forbidden:
        loc = local_leg[f]
        if (loc >= 0).all():
            forbidden.append((loc, int(loc.size) - 1))
    sub = SubProblem(
        n=int(members.size),
        lower=inst.lower[members],
        upper=inst.upper[members],
        leg_from=local_p[inst.leg_from[legs]],
        leg_to=local_p[inst.leg_to[legs]],
        leg_offer=leg_offer,
        offer_cap=inst.offer_qty[offers],
        leg_want=leg_want,
        n_wants=int(wants.size),
        leg_value=value,
        leg_primary=primary.astype(np.int64),
        leg_score=inst.leg_score[legs],
        forbidden=forbidden,
        k=inst.k,
        chain_len=inst.chain_len if inst.chains_on else 0,
        source=inst.source[members] if inst.source is not None else None,
    )
    return sub, legs


def solve_exact(
    sub: SubProblem,
    time_limit: float,
    cycles: list[tuple[int, ...]] | None = None,
    start: list[list[int]] | None = None,
    chains: list[tuple[int, ...]] | None = None,
) -> SubResult:
    """One integer programme for the whole sub-problem (cycles and chains given when listed).

    HiGHS starts from the greedy solution of ``heuristic``, or from ``start`` when it is better.
    """
    if cycles is None:
        model = build_edge(sub)
    else:
        arc_src, _arc_dst, arc_of_leg = participant_arcs(sub)
        model = build_cycle(sub, cycles, arc_src, arc_of_leg, chains)
    warm = greedy(sub, candidate_cycles(sub, min(sub.k or 4, 4), effort=max(time_limit / 10, 1)))
    if start is not None and sub.primary_of(start) > sub.primary_of(warm):
        warm = start
    return solve_model(model, sub, time_limit=time_limit, warm=warm)


def _relax(sub: SubProblem, budget: float, stats: dict[str, Any]) -> flow.Relaxation | None:
    """The circulation relaxation, unless it would likely take more than half the budget."""
    if sub.n_legs * FLOW_SECONDS_PER_LEG > 0.5 * budget:
        return None
    rel = flow.relax(sub)
    if rel is not None:
        stats["flow_bound"] = stats.get("flow_bound", 0) + rel.bound
        stats["flow_seconds"] = round(stats.get("flow_seconds", 0) + rel.seconds, 3)
    return rel


def _count(stats: dict[str, Any], method: str) -> None:
    stats["methods"][method] = stats["methods"].get(method, 0) + 1


def _flow_optimal(rel: flow.Relaxation) -> SubResult:
    return SubResult(rel.cycles, rel.primary, rel.bound, True, "optimal", {"flow": True})


def _greedy_start(sub: SubProblem, seconds: float) -> list[list[int]]:
    return greedy(sub, candidate_cycles(sub, min(sub.k or 4, 4), effort=max(seconds, 1)))


def _want_bound(sub: SubProblem) -> int:
    """Every want met by its best leg: a weak bound that holds with chains too."""
    best = np.zeros(sub.n_wants, dtype=np.int64)
    np.maximum.at(best, sub.leg_want, sub.leg_primary)
    return int(best.sum())


def _solve_component(
    sub: SubProblem, budget: float, deadline: float, stats: dict[str, Any], report: Progress
) -> SubResult:
    """The exact method that fits the component, the search when none does.

    In order: the circulation relaxation (``flow``; cycles only) proves the component when its
    optimum is feasible — except for small components whose cycles can be listed, where the
    cycle formulation still runs (it ranks cycle shapes for the tie-break); small components
    use the cycle (and chain) formulation whenever their cycles and chains can be listed, else
    the edge formulation if cycle length is unbounded; larger ones with k <= 4 use column
    generation (``colgen``), with longer k or unbounded cycles plus chains the position-indexed
    programme (``pief``) when it fits; the rest goes to the large-neighbourhood search.
    """
    t0 = time.perf_counter()
    stop = min(deadline, t0 + budget)
    bounded = sub.binding_k is not None
    chains_on = sub.has_chains
    rel = None if chains_on else _relax(sub, budget, stats)
    if sub.n_legs <= EXACT_MAX_LEGS:
        cycles, chains = _enumerate(sub, stats)
        if cycles is None and rel is not None and rel.proven:
            _count(stats, "flow_optimal")
            return _flow_optimal(rel)
        if cycles is not None or not (bounded or chains_on):
            _count(stats, "exact_cycle" if cycles is not None else "exact_edge")
            left = max(deadline - time.perf_counter(), 0.05)
            start = rel.cycles if rel is not None else None
            result = solve_exact(sub, min(budget, left), cycles, start, chains)
            if result.bound < 0 and rel is None:  # HiGHS stopped before any bound
                left = min(0.5, max(0.0, deadline - time.perf_counter()))
                if chains_on:
                    result.bound = max(result.primary, _want_bound(sub))
                else:
                    result.bound = max(result.primary, lagrangian_bound(sub, time_limit=left).bound)
            if rel is not None and not result.proven:
                known = result.bound if result.bound >= 0 else rel.bound
                result.bound = max(result.primary, min(known, rel.bound))
                result.proven = result.primary == result.bound
            return result
    if rel is not None and rel.proven:
        _count(stats, "flow_optimal")
        return _flow_optimal(rel)
    if (bounded or chains_on) and LARGE_EXACT:
        result = _solve_large_exact(sub, stop, rel, stats)
        if result is not None and not result.proven and result.stopped == "limit":
            # The programme stopped short of a proof with time left (a chain solution that does
            # not decode into simple chains and cycles of length <= k): list the cycles and
            # chains if they fit, and solve the exact cycle formulation from its solution.
            result = _enumerated_fallback(sub, result, deadline, stats)
        if result is not None:
            return result
    if chains_on:
        stats["chains_skipped_components"] = stats.get("chains_skipped_components", 0) + 1
    _count(stats, "lns")
    result = lns.search(
        sub,
        budget=budget,
        deadline=deadline,
        stats=stats,
        report=report,
        relaxation=rel,
        started=t0,
    )
    if chains_on:  # the search builds cycles only; its bounds assume no chains
        result.bound = max(result.primary, _want_bound(sub))
        result.proven = result.primary == result.bound
    return result


def _enumerate(sub: SubProblem, stats: dict[str, Any]):
    """The component's cycles (and chains) as leg-arc tuples; (None, None) past the caps."""
    bounded = sub.binding_k is not None
    arc_src, arc_dst, _ = participant_arcs(sub)
    length = sub.k if bounded and sub.k is not None else sub.n
    try:
        steps = 50 * EXACT_MAX_CYCLES if bounded else 5 * EXACT_MAX_CYCLES
        cycles = enumerate_cycles(sub.n, arc_src, arc_dst, length, EXACT_MAX_CYCLES, steps)
        chains = None
        if sub.has_chains:
            chains = enumerate_chains(
                sub.n, arc_src, arc_dst, sub.sources, sub.chain_len, EXACT_MAX_CYCLES
            )
            if len(cycles) + len(chains) > EXACT_MAX_CYCLES:
                raise TooManyCycles
    except TooManyCycles:
        stats["cycle_enumeration_capped"] += 1
        return None, None
    stats["cycles_enumerated"] += len(cycles)
    stats["chains_enumerated"] = stats.get("chains_enumerated", 0) + len(chains or [])
    return cycles, chains


def _enumerated_fallback(
    sub: SubProblem, result: SubResult, deadline: float, stats: dict[str, Any]
) -> SubResult:
    """``result`` improved or proven by the cycle formulation, when the cycles can be listed."""
    if deadline - time.perf_counter() < 0.5:
        return result
    cycles, chains = _enumerate(sub, stats)
    if cycles is None:
        return result
    _count(stats, "exact_cycle")
    left = max(deadline - time.perf_counter(), 0.05)
    again = solve_exact(sub, left, cycles, result.cycles, chains)
    if again.primary < result.primary:
        again = result
    bounds = [b for b in (again.bound, result.bound) if b >= 0]
    again.bound = max(again.primary, min(bounds)) if bounds else again.primary
    again.proven = again.primary == again.bound
    if not again.proven:
        again.stopped = "time" if time.perf_counter() >= deadline - 0.5 else "limit"
    return again


def _solve_large_exact(
    sub: SubProblem, stop: float, rel: flow.Relaxation | None, stats: dict[str, Any]
) -> SubResult | None:
    """Column generation (k <= 4) or the position-indexed programme; None if neither fits."""
    t = time.perf_counter()
    if (
        not sub.has_chains
        and sub.n_legs > COLGEN_MAX_LEGS_WITH_NETS
        and not redundant_value_rows(sub).all()
    ):
        return None  # binding nets on a large component: the search does better
    warm = _greedy_start(sub, min(2.0, 0.1 * (stop - t)))
    if rel is not None and sub.primary_of(rel.cycles) > sub.primary_of(warm):
        warm = rel.cycles
    stats["greedy_objective"] = stats.get("greedy_objective", 0) + sub.primary_of(warm)
    result = None
    k = sub.binding_k
    if k is not None and k <= 4:
        # The relaxation gets 60% of the time to converge; otherwise the search takes over.
        give_up = time.perf_counter() + 0.6 * max(stop - time.perf_counter(), 0.0)
        result = solve_colgen(
            sub,
            deadline=stop,
            warm=warm,
            stats=stats,
            give_up_at=give_up,
            handoff_gap=None if sub.has_chains else HANDOFF_GAP,
        )
        if result is not None:
            _count(stats, "exact_colgen")
            if result.info.get("handoff") and time.perf_counter() < stop - 0.1:
                _count(stats, "lns")
                return lns.search(
                    sub,
                    budget=stop - time.perf_counter(),
                    deadline=stop,
                    stats=stats,
                    report=_noop,
                    known=result,
                )
    if result is None and (k is None or k > 4) and time.perf_counter() < stop - 0.1:
        model = build_position_indexed(sub, max_columns=POSITION_MAX_COLUMNS)
        if model is not None:
            _count(stats, "exact_position")
            left = max(stop - time.perf_counter(), 0.05)
            result = solve_model(model, sub, time_limit=left, warm=warm)
            if result.bound < 0:
                result.bound = max(
                    result.primary,
                    _want_bound(sub) if sub.has_chains else rel.bound if rel else _want_bound(sub),
                )
    if result is None:
        return None
    if rel is not None and not result.proven:
        result.bound = max(result.primary, min(result.bound, rel.bound))
        result.proven = result.primary == result.bound
    if not result.proven:
        result.stopped = "time" if time.perf_counter() >= stop - 0.5 else "limit"
    return result


def _canonical(cycle: list[int], inst: Instance) -> list[int]:
    frm = inst.leg_from[cycle]
    start = int(np.argmin(frm))
    return cycle[start:] + cycle[:start]


def solve(doc: dict[str, Any], *, progress: Progress | None = None) -> dict[str, Any]:
    """Find cycles of legs maximising the objective of ``doc``; return the output document.

    Raises ``EngineInputError`` if ``doc`` is not a valid input document. The result is
    deterministic unless the time limit interrupts the search.
    """
    report = progress or _noop
    t0 = time.perf_counter()
    phases: dict[str, float] = {}
    report("validate", 0.0)
    validate_input(doc)
    inst = compile_instance(doc)
    # The components' solvers stop at the deadline; what follows it (assembling, checking and
    # writing the cycles) gets a small reserve so that the whole call ends within the limit.
    deadline = t0 + inst.time_limit_s - min(OUTPUT_RESERVE_S, 0.05 * inst.time_limit_s)
    phases["validate"] = time.perf_counter() - t0

    t = time.perf_counter()
    report("prune", 0.0)
    alive, labels, rounds = prune(inst)
    comps = components(inst, alive, labels)
    phases["prune"] = time.perf_counter() - t

    t = time.perf_counter()
    stats: dict[str, Any] = {
        "cycles_enumerated": 0,
        "cycle_enumeration_capped": 0,
        "methods": {},
    }
    chosen: list[list[int]] = []
    chosen_chains: list[list[int]] = []
    objective = bound = 0
    all_proven = True
    timed_out = False
    comp_of = np.full(inst.n_participants, -1)
    for i, members in enumerate(comps):
        comp_of[members] = i
    live = np.flatnonzero(alive)
    live = live[np.argsort(comp_of[inst.leg_from[live]], kind="stable")]
    starts = np.searchsorted(comp_of[inst.leg_from[live]], np.arange(len(comps) + 1))
    sizes = np.diff(starts).tolist()
    total_weight = float(sum(sizes)) or 1.0
    done_weight = 0.0
    for i, (members, weight) in enumerate(zip(comps, sizes, strict=True)):
        report("solve", done_weight / total_weight if total_weight else 1.0)
        sub, legs = make_subproblem(inst, members, live[starts[i] : starts[i + 1]])
        left = deadline - time.perf_counter()
        todo = total_weight - done_weight
        budget = max(left * (weight / todo if todo > 0 else 1.0), 0.05)
        result = _solve_component(sub, budget, deadline, stats, report)
        done_weight += weight
        chosen.extend(_canonical([int(legs[x]) for x in c], inst) for c in result.cycles)
        chosen_chains.extend([int(legs[x]) for x in c] for c in result.chains)
        objective += result.primary
        bound += max(result.bound, result.primary)
        all_proven &= result.proven
        timed_out |= result.stopped == "time"
    phases["solve"] = time.perf_counter() - t

    t = time.perf_counter()
    chosen.sort(key=lambda c: (len(c), [int(inst.leg_from[x]) for x in c], c))
    chosen_chains.sort(key=lambda c: (len(c), [int(inst.leg_from[x]) for x in c], c))
    if all_proven:
        status = "optimal"
    elif timed_out:
        status = "time_limit"
    else:
        status = "feasible"
    if bound == objective:
        status = "optimal"
    lf, lt, lv = inst.leg_from, inst.leg_to, inst.leg_value

    def legs_out(c: list[int]) -> dict[str, Any]:
        return {
            "legs": [
                {
                    "offer": inst.offer_ids[int(inst.leg_offer[x])],
                    "want": inst.want_ids[int(inst.leg_want[x])],
                    "from": inst.participant_ids[int(lf[x])],
                    "to": inst.participant_ids[int(lt[x])],
                    "value": int(lv[x]),
                }
                for x in c
            ]
        }

    cycles_out = [legs_out(c) for c in chosen]
    chains_out = [legs_out(c) for c in chosen_chains]
    used = np.array([x for c in (*chosen, *chosen_chains) for x in c], dtype=np.int64)
    phases["output"] = time.perf_counter() - t
    report("done", 1.0)
    return {
        "status": status,
        "objective": int(objective),
        "bound": int(bound),
        "cycles": cycles_out,
        "chains": chains_out,
        "stats": {
            "participants": inst.n_participants,
            "offers": len(inst.offer_ids),
            "wants": len(inst.want_ids),
            "accepts": inst.n_accepts,
            "legs": inst.n_legs,
            "legs_kept": int(alive.sum()),
            "participants_kept": int((labels >= 0).sum()),
            "pruning_rounds": rounds,
            "components": len(comps),
            "largest_component": int(max((m.size for m in comps), default=0)),
            "forbidden_sets": len(inst.forbidden),
            "forbidden_sets_ignored": inst.forbidden_ignored,
            "cycles_enumerated": stats["cycles_enumerated"],
            "cycle_enumeration_capped": stats["cycle_enumeration_capped"],
            "methods": stats["methods"],
            "solver": "highs " + _highs_version(),
            "gap": int(bound - objective),
            "solution_cycles": len(chosen),
            "solution_chains": len(chosen_chains),
            "solution_legs": int(used.size),
            "solution_score": round(float(inst.leg_score[used].sum()), 6),
            "solve_seconds": round(time.perf_counter() - t0, 3),
            "phases": {k: round(v, 3) for k, v in phases.items()},
            **{
                k: v
                for k, v in stats.items()
                if k.startswith(("lns_", "greedy_", "flow_", "colgen_", "chains_"))
            },
        },
    }


def _highs_version() -> str:
    return new_highs().version()
