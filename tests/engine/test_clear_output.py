"""What ``clear`` answers: the worked example, the output format, invoices of one pair, the credit
list, and the same answer whether the solver runs in the calling process or in a child."""

from __future__ import annotations

import pytest

from matching.engine import check_clearing, clear, clearing
from matching.engine.clearing_synthetic import generate_clearing

from .clearing_factories import obligation, participant, worked_example


def test_worked_example_sets_off_80_on_each_invoice():
    out = clear(worked_example())
    assert out["status"] == "optimal"
    assert out["cleared"] == 240
    assert out["credit_moved"] == 0
    assert out["setoffs"] == [
        {"obligation": "inv-1", "amount": 80},
        {"obligation": "inv-2", "amount": 80},
        {"obligation": "inv-3", "amount": 80},
    ]
    assert out["credit"] == []
    assert set(out) == {"status", "cleared", "credit_moved", "setoffs", "credit", "stats"}


def test_worked_example_with_credit_clears_more():
    """B may be paid 30 in credit and A may pay 30: A's and B's remaining debts shrink too."""
    doc = worked_example()
    doc["participants"][0]["pay_capacity"] = 30
    doc["participants"][1]["receive_capacity"] = 30
    out = clear(doc)
    assert check_clearing(doc, out) == []
    # A's 100 to B is cleared in full: 80 by the loop, 20 in credit (B receives 20 from A).
    assert (out["cleared"], out["credit_moved"]) == (260, 20)
    assert out["credit"] == [
        {"participant": "A", "amount": -20},
        {"participant": "B", "amount": 20},
    ]


def test_invoices_of_one_pair_are_filled_in_input_order():
    doc = {
        "participants": [participant("A"), participant("B")],
        "obligations": [
            obligation("ab-1", "A", "B", 30),
            obligation("ba", "B", "A", 50),
            obligation("ab-2", "A", "B", 40),
            obligation("ab-3", "A", "B", 25),
        ],
    }
    out = clear(doc)
    assert out["setoffs"] == [
        {"obligation": "ab-1", "amount": 30},
        {"obligation": "ba", "amount": 50},
        {"obligation": "ab-2", "amount": 20},
    ]
    assert out["cleared"] == 100


def test_nothing_to_clear_is_an_optimal_empty_answer():
    for doc in (
        {"participants": [], "obligations": []},
        {"participants": [participant("A", 10, 10), participant("B", 10, 10)], "obligations": []},
        {
            "participants": [participant("A"), participant("B")],
            "obligations": [obligation("o", "A", "B", 9)],
        },
    ):
        out = clear(doc)
        assert (out["status"], out["cleared"], out["credit_moved"]) == ("optimal", 0, 0)
        assert out["setoffs"] == out["credit"] == []


def test_largest_amounts_stay_exact():
    """A ring of obligations of 10^15 cents each, summing to the 10^18 limit, clears in full."""
    n = 1000
    doc = {
        "participants": [participant(f"p{i}", 10**18, 10**18) for i in range(n)],
        "obligations": [obligation(f"o{i}", f"p{i}", f"p{(i + 1) % n}", 10**15) for i in range(n)],
    }
    out = clear(doc)
    assert out["cleared"] == 10**18
    assert out["credit_moved"] == 0
    assert check_clearing(doc, out) == []


def test_progress_is_reported_until_done():
    seen = []
    clear(worked_example(), progress=lambda phase, fraction: seen.append((phase, fraction)))
    assert seen[0] == ("validate", 0.0)
    assert seen[-1] == ("done", 1.0)
    assert [f for _, f in seen] == sorted(f for _, f in seen)


@pytest.mark.parametrize("liquidity", [0.0, 0.5])
def test_child_process_gives_the_same_answer_as_the_calling_process(monkeypatch, liquidity):
    doc = generate_clearing(firms=300, invoices=3_000, seed=5, liquidity=liquidity)
    inline = clear(doc)
    assert inline["stats"]["solve_mode"] == "inline"
    monkeypatch.setattr(clearing, "INLINE_MAX_ARCS", 0)
    forked = clear(doc)
    assert forked["stats"]["solve_mode"] == "child process"
    for key in ("status", "cleared", "credit_moved", "setoffs", "credit"):
        assert forked[key] == inline[key]
    assert check_clearing(doc, forked) == []
