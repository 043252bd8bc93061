"""The engine's proven optimum equals brute force on small random instances.

Instances mix both objectives, bounded (k = 2, 3, 4) and unbounded cycles, quantities 0 to 3,
tolerances and headrooms including 0, own offers in accepts, and forbidden sets (some of them
naming pairs that are not legs).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from matching.engine import check_solution, solve

from .bruteforce import brute_force
from .strategies import small_documents

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_engine_is_optimal(doc):
    out = solve(doc)
    assert check_solution(doc, out) == []
    assert out["status"] == "optimal"
    assert out["objective"] == brute_force(doc)
    assert out["bound"] == out["objective"]


@SETTINGS
@given(small_documents())
def test_engine_optimum_matches_brute_force(doc):
    _assert_engine_is_optimal(doc)


@SETTINGS
@given(small_documents(loose=True))
def test_engine_optimum_matches_brute_force_when_net_values_are_loose(doc):
    _assert_engine_is_optimal(doc)
