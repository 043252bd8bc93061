"""The engine's proven optimum equals brute force on small random instances.

Instances mix both objectives, bounded (k = 2, 3, 4) and unbounded cycles, quantities 0 to 3,
tolerances and headrooms including 0, own offers in accepts, and forbidden sets (some of them
naming pairs that are not legs).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.engine import check_solution, solve, solver

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


@SETTINGS
@given(st.one_of(small_documents(chains=True), small_documents(loose=True, chains=True)))
def test_engine_optimum_matches_brute_force_with_chains(doc):
    _assert_engine_is_optimal(doc)


LARGE_SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@LARGE_SETTINGS
@given(
    st.one_of(
        small_documents(),
        small_documents(loose=True),
        small_documents(chains=True),
        small_documents(loose=True, chains=True),
    )
)
def test_large_component_methods_match_brute_force(doc):
    """Column generation (k <= 4), the position-indexed programme (longer or unbounded cycles
    with chains) and the search, as used on components too large to list their cycles."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(solver, "EXACT_MAX_LEGS", -1)
        out = solve(doc)
    assert check_solution(doc, out) == []
    optimum = brute_force(doc)
    assert out["objective"] <= optimum <= out["bound"]
    methods = out["stats"]["methods"]
    if set(methods) <= {"exact_colgen", "flow_optimal"} or (
        doc.get("max_chain_length") is None and set(methods) <= {"exact_position"}
    ):
        assert out["status"] == "optimal"
        assert out["objective"] == optimum
