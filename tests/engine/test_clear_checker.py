"""The clearing checker accepts the engine's answers and catches every kind of wrong answer."""

from __future__ import annotations

import copy

import pytest

from matching.engine import EngineInputError, check_clearing, clear

from .clearing_factories import worked_example


def _credit_doc() -> dict:
    doc = worked_example()
    doc["participants"][0]["pay_capacity"] = 30
    doc["participants"][1]["receive_capacity"] = 30
    return doc


def test_the_engine_answer_passes():
    doc = _credit_doc()
    assert check_clearing(doc, clear(doc)) == []


def test_an_answer_clearing_nothing_passes():
    out = {
        "status": "time_limit",
        "cleared": 0,
        "credit_moved": 0,
        "setoffs": [],
        "credit": [],
        "stats": {},
    }
    assert check_clearing(worked_example(), out) == []


def _broken(change) -> list[str]:
    doc = _credit_doc()
    out = copy.deepcopy(clear(doc))
    change(out)
    return check_clearing(doc, out)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda o: o["setoffs"][0].update(amount=101), "outside 0..100"),
        (lambda o: o["setoffs"][0].update(amount=-1), "outside 0..100"),
        (lambda o: o["setoffs"][0].update(amount=5.0), "must be an integer"),
        (lambda o: o["setoffs"][0].update(obligation="ghost"), "unknown obligation"),
        (lambda o: o["setoffs"].append(dict(o["setoffs"][0])), "listed twice"),
        (lambda o: o["setoffs"][0].update(note="x"), "exactly 'obligation' and 'amount'"),
        (lambda o: o["credit"].pop(), "changes by 20, listed as 0"),
        (lambda o: o["credit"][0].update(amount=-21), "changes by -20, listed as -21"),
        (
            lambda o: (
                o["credit"].append({"participant": "C", "amount": 0})
                or o["credit"].append({"participant": "C", "amount": 0})
            ),
            "listed twice",
        ),
        (lambda o: o.update(cleared=o["cleared"] - 1), "cleared: is 259"),
        (lambda o: o.update(credit_moved=0), "credit_moved: is 0"),
        (lambda o: o.update(cleared=260.0), "cleared: is 260.0"),
        (lambda o: o.update(status="proven"), "status: must be one of"),
        (lambda o: o.pop("credit"), "credit: is required"),
        (lambda o: o.update(extra=1), "extra: unknown field"),
        (lambda o: o.update(stats=[]), "stats: must be an object"),
    ],
)
def test_a_wrong_answer_is_caught(change, words):
    errors = _broken(change)
    assert any(words in e for e in errors), errors


def test_capacities_are_checked():
    doc = _credit_doc()
    out = clear(doc)
    doc["participants"][1]["receive_capacity"] = 10
    doc["participants"][0]["pay_capacity"] = 10
    errors = check_clearing(doc, out)
    assert "credit: 'A' pays 20, above its pay_capacity" in errors
    assert "credit: 'B' receives 20, above its receive_capacity" in errors


def test_an_unbalanced_answer_is_caught():
    """Setting off one invoice of the loop alone moves net positions that have no credit."""
    out = {
        "status": "optimal",
        "cleared": 100,
        "credit_moved": 100,
        "setoffs": [{"obligation": "inv-1", "amount": 100}],
        "credit": [{"participant": "A", "amount": -100}, {"participant": "B", "amount": 100}],
        "stats": {},
    }
    errors = check_clearing(worked_example(), out)
    assert "credit: 'A' pays 100, above its pay_capacity" in errors
    assert "credit: 'B' receives 100, above its receive_capacity" in errors


def test_an_invalid_input_raises():
    with pytest.raises(EngineInputError):
        check_clearing(worked_example(time_limit_s=0), {})


def test_an_output_that_is_not_an_object_is_caught():
    assert check_clearing(worked_example(), []) == ["output: must be an object"]
