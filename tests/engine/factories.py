"""Small hand-made engine documents shared by the tests, and their sub-problems."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import numpy as np

from matching.engine import solver
from matching.engine.milp import SubProblem
from matching.engine.model import compile_instance
from matching.engine.prune import components, prune


def subproblems(doc: dict[str, Any]) -> Iterator[SubProblem]:
    """The sub-problems the solver builds for a document: one per component after pruning."""
    inst = compile_instance(doc)
    alive, labels = prune(inst)[:2]
    for members in components(inst, alive, labels):
        legs = np.flatnonzero(alive & np.isin(inst.leg_from, members))
        yield solver.make_subproblem(inst, members, legs)[0]


def triangle_doc(**changes: Any) -> dict[str, Any]:
    """Three businesses that can trade in a ring a -> b -> c -> a, or a and b bilaterally.

    a gives o_a (100) to b's w_b; b gives o_b (100) to c's w_c or to a's w_a2; c gives o_c (100)
    to a's w_a.
    """
    doc: dict[str, Any] = {
        "max_cycle_length": 3,
        "objective": "value",
        "time_limit_s": 10,
        "participants": [
            {"id": "a", "headroom": 500, "tolerance": 50},
            {"id": "b", "headroom": 500, "tolerance": 50},
            {"id": "c", "headroom": 500, "tolerance": 50},
        ],
        "offers": [
            {"id": "o_a", "participant": "a", "value": 100, "quantity": 1},
            {"id": "o_b", "participant": "b", "value": 100, "quantity": 1},
            {"id": "o_c", "participant": "c", "value": 100, "quantity": 1},
        ],
        "wants": [
            {"id": "w_a", "participant": "a", "accepts": [{"offer": "o_c"}]},
            {"id": "w_a2", "participant": "a", "accepts": [{"offer": "o_b", "score": 0.5}]},
            {"id": "w_b", "participant": "b", "accepts": [{"offer": "o_a"}]},
            {"id": "w_c", "participant": "c", "accepts": [{"offer": "o_b"}]},
        ],
    }
    doc.update(copy.deepcopy(changes))
    return doc


def chain_doc(**changes: Any) -> dict[str, Any]:
    """A chain source s that must sell, and a line s -> a -> b: s gives to a, a gives to b.

    Nobody gives back to s, so only a chain (s's net +100, b's net -100) trades anything; the
    tolerance (100) allows it.
    """
    doc: dict[str, Any] = {
        "max_cycle_length": 3,
        "max_chain_length": 3,
        "objective": "value",
        "time_limit_s": 10,
        "participants": [
            {"id": "s", "headroom": 500, "tolerance": 100, "chain_source": True},
            {"id": "a", "headroom": 500, "tolerance": 100},
            {"id": "b", "headroom": 500, "tolerance": 100},
        ],
        "offers": [
            {"id": "o_s", "participant": "s", "value": 100, "quantity": 1},
            {"id": "o_a", "participant": "a", "value": 100, "quantity": 1},
            {"id": "o_b", "participant": "b", "value": 100, "quantity": 1},
        ],
        "wants": [
            {"id": "w_a", "participant": "a", "accepts": [{"offer": "o_s"}]},
            {"id": "w_b", "participant": "b", "accepts": [{"offer": "o_a"}]},
        ],
    }
    doc.update(copy.deepcopy(changes))
    return doc


LINE = [
    {"offer": "o_s", "want": "w_a", "from": "s", "to": "a", "value": 100},
    {"offer": "o_a", "want": "w_b", "from": "a", "to": "b", "value": 100},
]


def leg(offer: str, want: str, frm: str, to: str, value: int = 100) -> dict[str, Any]:
    return {"offer": offer, "want": want, "from": frm, "to": to, "value": value}


RING = [leg("o_a", "w_b", "a", "b"), leg("o_b", "w_c", "b", "c"), leg("o_c", "w_a", "c", "a")]


def output(
    cycles: list[list[dict]],
    objective: int | None = None,
    chains: list[list[dict]] = (),
    **extra: Any,
) -> dict:
    value = sum(x["value"] for c in (*cycles, *chains) for x in c)
    out = {
        "status": "optimal",
        "objective": value if objective is None else objective,
        "bound": value if objective is None else objective,
        "cycles": [{"legs": c} for c in cycles],
        "chains": [{"legs": c} for c in chains],
        "stats": {},
    }
    out.update(extra)
    return out
