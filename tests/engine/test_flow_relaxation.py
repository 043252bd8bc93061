"""The circulation relaxation (matching.engine.flow): its bounds are never below the optimum, what
it claims optimal is feasible and optimal, and its repaired solutions are always feasible."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.engine import check_solution, flow, solve, solver
from matching.engine.synthetic import generate

from .bruteforce import brute_force
from .factories import subproblems
from .strategies import small_documents

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_feasible(sub, cycles):
    legs = np.array([leg for c in cycles for leg in c], dtype=np.int64)
    assert sub.violations(legs) == []
    k = sub.k if sub.k is not None else sub.n
    for c in cycles:
        frm, to = sub.leg_from[c], sub.leg_to[c]
        assert 2 <= len(c) <= k
        assert (to == np.roll(frm, -1)).all()
        assert np.unique(frm).size == len(c)


@SETTINGS
@given(st.one_of(small_documents(), small_documents(loose=True)))
def test_flow_bound_is_never_below_the_optimum(doc):
    rels = [flow.relax(sub) for sub in subproblems(doc)]
    assert sum(r.bound for r in rels) >= brute_force(doc)


@SETTINGS
@given(st.one_of(small_documents(), small_documents(loose=True)))
def test_flow_solution_is_feasible_and_optimal_when_claimed(doc):
    rels = []
    for sub in subproblems(doc):
        rel = flow.relax(sub)
        _assert_feasible(sub, rel.cycles)
        assert rel.primary <= rel.bound
        if rel.proven:
            assert rel.primary == rel.bound
            assert sorted(leg for c in rel.cycles for leg in c) == sorted(rel.legs.tolist())
        rels.append(rel)
    if all(r.proven for r in rels):
        assert sum(r.primary for r in rels) == brute_force(doc)


@SETTINGS
@given(
    st.one_of(small_documents(), small_documents(loose=True)),
    st.lists(st.floats(-2.0, 2.0), min_size=5, max_size=5),
)
def test_lagrangian_bound_holds_for_any_prices_and_candidates_are_feasible(doc, prices):
    total = 0
    for sub in subproblems(doc):
        # Prices in primary units per cent of net value, on the scale of primary / value.
        ratio = int(sub.leg_primary.max()) / max(int(sub.leg_value.max()), 1)
        price = np.array(prices[: sub.n]) * ratio
        result = flow.lagrangian(sub, time_limit=0.05, price=price)
        assert result.iterations >= 1
        _assert_feasible(sub, result.cycles)
        total += result.bound
    assert total >= brute_force(doc)


@SETTINGS
@given(small_documents())
def test_flow_optimal_path_through_solve_matches_brute_force(doc):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(solver, "EXACT_MAX_LEGS", -1)  # no exact programme: flow, then search
        mp.setattr(solver, "LARGE_EXACT", False)
        out = solve(doc)
    assert check_solution(doc, out) == []
    assert out["objective"] <= brute_force(doc) <= out["bound"]
    if out["stats"]["methods"].get("flow_optimal") == out["stats"]["components"]:
        assert out["status"] == "optimal"
        assert out["objective"] == brute_force(doc)


def _loose(doc):
    for p in doc["participants"]:
        p["headroom"] = p["tolerance"] = 10**9
    return doc


def test_loose_nets_are_proven_optimal_by_the_flow():
    doc = _loose(generate(participants=300, accepts=8_000, seed=5, max_cycle_length=None))
    doc["time_limit_s"] = 10
    out = solve(doc)
    assert check_solution(doc, out) == []
    assert out["stats"]["methods"] == {"flow_optimal": out["stats"]["components"]}
    assert out["status"] == "optimal"
    assert out["objective"] == out["bound"] == out["stats"]["flow_bound"] > 0
    assert out["stats"]["solve_seconds"] < 10


def test_flow_bound_caps_the_reported_bound_when_nets_bind():
    doc = generate(participants=300, accepts=8_000, seed=5, max_cycle_length=None)
    doc["time_limit_s"] = 4
    out = solve(doc)
    assert check_solution(doc, out) == []
    assert out["objective"] <= out["bound"] <= out["stats"]["flow_bound"]


@pytest.mark.parametrize("k", [None, 3, 4])
def test_short_cycles_split_a_circulation_into_simple_cycles(k):
    doc = _loose(generate(participants=150, accepts=3_000, seed=9, max_cycle_length=k))
    for sub in subproblems(doc):
        legs = flow.max_weight_circulation(sub, sub.leg_primary.astype(np.int64))
        cycles, left = flow.short_cycles(sub, legs, k)
        used = sorted([leg for c in cycles for leg in c] + left.tolist())
        assert used == sorted(legs.tolist())
        assert k is not None or left.size == 0
        _assert_feasible(sub, cycles)


def test_repair_keeps_nets_within_bounds_and_forbidden_sets_incomplete():
    doc = generate(participants=150, accepts=3_000, seed=9, max_cycle_length=None)
    doc["participants"] = [{**p, "tolerance": 0} for p in doc["participants"]]
    for sub in subproblems(doc):
        legs = flow.max_weight_circulation(sub, sub.leg_primary.astype(np.int64))
        cycles, _ = flow.short_cycles(sub, legs, None)
        sub.forbidden = [(np.array(c[:2]), 1) for c in cycles[:20] if len(c) >= 2]
        repaired = flow.repair(sub, cycles)
        _assert_feasible(sub, repaired)
