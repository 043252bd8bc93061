"""The parts used on large components — Lagrangian bound, greedy start, neighbourhood search —
stay valid: bounds are never below the true optimum, solutions always pass the checker."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from matching.engine import check_solution, solve, solver
from matching.engine.bound import lagrangian_bound
from matching.engine.heuristic import candidate_cycles
from matching.engine.synthetic import generate

from .bruteforce import brute_force
from .factories import subproblems
from .strategies import small_documents

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(small_documents())
def test_lagrangian_bound_is_never_below_the_optimum(doc):
    total = sum(lagrangian_bound(sub, time_limit=0.2).bound for sub in subproblems(doc))
    assert total >= brute_force(doc)


@SETTINGS
@given(small_documents())
def test_search_path_gives_valid_solutions_and_bounds(doc):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(solver, "EXACT_MAX_LEGS", -1)  # every component goes to the search
        mp.setattr(solver, "LARGE_EXACT", False)
        out = solve(doc)
    methods = out["stats"]["methods"]
    # A component whose circulation relaxation is feasible is proven before any search.
    assert methods.get("lns", 0) + methods.get("flow_optimal", 0) == out["stats"]["components"]
    assert check_solution(doc, out) == []
    assert out["objective"] <= brute_force(doc) <= out["bound"]


@pytest.mark.parametrize("k", [2, 3, 4])
def test_candidate_cycles_are_closed_short_and_balanced_on_their_own(k):
    doc = generate(participants=150, accepts=3_000, seed=9, max_cycle_length=k)
    for sub in subproblems(doc):
        cands = candidate_cycles(sub, k)
        assert cands
        for c in cands:
            assert 2 <= c.size <= k
            frm, to = sub.leg_from[c], sub.leg_to[c]
            assert (to == np.roll(frm, -1)).all()
            assert np.unique(frm).size == c.size
            net = sub.leg_value[c] - sub.leg_value[np.roll(c, 1)]
            assert ((sub.lower[frm] <= net) & (net <= sub.upper[frm])).all()
        keys = {tuple(c.tolist()) for c in cands}
        assert len(keys) == len(cands)


def test_declined_combinations_stay_out_of_searched_solutions(monkeypatch):
    monkeypatch.setattr(solver, "EXACT_MAX_LEGS", -1)
    monkeypatch.setattr(solver, "LARGE_EXACT", False)
    doc = generate(participants=120, accepts=2_000, seed=21, max_cycle_length=3)
    doc["time_limit_s"] = 4
    first = solve(doc)
    assert first["cycles"]
    doc["forbidden"] = [
        [{"offer": leg["offer"], "want": leg["want"]} for leg in c["legs"]]
        for c in first["cycles"][:10]
    ]
    second = solve(doc)
    assert check_solution(doc, second) == []
    assert second["stats"]["forbidden_sets"] == len(doc["forbidden"])
