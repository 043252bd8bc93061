"""The clearing engine's optimum against independent exact solvers.

``cleared`` and ``credit_moved`` must equal those of a two-stage linear programme (scipy's HiGHS)
on random networks with and without liquidity, parallel and opposite obligations and isolated
participants, and those of brute force on tiny ones. Every answer must also pass the checker.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.engine import check_clearing, clear
from matching.engine.clearing_synthetic import generate_clearing

from .clearing_factories import (
    brute_force_optimum,
    clearing_documents,
    lp_optimum,
    obligation,
    participant,
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_optimal(doc: dict) -> dict:
    out = clear(doc)
    assert check_clearing(doc, out) == []
    assert out["status"] == "optimal"
    assert (out["cleared"], out["credit_moved"]) == lp_optimum(doc)
    return out


@SETTINGS
@given(clearing_documents(liquidity=False))
def test_pure_setoff_matches_the_linear_programme(doc):
    out = _assert_optimal(doc)
    assert out["credit"] == []
    assert out["credit_moved"] == 0


@SETTINGS
@given(clearing_documents(liquidity=True))
def test_setoff_with_credit_matches_the_linear_programme(doc):
    _assert_optimal(doc)


@SETTINGS
@given(clearing_documents(liquidity=True, max_participants=4, max_amount=3), st.data())
def test_tiny_networks_match_brute_force(doc, data):
    doc["obligations"] = doc["obligations"][: data.draw(st.integers(0, 5))]
    out = clear(doc)
    assert check_clearing(doc, out) == []
    assert (out["cleared"], out["credit_moved"]) == brute_force_optimum(doc)


@pytest.mark.parametrize("liquidity", [0.0, 0.5])
@pytest.mark.parametrize("seed", [1, 2])
def test_synthetic_networks_match_the_linear_programme(seed, liquidity):
    doc = generate_clearing(firms=150, invoices=1_500, seed=seed, liquidity=liquidity)
    out = _assert_optimal(doc)
    assert out["cleared"] > 0


def test_a_longer_loop_beats_netting_two_opposite_invoices():
    """Setting off A<->B bilaterally first would clear 20; the loop A->B->C->A clears 30."""
    doc = {
        "participants": [participant("A"), participant("B"), participant("C")],
        "obligations": [
            obligation("ab", "A", "B", 10),
            obligation("ba", "B", "A", 10),
            obligation("bc", "B", "C", 10),
            obligation("ca", "C", "A", 10),
        ],
    }
    out = _assert_optimal(doc)
    assert out["cleared"] == 30
    assert {s["obligation"] for s in out["setoffs"]} == {"ab", "bc", "ca"}


def test_credit_is_used_only_when_it_clears_more():
    """B's 50 of credit would let A->B clear alone, but the loop clears as much with no credit."""
    doc = {
        "participants": [participant("A", pay=50), participant("B", receive=50), participant("C")],
        "obligations": [
            obligation("ab", "A", "B", 50),
            obligation("bc", "B", "C", 50),
            obligation("ca", "C", "A", 50),
        ],
    }
    out = _assert_optimal(doc)
    assert (out["cleared"], out["credit_moved"]) == (150, 0)


def test_credit_clears_a_chain_that_is_not_a_loop():
    """A owes B 70 and B owes C 40: A pays 40 in credit, C receives it; B's debt and claim offset."""
    doc = {
        "participants": [
            participant("A", pay=100),
            participant("B"),
            participant("C", receive=100),
        ],
        "obligations": [obligation("ab", "A", "B", 70), obligation("bc", "B", "C", 40)],
    }
    out = _assert_optimal(doc)
    assert (out["cleared"], out["credit_moved"]) == (80, 40)
    assert out["credit"] == [
        {"participant": "A", "amount": -40},
        {"participant": "C", "amount": 40},
    ]
