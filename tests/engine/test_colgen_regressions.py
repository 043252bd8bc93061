"""Cases that hypothesis found against the methods for large components (kept as examples).

- ``chain_back_to_source_k2``: the position-indexed chain arcs of the optimum of the column
  generation programme form a walk that returns to its chain source after 3 legs with k = 2; it
  decodes neither as a chain nor as a cycle. The engine must still prove the optimum (30), by
  listing the cycles and chains when they fit.
- ``no_four_cycle_paths``: k = 4 with no path of two arcs closing a 4-cycle; column generation
  crashed building an empty index.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matching.engine import check_solution, solve, solver

from .bruteforce import brute_force

CASES = json.loads((Path(__file__).parent / "data" / "colgen_regressions.json").read_text())


@pytest.mark.parametrize("name", sorted(CASES))
def test_large_component_methods_prove_the_optimum(name, monkeypatch):
    doc = CASES[name]
    monkeypatch.setattr(solver, "EXACT_MAX_LEGS", -1)
    out = solve(doc)
    assert check_solution(doc, out) == []
    assert out["objective"] == brute_force(doc) == 30
    assert out["status"] == "optimal"
    assert out["bound"] == out["objective"]
