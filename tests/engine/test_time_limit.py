"""A time limit too short to finish still returns a valid solution with a proven bound."""

from __future__ import annotations

import time

import pytest

from matching.engine import check_solution, solve, solver
from matching.engine.synthetic import generate


@pytest.mark.parametrize(
    ("participants", "accepts", "k"),
    [(120, 2_000, 3), (400, 12_000, None), (400, 12_000, 4)],
)
def test_tiny_time_limit_returns_a_valid_solution_and_bound(participants, accepts, k):
    doc = generate(participants=participants, accepts=accepts, seed=11, max_cycle_length=k)
    doc["time_limit_s"] = 0.5
    started = time.perf_counter()
    out = solve(doc)
    elapsed = time.perf_counter() - started
    assert out["status"] in ("time_limit", "optimal")
    assert out["bound"] >= out["objective"] >= 0
    assert check_solution(doc, out) == []
    assert elapsed < 15


def test_large_component_search_returns_a_valid_solution(monkeypatch):
    monkeypatch.setattr(solver, "LARGE_EXACT", False)
    doc = generate(participants=300, accepts=8_000, seed=12, max_cycle_length=3)
    doc["time_limit_s"] = 8
    out = solve(doc)
    assert out["stats"]["methods"].get("lns") == 1
    assert out["objective"] > 0
    assert out["bound"] >= out["objective"]
    assert check_solution(doc, out) == []
